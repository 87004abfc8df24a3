"""``/import/shotgun/errors``: what ShotGrid imports could not take (the ``data_import_error`` rows).

Imports record every refused item here (``event_data``: ``{kind, index, entry,
message, errors}``); a client may record failures of its own (Zou's bridges
post ShotGrid event log entries). Listed oldest first; deleted one by one.
"""

from __future__ import annotations

from clapboard.errors import BadRequest, NotFound
from clapboard.plugins.data.crud import rows
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.crud.values import parse_id
from clapboard.plugins.data.models import DataImportError

from .batch import SOURCE


def _rows(*conditions) -> list[dict]:
    model = DataImportError
    query = rows.select(info(model)).where(model.source == SOURCE, *conditions).order_by(model.created_at, model.id)
    return rows.fetch_page(info(model), query, False)


def list_errors() -> list[dict]:
    return _rows()


def add_error(body) -> dict:
    if not isinstance(body, dict):
        raise BadRequest("Send the error to record as a JSON object.")
    row = DataImportError.create(source=SOURCE, event_data=body)
    return _rows(DataImportError.id == row.id)[0]


def delete_error(error_id: str) -> None:
    try:
        row_id = parse_id(error_id)
    except BadRequest as exc:
        raise NotFound(f"Import error {error_id} not found.") from exc
    deleted = DataImportError.delete().where(DataImportError.id == row_id, DataImportError.source == SOURCE).execute()
    if not deleted:
        raise NotFound(f"Import error {error_id} not found.")
