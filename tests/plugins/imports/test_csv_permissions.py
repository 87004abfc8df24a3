"""Who may import: the project's managers and the admins; persons, the admins only. Refusals write nothing."""

from __future__ import annotations

import pytest

from .csv_support import counts, logged_in_world, post_csv

FILES = {
    "shots": "Sequence,Name\nSQ01,SH010\n",
    "assets": "Type,Name\nProp,Lamp\n",
    "edits": "Name\nCut\n",
}
EXPECTED = {"admin": 201, "manager": 201, "supervisor": 403, "user": 403, "client": 403, "vendor": 403,
            "outsider": 404, None: 401}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from clapboard.testing import AppFactory

    factory = AppFactory(tmp_path_factory.mktemp("csv-permissions"), [])
    yield logged_in_world(factory)
    for app in factory.built:
        app.close()


@pytest.mark.parametrize("kind", sorted(FILES))
@pytest.mark.parametrize("role", list(EXPECTED))
def test_project_imports_are_for_its_managers_and_admins(world, kind, role):
    app, scenario, project = world
    before = counts(app)
    answer = post_csv(scenario.client(role), f"/import/csv/projects/{project['id']}/{kind}", FILES[kind])
    assert answer.status_code == EXPECTED[role], answer.text
    if answer.status_code != 201:
        assert counts(app) == before and answer.json["error"] is True


def test_a_manager_of_another_project_gets_a_404(world):
    app, scenario, project = world
    other = scenario.ids["Q"]  # P's manager is not in Q's team
    answer = post_csv(scenario.client("manager"), f"/import/csv/projects/{other}/shots", FILES["shots"])
    assert answer.status_code == 404


@pytest.mark.parametrize("role", list(EXPECTED))
def test_persons_are_imported_by_admins_only(world, role):
    app, scenario, _ = world
    before = counts(app)
    answer = post_csv(scenario.client(role), "/import/csv/persons",
                      f"First Name,Last Name,Email\nNew,Person,new.{role}@example.com\n")
    assert answer.status_code == (201 if role == "admin" else 401 if role is None else 403), answer.text
    if role != "admin":
        assert counts(app) == before


def test_the_refusal_comes_before_the_file_is_read(world):
    app, scenario, project = world
    answer = post_csv(scenario.client("user"), f"/import/csv/projects/{project['id']}/shots", b"\xff\xfe not csv")
    assert answer.status_code == 403
