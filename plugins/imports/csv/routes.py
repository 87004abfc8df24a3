"""``POST /import/csv/…``: one route per kind of ``kinds.KINDS``, all run the same way.

The actor is checked first (a refused one learns nothing about the file),
the upload is read and parsed outside any transaction, then the import runs
as one unit of work (retried whole on a conflict, events after commit): the
answer is 201 with the imported rows, or Zou's ``{error, message,
line_number, imported_rows: 0}`` with nothing written.
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route
from clapboard.plugins.data.actors import acting_person
from clapboard.plugins.data.engine import context
from clapboard.plugins.data.production.entities.rows import read_project
from clapboard.transactions import in_transaction

from ..uploads import read_upload
from .job import Job, run, update_flag
from .kinds import KINDS, Kind

UPDATE_PARAMETER = {"name": "update", "in": "query", "schema": {"type": "boolean", "default": False},
                    "description": "Update the rows the file names that exist already (default: leave them)."}


class CsvImport:
    def __init__(self, kind: Kind):
        self.kind = kind

    def on_post(self, req, resp, **fields):
        ctx = context(req)
        job = Job(ctx, self.kind, None, update=update_flag(req.params), options=dict(fields),
                  author=acting_person(ctx.actor))
        if self.kind.project:
            job.project = read_project(ctx, fields["project_id"])
        self.kind.load().check(job)
        job.read(read_upload(req).data)

        def work(req, resp):
            resp.media = run(job)
            resp.status = falcon.HTTP_201

        in_transaction(req, resp, work)


def _route(kind: Kind, path: str) -> Route:
    return Route(path, CsvImport(kind), tags=("imports",), transaction=False, operations={"POST": Operation(
        summary=kind.summary, request_schema="imports/csv-upload", request_content_type="multipart/form-data",
        response_schema=kind.answer,
        status=201, parameters=(UPDATE_PARAMETER,),
        description="A CSV file (UTF-8 with or without BOM, ',' or ';' separated) in the part 'file'. All or "
                    "nothing: the first bad line refuses the file with {error, message, line_number, "
                    "imported_rows: 0} and nothing is written.")})


def routes(app=None) -> list[Route]:
    return [_route(kind, path) for kind in KINDS.values() for path in (kind.path, *kind.extra_paths)]
