"""The permission matrix: every generic model, every role (and an outsider), every verb.

Expectations are written out by hand from Zou's policy (reference §4.2), not
derived from the policy code. Allowed means 2xx; refused means 403 or 404 and
nothing changed in the database. A structural check also walks every model
for every actor: a collection lists exactly the rows its item route serves.
"""

from __future__ import annotations

import pytest

from clapboard.plugins.data.crud.meta import info as model_info
from clapboard.plugins.data.models import CRUD_MODELS as DATA_MODELS
from clapboard.plugins.metadata.models import MetadataDescriptor

from .conftest import FAST
from .scenario import ROLES, body_in, build, harmless_change, row_in

EVERYONE = set(ROLES)
TEAM = {"manager", "supervisor", "user", "client", "vendor"}
STAFF_TEAM = {"manager", "supervisor", "user", "client"}  # team without the vendor
A = {"admin"}
AM = {"admin", "manager"}


def expect(read, update=A, delete=A, create=A):
    return {"read": set(read), "update": set(update), "delete": set(delete), "create": set(create)}


# The 46 generic models: 45 of ``data`` and ``metadata``'s descriptors (its own policy, same rule as Zou's).
CRUD_MODELS = [*DATA_MODELS, MetadataDescriptor]
MODELS_BY_PATH = {m._meta.crud_path: m for m in CRUD_MODELS}

REFERENCE = expect(EVERYONE)
EXPECTED = {
    **{path: REFERENCE for path in (
        "task-types", "task-status", "entity-types", "departments", "studios", "softwares", "hardware-items",
        "file-status", "output-types", "project-status", "preview-background-files", "organisations", "persons")},
    "status-automations": expect(EVERYONE - {"vendor"}),
    "custom-actions": expect(EVERYONE - {"vendor"}),
    "project-templates": expect(AM),
    "salary-scales": expect(AM),
    # Rows come from the installed packages: even an admin's POST is refused (with a 400 that says how).
    "plugins": expect(A, create=set()),
    "events": expect(A),
    "projects": expect(A | TEAM, update=AM),
    "entities": expect(A | STAFF_TEAM, AM, AM, AM),
    "tasks": expect(A | STAFF_TEAM, AM, AM, AM),
    "playlists": expect(A | {"manager", "supervisor", "user"}, AM | {"supervisor"}, AM, AM | {"supervisor"}),
    "schedule-items": expect(A | STAFF_TEAM, AM | {"supervisor"}, AM, AM),
    "milestones": expect(A | STAFF_TEAM, AM, AM, AM),
    "budgets": expect(AM, AM, AM, AM),
    "budget-entries": expect(AM, AM, AM, AM),
    "production-schedule-versions": expect(AM, AM, AM, AM),
    "production-schedule-version-task-links": expect(AM, AM, AM, AM),
    "metadata-descriptors": expect(A | TEAM, AM, AM, AM),
    "search-filters": expect({"admin", "user"}, {"admin", "user"}, {"admin", "user"}, {"admin", "user"}),
    "search-filter-groups": expect({"admin", "user"}, {"admin", "user"}, {"admin", "user"}, {"admin", "user"}),
    "comments": expect(A | {"manager", "supervisor", "user", "vendor"}, AM | {"user"}, AM | {"user"}, AM),
    "time-spents": expect(AM | {"user"}, AM | {"user"}, AM | {"user"}, AM | {"user"}),
    "day-offs": expect({"admin", "user"}, {"admin", "user"}, {"admin", "user"}, {"admin", "user"}),
    "preview-files": expect(A | TEAM, AM, AM, AM),
    "working-files": expect(A | STAFF_TEAM, AM, AM, AM),
    "output-files": expect(A | STAFF_TEAM, AM, AM, AM),
    "attachment-files": expect(A | TEAM, AM, AM, AM),
    "notifications": expect({"admin", "user"}, {"admin", "user"}, {"admin", "user"}, A),
    "subscriptions": expect(AM | {"user"}, A, {"admin", "user"}, {"admin", "user"}),  # managers see their projects
    "news": expect(A | {"manager", "supervisor", "user", "vendor"}, AM, AM, AM),  # as its comment (clients: no)
    "entity-links": expect(A | STAFF_TEAM, AM, AM, AM),
    "asset-instances": expect(A | STAFF_TEAM, AM, AM, AM),
    "chats": expect(A | TEAM, A, A, A | {"manager", "supervisor", "user"}),
    "chat-messages": expect(A | TEAM, A, {"admin", "user"}, {"admin", "user"}),
}
REFUSED = (403, 404)


def test_expectations_cover_every_model():
    assert set(EXPECTED) == {m._meta.crud_path for m in CRUD_MODELS}


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("matrix"), [])(config={"plugins": {"auth": dict(FAST)}}, actors=False)
    yield build(app)
    app.close()


def _target_row(scenario, model):
    if model._meta.crud_path == "projects":
        return scenario.admin.simulate_get(f"/data/projects/{scenario.ids['P']}").json
    return row_in(scenario, model)


def _admin_view(scenario, path, row_id):
    result = scenario.admin.simulate_get(f"/data/{path}/{row_id}")
    return result.status_code, result.json


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_permission_matrix(scenario, path):
    model = MODELS_BY_PATH[path]
    expected = EXPECTED[path]
    row = _target_row(scenario, model)
    problems = []
    for role in ROLES:
        client = scenario.client(role)
        base = f"/data/{path}"

        got = client.simulate_get(f"{base}/{row['id']}")
        listed = client.simulate_get(base)
        if role in expected["read"]:
            if got.status_code != 200:
                problems.append(f"{role} GET item: {got.status_code}")
            if listed.status_code != 200 or row["id"] not in {r["id"] for r in listed.json}:
                problems.append(f"{role} list misses the row ({listed.status_code})")
        else:
            if got.status_code not in REFUSED:
                problems.append(f"{role} GET item allowed ({got.status_code})")
            if listed.status_code == 200 and row["id"] in {r["id"] for r in listed.json}:
                problems.append(f"{role} list shows the row")
            elif listed.status_code not in (200, 403):
                problems.append(f"{role} list answered {listed.status_code}")

        change = harmless_change(model)
        if change:
            before = _admin_view(scenario, path, row["id"])
            updated = client.simulate_put(f"{base}/{row['id']}", json=change)
            if role in expected["update"]:
                if updated.status_code != 200:
                    problems.append(f"{role} PUT refused ({updated.status_code} {updated.text[:120]})")
            else:
                if updated.status_code not in REFUSED:
                    problems.append(f"{role} PUT allowed ({updated.status_code})")
                if _admin_view(scenario, path, row["id"]) != before:
                    problems.append(f"{role} PUT changed the row although refused")

        if path != "projects" or role == "admin":
            victim = row_in(scenario, model) if path != "projects" else None
            if victim is not None:
                deleted = client.simulate_delete(f"{base}/{victim['id']}")
                if role in expected["delete"]:
                    if deleted.status_code != 204:
                        problems.append(f"{role} DELETE refused ({deleted.status_code} {deleted.text[:120]})")
                else:
                    if deleted.status_code not in REFUSED:
                        problems.append(f"{role} DELETE allowed ({deleted.status_code})")
                    if _admin_view(scenario, path, victim["id"])[0] != 200:
                        problems.append(f"{role} DELETE removed the row although refused")

        if path != "projects":
            body = body_in(scenario, model)
            count = len(scenario.admin.simulate_get(base).json)
            created = client.simulate_post(base, json=body)
            if role in expected["create"]:
                if created.status_code != 201:
                    problems.append(f"{role} POST refused ({created.status_code} {created.text[:120]})")
            else:
                refused = (400,) if (path, role) == ("plugins", "admin") else REFUSED
                if created.status_code not in refused:
                    problems.append(f"{role} POST allowed ({created.status_code})")
                if len(scenario.admin.simulate_get(base).json) != count:
                    problems.append(f"{role} POST created a row although refused")
    assert not problems, f"{path}: " + "; ".join(problems)


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_collections_scope_like_their_item_route(scenario, path):
    """For every actor: the list shows a row exactly when GET on that row answers 200."""

    model = MODELS_BY_PATH[path]
    rows = [row_in(scenario, model, "P"), row_in(scenario, model, "Q", owner="manager")]
    if path == "projects":
        rows = [{"id": scenario.ids["P"]}, {"id": scenario.ids["Q"]}]
    for role in ROLES:
        client = scenario.client(role)
        listed = client.simulate_get(f"/data/{path}")
        listed_ids = {r["id"] for r in listed.json} if listed.status_code == 200 else set()
        for row in rows:
            item = client.simulate_get(f"/data/{path}/{row['id']}").status_code
            assert (row["id"] in listed_ids) == (item == 200), (path, role, item)
            assert item in (200, 403, 404)


def test_outsider_sees_no_production_rows(scenario):
    client = scenario.client("outsider")
    for path in ("projects", "tasks", "entities", "comments", "preview-files", "playlists"):
        listed = client.simulate_get(f"/data/{path}").json
        assert all(r.get("project_id") not in (scenario.ids["P"], scenario.ids["Q"]) for r in listed), path
    assert client.simulate_get(f"/data/projects/{scenario.ids['P']}").status_code == 404


def test_persons_show_a_card_to_non_admins_and_never_secrets(scenario):
    artist = scenario.client("user").simulate_get(f"/data/persons/{scenario.people['manager']}").json
    admin = scenario.admin.simulate_get(f"/data/persons/{scenario.people['manager']}").json
    assert "daily_salary" in admin and "daily_salary" not in artist
    assert artist["first_name"] == "Manager" and artist["type"] == "Person"
    for view in (artist, admin):
        assert not {"password", "totp_secret", "jti", "otp_recovery_codes"} & set(view)
    refused = scenario.client("user").simulate_get("/data/persons", params={"daily_salary": "0"})
    assert refused.status_code == 400


def test_self_update_is_limited_to_profile_fields(scenario):
    me = scenario.people["user"]
    client = scenario.client("user")
    assert client.simulate_put(f"/data/persons/{me}", json={"phone": "+33 1 02"}).status_code == 200
    for escalation in ({"role": "admin"}, {"is_bot": True}, {"active": False}, {"daily_salary": 900}):
        assert client.simulate_put(f"/data/persons/{me}", json=escalation).status_code == 403, escalation
    assert scenario.admin.simulate_get(f"/data/persons/{me}").json["role"] == "user"
    # gazu sends the whole object back: unchanged keys are fine.
    whole = scenario.admin.simulate_get(f"/data/persons/{me}").json
    whole["phone"] = "+33 1 03"
    assert client.simulate_put(f"/data/persons/{me}", json=whole).status_code == 200


def test_per_project_role_overrides_the_global_role(scenario):
    """An artist made manager of project Q may update Q's tasks, and only Q's."""

    from clapboard.plugins.data.models import ProjectPersonLink

    app = scenario.app
    with app.db.connection_context():
        ProjectPersonLink.create(project=scenario.ids["Q"], person=scenario.people["outsider"], role="manager")
    client = scenario.client("outsider")
    assert client.simulate_put(f"/data/tasks/{scenario.ids['TQ']}", json={"description": "mine"}).status_code == 200
    assert client.simulate_put(f"/data/tasks/{scenario.ids['T']}", json={"description": "no"}).status_code == 404
    with app.db.connection_context():
        ProjectPersonLink.delete().where(ProjectPersonLink.person == scenario.people["outsider"]).execute()


def test_supervisor_changes_only_schedule_fields_of_their_department(scenario):
    client = scenario.client("supervisor")
    task = scenario.ids["T"]  # an Animation task; the supervisor is in Animation
    assert client.simulate_put(f"/data/tasks/{task}", json={"priority": 2}).status_code == 200
    assert client.simulate_put(f"/data/tasks/{task}", json={"name": "renamed"}).status_code == 403


def test_admin_only_routes_of_the_auth_plugin(scenario):
    assert scenario.client("manager").simulate_get("/data/events").status_code == 403
    assert scenario.client("user").simulate_get("/data/plugins").status_code == 403


def test_all_crud_models_are_covered_once():
    assert len(EXPECTED) == 46 and all(model_info(m).path in EXPECTED for m in CRUD_MODELS)
