"""News and notifications around tasks (reference §9.4).

A comment writes one news entry in the production feed and notifies the
task's assignees and subscribers (task subscriptions, and subscriptions to
the task type in the entity's parent, e.g. a sequence) but not its author;
people written ``@Full Name`` (or members of a ``@Department``) get a
"mention". Replies notify the comment's author and earlier repliers. Rows are
written with one insert per kind; each notification gets its
``notification:new`` event so the recipient's client can refresh.
"""

from __future__ import annotations

import uuid

from ...engine import emit
from ...models import (
    Department,
    DepartmentLink,
    Entity,
    News,
    Notification,
    Person,
    ProjectPersonLink,
    Subscription,
    TaskPersonLink,
)
from ...models.base import utcnow


def mentions_in(project_id, text: str | None) -> tuple[list, list]:
    """``(person ids, department ids)`` written ``@Name`` in ``text``: team members by full name, departments."""

    if not text or "@" not in text:
        return [], []
    team = (Person.select(Person.id, Person.first_name, Person.last_name)
            .join(ProjectPersonLink, on=(ProjectPersonLink.person == Person.id))
            .where(ProjectPersonLink.project == project_id).tuples())
    people = [pid for pid, first, last in team if f"@{first} {last}".strip() in text]
    departments = [did for did, name in Department.select(Department.id, Department.name).tuples()
                   if f"@{name}" in text]
    return people, departments


def department_members(project_id, department_ids) -> list:
    """Team members of the project who belong to one of ``department_ids``."""

    if not department_ids:
        return []
    team = ProjectPersonLink.select(ProjectPersonLink.person).where(ProjectPersonLink.project == project_id)
    query = DepartmentLink.select(DepartmentLink.person).where(
        DepartmentLink.department.in_(department_ids), DepartmentLink.person.in_(team)).distinct().tuples()
    return [person for (person,) in query]


def followers(task: dict) -> list:
    """Assignees and subscribers of a task (to the task, or to its type in the entity's parent)."""

    found = [p for (p,) in TaskPersonLink.select(TaskPersonLink.person)
             .where(TaskPersonLink.task == task["id"]).tuples()]
    parent = Entity.select(Entity.parent).where(Entity.id == task.get("entity_id")).scalar()
    subscribed = (Subscription.task == task["id"])
    if parent is not None:
        subscribed |= (Subscription.entity == parent) & (Subscription.task_type == task.get("task_type_id"))
    found += [p for (p,) in Subscription.select(Subscription.person).where(subscribed).tuples()]
    return list(dict.fromkeys(found))


def notify(ctx, recipients, kind: str, author_id, project_id, task_id=None, comment_id=None, reply_id=None,
           change: bool = False) -> None:
    """One notification of ``kind`` per recipient (never the author), each announced by an event."""

    people = [p for p in dict.fromkeys(recipients) if p is not None and p != author_id]
    if not people or author_id is None:
        return
    now = utcnow()
    new = [{"id": uuid.uuid4(), "person": person, "author": author_id, "notification_type": kind,
            "task": task_id, "comment": comment_id, "reply_id": reply_id, "change": change, "read": False,
            "created_at": now, "updated_at": now} for person in people]
    Notification.insert_many(new).execute()
    for row in new:
        emit(ctx, "notification:new", {"notification_id": row["id"], "person_id": row["person"]}, project_id)


def comment_posted(ctx, task: dict, comment_id, author_id, text: str | None, changed: bool,
                   mentions: tuple[list, list]) -> None:
    """The news entry and the notifications of a new comment on ``task``."""

    now = utcnow()
    news_id = uuid.uuid4()
    News.insert(id=news_id, change=changed, author=author_id, comment=comment_id, task=task["id"],
                created_at=now, updated_at=now).execute()
    emit(ctx, "news:new", {"news_id": news_id}, task["project_id"])
    notify(ctx, followers(task), "comment", author_id, task["project_id"], task["id"], comment_id, change=changed)
    people, departments = mentions
    mentioned = people + department_members(task["project_id"], departments)
    notify(ctx, mentioned, "mention", author_id, task["project_id"], task["id"], comment_id)


def comment_withdrawn(comment_id) -> None:
    """Forget the news and notifications of a comment (before it moves to another task)."""

    Notification.delete().where(Notification.comment == comment_id).execute()
    News.delete().where(News.comment == comment_id).execute()


def reply_posted(ctx, task: dict, comment: dict, reply_id, author_id, mentions: tuple[list, list]) -> None:
    """Notify the comment's author and earlier repliers ("reply"), and mentioned people ("reply-mention")."""

    earlier = [r.get("person_id") for r in comment.get("replies") or [] if isinstance(r, dict)]
    recipients = [comment.get("person_id")] + [uuid.UUID(str(p)) for p in earlier if p]
    notify(ctx, recipients, "reply", author_id, task["project_id"], task["id"], comment["id"], reply_id)
    people, departments = mentions
    mentioned = people + department_members(task["project_id"], departments)
    notify(ctx, mentioned, "reply-mention", author_id, task["project_id"], task["id"], comment["id"], reply_id)


def assigned(ctx, task: dict, person_id, author_id) -> None:
    notify(ctx, [person_id], "assignation", author_id, task["project_id"], task["id"])
