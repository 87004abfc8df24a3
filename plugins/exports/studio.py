"""``GET /export/csv/projects.csv`` and ``/export/csv/task-types.csv``: the studio's reference lists.

As Zou's ``ProjectsCsvExport`` (Name, Status: every project with a status,
by name) and ``TaskTypesCsvExport`` (Department, Name: every task type that
has a department, by department then name). Both are attachments named
``kitsu_export.csv``, as Zou names them; admins and managers only.
"""

from __future__ import annotations

from clapboard.plugins.data.models import Department, Project, ProjectStatus, TaskType

from . import csvfile
from .access import require_studio
from .batches import BatchReader
from .http import route


def rows_of(reader: BatchReader):
    for batch in reader:
        yield [list(values) for values in batch]



def projects(ctx):
    """Every project's name and status, as CSV."""

    require_studio(ctx)
    fields = [Project.name, ProjectStatus.name]
    query = (Project.select(*fields).join(ProjectStatus, on=(Project.project_status == ProjectStatus.id))
             .order_by(Project.name, Project.id))
    reader = BatchReader(ctx.app.db, query)
    return csvfile.build("export", csvfile.STUDIO_CSV, [["Name", "Status"]], rows_of(reader),
                         csvfile.escaping(ctx.app), total=query.count, source=reader)


def task_types(ctx):
    """Every task type's department and name, as CSV."""

    require_studio(ctx)
    fields = [Department.name, TaskType.name]
    query = (TaskType.select(*fields).join(Department, on=(TaskType.department == Department.id))
             .order_by(Department.name, TaskType.name, TaskType.id))
    reader = BatchReader(ctx.app.db, query)
    return csvfile.build("export", csvfile.STUDIO_CSV, [["Department", "Name"]], rows_of(reader),
                         csvfile.escaping(ctx.app), total=query.count, source=reader)


def routes():
    return [route("/export/csv/projects.csv", projects, "Export the projects as CSV"),
            route("/export/csv/task-types.csv", task_types, "Export the task types as CSV")]
