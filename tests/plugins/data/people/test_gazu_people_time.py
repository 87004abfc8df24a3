"""Time spent, day offs, presence logs and quotas through the published gazu client on a live server.

An admin sets up a production, an artist logs time and takes days off; the
gazu functions over the people time routes read them back per period, as the
admin and as the artist, and the artist's reads of someone else are refused.
"""

from __future__ import annotations

import datetime

import gazu
import pytest

ARTIST_PASSWORD = "artist gazu password"


@pytest.fixture
def production(gazu_session):
    c = gazu_session.client
    ann = gazu.person.new_person("Ann", "Imator", "ann@example.com", role="user", password=ARTIST_PASSWORD, client=c)
    bob = gazu.person.new_person("Bob", "Other", "bob@example.com", role="user", client=c)
    project = gazu.project.new_project("Time Film", client=c)
    gazu.project.add_person_to_team(project, ann, client=c)
    sequence = gazu.shot.new_sequence(project, "SQ01", client=c)
    shot = gazu.shot.new_shot(project, sequence, "SH010", nb_frames=48, client=c)
    layout = gazu.task.get_task_type_by_name("Layout", client=c)
    task = gazu.task.new_task(shot, layout, assignees=[ann], client=c)
    gazu.task.set_time_spent(task, ann, "2026-11-30", 90, client=c)
    gazu.task.add_time_spent(task, ann, "2026-11-30", 30, client=c)
    gazu.task.set_time_spent(task, ann, "2026-12-31", 45, client=c)
    gazu.task.set_time_spent(task, bob, "2026-11-30", 20, client=c)
    return dict(c=c, ann=ann, bob=bob, project=project, shot=shot, layout=layout, task=task)


def test_time_spents_read_back_per_period(production):
    p, c = production, production["c"]
    ann = p["ann"]
    ranged = gazu.person.get_time_spents_range(ann["id"], "2026-11-01", "2026-12-31", client=c)
    assert sorted((t["date"], t["duration"]) for t in ranged) == [("2026-11-30", 120.0), ("2026-12-31", 45.0)]
    assert [t["duration"] for t in gazu.person.get_time_spents_by_date(ann, "2026-11-30", client=c)] == [120.0]
    week = gazu.person.get_week_time_spents(ann, 2026, 49, client=c)
    assert [(t["task_id"], t["duration"], t["entity_name"], t["sequence_name"]) for t in week] == [
        (p["task"]["id"], 120.0, "SH010", "SQ01")]
    assert gazu.person.get_week_time_spents(ann, 2026, 53, client=c)[0]["duration"] == 45.0
    year = gazu.person.get_year_time_spents(ann, 2026, client=c)
    assert [(t["project_name"], t["duration"]) for t in year] == [("Time Film", 165.0)]
    month = gazu.person.get_all_month_time_spents(ann["id"], datetime.date(2026, 12, 1), client=c)
    assert [(t["date"], t["duration"], t["task_id"]) for t in month] == [("2026-12-31", 45.0, p["task"]["id"])]


def test_day_offs_read_back_per_week_month_and_year(production):
    c, ann = production["c"], production["ann"]
    trip = gazu.person.new_day_off(ann, "2026-11-26", "2026-11-27", "Trip", client=c)
    winter = gazu.person.new_day_off(ann, "2026-12-28", "2027-01-02", "Winter", client=c)
    assert [d["id"] for d in gazu.person.get_day_offs(ann, client=c)] == [trip["id"], winter["id"]]
    assert [d["description"] for d in gazu.person.get_week_day_offs(ann, 2026, 48, client=c)] == ["Trip"]
    assert [d["id"] for d in gazu.person.get_week_day_offs(ann, 2026, 53, client=c)] == [winter["id"]]
    assert [d["id"] for d in gazu.person.get_month_day_offs(ann, 2026, 11, client=c)] == [trip["id"]]
    assert [d["id"] for d in gazu.person.get_month_day_offs(ann, 2027, 1, client=c)] == [winter["id"]]
    assert [d["id"] for d in gazu.person.get_year_day_offs(ann, 2026, client=c)] == [trip["id"], winter["id"]]
    assert gazu.person.get_year_day_offs(ann, 2025, client=c) == []


def test_presence_log_and_quotas(production, gazu_session):
    p, c = production, production["c"]
    log = gazu.person.get_presence_log(2026, 11, client=c)
    lines = log.splitlines()
    assert lines[0] == ";".join(["2026"] + [str(day) for day in range(1, 31)])
    assert any(line.startswith("Ann Imator;") for line in lines)
    gazu.client.put(f"data/tasks/{p['task']['id']}", {"real_start_date": "2026-11-30T09:00:00",
                                                       "end_date": "2026-12-31T18:00:00"}, client=c)
    quotas = gazu.project.get_project_quotas(p["project"], p["layout"], client=c)
    assert set(quotas) == {p["ann"]["id"], p["bob"]["id"], "total"}
    # 48 frames shared by the minutes logged: 120 and 45 of Ann's, 20 of Bob's (185 in all).
    assert quotas[p["ann"]["id"]]["month"]["frames"] == {"2026-11": 31, "2026-12": 12}
    assert quotas[p["bob"]["id"]]["month"]["frames"] == {"2026-11": 5}
    assert quotas["total"]["year"]["frames"] == {"2026": 48}
    mine = gazu.project.get_project_person_quotas(p["project"], p["ann"], client=c)
    assert mine[p["layout"]["id"]]["day"]["count"] == {"2026-11-30": 0.65, "2026-12-31": 0.24}


def test_an_artist_reads_their_own_and_not_someone_elses(production, gazu_session):
    p = production
    artist = gazu.client.create_client(gazu_session.live.url + "/api")
    gazu.log_in("ann@example.com", ARTIST_PASSWORD, client=artist)
    ann, bob = p["ann"], p["bob"]
    assert gazu.person.get_year_time_spents(ann, 2026, client=artist)[0]["duration"] == 165.0
    gazu.person.new_day_off(ann, "2026-11-20", "2026-11-20", "Dentist", client=artist)
    assert [d["description"] for d in gazu.person.get_month_day_offs(ann, 2026, 11, client=artist)] == ["Dentist"]
    gazu.person.new_day_off(bob, "2026-11-20", "2026-11-20", "Bob's", client=p["c"])
    for call in (lambda: gazu.person.get_year_time_spents(bob, 2026, client=artist),
                 lambda: gazu.person.get_time_spents_by_date(bob, "2026-11-30", client=artist),
                 lambda: gazu.person.get_month_day_offs(bob, 2026, 11, client=artist),
                 lambda: gazu.person.get_day_offs(bob, client=artist),
                 lambda: gazu.person.get_time_spents_range(ann["id"], "2026-11-01", "2026-11-30", client=artist),
                 lambda: gazu.person.get_presence_log(2026, 11, client=artist),
                 lambda: gazu.project.get_project_person_quotas(p["project"], bob, client=artist)):
        with pytest.raises(gazu.exception.NotAllowedException):
            call()
