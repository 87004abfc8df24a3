"""An export holds one batch of rows at a time: the first chunk is ready before the rest is read.

1,234 shots with a task each are inserted straight through peewee. Built as
the route builds it, the shots export has read exactly one batch (500 rows)
when it returns, its first chunk (header and 500 rows) already encoded; each
further chunk reads one more batch. On PostgreSQL the rows come from a named
(server-side) cursor, so the driver never holds more than a batch either.
The whole answer, read over the route, is the same bytes.
"""

from __future__ import annotations

import uuid

import pytest

from clapboard.actors import SYSTEM
from clapboard.plugins.data import models as m
from clapboard.plugins.data.crud.service import Context
from clapboard.plugins.exports import shots
from clapboard.plugins.exports.batches import BATCH
from clapboard.testing import make_client

SHOTS = 1234


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("exports-streaming"), [])()
    with app.db.connection_context(), app.transaction():
        kinds = {t.name: t.id for t in m.EntityType.select()}
        layout = m.TaskType.get(m.TaskType.name == "Layout").id
        todo = m.TaskStatus.get(m.TaskStatus.short_name == "todo").id
        project = m.Project.create(id=uuid.uuid4(), name="Long Film",
                                   project_status=m.ProjectStatus.get(m.ProjectStatus.name == "Open").id)
        sequence = m.Entity.create(id=uuid.uuid4(), name="SQ01", project=project.id, entity_type=kinds["Sequence"])
        ids = [uuid.uuid4() for _ in range(SHOTS)]
        m.Entity.insert_many([{"id": i, "name": f"SH{n:05d}", "project": project.id, "entity_type": kinds["Shot"],
                               "parent": sequence.id, "nb_frames": n, "data": {"frame_in": n}}
                              for n, i in enumerate(ids)]).execute()
        m.Task.insert_many([{"id": uuid.uuid4(), "name": "main", "project": project.id, "entity": i,
                             "task_type": layout, "task_status": todo, "duration": 30.0} for i in ids]).execute()
    yield app, str(project.id)
    app.close()


def test_the_first_chunk_is_read_before_the_rest(big):
    app, project_id = big
    with app.db.connection_context():
        export = shots.export(Context(app=app, actor=SYSTEM, params={}), project_id)
        assert export.source.fetched == BATCH < SHOTS
        chunks = iter(export.chunks)
        first = next(chunks).decode()
        assert first.count("\r\n") == BATCH + 1 and export.source.fetched == BATCH
        assert first.splitlines()[1].startswith("Long Film;;SQ01;SH00000;;0.06;0;0;;;todo;")
        seen = [export.source.fetched]
        rest = []
        for chunk in chunks:
            rest.append(chunk)
            seen.append(export.source.fetched)
    assert seen == [BATCH, 2 * BATCH, SHOTS]
    assert export.encoder.rows == SHOTS
    whole = make_client(app).simulate_get(f"/export/csv/projects/{project_id}/shots.csv").content
    assert whole == first.encode() + b"".join(rest)
    assert whole.decode().count("\r\n") == SHOTS + 1


def test_an_empty_export_is_the_header(big):
    app, project_id = big
    answer = make_client(app).simulate_get(f"/export/csv/projects/{project_id}/shots.csv?episode_id={uuid.uuid4()}")
    assert answer.status_code == 200
    assert answer.content == b"Project;Episode;Sequence;Name;Description;Time Spent;Frames;Frame In;Frame Out;FPS\r\n"
