"""The person's notifications: made by comments, mentions, replies and assignments, then listed
(Zou's rows and filters, paging back with ``before``), read one by one, marked read; the refused side."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest

from clapboard.plugins.data import models as m

from ..production.tasks.world import build_world, close, shape_diffs
from .bot_tokens import bot_client


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "user-notifications")
    status = world.admin.simulate_post("/data/task-status", json={
        "name": "Client Review", "short_name": "crev", "color": "#00aaff", "is_client_allowed": True})
    assert status.status_code == 201, status.text
    world.types["crev"] = status.json["id"]
    yield world
    close(world)


def _comment(client, task_id, status_id, text=""):
    answer = client.simulate_post(f"/actions/tasks/{task_id}/comment", json={"task_status_id": status_id,
                                                                              "comment": text})
    assert answer.status_code == 201, answer.text
    return answer.json


def _bell(client, **params) -> list:
    answer = client.simulate_get("/data/user/notifications", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json


def test_a_mention_rings_the_artists_bell_with_zous_row(w):
    task = w.new_task("SH1", "Animation")
    comment = _comment(w.client("manager"), task, w.types["wip"], "Please look @User Matrix")
    rows = [r for r in _bell(w.client("user")) if r["comment_id"] == comment["id"]]
    assert len(rows) == 1
    row = rows[0]
    assert row["notification_type"] == "mention" and row["author_id"] == w.person("manager")
    assert (row["task_id"], row["task_type_id"], row["task_status_id"]) == (task, w.types["Animation"], w.types["wip"])
    assert (row["project_id"], row["project_name"]) == (w.ids["P"], "Project P")
    assert row["comment_text"] == "Please look @User Matrix" and row["reply_text"] == ""
    assert row["mentions"] == [w.person("user")] and row["department_mentions"] == []
    assert row["full_entity_name"] == "E01 / SQ01 / SH010" and row["episode_id"] == w.ids["EP"]
    assert row["read"] is False and row["change"] is False and row["subscription_id"] is None
    assert (row["playlist_id"], row["playlist_name"], row["playlist_is_for_all"]) == (None, "", False)
    assert shape_diffs("GET__data__user__notifications.as-user.json", w.client("user").simulate_get(
        "/data/user/notifications")) == []
    one = w.client("user").simulate_get(f"/api/data/user/notifications/{row['id']}")
    assert one.status_code == 200 and one.json == row
    assert shape_diffs("GET__data__user__notifications__{id}.json", one) == []
    # Nobody else's bell holds it.
    for role in ("manager", "supervisor", "client", "vendor", "outsider"):
        assert row["id"] not in {r["id"] for r in _bell(w.client(role))}, role
    assert row["id"] not in {r["id"] for r in _bell(w.admin)}


def test_an_empty_bell_is_an_empty_list(w):
    assert _bell(w.client("outsider")) == []
    assert shape_diffs("GET__data__user__notifications.json", w.client("outsider").simulate_get(
        "/data/user/notifications")) == []


def test_marking_read_and_unread_emits_zous_events(w):
    task = w.new_task("SH2", "Layout", assignees=("user",))
    _comment(w.client("manager"), task, w.types["wip"], "read me")
    row = next(r for r in _bell(w.client("user")) if r["task_id"] == task and r["notification_type"] == "comment")
    read = w.client("user").simulate_put(f"/data/user/notifications/{row['id']}", json={"read": True})
    assert read.status_code == 200 and read.json["read"] is True and read.json["person_id"] == w.person("user")
    assert shape_diffs("PUT__data__user__notifications__{id}.json", read) == []
    assert w.stored(m.Notification, row["id"])["read"] is True
    assert w.events("notification:read")[-1] == {"person_id": w.person("user"), "notification_id": row["id"]}
    # gazu sends the whole row back; only "read" counts.
    unread = w.client("user").simulate_put(f"/data/user/notifications/{row['id']}",
                                           json={**row, "read": False, "comment_text": "changed?"})
    assert unread.status_code == 200 and unread.json["read"] is False
    assert w.events("notification:unread")[-1]["notification_id"] == row["id"]
    assert next(r for r in _bell(w.client("user")) if r["id"] == row["id"])["comment_text"] == "read me"


def test_mark_all_as_read_touches_only_the_persons_own(w):
    task = w.new_task("SH1", "FX", assignees=("user", "vendor"))
    _comment(w.client("manager"), task, w.types["wip"], "everyone look")
    assert _bell(w.client("user"), read="false")
    vendor_unread = len(_bell(w.client("vendor"), read="false"))
    done = w.client("user").simulate_post("/actions/user/notifications/mark-all-as-read")
    assert done.status_code == 200 and done.json == {"success": True}
    assert shape_diffs("POST__actions__user__notifications__mark-all-as-read.json", done) == []
    assert _bell(w.client("user"), read="false") == []
    assert len(_bell(w.client("vendor"), read="false")) == vendor_unread > 0
    assert w.events("notification:all-read")[-1]["person_id"] == w.person("user")


def test_zous_list_filters(w):
    task = w.new_task("SH2", "Compositing", assignees=("supervisor",))
    _comment(w.client("manager"), task, w.types["wfa"], "for review @Supervisor Matrix")
    sup = w.client("supervisor")
    mine = [r for r in _bell(sup) if r["task_id"] == task]
    assert {r["notification_type"] for r in mine} == {"comment", "mention"}
    assert [r["notification_type"] for r in _bell(sup, type="mention") if r["task_id"] == task] == ["mention"]
    assert all(r["task_type_id"] == w.types["Compositing"] for r in _bell(sup, task_type_id=w.types["Compositing"]))
    assert {r["task_id"] for r in _bell(sup, task_type_id=w.types["Compositing"])} == {task}
    assert _bell(sup, task_type_id=str(uuid.uuid4())) == []
    assert {r["task_id"] for r in _bell(sup, task_status_id=w.types["wfa"])} >= {task}
    assert task not in {r["task_id"] for r in _bell(sup, task_status_id=w.types["done"])}
    assert {r["task_id"] for r in _bell(sup, watching="true")} == set()
    sup.simulate_post(f"/actions/user/tasks/{task}/subscribe")
    watched = [r for r in _bell(sup, watching="true")]
    assert {r["task_id"] for r in watched} == {task} and all(r["subscription_id"] for r in watched)
    assert task not in {r["task_id"] for r in _bell(sup, watching="false")}
    assert len(_bell(sup, after="2000-01-01")) == len(_bell(sup))
    assert _bell(sup, after="2999-01-01") == [] and _bell(sup, before="2000-01-01T00:00:00") == []


@pytest.mark.parametrize("params", [{"after": "notadate"}, {"before": ""}, {"task_type_id": "nope"},
                                    {"task_status_id": "12"}, {"read": "maybe"}, {"watching": "often"}])
def test_malformed_filters_are_400s(w, params):
    answer = w.client("user").simulate_get("/data/user/notifications", params=params)
    assert answer.status_code == 400 and answer.json["error"] is True


def test_the_newest_100_then_paging_back_with_before_in_constant_statements(w):
    from ..counting import QueryCounter

    person, author = w.person("client"), w.person("manager")
    task = w.new_task("SH1", "Lighting")
    comment = _comment(w.admin, task, w.types["wip"], "many")
    start = datetime(2020, 1, 1)

    def add(n, offset):
        with w.db():
            m.Notification.insert_many([{
                "id": uuid.uuid4(), "person": person, "author": author, "notification_type": "comment",
                "task": task, "comment": comment["id"], "reply_id": uuid.uuid4(), "read": False, "change": False,
                "created_at": start + timedelta(minutes=offset + i), "updated_at": start} for i in range(n)]).execute()

    client = w.client("client")
    add(3, 0)
    with QueryCounter(w.app) as few:
        assert len(_bell(client)) == 3
    add(102, 10)
    with QueryCounter(w.app) as many:
        page = _bell(client)
    assert few.count == many.count, (few.count, many.count)
    assert len(page) == 100
    stamps = [r["created_at"] for r in page]
    assert stamps == sorted(stamps, reverse=True)
    older = _bell(client, before=page[-1]["created_at"])
    assert len(older) == 5 and not {r["id"] for r in older} & {r["id"] for r in page}


def test_reply_and_assignation_rows(w):
    task = w.new_task("SH2", "FX", assignees=("user",))
    comment = _comment(w.client("user"), task, w.types["wip"], "my take")
    reply = w.client("manager").simulate_post(f"/data/tasks/{task}/comments/{comment['id']}/reply",
                                              json={"text": "nice @Supervisor Matrix"})
    assert reply.status_code == 200, reply.text
    row = next(r for r in _bell(w.client("user")) if r["notification_type"] == "reply" and r["task_id"] == task)
    assert row["reply_text"] == "nice @Supervisor Matrix" and row["comment_text"] == "my take"
    assert row["reply_mentions"] == [w.person("supervisor")] and row["comment_id"] == comment["id"]
    mention = next(r for r in _bell(w.client("supervisor")) if r["notification_type"] == "reply-mention"
                   and r["task_id"] == task)
    assert mention["reply_text"] == "nice @Supervisor Matrix"

    other = w.new_task("SH1", "Compositing")
    assigned = w.client("manager").simulate_put(f"/actions/tasks/{other}/assign", json={"person_id": w.person("user")})
    assert assigned.status_code == 200, assigned.text
    row = next(r for r in _bell(w.client("user")) if r["task_id"] == other)
    assert row["notification_type"] == "assignation" and row["comment_id"] is None and row["comment_text"] is None
    assert row["task_status_id"] is None and row["full_entity_name"] == "E01 / SQ01 / SH010"


def test_asset_names_previews_and_client_comments(w):
    task = w.new_task("HERO", "Modeling", assignees=("user",))
    w.client("manager").simulate_post(f"/actions/user/tasks/{task}/subscribe")
    comment = _comment(w.client("manager"), task, w.types["wfa"], "v1")
    preview = w.client("manager").simulate_post(f"/actions/tasks/{task}/comments/{comment['id']}/add-preview",
                                                json={})
    assert preview.status_code == 201, preview.text
    row = next(r for r in _bell(w.client("user")) if r["comment_id"] == comment["id"])
    assert row["full_entity_name"] == "Character / Hero" and row["episode_id"] == w.ids["EP"]
    assert row["preview_file_id"] == preview.json["id"]
    said = _comment(w.client("client"), task, w.types["crev"], "the client's words")
    for_artist = next(r for r in _bell(w.client("user")) if r["comment_id"] == said["id"])
    assert for_artist["comment_text"] == ""  # an artist does not read a client's text (Zou)
    for_manager = next(r for r in _bell(w.client("manager")) if r["comment_id"] == said["id"])
    assert for_manager["comment_text"] == "the client's words" and for_manager["subscription_id"]


def test_playlist_notifications_carry_the_playlist(w):
    playlist = w.admin.simulate_post("/data/playlists", json={
        "name": "Dailies", "project_id": w.ids["P"], "for_entity": "shot", "is_for_all": True})
    assert playlist.status_code == 201, playlist.text
    with w.db():
        m.Notification.create(person=w.person("client"), author=w.person("manager"),
                              notification_type="playlist-ready", playlist=playlist.json["id"])
    row = next(r for r in _bell(w.client("client")) if r["playlist_id"] == playlist.json["id"])
    assert (row["playlist_name"], row["playlist_for_entity"], row["playlist_is_for_all"]) == ("Dailies", "shot", True)
    assert (row["project_id"], row["project_name"], row["full_entity_name"]) == (w.ids["P"], "Project P", "")


def test_another_persons_notification_is_out_of_reach(w):
    task = w.new_task("SH1", "Layout", assignees=("user",))
    _comment(w.client("manager"), task, w.types["wip"], "private")
    row = next(r for r in _bell(w.client("user")) if r["task_id"] == task)
    before = w.stored(m.Notification, row["id"])
    for client in (w.client("manager"), w.client("supervisor"), w.client("client"), w.client("vendor"),
                   w.client("outsider"), w.admin):
        assert client.simulate_get(f"/data/user/notifications/{row['id']}").status_code == 404
        assert client.simulate_put(f"/data/user/notifications/{row['id']}", json={"read": True}).status_code == 404
    w.client("manager").simulate_post("/actions/user/notifications/mark-all-as-read")
    assert w.stored(m.Notification, row["id"]) == before


def test_bad_ids_and_bodies(w):
    artist = w.client("user")
    assert artist.simulate_get("/data/user/notifications/nope").status_code == 400
    assert artist.simulate_get(f"/data/user/notifications/{uuid.uuid4()}").status_code == 404
    row = _bell(artist)[0]
    for body in ({}, {"read": "yes"}, ["read"], {"read": None}):
        answer = artist.simulate_put(f"/data/user/notifications/{row['id']}", json=body)
        assert answer.status_code == 400 and answer.json["error"] is True, body
    assert w.stored(m.Notification, row["id"])["read"] == row["read"]


def test_bots_are_refused(w):
    bot = bot_client(w)
    row = _bell(w.client("user"))[0]
    before = w.stored(m.Notification, row["id"])
    assert bot.simulate_get("/data/user/notifications").status_code == 403
    assert bot.simulate_get(f"/data/user/notifications/{row['id']}").status_code == 403
    assert bot.simulate_put(f"/data/user/notifications/{row['id']}", json={"read": True}).status_code == 403
    assert bot.simulate_post("/actions/user/notifications/mark-all-as-read").status_code == 403
    assert w.stored(m.Notification, row["id"]) == before


def test_a_productions_notifications_are_for_admins(w):
    path = f"/data/projects/{w.ids['P']}/notifications"
    listed = w.admin.simulate_get(path)
    assert listed.status_code == 200 and shape_diffs("GET__data__projects__{id}__notifications.json", listed) == []
    with w.db():
        expected = {str(n.id) for n in m.Notification.select().join(m.Task).where(m.Task.project == w.ids["P"])}
    assert {r["id"] for r in listed.json} == expected and expected
    stamps = [r["updated_at"] for r in listed.json]
    assert stamps == sorted(stamps, reverse=True)
    page = w.admin.simulate_get(path, params={"page": "2", "limit": "3"}).json
    assert page["total"] == len(expected) and page["limit"] == 3 and page["offset"] == 3
    assert [r["id"] for r in page["data"]] == [r["id"] for r in listed.json[3:6]]
    assert w.admin.simulate_get(f"/api/data/projects/{w.ids['Q']}/notifications").json == []
    for role in ("manager", "supervisor", "user", "client", "vendor", "outsider"):
        assert w.client(role).simulate_get(path).status_code == 403, role
    assert bot_client(w, role="manager", team="P").simulate_get(path).status_code == 403
    assert w.admin.simulate_get(f"/data/projects/{uuid.uuid4()}/notifications").status_code == 404
    assert w.admin.simulate_get("/data/projects/nope/notifications").status_code == 400
    assert w.admin.simulate_get(path, params={"page": "zero"}).status_code == 400


def test_a_productions_list_costs_the_same_statements_whatever_its_length(w):
    from ..counting import QueryCounter

    path = f"/data/projects/{w.ids['Q']}/notifications"
    task = w.new_task("EQ", "Layout", project="Q")
    counts = []
    for _ in range(2):
        with w.db():
            m.Notification.insert_many([{"id": uuid.uuid4(), "person": w.person("outsider"),
                                         "author": w.person("manager"), "notification_type": "assignation",
                                         "task": task, "reply_id": uuid.uuid4()} for _ in range(20)]).execute()
        with QueryCounter(w.app) as counter:
            assert w.admin.simulate_get(path).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
