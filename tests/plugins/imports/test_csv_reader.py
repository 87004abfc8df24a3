"""The CSV reader every import shares: spreadsheet dialects, line numbers, limits."""

from __future__ import annotations

import pytest

from clapboard.plugins.imports.csv.reader import CsvError, parse


def _parse(data: bytes, **limits):
    return parse(data, limits.get("max_rows", 100), limits.get("max_columns", 20), limits.get("required", ()))


@pytest.mark.parametrize(("data", "second_line"), [
    (b"Name,Description\r\nSH010,\"two\r\nlines\"\r\nSH020,plain\r\n", 4),
    ("\ufeffName;Description\r\nSH010;\"two\r\nlines\"\r\nSH020;plain\r\n".encode("utf-8"), 4),
    (b"Name;Description\nSH010;\"two\r\nlines\"\n\nSH020;plain", 5),
])
def test_spreadsheet_dialects_read_alike(data, second_line):
    table = _parse(data)
    assert table.columns == ["Name", "Description"]
    assert [(r.line_number, r.values) for r in table.rows] == [
        (2, {"Name": "SH010", "Description": "two\r\nlines"}),
        (second_line, {"Name": "SH020", "Description": "plain"}),
    ]


def test_line_numbers_count_quoted_newlines_and_blank_lines():
    table = _parse(b"Name,Notes\nA,\"x\ny\nz\"\n\nB,w\n")
    assert [(r.line_number, r.values["Name"]) for r in table.rows] == [(2, "A"), (6, "B")]


def test_non_ascii_and_semicolons_inside_quotes():
    table = _parse("Nom;Description\nÉté;\"a;b\"\n".encode("utf-8"))
    assert table.rows[0].values == {"Nom": "Été", "Description": "a;b"}


@pytest.mark.parametrize(("data", "limits", "line", "words"), [
    (b"", {}, 1, "empty"),
    (b"\xff\xfeN\x00", {}, 1, "UTF-8"),
    (b"Name,Name\nA,B\n", {}, 1, "more than once"),
    (b"Type,Description\nProp,x\n", {"required": ("Name",)}, 2, "'Name'"),
    (b"Name\nA\nB\nC\n", {"max_rows": 2}, 4, "more than 2"),
    (b"A,B,C\n1,2,3\n", {"max_columns": 2}, 1, "columns"),
    (b"Name\nA,extra\n", {}, 2, "cells"),
    (b"Name,Notes\nA,\"unclosed\n", {}, 2, "not valid CSV"),
    (b"Name,Notes\nA,b\nB,c\x00d\n", {}, 3, "NUL"),
])
def test_refusals_name_the_line(data, limits, line, words):
    with pytest.raises(CsvError) as refused:
        _parse(data, **limits)
    assert refused.value.details["line_number"] == line and words in refused.value.message


def test_bare_assignations_columns_are_named_after_the_column_before():
    """Kitsu's exports repeat "Assignations" after each task type column: kept apart, not refused."""

    table = _parse(b"Name;Animation;Assignations;Compositing;assignations\nSH010;wip;Ann;todo;Bob,Cid\n")
    assert table.columns == ["Name", "Animation", "Animation assignations", "Compositing",
                             "Compositing assignations"]
    assert table.rows[0].get("Compositing assignations") == "Bob,Cid"


def test_cells_escaped_against_formulas_read_as_they_were():
    table = _parse(b"Name,Notes\nA,'=SUM(A1)\nB,'-5 days\nC,'plain quote\n")
    assert [r.values["Notes"] for r in table.rows] == ["=SUM(A1)", "-5 days", "'plain quote"]
