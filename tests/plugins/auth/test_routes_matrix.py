"""Representative routes of every plugin, for every role, allowed and refused sides,
and a walk over every registered collection route checking it scopes like its item route."""

import re

import pytest

from clapboard.plugins.data.models import Person

from .scenario import ROLES
from .test_permissions import scenario  # noqa: F401 - the shared production fixture


def test_core_routes_are_public_for_everyone(scenario):  # noqa: F811
    for role in ROLES + (None,):
        client = scenario.client(role)
        for path in ("/", "/status", "/openapi.json", "/apidocs"):
            assert client.simulate_get(path).status_code == 200, (role, path)


def test_auth_session_routes_need_a_token_and_serve_every_role(scenario):  # noqa: F811
    assert scenario.client(None).simulate_get("/auth/authenticated").status_code == 401
    for role in ROLES:
        me = scenario.client(role).simulate_get("/auth/authenticated")
        assert me.status_code == 200 and me.json["user"]["id"] == scenario.people[role], role


@pytest.mark.parametrize("role", ROLES)
def test_admin_person_actions_are_admin_only(scenario, role):  # noqa: F811
    import uuid

    with scenario.app.db.connection_context():  # a person outside the scenario: their sessions may end
        target = str(Person.create(id=uuid.uuid4(), first_name="Tar", last_name="Get", role="user",
                                   password=scenario.app.passwords.hash("target password 1")).id)
        before = bytes(Person.get_by_id(target).password)
    result = scenario.client(role).simulate_post(
        f"/actions/persons/{target}/change-password", json={"password": "reset by admin", "password_2": "reset by admin"})
    with scenario.app.db.connection_context():
        after = bytes(Person.get_by_id(target).password)
    if role == "admin":
        assert result.status_code == 200
        with scenario.app.db.connection_context():  # put it back for the other cases
            Person.update(password=before).where(Person.id == target).execute()
    else:
        assert result.status_code == 403 and after == before, role


def test_every_registered_collection_scopes_like_its_item_route(scenario):  # noqa: F811
    """Walks the app's route table: each collection with an item route, for each actor."""

    from .scenario import row_in

    app = scenario.app
    # Generic models of every enabled plugin (``metadata``'s descriptors too).
    by_path = {m._meta.crud_path: m for m in app.models if getattr(m._meta, "crud_path", None)}
    paths = {route.path for route in app.routes}
    pairs = []
    for route in app.routes:
        if "{" in route.path:  # nested collections are checked by their family's tests
            continue
        item = next((p for p in paths if re.fullmatch(re.escape(route.path) + r"/\{[a-z_]+\}", p)), None)
        if item is not None and "GET" in route.methods():
            pairs.append((route.path, item))
    assert len(pairs) >= 46
    for collection, item in pairs:
        model = by_path.get(collection.removeprefix("/data/"))
        rows = [row_in(scenario, model, "P"), row_in(scenario, model, "Q", owner="manager")] if model else []
        if collection == "/data/projects":
            rows = [{"id": scenario.ids["P"]}, {"id": scenario.ids["Q"]}]
        for role in ROLES:
            client = scenario.client(role)
            listed = client.simulate_get(collection)
            shown = _ids(listed.json) if listed.status_code == 200 else set()
            for row in rows:
                got = client.simulate_get(item.replace(item[item.rindex("{"):], row["id"]))
                assert (row["id"] in shown) == (got.status_code == 200), (collection, role)


def _ids(body) -> set:
    """Ids of the rows of a listing: a list, a page (``{"data": [rows], "total": …}``), or Zou's grouped
    answers (``{list_type: {project: [rows]}}``)."""

    if isinstance(body, dict):
        if isinstance(body.get("data"), list):
            return _ids(body["data"])
        return set().union(*(_ids(value) for value in body.values() if isinstance(value, (dict, list))))
    return {row["id"] for row in body}
