"""OpenTimelineIO imports: an edit of three clips becomes sequences and shots with frame ranges.

Timelines are built with the OpenTimelineIO API and sent as real files; a
second edit with other durations updates the same shots; EDLs are read when
the CMX 3600 adapter is installed; bad files and bad clips leave nothing
written; only the production's managers and admins may import.
"""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from ..auth.conftest import FAST
from ..auth.scenario import build

otio = pytest.importorskip("opentimelineio")

EDL = """TITLE: TestProject_EDL
FCM: NON-DROP FRAME

001  AX       V     C        00:00:00:00 00:00:05:05 10:00:00:00 10:00:05:05
* FROM CLIP NAME: TestProject_SQ010-sc010.mp4

002  AX       V     C        00:00:00:00 00:00:02:23 10:00:05:05 10:00:08:03
* FROM CLIP NAME: TestProject_SQ010-sc020.mp4

003  AX       V     C        00:00:00:00 00:00:06:24 10:00:08:03 10:00:15:02
* FROM CLIP NAME: TestProject_SQ020-sc030.mp4
"""


def multipart(filename: str, data: bytes, fields: dict | None = None) -> dict:
    boundary = "clapboard-otio-boundary"
    chunks = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
              for name, value in (fields or {}).items()]
    chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                  f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return {"body": b"".join(chunks), "headers": {"Content-Type": f"multipart/form-data; boundary={boundary}"}}


def timeline(clips, rate=24, gap_after_first=0) -> bytes:
    """An OTIO document of one video track: ``clips`` are ``(name, first media frame, duration)``."""

    track = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    for index, (name, start, duration) in enumerate(clips):
        media = otio.schema.ExternalReference(target_url=f"/media/{name}.mov")
        track.append(otio.schema.Clip(name=f"{name}.mov", media_reference=media, source_range=otio.opentime.TimeRange(
            otio.opentime.RationalTime(start, rate), otio.opentime.RationalTime(duration, rate))))
        if index == 0 and gap_after_first:
            track.append(otio.schema.Gap(source_range=otio.opentime.TimeRange(
                duration=otio.opentime.RationalTime(gap_after_first, rate))))
    edit = otio.schema.Timeline(name="edit")
    edit.tracks.append(track)
    return otio.adapters.write_to_string(edit, "otio_json").encode()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("otio-import"), [])(
        config={"plugins": {"auth": dict(FAST)}}, actors=False)
    scenario = build(app)
    admin, ids = scenario.admin, scenario.ids
    renamed = admin.simulate_put(f"/data/projects/{ids['P']}", json={"name": "TestProject", "fps": "25"})
    assert renamed.status_code == 200, renamed.text
    with app.db.connection_context():
        ids["anim_type"] = str(m.TaskType.get(m.TaskType.name == "Animation").id)
    answer = admin.simulate_post("/data/task-type-links",
                                 json={"project_id": ids["P"], "task_type_id": ids["anim_type"]})
    assert answer.status_code in (200, 201), answer.text
    yield scenario
    app.close()


def post(scenario, role, data: bytes, filename="edit.otio", path=None, fields=None, query=""):
    path = path or f"/import/otio/projects/{scenario.ids['P']}"
    return scenario.client(role).simulate_post(path + query, **multipart(filename, data, fields))


def shots(scenario) -> dict:
    with scenario.app.db.connection_context():
        shot_type = m.EntityType.get(m.EntityType.name == "Shot").id
        parents = {e.id: e.name for e in m.Entity.select().where(m.Entity.project == scenario.ids["P"])}
        return {(parents.get(e.parent_id), e.name): e for e in m.Entity.select().where(
            m.Entity.project == scenario.ids["P"], m.Entity.entity_type == shot_type, m.Entity.parent.is_null(False))}


def count(scenario, model, *where) -> int:
    with scenario.app.db.connection_context():
        query = model.select()
        return (query.where(*where) if where else query).count()


THREE = [("TestProject_SQ010-SH010", 1001, 24), ("TestProject_SQ010-SH020", 1001, 48),
         ("TestProject_SQ020-SH010", 10, 12)]


def test_three_clips_make_sequences_shots_and_tasks(world):
    before = count(world, m.ApiEvent)
    answer = post(world, "manager", timeline(THREE, gap_after_first=6))
    assert answer.status_code == 201, answer.text
    assert answer.json["updated_shots"] == []
    created = answer.json["created_shots"]
    assert [(s["name"], s["nb_frames"], s["data"]) for s in created] == [
        ("SH010", 24, {"frame_in": 0, "frame_out": 23}),
        ("SH020", 48, {"frame_in": 30, "frame_out": 77}),
        ("SH010", 12, {"frame_in": 78, "frame_out": 89}),
    ]
    assert {s["type"] for s in created} == {"Shot"} and {s["project_id"] for s in created} == {world.ids["P"]}
    stored = shots(world)
    assert {("SQ010", "SH010"), ("SQ010", "SH020"), ("SQ020", "SH010")} <= set(stored)
    assert stored[("SQ020", "SH010")].nb_frames == 12 and stored[("SQ020", "SH010")].data["frame_in"] == 78
    with world.app.db.connection_context():
        sequence_type = m.EntityType.get(m.EntityType.name == "Sequence").id
        sequences = [e.name for e in m.Entity.select().where(m.Entity.project == world.ids["P"],
                                                              m.Entity.entity_type == sequence_type)]
        tasks = m.Task.select().where(m.Task.entity.in_([s["id"] for s in created]),
                                      m.Task.task_type == world.ids["anim_type"]).count()
        events = [e.name for e in m.ApiEvent.select().order_by(m.ApiEvent.created_at, m.ApiEvent.id).offset(before)]
    assert sorted(sequences) == ["SQ010", "SQ020"]
    assert tasks == 3
    assert events.count("shot:new") == 3 and events.count("sequence:new") == 2 and events.count("task:new") == 3


def test_a_second_edit_updates_the_same_shots(world):
    post(world, "admin", timeline(THREE))
    before = count(world, m.Entity)
    with world.app.db.connection_context():
        m.Entity.update(data={**shots(world)[("SQ010", "SH010")].data, "notes": "kept"}).where(
            m.Entity.id == shots(world)[("SQ010", "SH010")].id).execute()
    longer = [(name, start, duration + 10) for name, start, duration in THREE]
    answer = post(world, "manager", timeline(longer))
    assert answer.status_code == 201, answer.text
    assert answer.json["created_shots"] == []
    assert [(s["name"], s["nb_frames"], s["data"]["frame_in"], s["data"]["frame_out"])
            for s in answer.json["updated_shots"]] == [("SH010", 34, 0, 33), ("SH020", 58, 34, 91),
                                                       ("SH010", 22, 92, 113)]
    assert count(world, m.Entity) == before
    stored = shots(world)
    assert stored[("SQ010", "SH010")].data == {"frame_in": 0, "frame_out": 33, "notes": "kept"}
    assert stored[("SQ010", "SH020")].nb_frames == 58
    assert count(world, m.EntityVersion, m.EntityVersion.entity == stored[("SQ010", "SH020")].id) >= 1


def test_names_are_matched_without_case_when_asked(world):
    post(world, "admin", timeline(THREE))
    before = count(world, m.Entity)
    clips = [("testproject_sq010-sh010", 0, 5)]
    by_case = post(world, "admin", timeline(clips), query="?match_case=true")
    assert by_case.status_code == 201 and len(by_case.json["created_shots"]) == 1  # "sh010" in "sq010"
    folded = post(world, "admin", timeline([("TESTPROJECT_SQ020-SH010", 0, 7)]), fields={"match_case": "false"})
    assert folded.status_code == 201, folded.text
    assert folded.json["created_shots"] == [] and folded.json["updated_shots"][0]["nb_frames"] == 7
    assert count(world, m.Entity) == before + 2  # the sequence "sq010" and its shot "sh010"


def test_a_naming_convention_of_ones_own(world):
    answer = post(world, "manager", timeline([("SQ300.SH300", 0, 9)]),
                  fields={"naming_convention": "${sequence_name}.${shot_name}"})
    assert answer.status_code == 201, answer.text
    assert [(s["name"], s["nb_frames"]) for s in answer.json["created_shots"]] == [("SH300", 9)]
    assert ("SQ300", "SH300") in shots(world)
    unknown = post(world, "manager", timeline(THREE), fields={"naming_convention": "${sequence_name}-${take}"})
    assert unknown.status_code == 400 and "${take}" in unknown.json["message"]


@pytest.mark.skipif("cmx_3600" not in otio.adapters.available_adapter_names(), reason="no CMX 3600 adapter installed")
def test_an_edl_is_read_at_the_production_frame_rate_whatever_its_timecode(world):
    answer = post(world, "manager", EDL.encode(), filename="cut.edl")
    assert answer.status_code == 201, answer.text
    every = answer.json["created_shots"] + answer.json["updated_shots"]
    assert [(s["name"], s["nb_frames"], s["data"]["frame_in"], s["data"]["frame_out"]) for s in every] == [
        ("sc010", 130, 0, 129), ("sc020", 73, 130, 202), ("sc030", 174, 203, 376)]
    assert {("SQ010", "sc010"), ("SQ010", "sc020"), ("SQ020", "sc030")} <= set(shots(world))


@pytest.mark.parametrize(("filename", "data", "words"), [
    ("edit.otio", b"{not json", "Failed to parse OTIO file: "),
    ("edit.otio", otio.adapters.write_to_string(otio.schema.Clip(name="lonely"), "otio_json").encode(),
     "holds a Clip, not a timeline"),
    ("edit.mov", b"\x00\x00", "Unsupported file type '.mov'. Supported formats: "),
    ("edit", b"{}", "Unsupported file type"),
])
def test_unreadable_files_are_refused_with_the_reason(world, filename, data, words):
    before = count(world, m.Entity)
    answer = post(world, "manager", data, filename=filename)
    assert answer.status_code == 400, answer.text
    assert answer.json["error"] is True and words in answer.json["message"]
    assert count(world, m.Entity) == before


def test_a_clip_naming_nothing_refuses_the_whole_edit(world):
    before = count(world, m.Entity), count(world, m.ApiEvent)
    clips = [("TestProject_SQ900-SH901", 0, 10), ("Unnamed clip", 0, 10)]
    answer = post(world, "manager", timeline(clips))
    assert answer.status_code == 400, answer.text
    assert "'Unnamed clip'" in answer.json["message"] and "naming convention" in answer.json["message"]
    assert (count(world, m.Entity), count(world, m.ApiEvent)) == before
    assert ("SQ900", "SH901") not in shots(world)


def test_a_file_is_required(world):
    answer = world.client("manager").simulate_post(f"/import/otio/projects/{world.ids['P']}", json={})
    assert answer.status_code == 400 and "multipart" in answer.json["message"]


@pytest.mark.parametrize(("role", "status"), [
    ("supervisor", 403), ("user", 403), ("client", 403), ("vendor", 403), ("outsider", 404)])
def test_only_managers_and_admins_import(world, role, status):
    before = count(world, m.Entity)
    answer = post(world, role, timeline([("TestProject_SQ500-SH500", 0, 10)]))
    assert answer.status_code == status, answer.text
    assert count(world, m.Entity) == before


def test_a_tv_show_imports_into_an_episode(world):
    admin = world.admin
    with world.app.db.connection_context():
        status = str(m.ProjectStatus.get(m.ProjectStatus.name == "Open").id)
    show = admin.simulate_post("/data/projects", json={"name": "Show", "production_type": "tvshow",
                                                       "project_status_id": status}).json
    episode = admin.simulate_post(f"/data/projects/{show['id']}/episodes", json={"name": "E01"}).json
    edit = timeline([("Show_E01-SQ010-SH010", 0, 20), ("Show_E01-SQ010-SH020", 0, 5)])
    refused = admin.simulate_post(f"/import/otio/projects/{show['id']}", **multipart("e.otio", edit))
    assert refused.status_code == 400 and "episodes" in refused.json["message"]
    path = f"/import/otio/projects/{show['id']}/episodes/{episode['id']}"
    answer = admin.simulate_post(path, **multipart("e.otio", edit))
    assert answer.status_code == 201, answer.text
    assert [(s["name"], s["data"]["frame_in"]) for s in answer.json["created_shots"]] == [("SH010", 0), ("SH020", 20)]
    with world.app.db.connection_context():
        sequence = m.Entity.get(m.Entity.id == answer.json["created_shots"][0]["parent_id"])
    assert sequence.name == "SQ010" and str(sequence.parent_id) == episode["id"]
    again = admin.simulate_post(path, **multipart("e.otio", edit))
    assert again.json["created_shots"] == [] and len(again.json["updated_shots"]) == 2
    elsewhere = admin.simulate_post(f"/import/otio/projects/{world.ids['P']}/episodes/{episode['id']}",
                                    **multipart("e.otio", edit))
    assert elsewhere.status_code == 404


def test_gazu_imports_an_edit_over_real_http(gazu_session, tmp_path):
    import gazu

    c = gazu_session.client
    project = gazu.project.new_project("Gazu Cut", client=c)
    path = tmp_path / "cut.otio"
    path.write_bytes(timeline([("Gazu Cut_SQ01-SH01", 0, 10), ("Gazu Cut_SQ01-SH02", 0, 15)]))
    created = gazu.shot.import_otio(project, str(path), client=c)  # match_case sent as the form field "True"
    assert [(s["name"], s["nb_frames"], s["data"]) for s in created["created_shots"]] == [
        ("SH01", 10, {"frame_in": 0, "frame_out": 9}), ("SH02", 15, {"frame_in": 10, "frame_out": 24})]
    path.write_bytes(timeline([("gazu cut_sq01-sh02", 0, 20)]))
    updated = gazu.shot.import_otio(project, str(path), match_case=False, client=c)
    assert updated["created_shots"] == [] and [s["nb_frames"] for s in updated["updated_shots"]] == [20]
    shots = {s["name"]: s for s in gazu.shot.all_shots_for_project(project, client=c)}
    assert set(shots) == {"SH01", "SH02"} and shots["SH02"]["nb_frames"] == 20
