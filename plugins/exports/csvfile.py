"""The bytes of an export: Zou's CSV dialect, formula escaping, file names, chunks.

Zou writes its CSV files with Python's ``csv`` module, ``;`` as delimiter,
minimal quoting and ``\\r\\n`` line ends, every cell turned to text with
``str`` (``None`` is empty): the same writer here gives the same bytes. The
answer is streamed a batch of rows per chunk (about 500 rows); the first
chunk, which holds the header, is computed before the response starts, so a
failing query is still a JSON error.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

# Content types as Zou sends them: ``build_csv_response`` (the per-project and
# playlist exports) sets ``text/csv``, the streamed studio-wide exports get
# Flask's ``text/csv; charset=utf-8``.
PROJECT_CSV = "text/csv"
STUDIO_CSV = "text/csv; charset=utf-8"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number a spreadsheet reads as a number ("-5", "+1.5e3"): never a formula, never escaped.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")
# Latin letters NFKD does not decompose, spelled as Zou's transliteration (python-slugify) spells them.
_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "đ": "d",
                          "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D"})

Row = list
Batches = Iterable[list[Row]]


def text(value) -> str:
    """A cell as Python's ``csv`` writer turns it to text (``None`` is empty)."""

    return "" if value is None else value if isinstance(value, str) else str(value)


def escape_formula(cell: str) -> str:
    """``cell`` prefixed with ``'`` when a spreadsheet would run it as a formula.

    Only text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return is escaped, and not when it is a plain number (a frame ``-5``, a
    count ``+3``): a spreadsheet reads those as numbers, and escaping them
    would turn numbers into text on the way back in.
    """

    if cell and cell[0] in FORMULA_STARTS and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def slug(name: str) -> str:
    """Lowercase ASCII words joined by ``_``, as python-slugify makes Zou's file names.

    Quotes separate words, a comma between digits goes, accents are folded;
    letters of scripts without an ASCII spelling are left out (Zou spells
    them with ``unidecode``, a dependency not worth a file name).
    """

    folded = unicodedata.normalize("NFKD", name.replace("'", "-").translate(_LETTERS))
    folded = _DIGIT_COMMA.sub("", folded.encode("ascii", "ignore").decode("ascii").lower())
    return _NOT_WORD.sub("_", folded).strip("_")


def file_name(name: str) -> str:
    """Zou's attachment name: ``kitsu_<slug>.csv``."""

    return f"kitsu_{slug(name)}.csv"


class Encoder:
    """Rows to CSV bytes, escaping formulas or not; counts the data rows written."""

    def __init__(self, escape: bool):
        self.escape = escape
        self.rows = 0

    def encode(self, rows: Iterable[Row], counted: bool = True) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        escape = escape_formula if self.escape else None
        for row in rows:
            cells = [text(cell) for cell in row]
            if escape is not None:
                cells = [escape(cell) for cell in cells]
            writer.writerow(cells)
            if counted:
                self.rows += 1
        return buffer.getvalue().encode("utf-8")


@dataclass
class Export:
    """One CSV answer: its attachment name, content type and chunks (the first already computed).

    ``total`` counts the data rows to come (for progress bars; ``None`` when
    unknown); ``encoder.rows`` the data rows written so far.
    """

    name: str
    content_type: str
    chunks: Iterator[bytes]
    encoder: Encoder
    total: Callable[[], int] | None = field(default=None)
    source: object = None  # the reader of the rows (``BatchReader.fetched``), when there is one

    @property
    def disposition(self) -> str:
        return f"attachment; filename={self.name}"


def build(name: str, content_type: str, headers: list[Row], batches: Batches, escape: bool,
          total: Callable[[], int] | None = None, source: object = None) -> Export:
    """An ``Export`` whose header lines and first batch of rows are already read and encoded."""

    encoder = Encoder(escape)
    pending = iter(batches)
    first = next(pending, [])
    head = encoder.encode(headers, counted=False) + encoder.encode(first)

    def chunks() -> Iterator[bytes]:
        yield head
        for batch in pending:
            if batch:
                yield encoder.encode(batch)

    return Export(name=file_name(name), content_type=content_type, chunks=chunks(), encoder=encoder, total=total,
                  source=source)


def escaping(app) -> bool:
    """``[plugins.exports] escape_formulas`` (on unless turned off)."""

    return bool(app.config.plugin("exports").get("escape_formulas", True))
