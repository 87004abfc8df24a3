"""The typed-value checks of metadata descriptors, on their own (no app, no database)."""

from __future__ import annotations

import uuid

import jsonschema
import pytest

from clapboard.errors import BadRequest
from clapboard.plugins.metadata import values

ALICE, BOB, OUTSIDER = (str(uuid.uuid4()) for _ in range(3))
TEAM = {ALICE, BOB}


def descriptor(data_type, field_name=None, choices=(), name=None, **extra):
    field_name = field_name or f"my_{data_type}"
    return {"name": name or field_name.replace("_", " ").title(), "field_name": field_name, "data_type": data_type,
            "choices": list(choices), "entity_type": "Asset", "task_type_id": None, **extra}


STATUS = ["todo", "wip", "done"]
TAGS = ["fx", "crowd", "water"]
CHECKS = ["[x] model", "[ ] rig", "[ ] lookdev"]

# data_type -> (descriptor, values accepted, (value refused, rule) pairs)
CASES = {
    "string": (descriptor("string"), ["a", "x" * values.STRING_MAX, "  spaced  "],
               [(12, "string"), (True, "string"), (["a"], "string"), ({"a": 1}, "string"),
                ("x" * (values.STRING_MAX + 1), "maxLength")]),
    "textarea": (descriptor("textarea"), ["line 1\nline 2", "x" * values.TEXTAREA_MAX],
                 [(3.5, "string"), ("x" * (values.TEXTAREA_MAX + 1), "maxLength")]),
    "number": (descriptor("number"), [0, 12, -3, 2.5, 1e20, "12", "-1.5", "+4", ".5", "2e3", "1E-2"],
               [("not a number", "number"), (True, "number"), (False, "number"), ("12,5", "number"),
                (" 12", "number"), ("1 2", "number"), ("0x10", "number"), ("NaN", "number"),
                (float("nan"), "number"), (float("inf"), "number"), ([1], "number"), ({"n": 1}, "number")]),
    "boolean": (descriptor("boolean"), [True, False, "true", "false"],
                [("yes", "boolean"), ("True", "boolean"), (1, "boolean"), (0, "boolean"), ("1", "boolean"),
                 ([True], "boolean")]),
    "date": (descriptor("date"), ["2026-12-06", "2024-02-29"],
             [("2023-02-29", "date"), ("2026-13-01", "date"), ("06/12/2026", "date"), ("2026-12-06T10:00:00", "date"),
              ("2026-1-6", "date"), (20261206, "date"), ("tomorrow", "date")]),
    "url": (descriptor("url"), ["https://example.com/a?b=c", "http://localhost:8080", "ftp://files.studio/x",
                                "file:///mnt/projects/shot.exr"],
            [("example.com", "url"), ("/relative/path", "url"), ("https://exa mple.com", "url"), ("https://", "url"),
             ("not a url", "url"), (42, "url"), ("mailto", "url")]),
    "list": (descriptor("list", choices=STATUS), STATUS,
             [("later", "enum"), ("TODO", "enum"), (1, "enum"), (["todo"], "enum")]),
    "taglist": (descriptor("taglist", choices=TAGS), [["fx"], ["fx", "water"], [], "fx", "fx,crowd", "fx, water, crowd"],
                [(["fire"], "enum"), ("fx,fire", "enum"), (["fx", "fx"], "taglist"), ([1], "taglist"),
                 (12, "taglist"), ({"fx": True}, "taglist")]),
    "checklist": (descriptor("checklist", choices=CHECKS),
                  [[{"text": "model", "checked": True}], [{"text": "rig", "checked": False},
                                                          {"text": "lookdev", "checked": True}],
                   {"model": True, "rig": False}, '{"model": true, "rig": false, "lookdev": false}', [], {}],
                  [([{"text": "paint", "checked": True}], "checklist"), ({"paint": True}, "checklist"),
                   ('{"paint": true}', "checklist"), ([{"text": "model"}], "checklist"),
                   ([{"text": "model", "checked": "yes"}], "checklist"), ({"model": "true"}, "checklist"),
                   ('{"model": 1}', "checklist"), ("model", "checklist"), ('["model"]', "checklist"),
                   ([{"text": "model", "checked": True, "extra": 1}], "checklist"),
                   ([{"text": "rig", "checked": True}, {"text": "rig", "checked": False}], "checklist"),
                   (True, "checklist"), (3, "checklist")]),
    # Values are stored as sent: only the dashed lower-case form names a person as Kitsu looks them up.
    "person": (descriptor("person"), [ALICE, BOB],
               [(OUTSIDER, "person"), ("alice", "person"), (12, "person"), ([ALICE], "person"),
                (ALICE.upper(), "person"), (ALICE.replace("-", ""), "person")]),
}


def _accepted(data_type):
    d, good, _ = CASES[data_type]
    return [(d, value) for value in good]


def _refused(data_type):
    d, _, bad = CASES[data_type]
    return [(d, value, rule) for value, rule in bad]


ACCEPTED = [case for data_type in CASES for case in _accepted(data_type)]
REFUSED = [case for data_type in CASES for case in _refused(data_type)]


def test_every_data_type_is_covered():
    from clapboard.plugins.data.models.entities import METADATA_TYPES

    assert set(CASES) == set(METADATA_TYPES) == set(values.CHECKS)


@pytest.mark.parametrize(("d", "value"), ACCEPTED, ids=lambda x: repr(x)[:40])
def test_accepted_values(d, value):
    assert values.check_value(d, value, team=TEAM) is None


@pytest.mark.parametrize(("d", "value", "rule"), REFUSED, ids=lambda x: repr(x)[:40])
def test_refused_values_name_the_field_and_the_rule(d, value, rule):
    problem = values.check_value(d, value, team=TEAM)
    assert problem is not None
    assert problem.rule == rule
    assert problem.path == f"data.{d['field_name']}"
    assert problem.message.startswith(f"data.{d['field_name']} ({d['name']}, {d['data_type']}): ")
    assert problem.message.endswith(".")


@pytest.mark.parametrize("data_type", sorted(CASES))
@pytest.mark.parametrize("cleared", [None, ""])
def test_none_and_empty_text_clear_any_type(data_type, cleared):
    assert values.check_value(CASES[data_type][0], cleared, team=TEAM) is None


def test_messages_read_well():
    frames = descriptor("number", "frames", name="Frames")
    assert values.check_value(frames, "not a number").message == \
        'data.frames (Frames, number): "not a number" is not a number.'
    status = descriptor("list", "status", choices=STATUS, name="Status")
    assert values.check_value(status, "later").message == \
        'data.status (Status, list): "later" is not one of the choices ["todo", "wip", "done"].'
    ready = descriptor("boolean", "ready", name="Ready")
    assert "is not a boolean" in values.check_value(ready, "yes").message
    long_value = "y" * 500
    shown = values.check_value(frames, long_value).message
    assert len(shown) < 150 and "…" in shown


def test_list_and_taglist_without_choices_take_any_text():
    assert values.check_value(descriptor("list"), "anything") is None
    assert values.check_value(descriptor("list"), 3).rule == "enum"
    assert values.check_value(descriptor("taglist"), ["a", "b"]) is None
    assert values.check_value(descriptor("taglist"), "a,b") is None


def test_checklist_items_follow_kitsu_choices():
    assert values.checklist_items(descriptor("checklist", choices=CHECKS)) == ["model", "rig", "lookdev"]
    # Not every choice in Kitsu's "[x] " form: the choices are the texts.
    plain = descriptor("checklist", choices=["model", "[x] rig"])
    assert values.checklist_items(plain) == ["model", "[x] rig"]
    assert values.check_value(plain, {"model": True}) is None
    assert values.check_value(descriptor("checklist"), {"anything": False}) is None


def test_person_without_team_checks_only_the_id_form():
    d = descriptor("person")
    assert values.check_value(d, OUTSIDER) is None
    assert values.check_value(d, "nobody").rule == "person"


def test_person_team_is_asked_once_and_only_when_needed():
    calls = []

    def team():
        calls.append(1)
        return [uuid.UUID(ALICE)]

    ds = [descriptor("person", "lead"), descriptor("person", "owner"), descriptor("number", "frames")]
    assert values.check_values(ds, {}, {"frames": 3}, team=team) == []
    assert calls == []
    problems = values.check_values(ds, {}, {"lead": ALICE, "owner": BOB}, team=team)
    assert [p.path for p in problems] == ["data.owner"]
    assert calls == [1]


def test_unknown_types_are_stored_as_sent():
    assert values.check_value(descriptor("colour"), {"any": "thing"}) is None


# -- whole writes -------------------------------------------------------------------

DESCRIPTORS = [descriptor("number", "frames", name="Frames"), descriptor("boolean", "ready", name="Ready"),
               descriptor("list", "status", choices=STATUS, name="Status")]


def test_only_changed_keys_are_judged():
    before = {"frames": "legacy text", "ready": "yes"}  # stored before the plugin judged anything
    assert values.check_values(DESCRIPTORS, before, {**before, "status": "wip"}) == []
    problems = values.check_values(DESCRIPTORS, before, {**before, "ready": "maybe"})
    assert [(p.path, p.rule) for p in problems] == [("data.ready", "boolean")]


def test_every_problem_is_reported():
    problems = values.check_values(DESCRIPTORS, None, {"frames": "x", "ready": 1, "status": "nope", "free": [1]})
    assert [(p.path, p.rule) for p in problems] == [
        ("data.frames", "number"), ("data.ready", "boolean"), ("data.status", "enum")]


def test_changed_keys():
    assert values.changed_keys(None, {"a": 1}) == ["a"]
    assert values.changed_keys({"a": 1, "b": 2}, {"a": 1}) == []  # removing a key is not judged
    assert values.changed_keys({"a": 1}, {"a": True}) == ["a"]  # 1 == True, but the type changed
    assert values.changed_keys({"a": [1]}, {"a": [1, 2]}) == ["a"]


def test_unknown_keys_are_free_unless_strict():
    assert values.check_values(DESCRIPTORS, {}, {"notes": {"any": ["thing"]}}) == []
    problems = values.check_values(DESCRIPTORS, {}, {"notes": 1, "frame_in": 10, "fps": "24"}, strict=True)
    assert [(p.path, p.rule) for p in problems] == [("data.notes", "unknown")]
    assert "no metadata descriptor" in problems[0].message
    # A key stored before the project turned strict does not block other edits.
    assert values.check_values(DESCRIPTORS, {"notes": 1}, {"notes": 1, "frames": 2}, strict=True) == []


def test_data_that_is_not_an_object_is_refused():
    problems = values.check_values(DESCRIPTORS, {}, ["frames", 1])
    assert [(p.path, p.rule) for p in problems] == [("data", "object")]


def test_descriptors_for_entity_and_task_types():
    task_type = uuid.uuid4()
    ds = [descriptor("string", "a"), descriptor("string", "b", entity_type="Shot"),
          descriptor("string", "c", entity_type="Task", task_type_id=str(task_type)),
          descriptor("string", "d", entity_type="Task", task_type_id=str(uuid.uuid4()))]
    assert [d["field_name"] for d in values.descriptors_for(ds, "Asset")] == ["a"]
    assert [d["field_name"] for d in values.descriptors_for(ds, "Shot")] == ["b"]
    assert [d["field_name"] for d in values.descriptors_for(ds, "Task", task_type)] == ["c"]
    assert values.descriptors_for(ds, "Task", None) == []
    assert values.descriptors_for(ds, "Edit") == []


def test_refusal_is_a_400_listing_every_problem():
    problems = values.check_values(DESCRIPTORS, {}, {"frames": "x", "ready": 2})
    error = values.refusal(problems)
    assert isinstance(error, BadRequest) and error.status == 400
    body = error.to_dict()
    assert body["error"] is True
    assert body["message"].startswith('data.frames (Frames, number): "x" is not a number.')
    assert "1 more problem" in body["message"]
    assert [e["path"] for e in body["errors"]] == ["data.frames", "data.ready"]
    assert all({"path", "rule", "message"} == set(e) for e in body["errors"])


# -- the JSON Schema agrees with the checks --------------------------------------------


def _validator(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize(("d", "value"), ACCEPTED, ids=lambda x: repr(x)[:40])
def test_schema_accepts_what_the_checks_accept(d, value):
    schema = values.data_schema([d], team_ids=TEAM if d["data_type"] != "person" else {ALICE, BOB})
    assert _validator(schema).is_valid({d["field_name"]: value})


# Refusals a JSON Schema can express (not: calendar dates, tags inside a comma-separated text,
# checklist items inside a JSON text or repeated in an array).
EXPRESSIBLE = [(d, value, rule) for d, value, rule in REFUSED
               if not (d["data_type"] == "date" and isinstance(value, str) and values._DATE.match(value))
               and not (d["data_type"] == "taglist" and isinstance(value, str))
               and not (d["data_type"] == "checklist" and isinstance(value, str))
               and not (d["data_type"] == "number" and isinstance(value, float))
               and not (d["data_type"] == "checklist" and isinstance(value, list) and len(value) == 2)]


@pytest.mark.parametrize(("d", "value", "rule"), EXPRESSIBLE, ids=lambda x: repr(x)[:40])
def test_schema_refuses_what_it_can_express(d, value, rule):
    schema = values.data_schema([d], team_ids=TEAM)
    assert not _validator(schema).is_valid({d["field_name"]: value})


def test_schema_shape():
    schema = values.data_schema(DESCRIPTORS)
    assert schema["type"] == "object" and schema["additionalProperties"] is True
    assert set(schema["properties"]) == {"frames", "ready", "status"}
    assert schema["properties"]["status"]["title"] == "Status"
    assert schema["properties"]["status"]["x-data-type"] == "list"
    strict = values.data_schema(DESCRIPTORS, strict=True)
    assert strict["additionalProperties"] is False
    assert values.RESERVED_KEYS <= set(strict["properties"])
    assert _validator(strict).is_valid({"frames": 1, "frame_in": 10})
    assert not _validator(strict).is_valid({"notes": 1})
    person = values.value_schema(descriptor("person"), team_ids=[uuid.UUID(BOB), ALICE])
    assert person["anyOf"][-1]["enum"] == sorted([ALICE, BOB])
