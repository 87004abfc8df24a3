"""Output files on entities and asset instances: revisions, paths, lists, output types, and who may."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from .world import REFUSED, build, close, instance_of, output_type, output_type_slug, set_tree


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build(tmp_path_factory, "files-outputs")
    set_tree(world, name="simple")
    world.ids["INST"] = instance_of(world, "HERO", "SH1", 1)
    yield world
    close(world)


def body(w, kind="CACHE", task_type="Animation", **extra):
    return {"output_type_id": w.ids[kind], "task_type_id": w.types[task_type], "comment": "out", **extra}


def publish(client, w, entity="SH1", **extra):
    return client.simulate_post(f"/data/entities/{w.ids[entity]}/output-files/new", json=body(w, **extra))


def on_instance(w, action, **extra):
    return w.admin.simulate_post(f"/data/asset-instances/{w.ids['INST']}/entities/{w.ids['SH1']}/{action}",
                                 json=body(w, **extra))


def next_revision(w, entity="SH1", **extra):
    answer = w.admin.simulate_post(f"/data/entities/{w.ids[entity]}/output-files/next-revision",
                                   json=body(w, **extra))
    assert answer.status_code == 200, answer.text
    return answer.json["next_revision"]


def test_entity_output_files_revisions_and_paths(w):
    assert next_revision(w) == 1
    first = publish(w.admin, w, extension=".abc", representation="abc")
    assert first.status_code == 201, first.text
    row, cache = first.json, output_type_slug(w, "CACHE")
    folder = f"/simple/productions/export/project_p/shots/sq01/sh010/animation/{cache}"
    assert row["folder_path"] == folder and row["file_name"] == f"project_p_sq01_sh010_animation_{cache}_main_v001"
    assert row["path"] == f"{folder}/{row['file_name']}.abc" and row["revision"] == 1
    assert row["type"] == "OutputFile" and row["source_file"] is None and row["asset_instance_id"] is None
    with w.db():
        assert m.FileStatus.get_by_id(row["file_status_id"]).name == "To review"
    assert next_revision(w) == 2
    assert publish(w.admin, w, representation="abc").json["revision"] == 2
    assert publish(w.admin, w, nb_elements=24).json["file_name"].endswith("_v003_[1-24]")
    assert next_revision(w, name="other") == 1 and next_revision(w, kind="RENDER") == 1
    taken = publish(w.admin, w, revision=2, representation="abc")
    assert taken.status_code == 400 and taken.json["message"] == "The given output file already exists."
    assert {"output_file_id": row["id"], "project_id": w.ids["P"]}.items() <= w.events("output-file:new")[0].items()


def test_entity_output_lists_and_types(w):
    working = w.admin.simulate_post(f"/data/tasks/{w.new_task('LAMP', 'Modeling')}/working-files/new",
                                    json={"name": "main"}).json
    for kind, representation in (("CACHE", "abc"), ("CACHE", "abc"), ("CACHE", "usd"), ("RENDER", "exr")):
        made = publish(w.admin, w, "LAMP", kind=kind, task_type="Modeling", representation=representation,
                       working_file_id=working["id"])
        assert made.status_code == 201 and made.json["source_file_id"] == working["id"]
    lamp = w.ids["LAMP"]
    every = w.admin.simulate_get(f"/data/entities/{lamp}/output-files").json
    assert len(every) == 4 and [r["revision"] for r in every] == sorted((r["revision"] for r in every), reverse=True)
    caches = w.admin.simulate_get(f"/data/entities/{lamp}/output-files",
                                  params={"output_type_id": w.ids["CACHE"], "representation": "abc"}).json
    assert sorted(r["revision"] for r in caches) == [1, 2]
    last = w.admin.simulate_get(f"/data/entities/{lamp}/output-files/last-revisions").json
    assert sorted((r["representation"], r["revision"]) for r in last) == [("abc", 2), ("exr", 1), ("usd", 3)]
    types = w.admin.simulate_get(f"/data/entities/{lamp}/output-types").json
    assert [t["id"] for t in types] == sorted([w.ids["CACHE"], w.ids["RENDER"]],
                                              key=lambda i: w.admin.simulate_get(f"/data/output-types/{i}")
                                              .json["name"])
    of_type = w.admin.simulate_get(f"/data/entities/{lamp}/output-types/{w.ids['RENDER']}/output-files").json
    assert [r["representation"] for r in of_type] == ["exr"]
    assert w.admin.simulate_get(f"/data/files/{of_type[0]['id']}").json["id"] == of_type[0]["id"]
    in_project = w.admin.simulate_get(f"/data/projects/{w.ids['P']}/output-files",
                                      params={"output_type_id": w.ids["RENDER"]}).json
    assert of_type[0]["id"] in [r["id"] for r in in_project]


def test_asset_instance_output_files(w):
    made = on_instance(w, "output-files/new", representation="abc")
    assert made.status_code == 201, made.text
    row = made.json
    assert row["asset_instance_id"] == w.ids["INST"] and row["temporal_entity_id"] == w.ids["SH1"]
    assert row["entity_id"] == w.ids["HERO"] and row["folder_path"].endswith("/character/hero/instance_0001/abc")
    assert on_instance(w, "output-files/next-revision").json == {"next_revision": 2}
    assert on_instance(w, "output-files/new", representation="abc").json["revision"] == 2
    base = f"/data/asset-instances/{w.ids['INST']}"
    last = w.admin.simulate_get(f"{base}/entities/{w.ids['SH1']}/output-files/last-revisions").json
    assert [r["revision"] for r in last] == [2]
    assert [t["id"] for t in w.admin.simulate_get(f"{base}/entities/{w.ids['SH1']}/output-types").json] == \
        [w.ids["CACHE"]]
    assert len(w.admin.simulate_get(
        f"{base}/entities/{w.ids['SH1']}/output-types/{w.ids['CACHE']}/output-files").json) == 2
    assert len(w.admin.simulate_get(f"{base}/output-files", params={"temporal_entity_id": w.ids["SH1"]}).json) == 2
    assert w.admin.simulate_get(f"{base}/output-files", params={"temporal_entity_id": w.ids["SH2"]}).json == []
    # An instance's files are not the asset's own.
    assert all(r["asset_instance_id"] is None
               for r in w.admin.simulate_get(f"/data/entities/{w.ids['HERO']}/output-files").json)


def test_a_malformed_tree_leaves_no_row(w):
    other = output_type(w, "Other")
    set_tree(w, {"output": {"mountpoint": "/m", "root": "r", "folder_path": {"asset": "<Asset>"},
                            "file_name": {"asset": "<Asset>"}}})
    try:
        refused = w.admin.simulate_post(f"/data/entities/{w.ids['SH2']}/output-files/new",
                                        json={"output_type_id": other, "task_type_id": w.types["FX"], "comment": ""})
        assert refused.status_code == 400 and "shot" in refused.json["message"]
        assert w.count(m.OutputFile, m.OutputFile.output_type == other) == 0
    finally:
        set_tree(w, name="simple")


def test_who_may_publish_and_read_output_files(w):
    for role in ("manager", "supervisor", "user"):
        assert publish(w.client(role), w, "SH2", kind="RENDER").status_code == 201, role
    assert publish(w.client("vendor"), w, "E", kind="RENDER").status_code == 201  # the entity of their task
    assert publish(w.client("vendor"), w, "SH2", kind="RENDER").status_code in REFUSED
    assert publish(w.client("client"), w, "SH2", kind="RENDER").status_code == 403
    assert publish(w.client("outsider"), w, "SH2", kind="RENDER").status_code == 404
    assert publish(w.client("manager"), w, "EQ", kind="RENDER").status_code == 404  # another production
    sh2 = w.ids["SH2"]
    assert w.client("client").simulate_get(f"/data/entities/{sh2}/output-files").status_code == 200
    assert w.client("vendor").simulate_get(f"/data/entities/{w.ids['E']}/output-files").status_code == 403
    assert w.client("outsider").simulate_get(f"/data/entities/{sh2}/output-types").status_code == 404
    assert w.client("manager").simulate_get(f"/data/projects/{w.ids['P']}/output-files").status_code == 200
    for role in ("supervisor", "user", "client"):  # Zou: the production's managers only
        assert w.client(role).simulate_get(f"/data/projects/{w.ids['P']}/output-files").status_code == 403, role
    assert w.client("outsider").simulate_get(f"/data/projects/{w.ids['P']}/output-files").status_code == 404


def test_bad_input_is_a_clear_4xx(w):
    url = f"/data/entities/{w.ids['SH2']}/output-files/new"
    for wrong in ({}, {"output_type_id": w.ids["CACHE"]}, body(w, revision=-1), body(w, extension="x" * 11),
                  body(w, nb_elements=0), {**body(w), "output_type_id": "nope"}, body(w, person_id="nope")):
        answer = w.admin.simulate_post(url, json=wrong)
        assert answer.status_code == 400 and answer.json["error"] is True, (wrong, answer.text)
    ghost = "00000000-0000-4000-8000-000000000000"
    assert w.admin.simulate_post(url, json={**body(w), "output_type_id": ghost}).json["message"] == \
        "Cannot find given output type."
    assert w.admin.simulate_post(url, json=body(w, person_id=ghost)).status_code == 400
    assert w.admin.simulate_post(url, json={**body(w), "task_type_id": ghost}).status_code == 404
    path = f"/data/entities/{w.ids['SH2']}/output-file-path"
    assert w.admin.simulate_post(path, json={**body(w), "output_type_id": ghost}).status_code == 404
    assert w.admin.simulate_post(f"/data/asset-instances/{ghost}/entities/{w.ids['SH1']}/output-files/new",
                                 json=body(w)).status_code == 404
    assert w.admin.simulate_post(f"/data/asset-instances/{w.ids['INST']}/entities/{ghost}/output-files/new",
                                 json=body(w)).status_code == 404
