"""Task rows as Zou lists them on a person's task board (to do, done, to check).

Each row is the task's columns plus what the board shows next to it: project
name and avatar flag, entity name, description, data, preview, kind and
source, sequence and episode names, task type and status names and colours,
the task's assignees and its last comment (clients' comments left out, as Zou
does). Lists of the user's own tasks also carry the episodes an asset is cast
in (``episode_ids``/``episode_names``). One query per addition for the whole
list: the number of queries does not depend on the number of rows.
"""

from __future__ import annotations

from collections import defaultdict

import peewee

from ..crud.meta import info
from ..engine import Context, require
from ..models import (
    Comment,
    Entity,
    EntityLink,
    EntityType,
    Person,
    Project,
    ProjectPersonLink,
    Task,
    TaskPersonLink,
    TaskStatus,
    TaskType,
)

LEFT = peewee.JOIN.LEFT_OUTER


def _query(conditions, order_by):
    sequence, episode = Entity.alias(), Entity.alias()
    columns = info(Task).select_fields + [
        Project.name.alias("project_name"), Project.has_avatar.alias("project_has_avatar"),
        Entity.name.alias("entity_name"), Entity.description.alias("entity_description"),
        Entity.data.alias("entity_data"), Entity.preview_file_id.alias("entity_preview_file_id"),
        Entity.source.alias("entity_source_id"), EntityType.name.alias("entity_type_name"),
        Entity.canceled.alias("entity_canceled"), Entity.parent.alias("_entity_parent_id"),
        sequence.name.alias("sequence_name"), episode.id.alias("episode_id"), episode.name.alias("episode_name"),
        TaskType.for_entity.alias("task_type_for_entity"), Task.estimation.alias("task_estimation"),
        Task.duration.alias("task_duration"), Task.start_date.alias("task_start_date"),
        Task.due_date.alias("task_due_date"), TaskType.name.alias("task_type_name"),
        TaskStatus.name.alias("task_status_name"), TaskType.color.alias("task_type_color"),
        TaskStatus.color.alias("task_status_color"), TaskStatus.short_name.alias("task_status_short_name"),
    ]
    return (Task.select(*columns)
            .join(Project, on=(Task.project == Project.id))
            .switch(Task).join(TaskType, on=(Task.task_type == TaskType.id))
            .switch(Task).join(TaskStatus, on=(Task.task_status == TaskStatus.id))
            .switch(Task).join(Entity, on=(Task.entity == Entity.id))
            .join(EntityType, on=(Entity.entity_type == EntityType.id))
            .join(sequence, LEFT, on=(Entity.parent == sequence.id))
            .join(episode, LEFT, on=(sequence.parent == episode.id))
            .where(*conditions)
            .order_by(*order_by, Task.id))


def _source_names(tasks) -> dict:
    """Names of the entities a row without a sequence chain takes its episode from (its source)."""

    ids = {t["entity_source_id"] for t in tasks if t["episode_id"] is None and t["entity_source_id"]}
    if not ids:
        return {}
    return dict(Entity.select(Entity.id, Entity.name).where(Entity.id.in_(ids)).tuples())


def _resolve_episode(task, sources: dict) -> None:
    """Zou's episode of a row: the sequence's parent, else the entity's source, else none;
    for a sequence's own task, the sequence's parent."""

    parent = task.pop("_entity_parent_id")
    if task["episode_id"] is None and task["entity_source_id"]:
        task["episode_id"] = task["entity_source_id"]
        task["episode_name"] = sources.get(task["entity_source_id"], "MP")
    if task["entity_type_name"] == "Sequence" and parent is not None:
        task["episode_id"], task["episode_name"] = parent, task["sequence_name"]
    task["episode_id"] = str(task["episode_id"]) if task["episode_id"] is not None else ""
    task["entity_source_id"] = str(task["entity_source_id"] or "")
    task["entity_preview_file_id"] = str(task["entity_preview_file_id"] or "")


def _assignees(task_ids) -> dict:
    found = defaultdict(list)
    query = TaskPersonLink.select(TaskPersonLink.task, TaskPersonLink.person).where(
        TaskPersonLink.task.in_(task_ids)).tuples()
    for task_id, person in query:
        found[task_id].append(person)
    return found


def _last_comments(task_ids) -> dict:
    """``{task id: {text, date, person_id}}``: the latest comment of each task not written by a
    client (the author's role on the task's production, else their studio role)."""

    link = ProjectPersonLink
    role = peewee.fn.COALESCE(link.role, Person.role)
    query = (Comment.select(Comment.object_id, Comment.text, Comment.created_at, Comment.person)
             .join(Person, on=(Comment.person == Person.id))
             .switch(Comment).join(Task, on=(Comment.object_id == Task.id))
             .join(link, LEFT, on=((link.person == Person.id) & (link.project == Task.project)))
             .where(Comment.object_id.in_(task_ids), role != "client")
             .order_by(Comment.object_id, Comment.created_at, Comment.id).tuples())
    return {task_id: {"text": text, "date": date, "person_id": person}
            for task_id, text, date, person in query}


def _cast_in_episodes(entity_ids) -> dict:
    """``{asset id: [(episode id, episode name)…]}``: the episodes each entity is cast in, by name."""

    episode = Entity.alias()
    query = (EntityLink.select(EntityLink.entity_out, episode.id, episode.name)
             .join(episode, on=(EntityLink.entity_in == episode.id))
             .join(EntityType, on=(episode.entity_type == EntityType.id))
             .where(EntityType.name == "Episode", EntityLink.entity_out.in_(entity_ids))
             .order_by(episode.name).tuples())
    found = defaultdict(list)
    for entity_id, episode_id, name in query:
        found[entity_id].append((episode_id, name))
    return found


def task_rows(ctx: Context, conditions, order_by=(), cast_episodes: bool = False) -> list[dict]:
    """The tasks matching ``conditions`` that the actor reaches, as Zou's task board rows."""

    require(ctx, Task, "read")
    scope = ctx.app.scope(ctx.actor, Task, "read")
    tasks = list(_query([*conditions, *scope], order_by).dicts())
    if not tasks:
        return []
    sources = _source_names(tasks)
    ids = [t["id"] for t in tasks]
    assignees, comments = _assignees(ids), _last_comments(ids)
    episodes = _cast_in_episodes({t["entity_id"] for t in tasks}) if cast_episodes else {}
    for task in tasks:
        task["type"] = "Task"
        _resolve_episode(task, sources)
        cast = episodes.get(task["entity_id"])
        if cast:
            task["episode_ids"] = [episode_id for episode_id, _ in cast]
            task["episode_names"] = [name for _, name in cast]
        task["assignees"] = assignees.get(task["id"], [])
        task["last_comment"] = comments.get(task["id"], {})
    return tasks
