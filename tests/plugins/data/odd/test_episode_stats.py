"""Per-episode task counts and retake history, and shot frames from the last preview of a task type."""

from __future__ import annotations

import uuid

from clapboard.plugins.data import models as m


def test_episode_stats_count_tasks_frames_and_drawings(client, show):
    ids, tt, st = show["ids"], show["task_types"], show["statuses"]
    answer = client.simulate_get(f"/data/projects/{show['project']['id']}/episodes/stats")
    assert answer.status_code == 200
    stats = answer.json
    assert set(stats) == {ids["E01"], ids["E02"], "all"} and list(stats)[-1] == "all"
    done = stats[ids["E01"]][tt["Animation"]][st["done"]]
    assert done == {"name": "done", "color": done["color"], "count": 1, "frames": 10, "drawings": 4}
    assert stats[ids["E01"]]["all"][st["retake"]]["frames"] == 20
    assert stats[ids["E02"]][tt["Layout"]][st["wip"]]["count"] == 1
    assert stats["all"]["all"][st["wip"]]["frames"] == 30
    assert stats["all"][tt["Animation"]][st["done"]]["count"] == 1
    assert tt["Edit"] not in stats["all"] and tt["Modeling"] not in stats["all"]  # edits, assets: no sequence


def test_retake_stats_sort_tasks_and_count_takes(client, show):
    ids = show["ids"]
    stats = client.simulate_get(f"/data/projects/{show['project']['id']}/episodes/retake-stats").json
    episode = stats[ids["E01"]]["all"]
    assert episode["max_retake_count"] == 2
    assert episode["done"] == {"count": 1, "frames": 10, "drawings": 4}
    assert episode["retake"] == {"count": 1, "frames": 20, "drawings": 0}
    assert sorted(episode["evolution"]) == ["1", "2"]
    assert episode["evolution"]["1"]["retake"]["count"] == 2  # both were retaken once
    assert episode["evolution"]["2"]["retake"]["count"] == 1 and episode["evolution"]["2"]["other"]["count"] == 1
    assert stats["all"]["all"]["other"]["count"] == 1 and stats["all"]["all"]["evolution"] == {}


def test_an_empty_production(client, show):
    empty = show["factory"].create(m.Project)
    assert client.simulate_get(f"/data/projects/{empty['id']}/episodes/stats").json == {}
    retakes = client.simulate_get(f"/data/projects/{empty['id']}/episodes/retake-stats").json
    assert retakes == {"all": {"all": {"max_retake_count": 0, "evolution": {}, **{
        key: {"count": 0, "frames": 0, "drawings": 0} for key in ("done", "retake", "other")}}}}
    assert client.simulate_get(f"/data/projects/{uuid.uuid4()}/episodes/stats").status_code == 404


def _preview(app, task_id, duration, when):
    with app.db.connection_context():
        m.PreviewFile.create(id=uuid.uuid4(), name=uuid.uuid4().hex[:8], revision=1, task=task_id, duration=duration,
                             created_at=when, updated_at=when)


def test_shot_frames_come_from_the_latest_preview(app, client, show):
    ids, pid = show["ids"], show["project"]["id"]
    _preview(app, ids["T1"], 2.0, "2026-01-01T00:00:00")
    _preview(app, ids["T1"], 3.5, "2026-02-01T00:00:00")  # the latest: 3.5 s at 24 fps
    _preview(app, ids["T3"], 10.0, "2026-02-01T00:00:00")  # a Layout task: not this task type
    url = f"/actions/projects/{pid}/task-types/{show['task_types']['Animation']}/set-shot-nb-frames"
    answer = client.simulate_post(url)
    assert answer.status_code == 200 and answer.json == [{"id": ids["SH01"], "nb_frames": 84}]
    assert client.simulate_get(f"/data/shots/{ids['SH01']}").json["nb_frames"] == 84
    assert client.simulate_get(f"/data/shots/{ids['SH03']}").json["nb_frames"] == 30
    assert client.simulate_post(url, params={"episode_id": ids["E02"]}).json == []
    assert client.simulate_post(url, params={"episode_id": "nope"}).status_code == 400
    bad_type = f"/actions/projects/{pid}/task-types/nope/set-shot-nb-frames"
    assert client.simulate_post(bad_type).status_code == 400
