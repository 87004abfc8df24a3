"""What a comment's status does to its task, as Zou does it.

Every comment dates the task's last comment. Moving to a "wip" status dates
the real start (once); a feedback request dates the end and announces
``task:to-review``; a "done" status dates the end (if not yet) and the
validation (``done_date``); entering a retake status counts one more retake.
A changed status is announced with ``task:status-changed``; the task itself
with ``task:update``.

The task row is locked and its status fields read afresh before they are
rewritten, so comments changing one task's status at once queue up: each
sees the status the previous one left, and no retake is counted twice or lost.
"""

from __future__ import annotations

from ...engine import emit, lock
from ...models import Task, TaskStatus
from ...models.base import utcnow


def apply_status(ctx, task: dict, status: dict, author_id, when=None) -> bool:
    """Set ``status`` on ``task`` (a serialized row, updated in place); whether the status changed."""

    when = when or utcnow()
    lock(Task, [task["id"]])
    fresh = (Task.select(Task.task_status, Task.real_start_date, Task.end_date, Task.retake_count)
             .where(Task.id == task["id"]).tuples().first())
    if fresh is not None:
        task.update(zip(("task_status_id", "real_start_date", "end_date", "retake_count"), fresh))
    previous_id = task.get("task_status_id")
    changed = previous_id != status["id"]
    values = {"last_comment_date": when, "task_status": status["id"], "updated_at": utcnow()}
    if status["is_wip"] and not task.get("real_start_date"):
        values["real_start_date"] = when
    if status["is_feedback_request"]:
        values["end_date"] = when
    if status["is_done"]:
        values["done_date"] = when
        if not task.get("end_date"):
            values["end_date"] = when
    if status["is_retake"] and changed:
        was_retake = TaskStatus.select(TaskStatus.is_retake).where(TaskStatus.id == previous_id).scalar()
        if not was_retake:
            values["retake_count"] = (task.get("retake_count") or 0) + 1
    Task.update(**values).where(Task.id == task["id"]).execute()
    for field, value in values.items():
        task[Task._meta.fields[field].column_name] = value
    project_id = task.get("project_id")
    if changed:
        emit(ctx, "task:status-changed", {"task_id": task["id"], "new_task_status_id": status["id"],
                                          "previous_task_status_id": previous_id, "person_id": author_id},
             project_id)
    if changed and status["is_feedback_request"]:
        emit(ctx, "task:to-review", {"task_id": task["id"], "person_id": author_id}, project_id)
    emit(ctx, "task:update", {"task_id": task["id"]}, project_id)
    return changed
