"""The user's task boards: tasks to do, tasks done, tasks waiting for their feedback.

To do and done are the tasks assigned to the user in the open productions of
their team, split by the ``is_done`` flag of their status (done ones latest
first). Tasks to check are the tasks in a feedback-request status that the
user reviews: every open production for an admin, the productions they
manage, and in the productions they supervise the task types of their
departments (all of them when they belong to none). Zou reads the studio role
for this; Clapboard also honours a per-project manager or supervisor role.
"""

from __future__ import annotations

from clapboard import Operation, Route

from ..actors import require_person
from ..engine import context, mask_joined_task_rows, require
from ..models import DepartmentLink, Entity, EntityType, Project, Task, TaskStatus, TaskType
from ..production.projects import open_project_ids
from ..production.tasks.todo_rows import by_end_date, todo_rows
from .me import READ, is_admin, my_tasks, projects_as

ROWS = "data/production/tasks/answers#/$defs/todo_rows"


def _board(ctx, conditions, order_by, cast_episodes: bool = True) -> list[dict]:
    """The tasks matching ``conditions`` that the actor reaches, as Zou's task board rows."""

    require(ctx, Task, "read")
    found = todo_rows([*conditions, *ctx.app.scope(ctx.actor, Task, "read")], order_by, cast_episodes)
    return mask_joined_task_rows(ctx.app, ctx.actor, found)


def todo_tasks(ctx) -> list[dict]:
    return _board(ctx, [*my_tasks(ctx), TaskStatus.is_done == False],  # noqa: E712
                  order_by=(Project.name, TaskType.name, Entity.name))


def done_tasks(ctx) -> list[dict]:
    return _board(ctx, [*my_tasks(ctx), TaskStatus.is_done == True], order_by=by_end_date())  # noqa: E712


def _reviewed(ctx) -> list:
    """Conditions on ``Task``: the tasks the user reviews, as Zou scopes tasks to check."""

    me = require_person(ctx)
    if is_admin(ctx):
        return []
    departments = DepartmentLink.select(DepartmentLink.department).where(DepartmentLink.person == me)
    has_departments = departments.exists()
    supervised = Task.project.in_(projects_as(ctx, "supervisor"))
    if has_departments:
        supervised &= Task.task_type.in_(TaskType.select(TaskType.id).where(TaskType.department.in_(departments)))
    return [Task.project.in_(projects_as(ctx, "manager")) | supervised]


def tasks_to_check(ctx) -> list[dict]:
    conditions = [*_reviewed(ctx), Task.project.in_(open_project_ids()), TaskStatus.is_feedback_request == True]  # noqa: E712
    return _board(ctx, conditions, order_by=(Project.name, EntityType.name, Entity.name, TaskType.name),
                  cast_episodes=False)


class _Board:
    def __init__(self, build):
        self.build = build

    def on_get(self, req, resp):
        resp.media = self.build(context(req))


def routes() -> list[Route]:
    def board(path, build, summary, description):
        return Route(path, _Board(build), tags=("data",), operations={"GET": Operation(
            summary=summary, description=description, response_schema=ROWS, action=READ)})

    return [
        board("/data/user/tasks", todo_tasks, "The user's tasks to do",
              "Tasks assigned to the user in the open productions of their team whose status is not done, "
              "with the names, colours, assignees and last comment Kitsu's board shows."),
        board("/data/user/done-tasks", done_tasks, "The user's done tasks",
              "Tasks assigned to the user in the open productions of their team whose status is done, "
              "latest first."),
        board("/data/user/tasks-to-check", tasks_to_check, "Tasks waiting for the user's feedback",
              "Tasks in a feedback-request status that the user reviews: every open production for an admin, "
              "the productions they manage, and the task types of their departments in the productions they "
              "supervise. Empty for other roles."),
    ]
