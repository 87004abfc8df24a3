"""Metadata descriptors and typed values through the published gazu client against a real server.

Descriptors are added, listed and found by field name with gazu's calls; an
asset's, a shot's, a task's and the project's data are updated with gazu's
``update_*_data`` (which read the row, merge and send the whole dict back, as
Kitsu does) and read back; a value of the wrong type is refused with a
``ParameterException`` carrying the server's message, which names the field and
the rule, and nothing is stored; renaming a descriptor moves the stored values,
removing one strips them.
"""

from __future__ import annotations

import gazu
import pytest
from gazu.exception import ParameterException


def _refusal(call, *args, **kwargs) -> str:
    """The server's message of the 400 gazu raised for ``call``."""

    with pytest.raises(ParameterException) as info:
        call(*args, **kwargs)
    return " ".join(str(part) for part in info.value.args)


def test_descriptors_and_typed_asset_values_round_trip(gazu_session):
    c = gazu_session.client
    project = gazu.project.new_project("Typed Film", client=c)
    character = gazu.asset.new_asset_type("Character", client=c)
    gazu.project.add_asset_type(project, character, client=c)

    frames = gazu.project.add_metadata_descriptor(project, "Frames", "Asset", data_type="number", client=c)
    status = gazu.project.add_metadata_descriptor(project, "Status", "Asset", data_type="list",
                                                  choices=["todo", "done"], client=c)
    ready = gazu.project.add_metadata_descriptor(project, "Ready", "Asset", data_type="boolean", client=c)
    assert (frames["field_name"], frames["data_type"], frames["entity_type"]) == ("frames", "number", "Asset")
    assert (status["field_name"], status["choices"]) == ("status", ["todo", "done"])
    assert ready["field_name"] == "ready"
    listed = gazu.project.all_metadata_descriptors(project, client=c)
    assert {d["field_name"]: d["id"] for d in listed} == {"frames": frames["id"], "status": status["id"],
                                                         "ready": ready["id"]}
    assert gazu.project.get_metadata_descriptor(project, frames["id"], client=c)["name"] == "Frames"
    assert gazu.project.get_metadata_descriptor_by_field_name(project, "status", client=c)["id"] == status["id"]
    assert gazu.project.get_metadata_descriptor_by_field_name(project, "nothing", client=c) is None

    hero = gazu.asset.new_asset(project, character, "Hero", extra_data={"frames": 12}, client=c)
    gazu.asset.update_asset_data(hero, {"frames": 24, "status": "done", "ready": True}, client=c)
    assert gazu.asset.get_asset(hero["id"], client=c)["data"] == {"frames": 24, "status": "done", "ready": True}

    message = _refusal(gazu.asset.update_asset_data, hero, {"frames": "lots"}, client=c)
    assert 'data.frames (Frames, number): "lots" is not a number.' in message
    message = _refusal(gazu.asset.update_asset_data, hero, {"status": "later"}, client=c)
    assert "data.status (Status, list)" in message and "not one of the choices" in message
    message = _refusal(gazu.asset.update_asset, {"id": hero["id"], "data": {"ready": "yes"}}, client=c)
    assert "data.ready (Ready, boolean)" in message and "is not a boolean" in message
    assert gazu.asset.get_asset(hero["id"], client=c)["data"] == {"frames": 24, "status": "done", "ready": True}
    message = _refusal(gazu.asset.new_asset, project, character, "Villain", extra_data={"frames": "many"}, client=c)
    assert "data.frames" in message
    assert [a["name"] for a in gazu.asset.all_assets_for_project(project, client=c)] == ["Hero"]

    renamed = gazu.project.update_metadata_descriptor(project, {**frames, "name": "Frame Count"}, client=c)
    assert (renamed["name"], renamed["field_name"]) == ("Frame Count", "frame_count")
    assert gazu.asset.get_asset(hero["id"], client=c)["data"] == {"frame_count": 24, "status": "done", "ready": True}
    message = _refusal(gazu.asset.update_asset_data, hero, {"frame_count": "lots"}, client=c)
    assert "data.frame_count (Frame Count, number)" in message
    gazu.asset.update_asset_data(hero, {"frames": "lots"}, client=c)  # no descriptor names the old key now

    gazu.project.remove_metadata_descriptor(project, status, client=c)
    assert gazu.asset.get_asset(hero["id"], client=c)["data"] == {"frame_count": 24, "ready": True, "frames": "lots"}
    assert {d["field_name"] for d in gazu.project.all_metadata_descriptors(project, client=c)} == \
        {"frame_count", "ready"}
    assert gazu.project.get_metadata_descriptor_by_field_name(project, "status", client=c) is None
    gazu.asset.update_asset_data(hero, {"status": "anything"}, client=c)  # free-form again
    assert gazu.asset.get_asset(hero["id"], client=c)["data"]["status"] == "anything"


def test_shot_task_and_project_values_round_trip(gazu_session):
    c = gazu_session.client
    project = gazu.project.new_project("Typed Shorts", client=c)
    layout = gazu.task.get_task_type_by_name("Layout", client=c)
    gazu.project.add_task_type(project, layout, 1, client=c)
    gazu.project.add_metadata_descriptor(project, "Lens", "Shot", data_type="number", client=c)
    gazu.project.add_metadata_descriptor(project, "Due", "Task", data_type="date", task_type_id=layout, client=c)
    gazu.project.add_metadata_descriptor(project, "Site", "Project", data_type="url", client=c)
    assert {d["entity_type"] for d in gazu.project.all_metadata_descriptors(project, client=c)} == \
        {"Shot", "Task", "Project"}
    assert [d["field_name"] for d in gazu.project.all_metadata_descriptors(project, client=c, entity_type="Task")] \
        == ["due"]

    sequence = gazu.shot.new_sequence(project, "SQ01", client=c)
    shot = gazu.shot.new_shot(project, sequence, "SH010", frame_in=1001, frame_out=1048, client=c)
    gazu.shot.update_shot_data(shot, {"lens": 35}, client=c)
    assert gazu.shot.get_shot(shot["id"], client=c)["data"] == {"frame_in": 1001, "frame_out": 1048, "lens": 35}
    message = _refusal(gazu.shot.update_shot_data, shot, {"lens": "wide"}, client=c)
    assert 'data.lens (Lens, number): "wide" is not a number.' in message
    assert gazu.shot.get_shot(shot["id"], client=c)["data"]["lens"] == 35

    task = gazu.task.new_task(shot, layout, client=c)
    gazu.task.update_task_data(task, {"due": "2026-02-28"}, client=c)
    assert gazu.task.get_task(task["id"], client=c)["data"] == {"due": "2026-02-28"}
    message = _refusal(gazu.task.update_task_data, task, {"due": "2026-02-30"}, client=c)
    assert "data.due (Due, date)" in message and "not a calendar date" in message
    assert gazu.task.get_task(task["id"], client=c)["data"] == {"due": "2026-02-28"}

    gazu.project.update_project_data(project, {"site": "https://studio.example/shorts"}, client=c)
    assert gazu.project.get_project(project["id"], client=c)["data"] == {"site": "https://studio.example/shorts"}
    message = _refusal(gazu.project.update_project_data, project, {"site": "studio.example"}, client=c)
    assert "data.site (Site, url)" in message and "not an absolute URL" in message
    assert gazu.project.get_project(project["id"], client=c)["data"] == {"site": "https://studio.example/shorts"}
