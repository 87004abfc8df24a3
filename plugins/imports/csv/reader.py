"""Reading a CSV as spreadsheets write it: UTF-8 with or without BOM, ``,`` or ``;``, CRLF, quoted newlines.

``parse`` gives the header and the rows as dicts keyed by the header's
(stripped) names, each with the line number where it starts in the file (the
header is line 1), which is what an error names: ``{error, message,
line_number}``. A cell an export escaped against formulas (``'=…``) reads as
it was before the escape. Limits (``[plugins.imports] max_rows``, ``max_columns``) are
checked while reading. Empty lines are skipped, as spreadsheets leave them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from clapboard.errors import BadRequest

DELIMITERS = ",;"


class CsvError(BadRequest):
    """A refused file or line: Zou's ``{error, message, line_number, imported_rows}``."""

    def __init__(self, message: str, line_number: int | None = None, **details):
        super().__init__(message, line_number=line_number, imported_rows=0, **details)


@dataclass
class Row:
    line_number: int
    values: dict[str, str]

    def get(self, *names: str, default: str = "") -> str:
        """The first of ``names`` present and not empty (Zou accepts aliases: "Frame In" / "In"), stripped."""

        for name in names:
            value = self.values.get(name)
            if value is not None and value.strip() != "":
                return value.strip()
        return default


@dataclass
class Table:
    columns: list[str]
    rows: list[Row] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return name in self.columns


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise CsvError("The file is not UTF-8 text (save it as CSV UTF-8).", line) from exc


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ";" if first.count(";") > first.count(",") else ","


# Cells our exports (and spreadsheets) escaped with a leading quote so that they are not run as formulas.
_ESCAPED = ("'=", "'+", "'-", "'@", "'\t", "'\r")


def _unescaped(cell: str) -> str:
    """A cell as it was before the export escaped it (``'=SUM(A1)`` -> ``=SUM(A1)``)."""

    return cell[1:] if cell.startswith(_ESCAPED) else cell


def _named_assignations(columns: list[str]) -> list[str]:
    """Name each bare "Assignations" column after the column before it ("Animation assignations").

    Zou's exports follow every task type column with an "Assignations" column
    of the same name; naming them after their task type keeps them apart, so an
    exported file imports as it is.
    """

    return [f"{columns[i - 1]} assignations" if name.lower() == "assignations" and i > 0 and columns[i - 1]
            else name for i, name in enumerate(columns)]


def parse(data: bytes, max_rows: int, max_columns: int, required: tuple[str, ...] = ()) -> Table:
    """The table of ``data``; a ``CsvError`` names the line of the first problem."""

    text = _text(data)
    if not text.strip():
        raise CsvError("The file is empty.", 1)
    if "\x00" in text:  # no database keeps it in text; Python's csv module reads it
        raise CsvError("The file holds a NUL character: it is not text.", text[:text.index("\x00")].count("\n") + 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        header = next(reader)
        columns = _named_assignations([name.strip() for name in header])
        if len(columns) > max_columns:
            raise CsvError(f"The file has {len(columns)} columns; at most {max_columns} are read.", 1)
        duplicated = sorted({c for c in columns if c and columns.count(c) > 1})
        if duplicated:
            raise CsvError(f"Column {duplicated[0]!r} appears more than once.", 1)
        missing = [name for name in required if name not in columns]
        if missing:
            raise CsvError(f"A columns is missing: '{missing[0]}'", 2)
        table = Table(columns)
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(columns):
                raise CsvError(f"Line {line} has {len(cells)} cells for {len(columns)} columns.", line)
            if len(table.rows) >= max_rows:
                raise CsvError(f"The file has more than {max_rows} lines of data.", line)
            cells = [_unescaped(cell) for cell in cells]
            table.rows.append(Row(line, dict(zip(columns, cells + [""] * (len(columns) - len(cells))))))
    except csv.Error as exc:
        raise CsvError(f"The file is not valid CSV: {exc}.", reader.line_num or 1) from exc
    return table


def parse_upload(app, upload_data: bytes, required: tuple[str, ...] = ()) -> Table:
    limits = app.config.plugin("imports")
    return parse(upload_data, limits["max_rows"], limits["max_columns"], required)
