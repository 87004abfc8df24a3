"""Who may read and change the breakdown, with real persons logged in (``tests/plugins/auth/scenario.py``).

As in Zou: the production's team reads castings and asset instances, except
vendors, who never see a breakdown (not even of a shot they work on);
outsiders get 404s. Only managers (and admins) change them; a refused change
leaves the database as it was.
"""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from ....auth.conftest import FAST
from ....auth.scenario import build
from .world import build_world

READERS = ("admin", "manager", "supervisor", "user", "client")
REFUSED_READERS = ("vendor", "outsider")
REFUSED_WRITERS = ("supervisor", "user", "client", "vendor", "outsider")
REFUSED = (403, 404)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("breakdown"), [])(config={"plugins": {"auth": dict(FAST)}},
                                                               actors=False)
    scenario = build(app)
    world = build_world(scenario.admin, scenario.ids["P"])
    admin = scenario.admin
    base = f"/data/projects/{world['project']}"
    for shot in ("SH010", "SH020"):
        admin.simulate_put(f"{base}/entities/{world[shot]}/casting", json=[{"asset_id": world["Hero"]}])
    admin.simulate_put(f"{base}/entities/{scenario.ids['E']}/casting", json=[{"asset_id": world["Hero"]}])
    admin.simulate_put(f"/data/assets/{world['Forest']}/casting", json=[{"asset_id": world["Lamp"]}])
    instance = admin.simulate_post(f"/data/scenes/{world['SC01']}/asset-instances", json={"asset_id": world["Hero"]})
    world["instance"] = instance.json["id"]
    admin.simulate_post(f"/data/shots/{world['SH010']}/asset-instances", json={"asset_instance_id": world["instance"]})
    admin.simulate_post(f"/data/scenes/{world['SC01']}/shots", json={"shot_id": world["SH010"]})
    world["E"] = scenario.ids["E"]  # the shot holding the vendor's task
    scenario.world = world
    yield scenario
    app.close()


READS = (
    "/data/projects/{project}/entities/{SH010}/casting",
    "/data/assets/{Forest}/casting",
    "/data/assets/{Forest}/assets",
    "/data/projects/{project}/sequences/{SQ01}/casting",
    "/data/projects/{project}/sequences/all/casting",
    "/data/projects/{project}/episodes/{E01}/sequences/all/casting",
    "/data/projects/{project}/episodes/casting",
    "/data/projects/{project}/asset-types/{type_Character}/casting",
    "/data/assets/{Hero}/cast-in",
    "/data/projects/{project}/entity-links",
    "/data/shots/{SH010}/assets",
    "/data/shots/{SH010}/asset-types",
    "/data/shots/{SH010}/asset-instances",
    "/data/scenes/{SC01}/asset-instances",
    "/data/scenes/{SC01}/camera-instances",
    "/data/scenes/{SC01}/shots",
    "/data/assets/{Hero}/asset-asset-instances",
    "/data/assets/{Hero}/scene-asset-instances",
    "/data/assets/{Hero}/shot-asset-instances",
    # The vendor's own shot: still no breakdown for them.
    "/data/projects/{project}/entities/{E}/casting",
    "/data/shots/{E}/assets",
    "/data/shots/{E}/asset-instances",
)


@pytest.mark.parametrize("template", READS)
def test_the_team_reads_the_breakdown_vendors_and_outsiders_do_not(scenario, template):
    path = template.format(**scenario.world)
    problems = []
    for role in READERS:
        answer = scenario.client(role).simulate_get(path)
        if answer.status_code != 200:
            problems.append(f"{role}: {answer.status_code}")
    for role in REFUSED_READERS:
        answer = scenario.client(role).simulate_get(path)
        if answer.status_code not in REFUSED:
            problems.append(f"{role} allowed: {answer.status_code} {answer.text[:100]}")
    assert not problems, problems


def _snapshot(app) -> tuple:
    """Everything the breakdown writes touch."""

    with app.db.connection_context():
        return (
            sorted((str(a), str(b), n, label) for a, b, n, label in m.EntityLink.select(
                m.EntityLink.entity_in, m.EntityLink.entity_out, m.EntityLink.nb_occurences,
                m.EntityLink.label).tuples()),
            sorted(str(i) for (i,) in m.AssetInstance.select(m.AssetInstance.id).tuples()),
            sorted((str(a), str(b)) for a, b in m.AssetInstanceLink.select(
                m.AssetInstanceLink.entity, m.AssetInstanceLink.asset_instance).tuples()),
            sorted((str(i), str(s), n) for i, s, n in m.Entity.select(
                m.Entity.id, m.Entity.source, m.Entity.nb_entities_out).tuples()),
            m.ApiEvent.select().count(),
        )


def _link_id(scenario, holder: str) -> str:
    with scenario.app.db.connection_context():
        return str(m.EntityLink.get(m.EntityLink.entity_in == scenario.world[holder]).id)


WRITES = {
    "replace shot casting": ("PUT", "/data/projects/{project}/entities/{SH020}/casting",
                             lambda w: [{"asset_id": w["Lamp"], "nb_occurences": 2}]),
    "replace asset casting": ("PUT", "/data/assets/{Forest}/casting", lambda w: []),
    "cast one asset": ("PUT", "/data/projects/{project}/entities/casting/assets/{Lamp}",
                       lambda w: {"entity_ids": [w["SH010"], w["SH030"]]}),
    "delete a link": ("DELETE", "/data/projects/{project}/entity-links/{link}", None),
    "instance in a scene": ("POST", "/data/scenes/{SC01}/asset-instances", lambda w: {"asset_id": w["Lamp"]}),
    "instance in an asset": ("POST", "/data/assets/{Forest}/asset-asset-instances",
                             lambda w: {"asset_to_instantiate_id": w["Lamp"]}),
    "instance in a shot": ("POST", "/data/shots/{SH020}/asset-instances",
                           lambda w: {"asset_instance_id": w["instance"]}),
    "instance out of a shot": ("DELETE", "/data/shots/{SH010}/asset-instances/{instance}", None),
    "shot to a scene": ("POST", "/data/scenes/{SC01}/shots", lambda w: {"shot_id": w["SH020"]}),
    "shot out of a scene": ("DELETE", "/data/scenes/{SC01}/shots/{SH010}", None),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_only_managers_change_the_breakdown(scenario, name):
    method, template, body = WRITES[name]
    values = {**scenario.world, "link": _link_id(scenario, "SH010") if "{link}" in template else ""}
    path = template.format(**values)
    kwargs = {"json": body(scenario.world)} if body else {}
    problems = []
    for role in REFUSED_WRITERS:
        before = _snapshot(scenario.app)
        answer = scenario.client(role).simulate_request(method, path, **kwargs)
        if answer.status_code not in REFUSED:
            problems.append(f"{role} allowed: {answer.status_code} {answer.text[:100]}")
        if _snapshot(scenario.app) != before:
            problems.append(f"{role} changed the database")
    answer = scenario.client("manager").simulate_request(method, path, **kwargs)
    if answer.status_code not in (200, 201, 204):
        problems.append(f"manager refused: {answer.status_code} {answer.text[:200]}")
    assert not problems, problems
