"""POST /import/csv/persons: Zou's columns, labels or codes, departments and studios, update mode."""

from __future__ import annotations

from clapboard.plugins.data import models as m

from .csv_support import counts, ids_of, post_csv

PATH = "/import/csv/persons"
HEADER = "First Name;Last Name;Email;Phone;Role;Departments;Studio;Country;Contract Type;Position;Seniority;" \
         "Daily Salary;Active\n"


def _persons(client) -> dict:
    return {p["email"]: p for p in client.simulate_get("/data/persons").json}


def test_an_exported_persons_file_imports(app, client):
    client.simulate_post("/data/studios", json={"name": "Annecy", "color": "#123456"})
    answer = post_csv(client, PATH, HEADER +
                      "Ada;Lovelace;Ada@Example.com;555-0101;user;Animation,Modeling;Annecy;fr;open-ended;artist;"
                      "mid;300;yes\n"
                      "Zoé;Müller;zoe@example.com;;Production Manager;;;;Freelance;Lead;Senior;;no\n")
    assert answer.status_code == 201, answer.text
    ada, zoe = answer.json
    assert ada["type"] == "Person" and ada["email"] == "ada@example.com" and ada["country"] == "FR"
    assert set(ada["departments"]) == set(ids_of(app, m.Department, ["Animation", "Modeling"]))
    assert ada["studio_id"] == ids_of(app, m.Studio, ["Annecy"])[0] and ada["daily_salary"] == 300
    assert (zoe["first_name"], zoe["last_name"], zoe["role"], zoe["contract_type"], zoe["position"],
            zoe["seniority"], zoe["active"]) == ("Zoé", "Müller", "manager", "freelance", "lead", "senior", False)
    assert "password" not in ada and ada["full_name"] == "Ada Lovelace"
    with app.db.connection_context():
        assert m.ApiEvent.select().where(m.ApiEvent.name == "person:new").count() == 2


def test_known_people_are_found_by_email_and_updated_only_when_asked(app, client):
    first = post_csv(client, PATH, "First Name,Last Name,Email,Role\nAda,Lovelace,ada@example.com,user\n").json[0]
    again = post_csv(client, PATH, "First Name,Last Name,Email,Role\nAdeline,L,ADA@example.com,supervisor\n")
    assert again.status_code == 201 and again.json[0]["id"] == first["id"]
    assert again.json[0]["first_name"] == "Ada" and again.json[0]["role"] == "user"
    updated = post_csv(client, PATH, "First Name,Last Name,Email,Role,Departments\n"
                                     "Adeline,L,ada@example.com,supervisor,Animation\n", update=True)
    assert updated.status_code == 201, updated.text
    person = client.simulate_get(f"/data/persons/{first['id']}").json
    assert (person["first_name"], person["role"]) == ("Adeline", "supervisor")
    assert person["departments"] == ids_of(app, m.Department, ["Animation"])
    assert len(_persons(client)) == 1


def test_the_same_person_twice_in_a_file_is_one_person(app, client):
    answer = post_csv(client, PATH, "First Name,Last Name,Email\nAda,L,ada@example.com\nAda,L,ada@example.com\n")
    assert answer.status_code == 201 and answer.json[0]["id"] == answer.json[1]["id"]


def test_bad_values_refuse_the_file_naming_the_line(app, client):
    before = counts(app)
    good = "Ada,L,ada@example.com,user,,\n"
    for cell, words in ((("Boss", "", ""), "Role: Boss"), (("", "Nowhere", ""), "Department not found: Nowhere"),
                        (("", "", "maybe"), "Active"), (("", "", ""), None)):
        role, departments, active = cell
        text = "First Name,Last Name,Email,Role,Departments,Active\n" + good + \
            f"Bob,M,{'' if words is None else 'bob@example.com'},{role},{departments},{active}\n"
        answer = post_csv(client, PATH, text)
        assert answer.status_code == 400 and answer.json["line_number"] == 3
        assert (words or "e-mail is required") in answer.json["message"]
    refused = post_csv(client, PATH, "First Name,Last Name,Email,Country\nAda,L,ada@example.com,France\n")
    assert refused.status_code == 400 and "Country" in refused.json["message"]
    invalid = post_csv(client, PATH, "First Name,Last Name,Email\nAda,L,not an email\n")
    assert invalid.status_code == 400 and invalid.json["line_number"] == 2
    assert counts(app) == before


def test_missing_columns_and_bots(app, client):
    missing = post_csv(client, PATH, "First Name,Email\nAda,ada@example.com\n")
    assert missing.status_code == 400 and missing.json["message"] == "A columns is missing: 'Last Name'"
    bot = client.simulate_post("/data/persons", json={"first_name": "Render", "last_name": "Bot", "is_bot": True,
                                                      "email": "render@example.com"}).json
    answer = post_csv(client, PATH, "First Name,Last Name,Email\nRender,Person,render@example.com\n")
    assert answer.status_code == 201 and answer.json[0]["id"] != bot["id"]  # bots are never matched
