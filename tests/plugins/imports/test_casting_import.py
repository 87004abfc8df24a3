"""CSV casting imports: Zou's casting file casts assets into shots, assets and episodes, all or nothing.

A short production (the auth scenario's P: every role logs in for real) and a
TV show get assets, sequences and shots through the API; files are written as
Zou's casting export writes them (and as spreadsheets save them); what the
import did is read back through the casting routes and the tables.
"""

from __future__ import annotations

from collections import Counter

import pytest

from clapboard.plugins.data import models as m

from ..auth.conftest import FAST
from ..auth.scenario import build
from .csv_support import post_csv, tv_show

HEADER = "Parent;Name;Asset Type;Asset;Occurences;Label\n"
CASTING = HEADER + (
    "SEQ01;SH01;Character;Victor;1;animate\n"
    "SEQ01;SH01;Prop;Boat;2;\n"
    "SEQ01;SH02;Character;Victor;;\n"
    "seq02;sh01;environment;lake;1;fixed\n"
    "Environment;Lake;Prop;Boat;3;fixed\n"
)


def _post(client, project_id, text):
    return post_csv(client, f"/import/csv/projects/{project_id}/casting", text)


def _ok(answer, status=200):
    assert answer.status_code == status, answer.text
    return answer.json


def _entity(client, path, body) -> str:
    return _ok(client.simulate_post(path, json=body), 201)["id"]


def _breakdown(client, app, project_id, episodes=()) -> dict:
    """Assets (Victor, Boat, Lake, Wagon), and shots SEQ01/SH01, SEQ01/SH02, SEQ02/SH01 of each episode."""

    with app.db.connection_context():
        kinds = {t.name: str(t.id) for t in m.EntityType.select()}
    ids = {}
    for name, kind in (("Victor", "Character"), ("Boat", "Prop"), ("Lake", "Environment"), ("Wagon", "Prop")):
        ids[name] = _entity(client, f"/data/projects/{project_id}/asset-types/{kinds[kind]}/assets/new",
                            {"name": name})
    for episode in episodes or (None,):
        episode_id = _entity(client, f"/data/projects/{project_id}/episodes", {"name": episode}) if episode else None
        if episode:
            ids[episode] = episode_id
        for sequence, shots in (("SEQ01", ("SH01", "SH02")), ("SEQ02", ("SH01",))):
            sequence_id = _entity(client, f"/data/projects/{project_id}/sequences",
                                  {"name": sequence, "episode_id": episode_id})
            for shot in shots:
                ids["/".join(filter(None, (episode, sequence, shot)))] = _entity(
                    client, f"/data/projects/{project_id}/shots", {"name": shot, "sequence_id": sequence_id})
    return ids


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("casting-import"), [])(
        config={"plugins": {"auth": dict(FAST)}}, actors=False)
    scenario = build(app)
    scenario.ids.update(_breakdown(scenario.admin, app, scenario.ids["P"]))
    yield scenario
    app.close()


def casting(client, project_id, entity_id) -> dict:
    rows = _ok(client.simulate_get(f"/data/projects/{project_id}/entities/{entity_id}/casting"))
    return {row["asset_name"]: (row["nb_occurences"], row["label"]) for row in rows}


def links(app) -> int:
    with app.db.connection_context():
        return m.EntityLink.select().count()


def events(app) -> Counter:
    with app.db.connection_context():
        return Counter(e.name for e in m.ApiEvent.select(m.ApiEvent.name))


def test_a_casting_file_casts_shots_and_assets(world):
    admin, ids, project = world.admin, world.ids, world.ids["P"]
    before = events(world.app)
    answer = _post(world.client("manager"), project, CASTING)
    assert _ok(answer, 201) == [None] * 5
    assert casting(admin, project, ids["SEQ01/SH01"]) == {"Victor": (1, "animate"), "Boat": (2, "")}
    assert casting(admin, project, ids["SEQ01/SH02"]) == {"Victor": (1, "")}
    assert casting(admin, project, ids["SEQ02/SH01"]) == {"Lake": (1, "fixed")}
    assert casting(admin, project, ids["Lake"]) == {"Boat": (3, "fixed")}
    with world.app.db.connection_context():
        counts = {str(e.id): e.nb_entities_out for e in m.Entity.select().where(m.Entity.project == project)}
    assert (counts[ids["SEQ01/SH01"]], counts[ids["SEQ01/SH02"]], counts[ids["Lake"]]) == (2, 1, 1)
    emitted = events(world.app) - before
    assert emitted["entity-link:new"] == 5
    assert emitted["shot:casting-update"] >= 3 and emitted["asset:casting-update"] >= 1


def test_a_second_import_updates_the_links_it_names(world):
    admin, ids, project = world.admin, world.ids, world.ids["P"]
    _ok(_post(admin, project, CASTING), 201)
    before = links(world.app)
    again = HEADER + "SEQ01;SH01;Character;Victor;4;Fixed\nSEQ01;SH01;Prop;Boat;0;\n"
    assert _ok(_post(world.client("manager"), project, again), 201) == [None, None]
    assert casting(admin, project, ids["SEQ01/SH01"]) == {"Victor": (4, "fixed")}
    assert links(world.app) == before - 1
    with world.app.db.connection_context():
        assert m.Entity.get_by_id(ids["SEQ01/SH01"]).nb_entities_out == 1
    _ok(_post(admin, project, CASTING), 201)
    assert links(world.app) == before


def test_a_spreadsheet_file_without_label_and_occurence_columns(world):
    admin, ids, project = world.admin, world.ids, world.ids["P"]
    text = "\ufeffParent,Name,Asset Type,Asset\r\nSEQ02,SH01,Prop,Wagon\r\n\r\nSEQ02,SH01,,\r\n"
    assert _ok(_post(admin, project, text.encode("utf-8")), 201) == [None, None]
    assert casting(admin, project, ids["SEQ02/SH01"])["Wagon"] == (1, "fixed")


@pytest.mark.parametrize(("last_line", "words"), [
    ("SEQ01;SH02;Prop;Nope;1;", "Asset 'Nope' of type 'Prop' not found"),
    ("SEQ09;SH01;Prop;Boat;1;", "no shot, asset or episode 'SH01' under 'SEQ09'"),
    ("SEQ01;SH02;Prop;Boat;two;", "A value is invalid: Occurences: 'two'"),
    ("SEQ01;SH02;Prop;Boat;-1;", "negative"),
    ("Prop;Boat;Prop;Boat;1;", "cannot be cast in itself"),
])
def test_a_bad_last_line_refuses_the_whole_file(world, last_line, words):
    project = world.ids["P"]
    before = (links(world.app), events(world.app))
    text = HEADER + "SEQ01;SH02;Character;Victor;5;x\nSEQ01;SH02;Prop;Wagon;1;\n" + last_line + "\n"
    answer = _post(world.client("manager"), project, text)
    assert answer.status_code == 400, answer.text
    assert answer.json["error"] is True and answer.json["line_number"] == 4 and answer.json["imported_rows"] == 0
    assert words in answer.json["message"]
    assert (links(world.app), events(world.app)) == before
    assert "Wagon" not in casting(world.admin, project, world.ids["SEQ01/SH02"])


def test_a_missing_column_is_named(world):
    answer = _post(world.admin, world.ids["P"], "Parent;Name;Asset Type\nSEQ01;SH01;Prop\n")
    assert answer.status_code == 400 and answer.json["message"] == "A columns is missing: 'Asset'"


@pytest.mark.parametrize(("role", "status"), [
    ("supervisor", 403), ("user", 403), ("client", 403), ("vendor", 403), ("outsider", 404)])
def test_only_managers_and_admins_import(world, role, status):
    before = links(world.app)
    answer = _post(world.client(role), world.ids["P"], HEADER + "SEQ01;SH02;Prop;Wagon;7;\n")
    assert answer.status_code == status, answer.text
    assert links(world.app) == before


def test_a_tv_show_casts_shots_by_episode_the_main_pack_and_episodes(world):
    admin = world.admin
    show = tv_show(admin, world.app, "Casting Show")
    ids = _breakdown(admin, world.app, show["id"], episodes=("E01", "E02"))
    text = ("Episode;Parent;Name;Asset Type;Asset;Occurences;Label\n"
            "E01;SEQ01;SH01;Character;Victor;1;\n"
            "E02;SEQ01;SH01;Prop;Boat;2;\n"
            "MP;Environment;Lake;Prop;Wagon;1;\n"
            ";Episode;E02;Character;Victor;1;\n")
    assert _ok(_post(admin, show["id"], text), 201) == [None] * 4
    assert casting(admin, show["id"], ids["E01/SEQ01/SH01"]) == {"Victor": (1, "")}
    assert casting(admin, show["id"], ids["E02/SEQ01/SH01"]) == {"Boat": (2, "")}
    assert casting(admin, show["id"], ids["Lake"]) == {"Wagon": (1, "")}
    assert casting(admin, show["id"], ids["E02"]) == {"Victor": (1, ""), "Boat": (1, "")}
    assert set(casting(admin, show["id"], ids["E01"])) == {"Victor"}  # shots cast their episode too
    missing = _post(admin, show["id"], "Episode;Parent;Name;Asset Type;Asset\nE03;SEQ01;SH01;Prop;Boat\n")
    assert missing.status_code == 400 and "of episode 'E03'" in missing.json["message"]


def test_an_exported_casting_imports_into_an_empty_production_as_it_was(world):
    admin, project = world.admin, world.ids["P"]
    with world.app.db.connection_context():
        status = str(m.ProjectStatus.get(m.ProjectStatus.name == "Open").id)
        prop = str(m.EntityType.get(m.EntityType.name == "Prop").id)
    copy = _ok(admin.simulate_post("/data/projects", json={"name": "Casting Copy", "project_status_id": status}),
               201)["id"]
    ids = _breakdown(admin, world.app, copy)
    for target in (project, copy):
        _entity(admin, f"/data/projects/{target}/asset-types/{prop}/assets/new", {"name": "Cañón Été"})
    _ok(_post(admin, project, CASTING + "SEQ02;SH01;Prop;Cañón Été;2;animate\n"), 201)
    queries = ("is_shot_casting=true", "")

    def export(target) -> list[str]:
        found = []
        for query in queries:
            answer = admin.simulate_get(f"/export/csv/projects/{target}/casting.csv", query_string=query)
            assert answer.status_code == 200, answer.text
            found.append(answer.content.decode("utf-8"))
        return found

    exported = export(project)
    assert "Cañón Été" in exported[0] and "Lake" in exported[1]
    for text in exported:
        assert _ok(_post(admin, copy, text), 201) == [None] * (len(text.strip().splitlines()) - 1)
    assert export(copy) == exported
    assert casting(admin, copy, ids["SEQ02/SH01"])["Cañón Été"] == (2, "animate")


def test_the_command_imports_a_casting_with_a_summary(app, client, tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from clapboard.cli import make_cli

    for key, value in (("DATABASE_URL", app.config["database_url"]), ("DATA_DIR", app.config["data_dir"]),
                       ("SECRET_KEY", app.secret_key)):
        monkeypatch.setenv(f"CLAPBOARD_{key}", value)
    with app.db.connection_context():
        status = str(m.ProjectStatus.get(m.ProjectStatus.name == "Open").id)
    project = _ok(client.simulate_post("/data/projects", json={"name": "Command Cast", "project_status_id": status}),
                  201)["id"]
    ids = _breakdown(client, app, project)
    path = tmp_path / "casting.csv"

    def run(text):
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(make_cli(), ["import", "csv", "casting", str(path), "--project", "Command Cast",
                                                 "--json"], catch_exceptions=False)
        return result.exit_code, json.loads(result.output)

    assert run(CASTING) == (0, {"kind": "casting", "project": "Command Cast", "rows": 5, "created": 5,
                                "updated": 0, "unchanged": 0, "entities_cast": 4})
    code, summary = run(HEADER + "SEQ01;SH01;Prop;Boat;3;\nSEQ01;SH01;Character;Victor;0;\n"
                                 "SEQ01;SH02;Character;Victor;;\n")
    assert code == 0 and (summary["updated"], summary["removed"], summary["unchanged"]) == (1, 1, 1)
    assert casting(client, project, ids["SEQ01/SH01"]) == {"Boat": (3, "")}
    code, refusal = run(HEADER + "SEQ01;SH01;Prop;Ghost;1;\n")
    assert code == 1 and refusal["line_number"] == 2 and "Ghost" in refusal["message"]
