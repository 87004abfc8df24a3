"""``conversion.convert``: one stored value under a descriptor's new type, pure (no database)."""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.metadata.conversion import Outcome, convert, needs_conversion


def _d(data_type, choices=None):
    return {"name": "Field", "field_name": "field", "data_type": data_type, "choices": choices or []}


@pytest.mark.parametrize("value, before, after, expected", [
    ("12", _d("string"), _d("number"), Outcome(12, changed=True)),
    ("+3.25", _d("string"), _d("number"), Outcome(3.25, changed=True)),
    (12, _d("number"), _d("number", ["x"]), Outcome(12)),  # same type, choices meaningless: left alone
    (7, _d("number"), _d("textarea"), Outcome("7", changed=True)),
    (True, _d("boolean"), _d("string"), Outcome("true", changed=True)),
    ("Y", _d("string"), _d("boolean"), Outcome("true", changed=True)),
    (0, _d("number"), _d("boolean"), Outcome("false", changed=True)),
    ("false", _d("string"), _d("boolean"), Outcome("false")),  # already in Kitsu's form
    (["red"], _d("taglist"), _d("list", ["red"]), Outcome("red", changed=True)),
    ("red,", _d("taglist"), _d("list", ["red"]), Outcome("red", changed=True)),
    (["red", "blue", "red"], _d("string"), _d("taglist"), Outcome("red,blue", changed=True)),
    ("red", _d("list", ["red"]), _d("taglist", ["red"]), Outcome("red")),  # a one-tag taglist is the tag
    (3, _d("number"), _d("list", ["3"]), Outcome("3", changed=True)),
    ({"a": True}, _d("string"), _d("checklist", ["[x] a"]), Outcome('{"a":true}', changed=True)),
    ([{"text": "a", "checked": False}], _d("string"), _d("checklist"), Outcome('{"a":false}', changed=True)),
    ('{"a":true}', _d("string"), _d("checklist"), Outcome('{"a":true}')),
    (" 2026-01-31 ", _d("string"), _d("date"), Outcome("2026-01-31", changed=True)),
    (" https://example.com ", _d("string"), _d("url"), Outcome("https://example.com", changed=True)),
    (None, _d("string"), _d("number"), Outcome(None)),
    ("", _d("string"), _d("boolean"), Outcome("")),
    ("anything", _d("string"), _d("colour"), Outcome("anything")),  # a type this version does not know
])
def test_convertible_values(value, before, after, expected):
    assert convert(value, before, after) == expected


@pytest.mark.parametrize("value, before, after, rule", [
    ("n/a", _d("string"), _d("number"), "is not a number"),
    ("1e999", _d("string"), _d("number"), None),  # too large for a float: kept, fits as a number text
    ("maybe", _d("string"), _d("boolean"), "is not a boolean"),
    (2, _d("number"), _d("boolean"), "is not a boolean"),
    ("green", _d("list", ["red", "green"]), _d("list", ["red"]), "is not one of the choices"),
    ("red,green", _d("taglist"), _d("taglist", ["red"]), 'the tag "green"'),
    ("2026-02-30", _d("string"), _d("date"), "not a calendar date"),
    ("x" * 1001, _d("textarea"), _d("string"), "longer than 1,000"),
    ("not json", _d("string"), _d("checklist"), "is not a checklist"),
    ("Alice", _d("string"), _d("person"), "is not a person id"),
    ({"nested": [1]}, _d("string"), _d("string"), "is not a string"),  # same type: judged, never rewritten
])
def test_values_that_cannot_be_converted_are_kept_as_stored(value, before, after, rule):
    outcome = convert(value, before, after)
    assert outcome.value == value and outcome.changed is False
    if rule is None:
        assert outcome.problem is None
    else:
        assert outcome.problem.startswith(f"data.field (Field, {after['data_type']}): ") and rule in outcome.problem


def test_person_ids_are_normalised_and_judged_against_the_team():
    member = uuid.uuid4()
    team = [str(member)]
    assert convert(str(member).upper(), _d("string"), _d("person"), team) == Outcome(str(member), changed=True)
    outsider = convert(str(uuid.uuid4()), _d("string"), _d("person"), team)
    assert outsider.changed is False and "not a person of the project's team" in outsider.problem


@pytest.mark.parametrize("before, after, expected", [
    (_d("string"), _d("number"), True),
    (_d("list", ["a", "b"]), _d("list", ["a"]), True),
    (_d("taglist", ["a"]), _d("taglist", ["a"]), False),
    (_d("number", []), _d("number", ["ignored"]), False),
    ({"data_type": None}, _d("string"), False),  # no type is a string
])
def test_needs_conversion(before, after, expected):
    assert needs_conversion(before, after) is expected
