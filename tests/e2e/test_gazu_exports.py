"""The CSV exports through the published gazu client against a real server (waitress, real sockets).

``gazu.asset.export_assets_with_csv`` and ``gazu.shot.export_shots_with_csv``
download the streamed answer to a file, with their ``episode`` and
``assigned_to`` filters; the files hold Zou's columns, UTF-8 names, the
metadata columns, the task status and assignee columns, and the formula cells
escaped. A progress callback sees the bytes arrive.
"""

from __future__ import annotations

import gazu


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
