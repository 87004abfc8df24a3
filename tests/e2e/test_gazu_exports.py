"""The CSV exports through the published gazu client against a real server (waitress, real sockets).

``gazu.asset.export_assets_with_csv`` and ``gazu.shot.export_shots_with_csv``
download the streamed answer to a file, with their ``episode`` and
``assigned_to`` filters; the files hold Zou's columns, UTF-8 names, the
metadata columns, the task status and assignee columns, and the formula cells
escaped. A progress callback sees the bytes arrive.

With a running Zou (``CLAPBOARD_ZOU_URL``, as ``test_sync_from_zou.py``; skipped
otherwise), the same production made with gazu on both servers gives the same
bytes and headers for every per-project export, and the same lines for it in
the studio-wide ones; the Zou copy is removed after.
"""

from __future__ import annotations

import os
import urllib.request
import uuid

import gazu
import pytest


def _lines(path) -> list[str]:
    return path.read_bytes().decode("utf-8").split("\r\n")


def test_assets_and_shots_exports_with_gazu(gazu_session, tmp_path):
    c = gazu_session.client
    zoe = gazu.person.new_person("Zoë", "Brontë", "zoe@example.com", client=c)
    project = gazu.project.new_project("Éclair", production_type="tvshow", client=c)
    gazu.project.add_person_to_team(project, zoe, client=c)
    character = gazu.asset.new_asset_type("Character", client=c)
    gazu.project.add_asset_type(project, character, client=c)
    gazu.project.add_metadata_descriptor(project, "Ready", "Asset", data_type="boolean", client=c)
    gazu.project.add_metadata_descriptor(project, "Camera", "Shot", client=c)
    hero = gazu.asset.new_asset(project, character, "Héros", description="=1+1", extra_data={"ready": "true"},
                                client=c)
    gazu.asset.new_asset(project, character, "Alpha", client=c)
    e01 = gazu.shot.new_episode(project, "E01", client=c)
    e02 = gazu.shot.new_episode(project, "E02", client=c)
    sq01 = gazu.shot.new_sequence(project, "SQ01", episode=e01, client=c)
    sq02 = gazu.shot.new_sequence(project, "SQ02", episode=e02, client=c)
    sh010 = gazu.shot.new_shot(project, sq01, "SH010", nb_frames=48, frame_in=1001, frame_out=1048,
                               data={"camera": "A cam"}, client=c)
    gazu.shot.new_shot(project, sq02, "SH020", nb_frames=12, client=c)
    layout = gazu.task.get_task_type_by_name("Layout", client=c)
    modeling = gazu.task.get_task_type_by_name("Modeling", client=c)
    wip = gazu.task.get_task_status_by_short_name("wip", client=c)
    gazu.task.new_task(sh010, layout, task_status=wip, assignees=[zoe, gazu_session.admin_id], client=c)
    gazu.task.new_task(hero, modeling, assignees=[zoe], client=c)

    assets = tmp_path / "assets.csv"
    answer = gazu.asset.export_assets_with_csv(project, str(assets), client=c)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "text/csv"
    assert answer.headers["Content-Disposition"] == "attachment; filename=kitsu_eclair_assets.csv"
    assert _lines(assets) == ["Project;Type;Name;Description;Time Spent;Ready;Modeling;Assignations",
                              "Éclair;Character;Alpha;;0.00;false;;",
                              "Éclair;Character;Héros;'=1+1;0.00;true;todo;Zoë Brontë",
                              ""]

    shots = tmp_path / "shots.csv"
    progress = []
    gazu.shot.export_shots_with_csv(project, str(shots), client=c,
                                    progress_callback=lambda done, total: progress.append(done))
    assert _lines(shots) == [
        "Project;Episode;Sequence;Name;Description;Time Spent;Frames;Frame In;Frame Out;FPS;Camera;Layout;Assignations",
        "Éclair;E01;SQ01;SH010;;0.00;48;1001;1048;;A cam;wip;Studio Admin,Zoë Brontë",
        "Éclair;E02;SQ02;SH020;;0.00;12;;;;;;",
        ""]
    assert progress and progress[-1] == shots.stat().st_size

    one_episode = tmp_path / "e02.csv"
    gazu.shot.export_shots_with_csv(project, str(one_episode), episode=e02, client=c)
    assert [line.split(";")[3] for line in _lines(one_episode)[1:-1]] == ["SH020"]

    mine = tmp_path / "mine.csv"
    gazu.shot.export_shots_with_csv(project, str(mine), assigned_to=gazu_session.admin_id, client=c)
    assert [line.split(";")[3] for line in _lines(mine)[1:-1]] == ["SH010"]
    mine_assets = tmp_path / "mine-assets.csv"
    gazu.asset.export_assets_with_csv(project, str(mine_assets), assigned_to=gazu_session.admin_id, client=c)
    assert _lines(mine_assets) == ["Project;Type;Name;Description;Time Spent;Ready", ""]


ZOU_URL = os.environ.get("CLAPBOARD_ZOU_URL", "")
ZOU_EMAIL = os.environ.get("CLAPBOARD_ZOU_EMAIL", "admin@example.com")
ZOU_PASSWORD = os.environ.get("CLAPBOARD_ZOU_PASSWORD", "mysecretpassword")
PROJECT_FILES = ("assets.csv", "shots.csv", "edits.csv", "casting.csv", "casting.csv?is_shot_casting=true",
                 "casting.csv?episode_id=all", "casting.csv?episode_id=main")


def _zou_client():
    if not ZOU_URL:
        pytest.skip("no Zou to compare with: set CLAPBOARD_ZOU_URL (../shared/anchors/zou/start.sh starts one)")
    try:
        with urllib.request.urlopen(ZOU_URL, timeout=5) as answer:
            assert answer.status == 200
    except OSError:
        pytest.skip(f"the Zou at {ZOU_URL} does not answer")
    client = gazu.client.create_client(ZOU_URL)
    gazu.log_in(ZOU_EMAIL, ZOU_PASSWORD, client=client)
    return client


def _same_production(c, tag: str):
    """One production, made the same way on both servers through gazu (no formula cell: Zou escapes none)."""

    zoe = gazu.person.new_person("Zoë", f"Brontë {tag}", f"zoe.{tag}@example.com", client=c)
    project = gazu.project.new_project(f"Export {tag} é", production_type="tvshow", client=c)
    gazu.project.add_person_to_team(project, zoe, client=c)
    types = {}
    for name in ("Character", "Environment"):
        types[name] = gazu.asset.get_asset_type_by_name(name, client=c) or gazu.asset.new_asset_type(name, client=c)
        gazu.project.add_asset_type(project, types[name], client=c)
    gazu.project.add_metadata_descriptor(project, "Ready", "Asset", data_type="boolean", client=c)
    gazu.project.add_metadata_descriptor(project, "Camera", "Shot", client=c)
    hero = gazu.asset.new_asset(project, types["Character"], "Héros", description="hero", extra_data={"ready": "true"},
                                client=c)
    forest = gazu.asset.new_asset(project, types["Environment"], "Forest", client=c)
    episode = gazu.shot.new_episode(project, "E01", client=c)
    sequence = gazu.shot.new_sequence(project, "SQ01", episode=episode, client=c)
    sh010 = gazu.shot.new_shot(project, sequence, "SH010", nb_frames=48, frame_in=1001, frame_out=1048,
                               data={"camera": "A cam"}, client=c)
    gazu.shot.new_shot(project, sequence, "SH020", nb_frames=12, client=c)
    gazu.edit.new_edit(project, "Trailer", client=c)
    layout = gazu.task.get_task_type_by_name("Layout", client=c)
    task = gazu.task.new_task(sh010, layout, task_status=gazu.task.get_task_status_by_short_name("wip", client=c),
                              assignees=[zoe], client=c)
    gazu.task.new_task(sh010, gazu.task.get_task_type_by_name("Animation", client=c), client=c)
    gazu.task.new_task(hero, gazu.task.get_task_type_by_name("Modeling", client=c), assignees=[zoe], client=c)
    gazu.task.set_time_spent(task, zoe, "2026-11-28", 60, client=c)
    gazu.casting.update_shot_casting(project, sh010, [{"asset_id": hero["id"], "nb_occurences": 2}], client=c)
    gazu.casting.update_asset_casting(project, forest, [{"asset_id": hero["id"], "nb_occurences": 1}], client=c)
    return project, zoe


STUDIO_FILES = ("tasks.csv", "time-spents.csv", "persons.csv", "projects.csv")


def _files(c, project, tag: str) -> dict:
    """Each per-project export whole; of the studio-wide ones, the header and this production's lines."""

    found = {}
    for name in PROJECT_FILES + STUDIO_FILES:
        path = f"export/csv/projects/{project['id']}/{name}" if name in PROJECT_FILES else f"export/csv/{name}"
        answer = c.session.get(gazu.client.get_full_url(path, client=c), headers=gazu.client.make_auth_header(client=c))
        if name in PROJECT_FILES:
            found[name] = (answer.status_code, answer.headers["Content-Type"], answer.headers["Content-Disposition"],
                           answer.content)
        else:
            lines = answer.content.decode("utf-8").split("\r\n")
            found[name] = (answer.status_code, answer.headers["Content-Type"],
                           [lines[0], *(line for line in lines[1:] if tag in line)])
    return found


def test_project_exports_match_a_real_zou(gazu_session):
    """The same production made with gazu on a real Zou and here gives the same bytes, headers included."""

    zou = _zou_client()
    tag = uuid.uuid4().hex[:6]
    ours = _files(gazu_session.client, _same_production(gazu_session.client, tag)[0], tag)
    project, zoe = _same_production(zou, tag)
    try:
        theirs = _files(zou, project, tag)
    finally:
        gazu.project.close_project(project, client=zou)
        gazu.project.remove_project(project, force=True, client=zou)
        gazu.person.remove_person(zoe, force=True, client=zou)
    for name in PROJECT_FILES + STUDIO_FILES:
        assert ours[name] == theirs[name], name
    assert len(ours["tasks.csv"][2]) == 4 and len(ours["time-spents.csv"][2]) == 2
