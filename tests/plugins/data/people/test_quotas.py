"""Shot quotas of a production and the shots behind a person's quota, computed as Zou does."""

from __future__ import annotations

import pytest

from ..production.tasks.world import close, keyed_shape_diffs
from .timesheet import log

# Shot SH010 (48 frames): 60 then 180 minutes logged, feedback asked on 4 November at 02:00 UTC.
# Shot SH020 (100 frames): no time logged, worked from Monday 9 to Friday 13 November.
DAY_FRAMES = {"2026-11-02": 12, "2026-11-03": 36, **{f"2026-11-{d:02d}": 20 for d in range(9, 14)}}
DAY_COUNTS = {"2026-11-02": 0.25, "2026-11-03": 0.75, **{f"2026-11-{d:02d}": 0.2 for d in range(9, 14)}}


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    from ..production.tasks.world import build_world

    world = build_world(tmp_path_factory, "people-quotas")
    admin = world.admin
    for key, frames in (("SH1", 48), ("SH2", 100)):
        assert admin.simulate_put(f"/data/entities/{world.ids[key]}", json={"nb_frames": frames}).status_code == 200
    first = world.new_task("SH1", "Layout", assignees=("user",))
    log(world, first, "user", "2026-11-02", 60)
    log(world, first, "user", "2026-11-03", 180)
    second = world.new_task("SH2", "Layout", assignees=("user",))
    asset = world.new_task("HERO", "Layout", assignees=("user",))  # not a shot: never counted
    elsewhere = world.new_task("EQ", "Layout", assignees=("user",), project="Q")  # another production
    for task, start, end in ((first, "2026-11-02T09:00:00", "2026-11-04T02:00:00"),
                             (second, "2026-11-09T09:00:00", "2026-11-13T17:00:00"),
                             (asset, "2026-11-09T09:00:00", "2026-11-10T17:00:00"),
                             (elsewhere, "2026-11-09T09:00:00", "2026-11-10T17:00:00")):
        answer = admin.simulate_put(f"/data/tasks/{task}", json={"real_start_date": start, "end_date": end})
        assert answer.status_code == 200, answer.text
    admin.simulate_put(f"/data/tasks/{first}", json={"done_date": "2026-11-05T08:00:00"})
    world.ids.update(FIRST=first, SECOND=second)
    yield world
    close(world)


def _quotas(w, role, path, status=200, **params):
    answer = w.client(role).simulate_get(f"/data/projects/{w.ids['P']}/quotas/{path}", params=params or None)
    assert answer.status_code == status, answer.text
    return answer.json


def test_weighted_quotas_per_person(w):
    quotas = _quotas(w, "admin", w.types["Layout"])
    assert set(quotas) == {w.person("user"), "total"} and quotas["total"] == quotas[w.person("user")]
    entry = quotas["total"]
    assert entry["day"]["frames"] == DAY_FRAMES and entry["day"]["count"] == DAY_COUNTS
    assert entry["day"]["seconds"] == pytest.approx({day: frames / 25 for day, frames in DAY_FRAMES.items()})
    assert entry["day"]["entries"] == {"2026-11": 7}
    assert entry["week"]["frames"] == {"2026-45": 48, "2026-46": 100}
    assert entry["week"]["count"] == {"2026-45": 1.0, "2026-46": 1.0} and entry["week"]["entries"] == {"2026": 2}
    assert entry["month"]["frames"] == {"2026-11": 148} and entry["month"]["count"] == {"2026-11": 2.0}
    assert entry["month"]["entries"] == {"2026": 1}
    assert entry["year"]["frames"] == {"2026": 148} and entry["year"]["seconds"] == pytest.approx({"2026": 5.92})
    assert set(entry["year"]) == {"frames", "seconds", "count", "drawings"}
    assert _quotas(w, "admin", w.types["Animation"]) == {}


def test_other_count_modes(w):
    raw = _quotas(w, "admin", w.types["Layout"], count_mode="feedback")["total"]
    assert raw["day"]["frames"] == {"2026-11-04": 48, "2026-11-13": 100}
    assert raw["day"]["count"] == {"2026-11-04": 1, "2026-11-13": 1}
    done = _quotas(w, "admin", w.types["Layout"], count_mode="weighteddone")["total"]
    assert done["day"]["frames"] == {"2026-11-02": 12, "2026-11-03": 36}  # only the approved shot
    assert _quotas(w, "admin", w.types["Layout"], count_mode="done")["total"]["day"]["frames"] == {"2026-11-05": 48}
    assert _quotas(w, "admin", w.types["Layout"], status=400, count_mode="nope")["error"] is True


def test_end_dates_are_read_in_the_readers_timezone(w):
    w.admin.simulate_put(f"/data/persons/{w.person('manager')}", json={"timezone": "America/New_York"})
    raw = _quotas(w, "manager", w.types["Layout"], count_mode="feedback")["total"]
    assert raw["day"]["frames"] == {"2026-11-03": 48, "2026-11-13": 100}  # 02:00 UTC is the evening before
    w.admin.simulate_put(f"/data/persons/{w.person('manager')}", json={"timezone": "Europe/Paris"})


def test_a_persons_quotas_by_task_type(w):
    answer = w.client("manager").simulate_get(f"/data/projects/{w.ids['P']}/quotas/persons/{w.person('user')}")
    assert keyed_shape_diffs("GET__data__projects__{id}__quotas__persons__{id}.json", answer) == []
    quotas = answer.json
    assert set(quotas) == {w.types["Layout"], "total"}
    assert quotas[w.types["Layout"]]["day"]["frames"] == DAY_FRAMES


def test_who_reads_quotas(w):
    layout = w.types["Layout"]
    for role in ("manager", "supervisor", "user", "client", "vendor"):
        assert _quotas(w, role, layout)["total"]["month"]["frames"] == {"2026-11": 148}, role
    assert _quotas(w, "outsider", layout, status=404)["error"] is True
    person = f"persons/{w.person('user')}"
    for role in ("manager", "supervisor", "user"):
        assert _quotas(w, role, person)["total"]["year"]["frames"] == {"2026": 148}, role
    for role in ("client", "vendor"):
        assert _quotas(w, role, person, status=403)["error"] is True
    assert _quotas(w, "user", f"persons/{w.person('manager')}", status=403)
    assert _quotas(w, "outsider", person, status=404)
    assert _quotas(w, "admin", "not-an-id", status=400)
    assert _quotas(w, "admin", "persons/not-an-id", status=400)


def _shots(w, role, period, person="user", status=200, **params):
    query = {"project_id": w.ids["P"], "task_type_id": w.types["Layout"], **params}
    query = {k: v for k, v in query.items() if v is not None}
    answer = w.client(role).simulate_get(f"/data/persons/{w.person(person)}/quota-shots/{period}", params=query)
    assert answer.status_code == status, answer.text
    return answer.json if status != 200 else [(shot["full_name"], shot["weight"]) for shot in answer.json]


def test_quota_shots_weighted(w):
    assert _shots(w, "user", "month/2026/11") == [("E01 / SQ01 / SH010", 1.0), ("E01 / SQ01 / SH020", 1.0)]
    assert _shots(w, "user", "week/2026/45") == [("E01 / SQ01 / SH010", 1.0)]
    assert _shots(w, "user", "week/2026/46") == [("E01 / SQ01 / SH020", 1.0)]
    assert _shots(w, "user", "day/2026/11/03") == [("E01 / SQ01 / SH010", 0.75)]
    assert _shots(w, "user", "day/2026/11/10") == [("E01 / SQ01 / SH020", 0.2)]
    assert _shots(w, "user", "month/2026/10") == []
    assert _shots(w, "user", "month/2026/11", count_mode="weighteddone") == [("E01 / SQ01 / SH010", 1.0)]
    answer = w.client("user").simulate_get(f"/data/persons/{w.person('user')}/quota-shots/month/2026/11",
                                           params={"project_id": w.ids["P"], "task_type_id": w.types["Layout"]})
    shot = answer.json[0]
    assert (shot["id"], shot["name"], shot["nb_frames"], shot["project_id"]) == (w.ids["SH1"], "SH010", 48, w.ids["P"])


def test_quota_shots_raw(w):
    assert _shots(w, "user", "month/2026/11", count_mode="feedback") == [
        ("E01 / SQ01 / SH010", 1), ("E01 / SQ01 / SH020", 1)]
    assert _shots(w, "user", "day/2026/11/13", count_mode="feedback") == [("E01 / SQ01 / SH020", 1)]
    assert _shots(w, "user", "day/2026/11/04", count_mode="feedback") == [("E01 / SQ01 / SH010", 1)]
    assert _shots(w, "user", "day/2026/11/05", count_mode="done") == [("E01 / SQ01 / SH010", 1)]


def test_quota_shots_need_a_production_and_a_task_type(w):
    assert _shots(w, "user", "month/2026/11", project_id=None) == []
    assert _shots(w, "user", "month/2026/11", task_type_id=None) == []


def test_who_reads_quota_shots(w):
    assert _shots(w, "manager", "month/2026/11") == _shots(w, "user", "month/2026/11")
    assert _shots(w, "manager", "month/2026/11", project_id=w.ids["Q"], status=403)["error"] is True
    assert _shots(w, "manager", "month/2026/11", project_id=None, status=403)
    for role in ("supervisor", "client", "vendor", "outsider"):
        assert _shots(w, role, "week/2026/45", status=403), role
    assert _shots(w, "user", "month/2026/11", person="manager", status=403)


@pytest.mark.parametrize("period", ["month/2026/13", "week/2026/54", "day/2026/11/31", "day/x/1/1"])
def test_bad_quota_shot_periods(w, period):
    assert _shots(w, "user", period, status=400)["error"] is True


def test_bad_quota_shot_parameters(w):
    assert _shots(w, "user", "month/2026/11", count_mode="all", status=400)
    assert _shots(w, "user", "month/2026/11", project_id="x", status=400)
    assert _shots(w, "user", "month/2026/11", task_type_id="x", status=400)
