"""Budgets of a project and their entries, nested under the project."""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m

from ...factory import Factory


@pytest.fixture
def production(client):
    f = Factory(client)
    project = f.create(m.Project)
    return {"factory": f, "project": project, "base": f"/data/projects/{project['id']}/budgets",
            "department": f.create(m.Department)}


def _entry_body(production, **extra):
    return {"department_id": production["department"]["id"], "start_date": "2026-12-01", "months_duration": 3,
            "daily_salary": 250, **extra}


def _events(app, prefix):
    with app.db.connection_context():
        return [(e.name, e.data) for e in m.ApiEvent.select().where(m.ApiEvent.name.startswith(prefix))
                .order_by(m.ApiEvent.created_at)]


def test_budgets_are_numbered_revisions_in_usd_by_default(app, client, production):
    base = production["base"]
    first = client.simulate_post(base, json={"name": "First", "description": "gazu sends it", "amount": 10})
    assert first.status_code == 200 and (first.json["revision"], first.json["currency"]) == (1, "USD")
    second = client.simulate_post(base, json={"name": "Second", "currency": "EUR"}).json
    assert second["revision"] == 2
    listed = client.simulate_get(base).json
    assert [(b["name"], b["revision"]) for b in listed] == [("First", 1), ("Second", 2)]
    assert set(listed[0]) == {"id", "project_id", "revision", "name", "currency"}
    other = production["factory"].create(m.Project)
    assert client.simulate_post(f"/data/projects/{other['id']}/budgets", json={"name": "X"}).json["revision"] == 1
    assert client.simulate_post(base, json={"currency": "EUR"}).status_code == 400
    assert client.simulate_post(base, json={"name": "X", "currency": "EURO"}).status_code == 400


def test_a_budget_is_read_changed_and_deleted_with_its_entries(app, client, production):
    base = production["base"]
    budget = client.simulate_post(base, json={"name": "B", "currency": "EUR"}).json
    url = f"{base}/{budget['id']}"
    assert client.simulate_get(url).json["name"] == "B"
    renamed = client.simulate_put(url, json={"name": "B2", "currency": None})
    assert (renamed.json["name"], renamed.json["currency"]) == ("B2", "EUR")
    entry = client.simulate_post(f"{url}/entries", json=_entry_body(production)).json
    assert client.simulate_delete(url).status_code == 204
    assert client.simulate_get(url).status_code == 404
    with app.db.connection_context():
        assert not m.BudgetEntry.select().where(m.BudgetEntry.id == entry["id"]).exists()
    project_id = production["project"]["id"]
    assert _events(app, "budget:") == [(name, {"budget_id": budget["id"], "project_id": project_id})
                                       for name in ("budget:create", "budget:update", "budget:delete")]


def test_entries_are_created_listed_changed_and_removed(app, client, production):
    budget = client.simulate_post(production["base"], json={"name": "B"}).json
    entries = f"{production['base']}/{budget['id']}/entries"
    person = production["factory"].create(m.Person)
    created = client.simulate_post(entries, json=_entry_body(production, person_id=person["id"], seniority=None))
    assert created.status_code == 200
    entry = created.json
    assert (entry["position"], entry["seniority"], entry["exceptions"]) == ("artist", "mid", {})
    listed = client.simulate_get(entries).json
    assert [e["id"] for e in listed] == [entry["id"]] and "created_at" not in listed[0]
    changed = client.simulate_put(f"{entries}/{entry['id']}", json={
        "daily_salary": 320, "exceptions": {"2026-12": 5, "2027-01": 0, "2027-02": None}})
    assert changed.status_code == 200
    assert (changed.json["daily_salary"], changed.json["exceptions"]) == (320.0, {"2026-12": 5})
    assert client.simulate_get(f"{entries}/{entry['id']}").json["daily_salary"] == 320.0
    assert client.simulate_delete(f"{entries}/{entry['id']}").status_code == 204
    assert client.simulate_get(entries).json == []
    assert [name for name, _ in _events(app, "budget-entry:")] == [
        "budget-entry:create", "budget-entry:update", "budget-entry:delete"]


@pytest.mark.parametrize("body", [
    {"name": "gazu's idea of an entry", "amount": 10},
    {"start_date": "2026-12-01", "months_duration": 3, "daily_salary": 250},
    {"department_id": "DEPARTMENT", "start_date": "tomorrow", "months_duration": 3, "daily_salary": 250},
    {"department_id": "DEPARTMENT", "start_date": "2026-12-01", "months_duration": 3, "daily_salary": 250,
     "position": "director"},
])
def test_malformed_entries_are_refused(app, client, production, body):
    body = {k: production["department"]["id"] if v == "DEPARTMENT" else v for k, v in body.items()}
    budget = client.simulate_post(production["base"], json={"name": "B"}).json
    assert client.simulate_post(f"{production['base']}/{budget['id']}/entries", json=body).status_code == 400
    with app.db.connection_context():
        assert m.BudgetEntry.select().count() == 0


def test_budgets_and_entries_are_reached_through_their_own_project(client, production):
    budget = client.simulate_post(production["base"], json={"name": "B"}).json
    entry = client.simulate_post(f"{production['base']}/{budget['id']}/entries", json=_entry_body(production)).json
    other = production["factory"].create(m.Project)
    other_budget = client.simulate_post(f"/data/projects/{other['id']}/budgets", json={"name": "O"}).json
    wrong = f"/data/projects/{other['id']}/budgets/{budget['id']}"
    assert client.simulate_get(wrong).status_code == 404
    assert client.simulate_put(wrong, json={"name": "X"}).status_code == 404
    assert client.simulate_delete(wrong).status_code == 404
    wrong_entry = f"/data/projects/{other['id']}/budgets/{other_budget['id']}/entries/{entry['id']}"
    assert client.simulate_get(wrong_entry).status_code == 404
    assert client.simulate_put(wrong_entry, json={"daily_salary": 1}).status_code == 404
    assert client.simulate_delete(wrong_entry).status_code == 404
    assert client.simulate_get(f"{production['base']}/{uuid.uuid4()}/entries").status_code == 404
    assert client.simulate_get(f"{production['base']}/{budget['id']}").json["name"] == "B"
