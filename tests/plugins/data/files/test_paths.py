"""File tree paths for every entity kind, checked against what Zou gives.

The shot paths of Zou's recorded samples (its project "Samples 0538355154",
tree with ``/prod`` mountpoint, output type "Cache 0538355154") are compared
with the recordings. The other values are derived by hand from Zou's
``file_tree_service`` and its shipped trees, and written down here: each value
is slugified with ``_`` and lowercased, ``<OutputType>`` lowercased, the
default tree's episodes folder is ``e001`` whatever the episode (Zou reads the
episode of a sequence, and an episode has none), ``<Version>`` is padded to
three digits, an instance without a name is its number on four digits, and the
default tree's sequence output name holds a misspelt token Zou refuses.
"""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from ..production.tasks.world import sample
from .world import build, close, instance_of, output_type_slug, set_tree

RECORDED = {
    "tree": {
        "working": {"mountpoint": "/prod", "root": "work", "folder_path": {
            "shot": "<Project>/<Episode>/<Sequence>/<Shot>/<TaskType>", "asset": "<Project>/assets/<AssetType>/<Asset>/<TaskType>",
            "style": "lowercase"}, "file_name": {"shot": "<Project>_<Shot>_<TaskType>", "style": "lowercase"}},
        "output": {"mountpoint": "/prod", "root": "out", "folder_path": {
            "shot": "<Project>/<Episode>/<Sequence>/<Shot>/<OutputType>", "style": "lowercase"},
            "file_name": {"shot": "<Project>_<Shot>_<OutputType>_<OutputFile>", "style": "lowercase"}}},
    # POST /data/tasks/{id}/working-file-path {"name": "main"}: Zou 1.0.97's answer
    "working": {"path": "/prod/work/samples_0538355154/e01/sq01/sh010/layout", "name": "samples_0538355154_sh010_layout"},
    # POST /data/entities/{id}/output-file-path and output-files/new (path = folder/name + extension "abc")
    "output": {"folder_path": "/prod/out/samples_0538355154/e01/sq01/sh010/cache_0538355154",
               "file_name": "samples_0538355154_sh010_cache_0538355154_main"},
    "output_path": "/prod/out/samples_0538355154/e01/sq01/sh010/cache_0538355154/"
                   "samples_0538355154_sh010_cache_0538355154_mainabc",
}


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build(tmp_path_factory, "files-paths")
    yield world
    close(world)


def _task(w, entity, task_type="Layout"):
    return w.new_task(entity, task_type)


def working(w, entity, task_type="Layout", **body):
    answer = w.admin.simulate_post(f"/data/tasks/{_task(w, entity, task_type)}/working-file-path",
                                   json={"name": "main", **body})
    assert answer.status_code == 200, answer.text
    return answer.json["path"], answer.json["name"]


def output(w, entity, output_type="CACHE", task_type="Layout", expect=200, **body):
    answer = w.admin.simulate_post(f"/data/entities/{w.ids[entity]}/output-file-path", json={
        "output_type_id": w.ids[output_type], "task_type_id": w.types[task_type], **body})
    assert answer.status_code == expect, answer.text
    return answer.json if expect != 200 else (answer.json["folder_path"], answer.json["file_name"])


def test_recorded_shot_paths_are_zous(w):
    """A second production shaped as the recording: same names, same tree, same answers."""

    admin, factory_ids = w.admin, {}
    project = admin.simulate_post("/data/projects", json={
        "name": "Samples 0538355154", "project_status_id": w.admin.simulate_get(f"/data/projects/{w.ids['P']}")
        .json["project_status_id"]}).json
    for key, kind, name, parent in (("EP", "Episode", "E01", None), ("SQ", "Sequence", "SQ01", "EP"),
                                    ("SH", "Shot", "SH010", "SQ")):
        factory_ids[key] = admin.simulate_post("/data/entities", json={
            "project_id": project["id"], "entity_type_id": w.types[f"kind:{kind}"], "name": name,
            "parent_id": factory_ids.get(parent)}).json["id"]
    assert admin.simulate_post(f"/actions/projects/{project['id']}/set-file-tree",
                               json={"file_tree": RECORDED["tree"]}).status_code == 200
    task = admin.simulate_post("/data/tasks", json={
        "project_id": project["id"], "entity_id": factory_ids["SH"], "task_type_id": w.types["Layout"],
        "task_status_id": w.types["todo"], "name": "main"}).json
    assert admin.simulate_post(f"/data/tasks/{task['id']}/working-file-path", json={"name": "main"}).json \
        == RECORDED["working"]
    cache = admin.simulate_post("/data/output-types", json={"name": "Cache 0538355154", "short_name": "c"}).json
    body = {"output_type_id": cache["id"], "task_type_id": w.types["Layout"], "name": "main", "comment": "out",
            "extension": "abc", "representation": "abc"}
    assert admin.simulate_post(f"/data/entities/{factory_ids['SH']}/output-file-path", json=body).json \
        == RECORDED["output"]
    made = admin.simulate_post(f"/data/entities/{factory_ids['SH']}/output-files/new", json=body)
    assert made.status_code == 201 and made.json["path"] == RECORDED["output_path"]
    assert {k: made.json[k] for k in RECORDED["output"]} == RECORDED["output"]
    new = admin.simulate_post(f"/data/tasks/{task['id']}/working-files/new",
                              json={"name": "main", "comment": "first save"})
    assert new.json["path"] == "/".join(RECORDED["working"].values())


def test_the_recording_holds_these_values():
    """The values above are those of the recorded files (``tests/zou_samples``)."""

    def body(name):
        return sample(name)["response_body"]

    assert body("POST__data__tasks__{id}__working-file-path.json") == RECORDED["working"]
    assert body("POST__data__entities__{id}__output-file-path.json") == RECORDED["output"]
    assert body("POST__data__entities__{id}__output-files__new.json")["path"] == RECORDED["output_path"]


def test_default_tree_working_paths_of_every_entity_kind(w):
    set_tree(w, name="default")
    root = "/simple/productions/project_p"
    assert working(w, "SH1") == (f"{root}/shots/sq01/sh010/layout", "project_p_sh010_layout")
    assert working(w, "HERO", "Modeling") == (f"{root}/assets/character/hero/modeling",
                                               "project_p_character_hero_modeling")
    assert working(w, "SQ", "Layout") == (f"{root}/sequences/sq01/layout", "project_p_sq01_layout")
    assert working(w, "SC", "Layout") == (f"{root}/scenes/sq01/sc01/layout", "project_p_sq01_sc01_layout")
    # Zou: an episode's <Episode> is "e001" (it looks for the episode of a sequence).
    assert working(w, "EP7", "Layout") == (f"{root}/episodes/e001/layout", "project_p_e001_layout")
    # Edits and concepts take the asset templates, their type standing as the asset type.
    assert working(w, "EDIT", "Layout") == (f"{root}/assets/edit/cut/layout", "project_p_edit_cut_layout")
    assert working(w, "CONCEPT", "Concept") == (f"{root}/assets/concept/sketch/concept",
                                                 "project_p_concept_sketch_concept")


def test_default_tree_output_paths(w):
    set_tree(w, name="default")
    cache = output_type_slug(w, "CACHE")
    root = "/simple/productions/export/project_p"
    assert output(w, "SH1") == (f"{root}/shots/sq01/sh010/{cache}", f"project_p_sq01_sh010_{cache}_main")
    assert output(w, "LAMP", name="high") == (f"{root}/assets/prop/lamp/{cache}", f"project_p_prop_lamp_{cache}_high")
    assert output(w, "SC") == (f"{root}/scenes/sq01/sc01/{cache}", f"project_p_sq01_sc01_{cache}_main")
    assert output(w, "EP7") == (f"{root}/episodes/e001/{cache}", f"project_p_e001_{cache}_main")
    # Zou's default tree spells <OuputType> in the sequence file name: an unknown token, a 400.
    refused = output(w, "SQ", expect=400)
    assert refused["error"] is True and "OuputType" in refused["message"]


def test_simple_tree_software_name_and_revision(w):
    set_tree(w, name="simple")
    blender = w.admin.simulate_post("/data/softwares", json={"name": "Blender 4", "short_name": "bl",
                                                             "file_extension": ".blend"}).json
    path, name = working(w, "SH1", software_id=blender["id"], revision=3, name="Hero Pose")
    assert path == "/simple/productions/project_p/shots/sq01/sh010/layout/blender_4"
    assert name == "project_p_sq01_sh010_layout_hero_pose_v003"
    # Without a software, Zou's default 3ds Max; without a revision, the next one (1 here).
    assert working(w, "HERO", "Rigging") == ("/simple/productions/project_p/assets/character/hero/rigging/3ds_max",
                                             "project_p_character_hero_rigging_main_v001")
    cache = output_type_slug(w, "CACHE")
    assert output(w, "SH1", revision=12, name="main") == (
        f"/simple/productions/export/project_p/shots/sq01/sh010/layout/{cache}",
        f"project_p_sq01_sh010_layout_{cache}_main_v012")


def test_asset_instance_paths_in_a_shot_and_in_an_asset(w):
    set_tree(w, name="simple")
    cache = output_type_slug(w, "CACHE")
    body = {"output_type_id": w.ids["CACHE"], "task_type_id": w.types["Animation"], "representation": "ABC",
            "revision": 2}
    in_shot = instance_of(w, "HERO", "SH1", 1)
    answer = w.admin.simulate_post(f"/data/asset-instances/{in_shot}/entities/{w.ids['SH1']}/output-file-path",
                                   json=body).json
    assert answer == {
        "folder_path": f"/simple/productions/export/project_p/shot/sq01/sh010/animation/{cache}/character/hero/"
                       "instance_0001/abc",
        "file_name": f"project_p_sq01_sh010_animation_{cache}_main_0001_v002"}
    in_asset = instance_of(w, "LAMP", "SH1", 3, name="Lamp Left", target="HERO")
    answer = w.admin.simulate_post(f"/data/asset-instances/{in_asset}/entities/{w.ids['HERO']}/output-file-path",
                                   json=body).json
    assert answer == {
        "folder_path": f"/simple/productions/export/project_p/assets/character/hero/animation/{cache}/prop/lamp/"
                       "instance_0003/abc",
        "file_name": f"project_p_character_hero_animation_{cache}_main_lamp_left_v002"}


def test_styles_separators_ids_and_fields(w):
    tree = {"working": {"mountpoint": "/mnt", "root": "", "folder_path": {
        "shot": "<Project>/Shots/<Sequence.name>/<Shot>_v<Version>/<TaskType.short_name>", "style": "uppercase"},
        "file_name": {"shot": "<Project.id>-<Shot> <Name>.v<Revision>", "style": "none"}}}
    set_tree(w, tree)
    task = _task(w, "SH1", "Layout")
    answer = w.admin.simulate_post(f"/data/tasks/{task}/working-file-path",
                                   json={"name": "Été Final", "revision": 7, "sep": "\\"}).json
    with w.db():
        short = m.TaskType.get_by_id(w.types["Layout"]).short_name
    # Root "<mountpoint><sep>" (no root folder); template folders joined by the separator, values styled,
    # literal folders kept; the file name slugified whole, its project id kept intact.
    assert answer["path"] == f"/mnt\\PROJECT_P\\Shots\\SQ01\\SH010_v007\\{short.upper()}"
    assert answer["name"] == f"{w.ids['P']}_sh010_ete_final_v007"


def test_malformed_trees_are_400s(w):
    task = _task(w, "SH1")
    for tree, words in (({"working": {"mountpoint": "/m", "root": "r", "folder_path": {"asset": "<Asset>"},
                                      "file_name": {"shot": "<Shot>"}}}, "shot"),
                        ({"output": {"mountpoint": "/m", "root": "r", "folder_path": {}, "file_name": {}}},
                         "working"),
                        ({"working": {"mountpoint": "/m", "root": "r", "folder_path": {"shot": "<Nope>"},
                                      "file_name": {"shot": "<Shot>"}}}, "Nope")):
        set_tree(w, tree)
        answer = w.admin.simulate_post(f"/data/tasks/{task}/working-file-path", json={})
        assert answer.status_code == 400 and words in answer.json["message"], answer.text
        new = w.admin.simulate_post(f"/data/tasks/{task}/working-files/new", json={"name": "main"})
        assert new.status_code == 400
    assert w.count(m.WorkingFile, m.WorkingFile.task == task) == 0  # nothing written


def test_department_task_and_temporal_tokens(w):
    tree = {"working": {"mountpoint": "/w", "root": "r", "folder_path": {
        "shot": "<Department>/<Task>/<TemporalEntityType>/<TemporalEntity>", "style": "lowercase"},
        "file_name": {"shot": "<Task.name>_<Department.name>", "style": "uppercase"}}}
    set_tree(w, tree)
    with w.db():
        department = m.TaskType.get_by_id(w.types["Animation"]).department.name.lower().replace(" ", "_")
    task = w.admin.simulate_post("/data/tasks", json={
        "project_id": w.ids["P"], "entity_id": w.ids["SH2"], "task_type_id": w.types["Animation"],
        "task_status_id": w.types["todo"], "name": "Blocking Pass"}).json["id"]
    answer = w.admin.simulate_post(f"/data/tasks/{task}/working-file-path", json={}).json
    assert answer == {"path": f"/w/r/{department}/blocking_pass/shot/sh020",
                      "name": f"BLOCKING_PASS_{department.upper()}"}


@pytest.mark.parametrize("tree", [
    [], {"working": None}, {"working": {"mountpoint": 3, "root": None, "folder_path": [], "file_name": 1}},
    {"working": {"mountpoint": "/m", "root": "r", "folder_path": {"shot": 7, "style": 3}, "file_name": {}}},
    {"working": {"mountpoint": "/m", "root": "r", "folder_path": {"shot": "<>/<Project.>/<Shot.number>"},
                 "file_name": {"shot": "<Project.short_name>"}}},
    {"output": {"mountpoint": "/m", "root": "r", "folder_path": {"shot": "<Task>"}, "file_name": {"shot": "x"}}},
])
def test_any_stored_tree_answers_without_a_crash(w, tree):
    """A tree written through the generic project route may hold anything: 200 or a JSON 400, never a 500."""

    assert w.admin.simulate_put(f"/data/projects/{w.ids['P']}", json={"file_tree": tree}).status_code == 200
    task = _task(w, "SH1")
    calls = [w.admin.simulate_post(f"/data/tasks/{task}/working-file-path", json={}),
             w.admin.simulate_post(f"/data/tasks/{task}/working-files/new", json={"name": "main"}),
             w.admin.simulate_post(f"/data/entities/{w.ids['SH1']}/output-file-path", json={
                 "output_type_id": w.ids["CACHE"], "task_type_id": w.types["FX"]}),
             w.admin.simulate_post("/data/entities/guess_from_path", json={
                 "project_id": w.ids["P"], "file_path": "/m/r/project_p/x"})]
    for answer in calls:
        assert answer.status_code in (200, 201, 400), answer.text
        if answer.status_code == 400:
            assert answer.json["error"] is True and answer.json["message"]
