"""Playlist reads: the lists of a production and an episode, one playlist with its entries' preview
revisions, every row for synchronisation, and an entity's previews. Real logins for every role."""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m

from ...counting import queries
from ..tasks.world import build_world, close, keyed_shape_diffs, shape_diffs

TEAM_READERS = ("manager", "supervisor", "user")


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "playlists")
    a, ids = world.admin, world.ids

    def preview(task, name, revision, position, extension, annotations=None):
        answer = a.simulate_post("/data/preview-files", json={
            "name": name, "task_id": task, "revision": revision, "position": position, "extension": extension,
            "annotations": annotations})
        assert answer.status_code == 201, answer.text
        return answer.json["id"]

    task = world.new_task("SH1", "Animation")
    ids["task"] = task
    ids["rev1"] = preview(task, "v1", 1, 1, "png", [{"time": 0, "drawing": {"objects": []}}])
    ids["rev1b"] = preview(task, "v1 movie", 1, 2, "mp4")
    ids["rev2"] = preview(task, "v2", 2, 1, "png", [{"time": 1}])

    def playlist(key, **body):
        answer = a.simulate_post("/data/playlists", json={"name": key, "project_id": ids["P"], **body})
        assert answer.status_code == 201, answer.text
        ids[key] = answer.json["id"]

    playlist("Episode review", episode_id=ids["EP"], shots=[
        {"entity_id": ids["SH1"], "preview_file_id": ids["rev1"]},
        {"entity_id": ids["LAMP"], "preview_file_id": str(uuid.uuid4())}])
    playlist("Client cut", for_client=True, shots=[{"entity_id": ids["SH1"], "preview_file_id": ids["rev2"]}])
    playlist("All assets", is_for_all=True, for_entity="asset")
    playlist("Layout pass", task_type_id=world.types["Layout"], episode_id=ids["EP"])
    with world.db():
        for n in range(3):
            m.BuildJob.create(playlist=ids["Episode review"], status="succeeded")
        q = m.Playlist.create(name="Other production", project=ids["Q"], for_client=True)
    ids["QP"] = str(q.id)
    yield world
    close(world)


def _names(answer) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [row["name"] for row in answer.json]


def _project(w, suffix="", role="admin", **params):
    return w.client(role).simulate_get(f"/data/projects/{w.ids['P']}/playlists{suffix}", params=params or None)


# -- lists ---------------------------------------------------------------------------------------------


def test_project_lists_have_zou_shape(w):
    assert shape_diffs("GET__data__projects__{id}__playlists.json", _project(w), allowed=(
        "extra: [0].first_preview_file_id",)) == []
    assert shape_diffs("GET__data__projects__{id}__playlists.page.json",
                       _project(w, page="1", sort_by="updated_at"), allowed=(
                           "extra: [0].first_preview_file_id",)) == []
    episode = w.admin.simulate_get(f"/api/data/projects/{w.ids['P']}/episodes/{w.ids['EP']}/playlists")
    assert shape_diffs("GET__data__projects__{id}__episodes__{id}__playlists.json", episode,
                       allowed=("extra: [0].first_preview_file_id",)) == []


def test_list_rows_leave_out_the_entries(w):
    rows = {row["name"]: row for row in _project(w).json}
    assert set(rows) == {"Episode review", "Client cut", "All assets", "Layout pass"}
    assert all("shots" not in row and "build_jobs" not in row for row in rows.values())
    assert rows["Episode review"]["first_preview_file_id"] == w.ids["rev1"]
    assert "first_preview_file_id" not in rows["All assets"]
    assert (rows["All assets"]["for_entity"], rows["Layout pass"]["for_entity"]) == ("asset", "shot")


def test_sorting_and_paging(w):
    with w.db():
        stamp = m.Playlist.select(m.Playlist.updated_at).order_by(m.Playlist.updated_at.desc()).scalar()
        for n, name in enumerate(("Client cut", "Layout pass")):  # the last updated come first
            m.Playlist.update(updated_at=stamp.replace(year=stamp.year + 1, second=n)).where(
                m.Playlist.name == name).execute()
    assert _names(_project(w))[:2] == ["Layout pass", "Client cut"]
    assert _names(_project(w, sort_by="name")) == ["All assets", "Client cut", "Episode review", "Layout pass"]
    assert _names(_project(w, sort_by="no_such_column")) == _names(_project(w))
    assert _names(_project(w, sort_by="shots")) == _names(_project(w))
    with w.db():
        bulk = [m.Playlist.create(name=f"Bulk {n:02d}", project=w.ids["P"]) for n in range(19)]
    try:
        first, second = _project(w, page="1", sort_by="name"), _project(w, page="2", sort_by="name")
        assert len(first.json) == 20 and len(second.json) == 3
        assert _names(second) == ["Client cut", "Episode review", "Layout pass"]
        assert _names(_project(w, page="3", sort_by="name")) == []
        assert _names(_project(w, page="0", sort_by="name")) == _names(first)  # below 1: the first page
    finally:
        with w.db():
            m.Playlist.delete().where(m.Playlist.id.in_([p.id for p in bulk])).execute()


def test_task_type_filter(w):
    assert _names(_project(w, task_type_id=w.types["Layout"])) == ["Layout pass"]
    assert _project(w, task_type_id="layout").status_code == 400


@pytest.mark.parametrize("params", [{"page": "two"}, {"page": "1.5"}])
def test_bad_paging_is_400(w, params):
    answer = _project(w, **params)
    assert answer.status_code == 400 and answer.json["error"] is True


def test_episode_lists(w):
    base = f"/data/projects/{w.ids['P']}/episodes"
    get = w.admin.simulate_get
    assert sorted(_names(get(f"{base}/{w.ids['EP']}/playlists"))) == ["Episode review", "Layout pass"]
    assert _names(get(f"{base}/main/playlists")) == ["Client cut"]
    assert _names(get(f"{base}/all/playlists")) == ["All assets"]
    assert _names(get(f"{base}/all/playlists", params={"for_entity": "shot"})) == []
    assert _names(get(f"{base}/{w.ids['EP']}/playlists", params={"page": "1", "sort_by": "name"})) == [
        "Episode review", "Layout pass"]
    for wrong in (w.ids["SH1"], str(uuid.uuid4())):  # a shot is no episode
        assert get(f"{base}/{wrong}/playlists").status_code == 404
    assert get(f"{base}/not-an-id/playlists").status_code == 400


@pytest.mark.parametrize("role", TEAM_READERS)
def test_the_team_reads_every_list(w, role):
    assert len(_project(w, role=role).json) == 4


def test_clients_see_only_shared_playlists(w):
    assert _names(_project(w, role="client")) == ["Client cut"]
    base = f"/data/projects/{w.ids['P']}/episodes"
    assert _names(w.client("client").simulate_get(f"{base}/{w.ids['EP']}/playlists")) == []
    assert _names(w.client("client").simulate_get(f"{base}/main/playlists")) == ["Client cut"]


def test_a_client_role_on_the_production_narrows_an_artist(w):
    link = m.ProjectPersonLink
    where = (link.project == w.ids["P"]) & (link.person == w.person("user"))
    with w.db():
        link.update(role="client").where(where).execute()
    try:
        assert _names(_project(w, role="user")) == ["Client cut"]
        detail = w.client("user").simulate_get(f"/data/projects/{w.ids['P']}/playlists/{w.ids['Episode review']}")
        assert detail.status_code == 404
    finally:
        with w.db():
            link.update(role=None).where(where).execute()


def test_vendors_and_outsiders_are_refused(w):
    paths = ["/playlists", f"/episodes/{w.ids['EP']}/playlists", "/episodes/main/playlists",
             f"/playlists/{w.ids['Client cut']}"]
    for path in paths:
        vendor = w.client("vendor").simulate_get(f"/data/projects/{w.ids['P']}{path}")
        outsider = w.client("outsider").simulate_get(f"/data/projects/{w.ids['P']}{path}")
        assert (vendor.status_code, outsider.status_code) == (403, 404), path
    assert w.client("manager").simulate_get(f"/data/projects/{w.ids['Q']}/playlists").status_code == 404


# -- one playlist --------------------------------------------------------------------------------------


def _detail(w, key="Episode review", role="admin", project="P"):
    return w.client(role).simulate_get(f"/data/projects/{w.ids[project]}/playlists/{w.ids[key]}")


def _walk(value):
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def test_a_playlist_with_its_preview_revisions(w):
    answer = _detail(w)
    assert answer.status_code == 200, answer.text
    body = answer.json
    assert shape_diffs("GET__data__playlists__{id}.json", answer) == []
    shot, lamp = body["shots"]
    assert (shot["id"], shot["entity_id"], lamp["id"]) == (w.ids["SH1"], w.ids["SH1"], w.ids["LAMP"])
    revisions = shot["preview_files"][w.types["Animation"]]
    assert [(r["id"], r["revision"]) for r in revisions] == [(w.ids["rev2"], 2), (w.ids["rev1"], 1)]
    assert [p["id"] for p in revisions[1]["previews"]] == [w.ids["rev1b"]]
    assert (shot["preview_file_id"], shot["preview_file_extension"], shot["preview_file_task_id"]) == (
        w.ids["rev1"], "png", w.ids["task"])
    assert shot["preview_file_status"] == "processing"
    assert [p["id"] for p in shot["preview_file_previews"]] == [w.ids["rev1b"]]
    # The pinned preview of the lamp does not exist: no pin, no previews.
    assert "preview_file_id" not in lamp and lamp["preview_files"] == {}
    assert not any("annotations" in item for item in _walk(body["shots"]))
    jobs = body["build_jobs"]
    assert len(jobs) == 3 and [j["created_at"] for j in jobs] == sorted((j["created_at"] for j in jobs),
                                                                          reverse=True)


def test_an_empty_playlist(w):
    body = _detail(w, "All assets").json
    assert (body["shots"], body["build_jobs"]) == ([], [])


def test_who_reads_one_playlist(w):
    for role in TEAM_READERS:
        assert _detail(w, role=role).status_code == 200, role
    assert _detail(w, role="client").status_code == 404  # not shared with clients
    assert _detail(w, "Client cut", role="client").status_code == 200
    assert _detail(w, role="vendor").status_code == 403
    assert _detail(w, role="outsider").status_code == 404
    assert _detail(w, "QP").status_code == 404  # a playlist of Q through P's path
    base = f"/data/projects/{w.ids['P']}/playlists"
    assert w.admin.simulate_get(f"{base}/{uuid.uuid4()}").status_code == 404
    assert w.admin.simulate_get(f"{base}/not-an-id").status_code == 400


# -- every row, for synchronisation --------------------------------------------------------------------


def test_admins_read_every_row(w):
    path = f"/data/projects/{w.ids['P']}/playlists/all"
    rows = w.admin.simulate_get(path).json
    assert {row["name"] for row in rows} == {"Episode review", "Client cut", "All assets", "Layout pass"}
    review = next(row for row in rows if row["name"] == "Episode review")
    assert review["shots"][0] == {"entity_id": w.ids["SH1"], "preview_file_id": w.ids["rev1"]}
    page = w.admin.simulate_get(path, params={"page": "1"}).json
    assert (page["total"], page["page"], page["offset"], page["nb_pages"]) == (4, 1, 0, 1)
    assert {row["name"] for row in page["data"]} == {row["name"] for row in rows}
    assert all(isinstance(row["build_jobs"], list) for row in page["data"])
    for role in ("manager", "supervisor", "user", "client", "vendor"):
        assert w.client(role).simulate_get(path).status_code == 403, role
    assert w.client("outsider").simulate_get(path).status_code == 404


# -- an entity's previews ------------------------------------------------------------------------------


def test_entity_previews_have_zou_shape(w):
    answer = w.admin.simulate_get(f"/api/data/playlists/entities/{w.ids['SH1']}/preview-files")
    assert keyed_shape_diffs("GET__data__playlists__entities__{id}__preview-files.json", answer) == []
    items = answer.json[w.types["Animation"]]
    assert [(i["id"], i["revision"]) for i in items] == [(w.ids["rev2"], 2), (w.ids["rev1"], 1)]
    assert items[0]["annotations"] == [{"time": 1}]  # this route keeps them


def test_who_reads_an_entity_previews(w):
    path = "/data/playlists/entities/{}/preview-files"
    for role in TEAM_READERS + ("client",):
        assert w.client(role).simulate_get(path.format(w.ids["SH1"])).status_code == 200, role
    # A vendor reaches only the entities of its tasks (task T on shot E), an outsider none.
    assert w.client("vendor").simulate_get(path.format(w.ids["E"])).status_code == 200
    assert w.client("vendor").simulate_get(path.format(w.ids["SH1"])).status_code == 404
    assert w.client("outsider").simulate_get(path.format(w.ids["SH1"])).status_code == 404
    assert w.admin.simulate_get(path.format(uuid.uuid4())).status_code == 404
    assert w.admin.simulate_get(path.format("nope")).status_code == 400
    assert w.admin.simulate_get(path.format(w.ids["LAMP"])).json == {}


# -- statements ----------------------------------------------------------------------------------------


def test_statements_do_not_grow_with_playlists_or_entries(w):
    admin, review = w.admin, w.ids["Episode review"]

    def counted(path):
        return queries(admin, path)

    paths = [f"/data/projects/{w.ids['P']}/playlists", f"/data/projects/{w.ids['P']}/playlists/{review}",
             f"/data/projects/{w.ids['P']}/episodes/main/playlists"]
    before = [counted(path) for path in paths]
    original = admin.simulate_get(f"/data/playlists/{review}").json["shots"]
    with w.db():
        extra = [m.Playlist.create(name=f"More {n}", project=w.ids["P"]) for n in range(5)]
    more = [{"entity_id": w.ids[key], "preview_file_id": w.ids["rev2"]} for key in ("SH2", "HERO", "EDIT")]
    assert admin.simulate_put(f"/data/playlists/{review}", json={"shots": original + more}).status_code == 200
    try:
        assert [counted(path) for path in paths] == before
    finally:
        with w.db():
            m.Playlist.delete().where(m.Playlist.id.in_([p.id for p in extra])).execute()
        admin.simulate_put(f"/data/playlists/{review}", json={"shots": original})
