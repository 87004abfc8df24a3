"""Playlist actions: temporary playlists, adding entries, telling clients a playlist is ready. Real logins
for every role; the refused side checked to leave the rows alone."""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m

from ..tasks.world import REFUSED, build_world, close, shape_diffs


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "playlist-actions")
    a, ids = world.admin, world.ids

    def preview(task, revision, position=1, extension="mp4"):
        answer = a.simulate_post("/data/preview-files", json={
            "name": f"v{revision}", "task_id": task, "revision": revision, "position": position,
            "extension": extension})
        assert answer.status_code == 201, answer.text
        return answer.json["id"]

    ids["anim1"] = world.new_task("SH1", "Animation", assignees=("vendor",))
    ids["layout2"] = world.new_task("SH2", "Layout")
    ids["lamp"] = world.new_task("LAMP", "Modeling")
    ids["sh1_v1"] = preview(ids["anim1"], 1)
    ids["sh1_v2"] = preview(ids["anim1"], 2)
    ids["sh2_v1"] = preview(ids["layout2"], 1, extension="png")
    ids["lamp_v1"] = preview(ids["lamp"], 1)
    with world.db():
        m.Task.update(last_preview_file_id=ids["sh1_v2"]).where(m.Task.id == ids["anim1"]).execute()
    yield world
    close(world)


def new_playlist(w, client=None, **body) -> dict:
    answer = (client or w.admin).simulate_post("/data/playlists", json={
        "name": f"review {uuid.uuid4().hex[:8]}", "project_id": w.ids["P"], **body})
    assert answer.status_code == 201, answer.text
    return answer.json


def temp(w, role="admin", query=None, **body):
    return w.client(role).simulate_post(f"/data/projects/{w.ids['P']}/playlists/temp", json=body,
                                        query_string=query)


# -- temporary playlists -------------------------------------------------------------------------------


def test_a_temp_playlist_has_zou_shape_and_pins_the_newest_revision(w):
    answer = temp(w, task_ids=[w.ids["anim1"], w.ids["layout2"]])
    assert answer.status_code == 200, answer.text
    assert shape_diffs("POST__data__projects__{id}__playlists__temp.json", answer, allowed=(
        "extra: *", "missing: [0].preview_file_previews[0]*", "missing: [0].preview_files*",
        "missing: [1].preview_files*")) == []
    first, second = answer.json
    assert (first["id"], first["name"], first["parent_name"]) == (w.ids["SH1"], "SH010", "SQ01")
    assert first["sequence_id"] == w.ids["SQ"] and first["episode_id"] == "" and first["asset_type_name"] == ""
    assert first["preview_file_id"] == w.ids["sh1_v2"] and first["preview_file_revision"] == 2
    assert [item["id"] for item in first["preview files".replace(" ", "_")][w.types["Animation"]]] == [
        w.ids["sh1_v2"], w.ids["sh1_v1"]]
    assert second["preview_file_id"] == w.ids["sh2_v1"] and second["preview_file_extension"] == "png"


def test_a_temp_playlist_of_entities_and_sorted(w):
    answer = temp(w, query="sort=true", task_ids=[w.ids["lamp"]], entity_ids=[w.ids["SH1"], w.ids["HERO"]])
    assert answer.status_code == 200, answer.text
    names = [(e["asset_type_name"], e["sequence_name"], e["name"]) for e in answer.json]
    assert names == [("Prop", "", "Lamp"), ("", "SQ01", "SH010")]  # by sequence first; Hero: no reviewed task
    assert answer.json[0]["parent_name"] == "Prop" and answer.json[0]["preview_file_id"] == w.ids["lamp_v1"]
    assert temp(w).json == [] and temp(w, task_ids=[]).json == []


@pytest.mark.parametrize("body", [{"task_ids": "nope"}, {"task_ids": ["not-an-id"]}, {"entity_ids": [3]}, []])
def test_a_bad_temp_body_is_a_400(w, body):
    answer = w.admin.simulate_post(f"/data/projects/{w.ids['P']}/playlists/temp", json=body)
    assert answer.status_code == 400 and answer.json["error"] is True


def test_temp_playlists_follow_task_access(w):
    assert temp(w, "user", task_ids=[w.ids["anim1"]]).status_code == 200
    assert temp(w, "vendor", task_ids=[w.ids["anim1"]]).status_code == 200  # their own task
    assert temp(w, "vendor", task_ids=[w.ids["layout2"]]).status_code in REFUSED
    assert temp(w, "outsider", task_ids=[w.ids["anim1"]]).status_code in REFUSED
    assert temp(w, task_ids=[str(uuid.uuid4())]).status_code == 404


# -- adding entries ------------------------------------------------------------------------------------


def test_add_entity_pins_the_newest_preview_and_emits(w):
    playlist = new_playlist(w)
    answer = w.admin.simulate_post(f"/actions/playlists/{playlist['id']}/add-entity",
                                   json={"entity_id": w.ids["SH1"]})
    assert answer.status_code == 200, answer.text
    assert answer.json["id"] == playlist["id"] and answer.json["type"] == "Playlist"
    assert answer.json["shots"] == [{"entity_id": w.ids["SH1"], "preview_file_id": w.ids["sh1_v2"]}]
    again = w.admin.simulate_post(f"/actions/playlists/{playlist['id']}/add-entity",
                                  json={"entity_id": w.ids["SH1"], "preview_file_id": w.ids["sh1_v2"]})
    assert again.json["shots"] == answer.json["shots"]  # the same couple is not added twice
    events = [e for e in w.events("playlist:add_entity") if e["playlist_id"] == playlist["id"]]
    assert events == [{"playlist_id": playlist["id"], "entity_id": w.ids["SH1"],
                       "preview_file_id": w.ids["sh1_v2"], "project_id": w.ids["P"]}]


def test_add_entities_keeps_couples_and_drops_foreign_previews(w):
    playlist = new_playlist(w, task_type_id=w.types["Animation"])
    body = {"entities": [{"entity_id": w.ids["SH1"], "preview_file_id": w.ids["sh1_v1"]},
                         {"entity_id": w.ids["SH1"]},
                         {"entity_id": w.ids["SH2"], "preview_file_id": w.ids["sh1_v1"]},
                         {"entity_id": w.ids["LAMP"], "preview_file_id": ""}]}
    answer = w.admin.simulate_post(f"/actions/playlists/{playlist['id']}/add-entities", json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json["shots"] == [
        {"entity_id": w.ids["SH1"], "preview_file_id": w.ids["sh1_v1"]},
        {"entity_id": w.ids["SH1"], "preview_file_id": w.ids["sh1_v2"]},
        {"entity_id": w.ids["SH2"]},  # another entity's preview dropped; no Animation preview of its own
        {"entity_id": w.ids["LAMP"]}]
    assert len([e for e in w.events("playlist:add_entity") if e["playlist_id"] == playlist["id"]]) == 4


@pytest.mark.parametrize("path,body", [
    ("add-entity", {}), ("add-entity", {"entity_id": "nope"}), ("add-entity", []),
    ("add-entities", {"entities": []}), ("add-entities", {"entities": [{"preview_file_id": None}]}),
    ("add-entities", {"entities": "x"})])
def test_bad_additions_are_400s(w, path, body):
    playlist = new_playlist(w)
    answer = w.admin.simulate_post(f"/actions/playlists/{playlist['id']}/{path}", json=body)
    assert answer.status_code == 400 and answer.json["error"] is True
    assert w.stored(m.Playlist, playlist["id"])["shots"] in (None, [])


def test_who_may_add_entries(w):
    by_manager = new_playlist(w)
    by_supervisor = new_playlist(w, w.client("supervisor"))
    add = {"entity_id": w.ids["SH2"]}
    for role, playlist, expected in (("manager", by_manager, 200), ("supervisor", by_supervisor, 200),
                                     ("supervisor", by_manager, 403), ("user", by_manager, 403),
                                     ("client", by_manager, 404), ("vendor", by_manager, 403),
                                     ("outsider", by_manager, 404)):
        before = w.stored(m.Playlist, playlist["id"])["shots"]
        answer = w.client(role).simulate_post(f"/actions/playlists/{playlist['id']}/add-entity", json=add)
        assert answer.status_code == expected, (role, answer.text)
        if expected != 200:
            assert answer.json["error"] is True and w.stored(m.Playlist, playlist["id"])["shots"] == before
    missing = w.admin.simulate_post(f"/actions/playlists/{uuid.uuid4()}/add-entity", json=add)
    assert missing.status_code == 404


# -- notifying clients ---------------------------------------------------------------------------------


def test_notify_clients_notifies_the_clients_of_the_production(w):
    playlist = new_playlist(w, for_client=True)
    answer = w.client("manager").simulate_post(f"/data/playlists/{playlist['id']}/notify-clients", json={})
    assert (answer.status_code, answer.json) == (200, {"status": "success"})
    with w.db():
        rows = list(m.Notification.select().where(m.Notification.playlist == playlist["id"]).dicts())
    assert [(str(r["person"]), str(r["author"]), r["notification_type"]) for r in rows] == [
        (w.person("client"), w.person("manager"), "playlist-ready")]
    assert {"notification_id": str(rows[0]["id"]), "person_id": w.person("client")}.items() <= \
        w.events("notification:new")[-1].items()
    mine = w.client("client").simulate_get("/data/user/notifications")
    assert any(n.get("playlist_id") == playlist["id"] for n in mine.json), mine.text


def test_notify_clients_of_a_studio_or_department(w):
    playlist = new_playlist(w, for_client=True)
    answer = w.admin.simulate_post(f"/data/playlists/{playlist['id']}/notify-clients",
                                   json={"studio_id": str(uuid.uuid4()), "department_id": ""})
    assert answer.status_code == 200
    assert w.count(m.Notification, m.Notification.playlist == playlist["id"]) == 0


@pytest.mark.parametrize("role,expected", [("supervisor", 403), ("user", 403), ("vendor", 403), ("client", 403),
                                           ("outsider", 404)])
def test_only_managers_notify_clients(w, role, expected):
    playlist = new_playlist(w, for_client=True)
    answer = w.client(role).simulate_post(f"/data/playlists/{playlist['id']}/notify-clients", json={})
    assert answer.status_code == expected and answer.json["error"] is True
    assert w.count(m.Notification, m.Notification.playlist == playlist["id"]) == 0


def test_a_bad_notify_body_is_a_400(w):
    playlist = new_playlist(w)
    answer = w.admin.simulate_post(f"/data/playlists/{playlist['id']}/notify-clients", json={"studio_id": "x"})
    assert answer.status_code == 400 and answer.json["error"] is True
