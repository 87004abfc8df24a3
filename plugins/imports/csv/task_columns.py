"""Task columns of an entity file: a status, a comment and the assignees per task type.

For each task type of the project for the kind of rows, Zou reads the
column named like the task type (a status name or short name), the column
"<task type> comment" and the column "<task type> assignations" (people,
comma-separated; Kitsu's exports call it "Assignations", right after the
task type's column, which the reader names after it). Names match as
written, or else case aside. A cell naming an unknown status or person
refuses the line. An empty comment cell writes no comment.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from clapboard.plugins.data.models import ProjectTaskTypeLink, TaskType

from .lookups import People, Statuses
from .reader import Table


@dataclass
class TaskChange:
    line: int
    task_type_id: uuid.UUID
    status_id: uuid.UUID | None = None
    comment: str | None = None
    assignees: list = field(default_factory=list)


def project_task_types(project_id, for_entity: str) -> list[tuple[uuid.UUID, str]]:
    """``(id, name)`` of the project's task types for ``for_entity`` ("Asset", "Shot", "Edit"), in Kitsu's order."""

    query = (TaskType.select(TaskType.id, TaskType.name)
             .join(ProjectTaskTypeLink, on=(ProjectTaskTypeLink.task_type == TaskType.id))
             .where(ProjectTaskTypeLink.project == project_id, TaskType.for_entity == for_entity)
             .order_by(TaskType.priority, TaskType.name))
    return list(query.tuples())


def _column(table: Table, name: str) -> str | None:
    if table.has(name):
        return name
    lowered = name.lower()
    return next((column for column in table.columns if column.lower() == lowered), None)


class TaskColumns:
    def __init__(self, task_types: list[tuple[uuid.UUID, str]], table: Table, people: People):
        self.people = people
        self.present = []
        for task_type_id, name in task_types:
            found = (_column(table, name), _column(table, f"{name} comment"), _column(table, f"{name} assignations"))
            if any(found):
                self.present.append((task_type_id, *found))
        self.statuses = Statuses() if any(status for _, status, _, _ in self.present) else None

    def read(self, row) -> list[TaskChange]:
        """The changes the row asks for, one per task type with a status, a comment or assignees."""

        changes = []
        for task_type_id, status_column, comment_column, people_column in self.present:
            status = row.get(status_column) if status_column else ""
            comment = row.values.get(comment_column, "") if comment_column else ""
            assignees = row.get(people_column) if people_column else ""
            if not (status or comment.strip() or assignees):
                continue
            changes.append(TaskChange(
                row.line_number, task_type_id,
                self.statuses.find(status, row.line_number) if status else None,
                comment if comment.strip() else None,
                self.people.many(assignees, row.line_number) if assignees else []))
        return changes
