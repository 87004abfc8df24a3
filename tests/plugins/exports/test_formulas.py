"""Cells a spreadsheet would run as a formula are escaped with a leading ``'`` unless turned off.

Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
escaped — a description, a descriptor's name in the header, a metadata value —
but a plain number is not, whether stored as a number or as text (a frame
``-5``, Kitsu's ``"-5"``): a spreadsheet reads it as a number and so must the
import. ``[plugins.exports] escape_formulas = false`` gives Zou's bytes.
"""

from __future__ import annotations

import pytest

from clapboard.plugins.exports.csvfile import escape_formula, slug
from clapboard.testing import make_client

from .conftest import rows


@pytest.mark.parametrize("cell, expected", [
    ("=1+1", "'=1+1"), ("+A1", "'+A1"), ("-A1", "'-A1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\r=x", "'\r=x"), ("-1+2", "'-1+2"), ("-", "'-"), ("+33 6 12 34 56", "'+33 6 12 34 56"),
    ("-5", "-5"), ("+3", "+3"), ("-5.25", "-5.25"), ("-1e3", "-1e3"), ("-.5", "-.5"),
    ("", ""), ("a=b", "a=b"), ("Hero", "Hero"), (" =x", " =x"), ("'=x", "'=x"),
])
def test_escape_formula(cell, expected):
    assert escape_formula(cell) == expected


@pytest.mark.parametrize("name, expected", [
    ("Élan Film shots", "elan_film_shots"), ("Bob's Film assets", "bob_s_film_assets"),
    ("Straße 1,000 edits", "strasse_1000_edits"), ("  --A  b--  ", "a_b"), ("日本 shots", "shots"),
])
def test_attachment_slugs_follow_zou(name, expected):
    assert slug(name) == expected


def _production(app):
    client = make_client(app)
    project = client.simulate_post("/data/projects", json={"name": "Formulas"}).json["id"]
    base = f"/data/projects/{project}/metadata-descriptors"
    if client.simulate_post(base, json={"entity_type": "Shot", "name": "=Evil"}).status_code != 201:
        pytest.fail("descriptor refused")
    sequence = client.simulate_post(f"/data/projects/{project}/sequences", json={"name": "@SQ"}).json["id"]
    shot = client.simulate_post(f"/data/projects/{project}/shots", json={
        "name": "SH1", "sequence_id": sequence, "description": "=cmd|' /C calc'!A0", "frame_in": -5,
        "data": {"evil": "+SUM(1)", "frame_out": "-2"}})
    assert shot.status_code == 201, shot.text
    return client, project


def test_on_by_default(make_app):
    client, project = _production(make_app())
    lines = rows(client.simulate_get(f"/export/csv/projects/{project}/shots.csv"))
    assert lines[0].endswith(";FPS;'=Evil")
    assert lines[1] == "Formulas;;'@SQ;SH1;'=cmd|' /C calc'!A0;0.00;;-5;-2;;'+SUM(1)"


def test_off_gives_zous_bytes(make_app):
    client, project = _production(make_app(config={"plugins": {"exports": {"escape_formulas": False}}}))
    lines = rows(client.simulate_get(f"/export/csv/projects/{project}/shots.csv"))
    assert lines[0].endswith(";FPS;=Evil")
    assert lines[1] == "Formulas;;@SQ;SH1;=cmd|' /C calc'!A0;0.00;;-5;-2;;+SUM(1)"
