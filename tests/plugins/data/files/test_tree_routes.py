"""A production's file tree (shipped by name, or given), guessing what a path names, and the routes'
presence: served under both prefixes, documented, refused to anonymous callers."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from ..route_coverage import anonymous_statuses, assert_served_and_documented
from .world import build, close, set_tree

# Zou's blueprint "files" (zou-reference §2.2): 28 method+path pairs.
ROUTES = """
GET /data/files/{id}
GET /data/tasks/{id}/working-files
POST /data/tasks/{id}/working-files/new
GET /data/tasks/{id}/working-files/last-revisions
POST /data/tasks/{id}/working-file-path
POST /data/asset-instances/{id}/entities/{id}/output-files/new
POST /data/asset-instances/{id}/entities/{id}/output-files/next-revision
GET /data/asset-instances/{id}/entities/{id}/output-files/last-revisions
GET /data/asset-instances/{id}/entities/{id}/output-types
GET /data/asset-instances/{id}/entities/{id}/output-types/{id}/output-files
POST /data/asset-instances/{id}/entities/{id}/output-file-path
GET /data/entities/{id}/working-files
POST /data/entities/{id}/output-files/new
POST /data/entities/{id}/output-files/next-revision
GET /data/entities/{id}/output-files/last-revisions
GET /data/entities/{id}/output-types
GET /data/entities/{id}/output-types/{id}/output-files
GET /data/entities/{id}/output-files
GET /data/projects/{id}/output-files
GET /data/asset-instances/{id}/output-files
POST /data/entities/{id}/output-file-path
POST /data/entities/guess-from-path
POST /data/entities/guess_from_path
GET /data/working-files/{id}/file
POST /data/working-files/{id}/file
POST /actions/projects/{id}/set-file-tree
PUT /actions/working-files/{id}/comment
PUT /actions/working-files/{id}/modified
"""
PAIRS = [tuple(line.split()) for line in ROUTES.strip().splitlines()]


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build(tmp_path_factory, "files-trees")
    yield world
    close(world)


def test_every_route_of_the_blueprint_is_served_documented_and_closed_to_anonymous(w):
    assert len(PAIRS) == 28
    assert_served_and_documented(w.app, PAIRS)
    for method, path in PAIRS:
        assert anonymous_statuses(w.app, method, path) == {"": 401, "/api": 401}, (method, path)


def test_set_file_tree_by_name_or_body(w):
    url = f"/actions/projects/{w.ids['P']}/set-file-tree"
    answer = w.client("manager").simulate_post(url, json={"tree_name": "simple"})
    assert answer.status_code == 200 and answer.json["type"] == "Project" and answer.json["id"] == w.ids["P"]
    assert answer.json["file_tree"]["working"]["file_name"]["shot"].endswith("_<Name>_v<Version>")
    assert w.events("project:update")[-1]["project_id"] == w.ids["P"]
    tree = {"working": {"mountpoint": "/m", "root": "", "folder_path": {"shot": "<Shot>"}, "file_name": {}}}
    assert w.client("manager").simulate_post(url, json={"file_tree": tree}).json["file_tree"] == tree
    unknown = w.client("manager").simulate_post(url, json={"tree_name": "../../etc/passwd"})
    assert unknown.status_code == 400 and unknown.json["message"] == "Selected tree is not available"
    for body in ({}, {"tree_name": 3}, {"file_tree": {"working": {"root": "x"}}}, {"file_tree": []}):
        bad = w.client("manager").simulate_post(url, json=body)
        assert bad.status_code == 400 and bad.json["error"] is True, body
    for role, status in (("supervisor", 403), ("user", 403), ("client", 403), ("vendor", 403), ("outsider", 404)):
        assert w.client(role).simulate_post(url, json={"tree_name": "default"}).status_code == status, role
    with w.db():
        assert m.Project.get_by_id(w.ids["P"]).file_tree == tree


def test_guess_from_path_resolves_the_folders_it_can(w):
    set_tree(w, {"working": {"mountpoint": "/prod", "root": "work", "folder_path": {
        "shot": "<Project>/<Episode>/<Sequence>/<Shot>/<TaskType>",
        "asset": "<Project>/assets/<AssetType>/<Asset>/<TaskType>", "style": "lowercase"}, "file_name": {}},
        "output": {"mountpoint": "/prod", "root": "out", "folder_path": {
            "asset": "<Project>/v<Version>/<Asset>_cut", "style": "lowercase"}, "file_name": {}}})
    p, types = w.ids["P"], w.types
    for url in ("/data/entities/guess-from-path", "/data/entities/guess_from_path"):
        shot = w.client("user").simulate_post(url, json={
            "project_id": p, "file_path": "/prod/work/Project_P/E01/SQ01/SH010/layout/file.blend"})
        assert shot.status_code == 200
        assert {"Template": "shot", "Project": p, "Episode": w.ids["EP"], "Sequence": w.ids["SQ"],
                "Shot": w.ids["SH1"], "TaskType": types["Layout"]} in shot.json
    asset = w.admin.simulate_post("/data/entities/guess_from_path", json={
        "project_id": p, "file_path": "/prod/work/project_p/assets/character/hero/unknown_type"}).json
    # A folder naming nothing ends the template's answer there.
    assert {"Template": "asset", "Project": p, "AssetType": types["kind:Character"], "Asset": w.ids["HERO"]} in asset
    output = w.admin.simulate_post("/data/entities/guess_from_path", json={
        "project_id": p, "file_path": "/prod/out/project_p/v012/lamp_cut"}).json
    # Prefix and suffix around a token are cut off; an asset is only looked up within an asset type (Zou).
    assert output == [{"Template": "asset", "Project": p, "Version": "12"}]
    # A path naming another production answers nothing of it, even to who reaches both.
    with w.db():
        m.Project.update(file_tree=m.Project.get_by_id(p).file_tree).where(m.Project.id == w.ids["Q"]).execute()
    other = w.admin.simulate_post("/data/entities/guess_from_path", json={
        "project_id": p, "file_path": "/prod/work/project_q/assets/character/hero/unknown_type"}).json
    assert {"Template": "asset"} in other and all(list(answer) == ["Template"] for answer in other)
    elsewhere = w.admin.simulate_post("/data/entities/guess_from_path", json={
        "project_id": p, "file_path": "/simple/productions/project_p/shots/sq01/sh010/layout"}).json
    assert elsewhere == []
    assert w.client("outsider").simulate_post("/data/entities/guess_from_path", json={
        "project_id": p, "file_path": "/prod/work/x"}).status_code == 404
    for body in ({}, {"project_id": p}, {"project_id": "nope", "file_path": "/x"}, {"project_id": p, "file_path": 3}):
        assert w.admin.simulate_post("/data/entities/guess_from_path", json=body).status_code == 400, body
