"""Department membership, department equipment and the salary grid of departments."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m
from clapboard.plugins.data.models.people import POSITIONS, SENIORITIES

from ..counting import queries
from ..production.tasks.world import REFUSED, build_world, close, shape_diffs

OTHERS = ("manager", "supervisor", "user", "client", "vendor", "outsider")


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "people-departments")
    admin = world.admin
    with world.db():
        world.ids.update({d.name: str(d.id) for d in m.Department.select()})
    for key, path, body in (
            ("MAYA", "/data/softwares", {"name": "Maya", "short_name": "ma", "file_extension": "ma"}),
            ("HOUDINI", "/data/softwares", {"name": "Houdini", "short_name": "hip", "file_extension": "hip"}),
            ("WORKSTATION", "/data/hardware-items", {"name": "Workstation", "short_name": "ws"}),
            ("TABLET", "/data/hardware-items", {"name": "Tablet", "short_name": "tab"})):
        answer = admin.simulate_post(path, json=body)
        assert answer.status_code == 201, answer.text
        world.ids[key] = answer.json["id"]
    yield world
    close(world)


def _departments(w, role) -> list:
    return w.admin.simulate_get(f"/data/persons/{w.person(role)}").json["departments"]


def _updates(w, role) -> int:
    return [e["person_id"] for e in w.events("person:update")].count(w.person(role))


def test_admins_add_and_remove_department_members(w):
    path, updates = f"/actions/persons/{w.person('user')}/departments", _updates(w, "user")
    added = w.admin.simulate_post(path + "/add", json={"department_id": w.ids["Layout"]})
    assert added.status_code == 201 and added.json["departments"] == [w.ids["Layout"]]
    assert added.json["id"] == w.person("user") and added.json["type"] == "Person"
    assert shape_diffs("POST__actions__persons__{id}__departments__add.json", added) == []
    again = w.admin.simulate_post("/api" + path + "/add", json={"department_id": w.ids["Layout"]})
    assert again.status_code == 201 and again.json["departments"] == [w.ids["Layout"]]
    w.admin.simulate_post(path + "/add", json={"department_id": w.ids["FX"]})
    assert sorted(_departments(w, "user")) == sorted([w.ids["Layout"], w.ids["FX"]])
    removed = w.admin.simulate_delete(f"{path}/{w.ids['Layout']}")
    assert removed.status_code == 204 and _departments(w, "user") == [w.ids["FX"]]
    assert shape_diffs("DELETE__actions__persons__{id}__departments__{id}.json", removed) == []
    assert w.admin.simulate_delete(f"{path}/{w.ids['Layout']}").status_code == 204  # not a member: nothing to do
    assert _updates(w, "user") == updates + 3  # the changes only


def test_bad_membership_requests(w):
    path = f"/actions/persons/{w.person('user')}/departments"
    for body in ({}, {"department_id": "nope"}, {"department_id": 3}, []):
        answer = w.admin.simulate_post(path + "/add", json=body)
        assert answer.status_code == 400 and answer.json["error"] is True, body
    unknown = w.admin.simulate_post(path + "/add", json={"department_id": w.ids["P"]})
    assert unknown.status_code == 400 and unknown.json["message"] == "Department ID matches no department"
    assert w.admin.simulate_delete(f"{path}/{w.ids['P']}").status_code == 400
    assert w.admin.simulate_delete(f"{path}/nope").status_code == 400
    assert w.admin.simulate_post(f"/actions/persons/{w.ids['P']}/departments/add",
                                 json={"department_id": w.ids["FX"]}).status_code == 404


def test_only_admins_change_memberships(w):
    before = w.count(m.DepartmentLink)
    for role in OTHERS:
        for target in (role, "user"):  # not even their own
            path = f"/actions/persons/{w.person(target)}/departments"
            assert w.client(role).simulate_post(path + "/add", json={"department_id": w.ids["Modeling"]}
                                                ).status_code in REFUSED, role
            assert w.client(role).simulate_delete(f"{path}/{w.ids['Animation']}").status_code in REFUSED, role
    assert w.count(m.DepartmentLink) == before
    assert _departments(w, "supervisor") == [w.ids["Animation"]]


def test_department_software_and_hardware(w):
    ids, admin = w.ids, w.admin
    for kind, item in (("software-licenses", "MAYA"), ("software-licenses", "HOUDINI"),
                       ("hardware-items", "WORKSTATION")):
        key = "software_id" if kind == "software-licenses" else "hardware_item_id"
        link = admin.simulate_post(f"/data/departments/{ids['Animation']}/{kind}", json={key: ids[item]})
        assert link.status_code == 201, link.text
        assert (link.json["department_id"], link.json[key]) == (ids["Animation"], ids[item])
    fx = f"/data/departments/{ids['FX']}/software-licenses"
    admin.simulate_post(fx, json={"software_id": ids["HOUDINI"]})
    again = admin.simulate_post(fx, json={"software_id": ids["HOUDINI"]})
    assert again.status_code == 201 and again.json["type"] == "SoftwareDepartmentLink"
    software = admin.simulate_get("/api/data/departments/software-licenses").json
    assert {d: [s["name"] for s in rows] for d, rows in software.items()} == {
        ids["Animation"]: ["Houdini", "Maya"], ids["FX"]: ["Houdini"]}
    hardware = admin.simulate_get("/data/departments/hardware-items").json
    assert list(hardware) == [ids["Animation"]] and hardware[ids["Animation"]][0]["type"] == "HardwareItem"
    one = admin.simulate_get(f"/data/departments/{ids['Animation']}/software-licenses/{ids['MAYA']}")
    assert one.status_code == 200 and one.json["id"] == ids["MAYA"]
    assert shape_diffs("POST__data__softwares.json", one, allowed=("status: *",)) == []
    item = admin.simulate_get(f"/data/departments/{ids['Animation']}/hardware-items/{ids['WORKSTATION']}")
    assert item.json["name"] == "Workstation"
    assert admin.simulate_get(f"/data/departments/{ids['FX']}/software-licenses/{ids['MAYA']}").status_code == 404
    assert admin.simulate_get(f"/data/departments/{ids['Animation']}/hardware-items/{ids['TABLET']}"
                              ).status_code == 404
    gone = admin.simulate_delete(f"/data/departments/{ids['Animation']}/software-licenses/{ids['MAYA']}")
    assert gone.status_code == 204
    admin.simulate_delete(f"/data/departments/{ids['Animation']}/hardware-items/{ids['WORKSTATION']}")
    assert admin.simulate_get("/data/departments/hardware-items").json == {}
    assert [s["name"] for s in admin.simulate_get("/data/departments/software-licenses").json[ids["Animation"]]] \
        == ["Houdini"]


def test_bad_equipment_requests(w):
    ids, admin = w.ids, w.admin
    base = f"/data/departments/{ids['Layout']}"
    for body in ({}, {"software_id": "nope"}, {"hardware_item_id": ids["TABLET"]}, []):
        answer = admin.simulate_post(base + "/software-licenses", json=body)
        assert answer.status_code == 400 and answer.json["error"] is True, body
    assert admin.simulate_post(base + "/software-licenses", json={"software_id": ids["TABLET"]}).status_code == 404
    assert admin.simulate_post(f"/data/departments/{ids['P']}/hardware-items",
                               json={"hardware_item_id": ids["TABLET"]}).status_code == 404
    assert admin.simulate_post("/data/departments/nope/hardware-items",
                               json={"hardware_item_id": ids["TABLET"]}).status_code == 400
    assert admin.simulate_get(f"{base}/hardware-items/nope").status_code == 400
    assert admin.simulate_delete(f"{base}/hardware-items/{ids['MAYA']}").status_code == 404


def test_equipment_is_for_admins_only(w):
    ids = w.ids
    admin_link = w.admin.simulate_post(f"/data/departments/{ids['Lighting']}/hardware-items",
                                       json={"hardware_item_id": ids["TABLET"]})
    assert admin_link.status_code == 201
    before = (w.count(m.SoftwareDepartmentLink), w.count(m.HardwareItemDepartmentLink))
    base = f"/data/departments/{ids['Lighting']}"
    for role in OTHERS:
        client = w.client(role)
        for path in ("/data/departments/software-licenses", "/data/departments/hardware-items",
                     f"{base}/hardware-items/{ids['TABLET']}"):
            assert client.simulate_get(path).status_code in REFUSED, (role, path)
        assert client.simulate_post(base + "/software-licenses",
                                    json={"software_id": ids["MAYA"]}).status_code in REFUSED, role
        assert client.simulate_delete(f"{base}/hardware-items/{ids['TABLET']}").status_code in REFUSED, role
    assert (w.count(m.SoftwareDepartmentLink), w.count(m.HardwareItemDepartmentLink)) == before


def test_a_new_department_gets_its_salary_grid(w):
    created = w.admin.simulate_post("/data/departments", json={"name": "Matte Painting", "color": "#123456"})
    assert created.status_code == 201, created.text
    department = created.json["id"]
    scales = [s for s in w.admin.simulate_get("/data/salary-scales").json if s["department_id"] == department]
    assert sorted((s["position"], s["seniority"]) for s in scales) == sorted(
        (p, s) for p in POSITIONS for s in SENIORITIES)
    assert {s["salary"] for s in scales} == {0} and scales[0]["type"] == "SalaryScale"
    # Every default department has its grid from init-db.
    every = w.admin.simulate_get("/data/salary-scales").json
    assert {s["department_id"] for s in every} >= {w.ids["Animation"], w.ids["Layout"]}
    assert len(every) == 9 * w.count(m.Department)
    assert w.client("manager").simulate_get("/data/salary-scales").status_code == 200
    assert w.client("user").simulate_get("/data/salary-scales").status_code in REFUSED
    # The grid goes with its department.
    assert w.admin.simulate_delete(f"/data/departments/{department}").status_code == 204
    assert w.count(m.SalaryScale, m.SalaryScale.department == department) == 0


def test_equipment_lists_cost_the_same_queries_whatever_their_length(w):
    paths = ("/data/departments/software-licenses", "/data/departments/hardware-items")
    before = [queries(w.admin, path) for path in paths]
    for n in range(3):
        software = w.admin.simulate_post("/data/softwares", json={
            "name": f"Tool {n}", "short_name": f"t{n}", "file_extension": "x"}).json["id"]
        hardware = w.admin.simulate_post("/data/hardware-items", json={"name": f"Box {n}", "short_name": f"b{n}"}
                                         ).json["id"]
        for department in ("Layout", "Compositing"):
            w.admin.simulate_post(f"/data/departments/{w.ids[department]}/software-licenses",
                                  json={"software_id": software})
            w.admin.simulate_post(f"/data/departments/{w.ids[department]}/hardware-items",
                                  json={"hardware_item_id": hardware})
    assert [queries(w.admin, path) for path in paths] == before
