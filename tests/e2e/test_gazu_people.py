"""A manager and an artist through a day of work, each with their own logged-in gazu client.

The admin sets the production up; the manager assigns, reviews and follows
the production's feed and event log; the artist reads their context and task
lists, books days off, logs time, reads the notifications a mention brings,
keeps a saved search, talks in a shot's chat and searches by name. Every
answer's values are checked, and what each role must not reach is refused.
gazu functions are used wherever gazu has one; ``gazu.client.get/post`` only
for the routes it lacks.
"""

from __future__ import annotations

from datetime import date

import gazu
import pytest

from ..conftest import GAZU_PASSWORD


def _logged_in(live, email: str):
    client = gazu.client.create_client(live.url + "/api", use_refresh_token=True)
    gazu.log_in(email, GAZU_PASSWORD, client=client)
    return client


@pytest.fixture
def studio(gazu_session):
    """Project "Moon Base" (manager and artist in its team, the artist in Animation) and a
    project "Secret Sauce" neither of them is in."""

    c = gazu_session.client
    animation_dept = gazu.person.get_department_by_name("Animation", client=c)
    manager = gazu.person.new_person("Mia", "Manager", "mia@example.com", role="manager",
                                     password=GAZU_PASSWORD, client=c)
    artist = gazu.person.new_person("Art", "Ist", "art@example.com", role="user", departments=[animation_dept],
                                    password=GAZU_PASSWORD, client=c)
    project = gazu.project.new_project("Moon Base", production_type="short", client=c)
    for person in (manager, artist):
        gazu.project.add_person_to_team(project, person, client=c)
    animation = gazu.task.get_task_type_by_name("Animation", client=c)
    gazu.project.add_task_type(project, animation, 1, client=c)
    statuses = {name: gazu.task.get_task_status_by_short_name(name, client=c) for name in ("todo", "wip", "done")}
    for status in statuses.values():
        gazu.project.add_task_status(project, status, client=c)
    prop = gazu.asset.get_asset_type_by_name("Prop", client=c)
    gazu.project.add_asset_type(project, prop, client=c)
    rover = gazu.asset.new_asset(project, prop, "Rover", "moon buggy", client=c)
    sequence = gazu.shot.new_sequence(project, "SQ01", client=c)
    shot = gazu.shot.new_shot(project, sequence, "SH010", nb_frames=24, client=c)
    task = gazu.task.create_shot_tasks(shot, [animation], client=c)[0]

    secret = gazu.project.new_project("Secret Sauce", production_type="short", client=c)
    gazu.project.add_asset_type(secret, prop, client=c)
    hidden = gazu.asset.new_asset(secret, prop, "Rover Prototype", client=c)
    return {
        "admin": c, "manager": manager, "artist": artist, "project": project, "secret": secret,
        "hidden": hidden, "animation": animation, "statuses": statuses, "rover": rover, "shot": shot,
        "task": task, "manager_client": _logged_in(gazu_session.live, "mia@example.com"),
        "artist_client": _logged_in(gazu_session.live, "art@example.com"),
    }


def test_the_user_context_as_manager_and_as_artist(studio):
    mc, ac = studio["manager_client"], studio["artist_client"]
    project = studio["project"]
    for client in (mc, ac):
        context = gazu.user.get_context(client=client)
        assert [p["id"] for p in context["projects"]] == [project["id"]]  # not the secret project
        assert context["projects"][0]["name"] == "Moon Base"
        assert studio["animation"]["id"] in {t["id"] for t in context["task_types"]}
        assert {"todo", "wip", "done"} <= {s["short_name"] for s in context["task_status"]}
        assert "Prop" in {t["name"] for t in context["asset_types"]}
        assert "Animation" in {d["name"] for d in context["departments"]}
        assert {studio["manager"]["id"], studio["artist"]["id"]} <= {p["id"] for p in context["persons"]}
        assert context["notification_count"] == 0 and context["search_filters"] == {}
    # A non-admin gets person cards (no salaries); gazu's raw get of the same route agrees.
    artist_view = gazu.client.get("data/user/context", client=ac)
    assert all("daily_salary" not in p for p in artist_view["persons"])


def test_a_day_of_work(studio):
    admin, mc, ac = studio["admin"], studio["manager_client"], studio["artist_client"]
    manager, artist, project = studio["manager"], studio["artist"], studio["project"]
    task, shot, done, wip = studio["task"], studio["shot"], studio["statuses"]["done"], studio["statuses"]["wip"]

    # The artist's tasks after the manager assigns one.
    assert gazu.user.all_tasks_to_do(client=ac) == []
    gazu.task.assign_task(task, artist, client=mc)
    todo = gazu.user.all_tasks_to_do(client=ac)
    assert [t["id"] for t in todo] == [task["id"]]
    assert (todo[0]["entity_name"], todo[0]["task_type_name"], todo[0]["project_name"]) == (
        "SH010", "Animation", "Moon Base")
    assert [t["id"] for t in gazu.task.all_tasks_for_person(artist, client=mc)] == [task["id"]]
    assert gazu.user.all_done_tasks(client=ac) == []

    # The artist starts; the manager approves: the task moves to the done list.
    started = gazu.task.add_comment(task, wip, "Blocking up", client=ac)
    assert started["task_status_id"] == wip["id"]
    gazu.task.add_comment(task, done, "Approved, thanks", client=mc)
    assert gazu.user.all_tasks_to_do(client=ac) == []
    finished = gazu.user.all_done_tasks(client=ac)
    assert [(t["id"], t["task_status_id"]) for t in finished] == [(task["id"], done["id"])]
    assert [t["id"] for t in gazu.task.all_done_tasks_for_person(artist, client=mc)] == [task["id"]]

    # Days off, read back per week, month and year (a holiday spanning two ISO weeks).
    holiday = gazu.person.new_day_off(artist, "2026-12-24", "2026-12-28", description="Holidays", client=ac)
    assert (holiday["date"], holiday["end_date"], holiday["person_id"]) == ("2026-12-24", "2026-12-28", artist["id"])
    spring = gazu.person.new_day_off(artist, "2027-04-02", "2027-04-02", client=ac)
    assert {d["id"] for d in gazu.person.get_day_offs(artist, client=ac)} == {holiday["id"], spring["id"]}
    for week in (52, 53):  # Thursday 24 in week 52, Monday 28 in week 53
        assert [d["id"] for d in gazu.person.get_week_day_offs(artist, 2026, week, client=ac)] == [holiday["id"]]
    assert gazu.person.get_week_day_offs(artist, 2026, 51, client=ac) == []
    assert [d["id"] for d in gazu.person.get_month_day_offs(artist, 2026, 12, client=ac)] == [holiday["id"]]
    assert [d["id"] for d in gazu.person.get_year_day_offs(artist, 2027, client=ac)] == [spring["id"]]
    assert gazu.user.get_day_off("2026-12-26", client=ac)["id"] == holiday["id"]
    # The manager of the artist's production reads them, description included.
    managed = gazu.person.get_month_day_offs(artist, 2026, 12, client=mc)
    assert [(d["id"], d["description"]) for d in managed] == [(holiday["id"], "Holidays")]

    # Time spent logged by the artist, read back per day, week, month and year.
    gazu.task.set_time_spent(task, artist, "2026-11-27", 120, client=ac)  # a Friday, ISO week 48
    gazu.task.add_time_spent(task, artist, "2026-11-27", 30, client=ac)
    gazu.task.set_time_spent(task, artist, "2026-11-30", 60, client=ac)  # the next Monday, week 49
    by_date = gazu.person.get_time_spents_by_date(artist, "2026-11-27", client=ac)
    assert [(t["task_id"], t["duration"], t["date"]) for t in by_date] == [(task["id"], 150, "2026-11-27")]
    assert [t["duration"] for t in gazu.user.get_time_spents_by_date("2026-11-30", client=ac)] == [60]
    day = gazu.client.get(f"data/persons/{artist['id']}/time-spents/day/2026/11/27", client=ac)
    assert [(t["task_id"], t["duration"]) for t in day] == [(task["id"], 150)]
    week = gazu.person.get_week_time_spents(artist, 2026, 48, client=ac)
    assert [(t["task_id"], t["duration"]) for t in week] == [(task["id"], 150)]
    month = gazu.client.get(f"data/persons/{artist['id']}/time-spents/month/2026/11", client=ac)
    assert [(t["task_id"], t["duration"]) for t in month] == [(task["id"], 210)]
    month_rows = gazu.person.get_all_month_time_spents(artist["id"], date(2026, 11, 1), client=ac)
    assert sorted((t["date"], t["duration"]) for t in month_rows) == [("2026-11-27", 150), ("2026-11-30", 60)]
    year = gazu.person.get_year_time_spents(artist, 2026, client=mc)
    assert [(t["task_id"], t["duration"]) for t in year] == [(task["id"], 210)]
    assert gazu.person.get_year_time_spents(artist, 2025, client=ac) == []

    # A comment mentioning the artist, as Kitsu writes it: notifications (with the assignment's and the
    # approval's), read one, mark all read.
    mention = gazu.task.add_comment(task, done, "@Art Ist lovely arc on the jump", client=mc)
    notifications = gazu.user.all_notifications(client=ac)
    kinds = sorted((n["notification_type"], n["comment_id"]) for n in notifications)
    approved_id = next(n["comment_id"] for n in notifications if n["comment_text"] == "Approved, thanks")
    assert kinds == sorted([("assignation", None), ("comment", approved_id), ("comment", mention["id"]),
                            ("mention", mention["id"])])
    mentioned = next(n for n in notifications if n["notification_type"] == "mention")
    assert (mentioned["author_id"], mentioned["task_id"], mentioned["project_id"], mentioned["read"]) == (
        manager["id"], task["id"], project["id"], False)
    assert mentioned["comment_text"] == "@Art Ist lovely arc on the jump"
    assert gazu.user.get_context(client=ac)["notification_count"] == 4
    assert gazu.user.all_notifications(client=mc) == []  # the author is not notified
    one = gazu.user.get_notification(mentioned, client=ac)
    assert (one["id"], one["notification_type"], one["read"]) == (mentioned["id"], "mention", False)
    assert gazu.user.update_notification({"id": mentioned["id"], "read": True}, client=ac)["read"] is True
    assert gazu.user.get_context(client=ac)["notification_count"] == 3
    gazu.user.mark_all_notifications_as_read(client=ac)
    assert {n["read"] for n in gazu.user.all_notifications(client=ac)} == {True}
    assert gazu.user.get_context(client=ac)["notification_count"] == 0
    with pytest.raises(gazu.exception.RouteNotFoundException):  # someone else's notification
        gazu.user.get_notification(mentioned, client=mc)

    # A saved search: create, list, update, delete.
    saved = gazu.user.new_filter("Rovers", "rover", "asset", project=project, entity_type="Asset", client=ac)
    assert (saved["name"], saved["search_query"], saved["list_type"], saved["project_id"], saved["person_id"]) == (
        "Rovers", "rover", "asset", project["id"], artist["id"])
    listed = gazu.user.all_filters(client=ac)
    assert [f["id"] for f in listed["asset"][project["id"]]] == [saved["id"]]
    assert gazu.user.get_context(client=ac)["search_filters"] == listed
    assert gazu.user.all_filters(client=mc) == {}  # the manager does not see the artist's filters
    renamed = gazu.user.update_filter({"id": saved["id"], "name": "Moon rovers", "search_query": "rover moon"},
                                      client=ac)
    assert (renamed["name"], renamed["search_query"]) == ("Moon rovers", "rover moon")
    assert gazu.user.all_filters(client=ac)["asset"][project["id"]][0]["name"] == "Moon rovers"
    with pytest.raises(gazu.exception.RouteNotFoundException):
        gazu.user.remove_filter(saved, client=mc)
    gazu.user.remove_filter(saved, client=ac)
    assert gazu.user.all_filters(client=ac) == {}

    # A chat message on the shot.
    joined = gazu.user.join_chat(shot, client=ac)
    assert (joined["object_id"], joined["type"]) == (shot["id"], "Chat")
    chats = gazu.user.all_chats(client=ac)
    assert [(chat["id"], chat["object_id"], chat["entity_name"]) for chat in chats] == [
        (joined["id"], shot["id"], "SQ01 / SH010")]
    posted = gazu.client.post(f"data/entities/{shot['id']}/chat/messages", {"message": "Rendering SH010 tonight"},
                              client=ac)
    assert (posted["text"], posted["person_id"], posted["chat_id"]) == (
        "Rendering SH010 tonight", artist["id"], joined["id"])
    messages = gazu.client.get(f"data/entities/{shot['id']}/chat/messages", client=mc)
    assert [(m["id"], m["text"], m["person_id"]) for m in messages] == [
        (posted["id"], "Rendering SH010 tonight", artist["id"])]

    # The production's news feed and event log show the earlier steps, to its manager.
    feed = gazu.client.get(f"data/projects/{project['id']}/news", client=mc)
    assert feed["total"] == 3
    assert [(n["comment_id"], n["change"], n["author_id"]) for n in feed["data"]] == [
        (mention["id"], False, manager["id"]), (approved_id, True, manager["id"]), (started["id"], True, artist["id"])]
    assert {n["task_id"] for n in feed["data"]} == {task["id"]}
    entity_news = gazu.client.get(f"data/entities/{shot['id']}/news", client=mc)
    assert {n["comment_id"] for n in entity_news["data"]} == {mention["id"], approved_id, started["id"]}

    events = gazu.sync.get_last_events(project=project, client=mc)
    names = [e["name"] for e in events]
    for name in ("task:assign", "comment:new", "task:status-changed", "time-spent:new", "news:new",
                 "notification:new", "chat:new-message"):
        assert name in names, (name, sorted(set(names)))
    assert {e["project_id"] for e in events} == {project["id"]}
    assigned = next(e for e in events if e["name"] == "task:assign")
    assert (assigned["data"]["task_id"], assigned["data"]["person_id"]) == (task["id"], artist["id"])
    stamps = [e["created_at"] for e in events]
    assert stamps == sorted(stamps, reverse=True)  # newest first
    with pytest.raises(gazu.exception.NotAllowedException):
        gazu.sync.get_last_events(project=project, client=ac)
    with pytest.raises(gazu.exception.NotAllowedException):
        gazu.sync.get_last_events(client=ac)
    # The manager does not read the log of a production they do not manage.
    with pytest.raises(gazu.exception.NotAllowedException):
        gazu.sync.get_last_events(project=studio["secret"], client=mc)

    # Search by name: the manager finds the asset and the shot; nobody finds another production's asset.
    found = gazu.search.search_entities("Rover", client=mc)
    assert [a["id"] for a in found["assets"]] == [studio["rover"]["id"]]
    assert [s["id"] for s in gazu.search.search_entities("SH010", project=project, client=mc)["shots"]] == [shot["id"]]
    assert gazu.search.search_entities("Prototype", client=ac)["assets"] == []
    assert gazu.search.search_entities("Prototype", client=mc)["assets"] == []
    assert [a["id"] for a in gazu.search.search_entities("Prototype", client=admin)["assets"]] == [
        studio["hidden"]["id"]]
    assert [a["id"] for a in gazu.search.search_entities("rover", client=ac)["assets"]] == [studio["rover"]["id"]]


def test_what_one_user_cannot_reach_of_another(studio):
    mc, ac = studio["manager_client"], studio["artist_client"]
    manager, artist = studio["manager"], studio["artist"]
    # The manager's own day off and time are theirs: the artist reads neither.
    managers_day = gazu.person.new_day_off(manager, "2026-12-01", "2026-12-01", description="Dentist", client=mc)
    assert [d["id"] for d in gazu.person.get_day_offs(manager, client=mc)] == [managers_day["id"]]
    with pytest.raises((gazu.exception.NotAllowedException, gazu.exception.RouteNotFoundException)):
        gazu.person.get_day_offs(manager, client=ac)
    with pytest.raises((gazu.exception.NotAllowedException, gazu.exception.RouteNotFoundException)):
        gazu.person.get_year_time_spents(manager, 2026, client=ac)
    # An artist cannot book a day off for someone else.
    with pytest.raises((gazu.exception.NotAllowedException, gazu.exception.RouteNotFoundException)):
        gazu.person.new_day_off(manager, "2026-12-02", "2026-12-02", client=ac)
    assert [d["id"] for d in gazu.person.get_day_offs(manager, client=mc)] == [managers_day["id"]]
    # Nor read the secret project's news.
    with pytest.raises((gazu.exception.NotAllowedException, gazu.exception.RouteNotFoundException)):
        gazu.client.get(f"data/projects/{studio['secret']['id']}/news", client=ac)
    assert artist["id"] != manager["id"]
