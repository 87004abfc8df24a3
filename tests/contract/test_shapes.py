"""The shape comparison itself: what counts as the same shape."""

from __future__ import annotations

from .shapes import compare


def test_same_keys_and_types_are_the_same_shape():
    zou = {"id": "a", "name": "x", "priority": 1, "data": None, "type": "Task", "created_at": "2026-11-28T05:38:36"}
    ours = {"id": "b", "name": "y", "priority": 2, "data": {"k": 1}, "type": "Task", "created_at": "2026-11-28T06:00:00"}
    assert compare(200, zou, 200, ours) == []


def test_missing_extra_and_type_differences_are_reported():
    zou = {"a": 1, "b": "x", "c": None, "type": "Project"}
    ours = {"a": "1", "c": 3, "d": True, "type": "Entity"}
    assert compare(200, zou, 201, ours) == [
        "extra: d",
        "json-type: a zou int, ours string",
        "missing: b",
        "status: zou 200, ours 201",
        "type-value: type zou 'Project', ours 'Entity'",
    ]


def test_timestamps_must_have_no_microseconds_nor_zone():
    zou = {"created_at": "2026-11-28T05:38:36", "due_date": "2026-12-08", "end_date": None}
    ours = {"created_at": "2026-11-28T05:38:36.123456", "due_date": "2026-12-08T00:00:00",
            "end_date": "2026-12-09T00:00:00+00:00"}
    assert compare(200, zou, 200, ours) == [
        "timestamp: created_at ours '2026-11-28T05:38:36.123456'",
        "timestamp: due_date ours '2026-12-08T00:00:00'",
        "timestamp: end_date ours '2026-12-09T00:00:00+00:00'",
    ]


def test_lists_compare_their_first_items_and_envelopes_their_keys():
    assert compare(200, [{"a": 1}], 200, [{"a": 2, "b": 3}]) == ["extra: [0].b"]
    assert compare(200, [], 200, [{"a": 2}]) == []
    assert compare(200, [{"a": 1}], 200, []) == ["empty: [] ours has no item to compare"]
    zou = {"data": [{"a": 1}], "total": 1, "nb_pages": 1, "limit": 2, "offset": 0, "page": 1}
    ours = {"data": [{"a": 1.5}], "total": 1, "nb_pages": 1, "limit": 2, "offset": 0, "page": "1"}
    assert compare(200, zou, 200, ours) == ["json-type: data[0].a zou int, ours float",
                                            "json-type: page zou int, ours string"]


def test_bodies_of_different_kinds():
    assert compare(204, None, 204, None) == []
    assert compare(204, None, 400, {"error": True}) == ["body: zou null, ours object", "status: zou 204, ours 400"]
    assert compare(200, [], 200, {"data": []}) == ["body: zou array, ours object"]
