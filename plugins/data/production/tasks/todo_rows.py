"""Task rows as Zou's to-do pages show them: each task with the names around it.

One Zou routine answers a person's tasks and done tasks (``/data/persons/{id}/…``)
and the user's own boards (``/data/user/tasks``, ``done-tasks``,
``tasks-to-check``): task rows joined to their project, entity, sequence,
episode, task type and status, plus the assignees, the last comment not
written by a client and (but for the tasks to check) the episodes an asset is
cast in. Whatever the number of tasks, an answer costs four queries: the
joined rows, the assignees, the castings and the last comments. Callers
bring the conditions, the policy's task scope among them.
"""

from __future__ import annotations

from collections import defaultdict

import peewee

from ...crud.meta import info
from ...models import (
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

# The keys of a row, in Zou's order: the task's own, then the joined names.
_ORDER = tuple(info(Task).columns) + (
    "type", "project_name", "project_has_avatar", "entity_name", "entity_description", "entity_data",
    "entity_preview_file_id", "entity_source_id", "entity_type_name", "entity_canceled", "sequence_name",
    "episode_id", "episode_name", "task_type_for_entity", "task_estimation", "task_duration", "task_start_date",
    "task_due_date", "task_type_name", "task_status_name", "task_type_color", "task_status_color",
    "task_status_short_name")


def _rows_query(conditions):
    # As in Zou, the "sequence" is the entity's parent and the "episode" the parent's parent,
    # whatever their kinds; a task of a sequence is then named after its episode below.
    sequence, episode, source, source_kind = Entity.alias(), Entity.alias(), Entity.alias(), EntityType.alias()
    left = peewee.JOIN.LEFT_OUTER
    columns = info(Task).select_fields + [
        Project.name.alias("project_name"), Project.has_avatar.alias("project_has_avatar"),
        Entity.name.alias("entity_name"), Entity.description.alias("entity_description"),
        Entity.data.alias("entity_data"), Entity.preview_file_id.alias("entity_preview_file_id"),
        Entity.source.alias("entity_source_id"), EntityType.name.alias("entity_type_name"),
        Entity.canceled.alias("entity_canceled"), Entity.parent.alias("entity_parent_id"),
        sequence.name.alias("sequence_name"), episode.id.alias("episode_id"), episode.name.alias("episode_name"),
        source.name.alias("source_name"), source_kind.name.alias("source_kind"),
        TaskType.for_entity.alias("task_type_for_entity"), TaskType.name.alias("task_type_name"),
        TaskStatus.name.alias("task_status_name"), TaskType.color.alias("task_type_color"),
        TaskStatus.color.alias("task_status_color"), TaskStatus.short_name.alias("task_status_short_name"),
    ]
    return (Task.select(*columns)
            .join(Project, on=(Task.project == Project.id))
            .switch(Task).join(TaskType, on=(Task.task_type == TaskType.id))
            .switch(Task).join(TaskStatus, on=(Task.task_status == TaskStatus.id))
            .switch(Task).join(Entity, on=(Task.entity == Entity.id))
            .join(EntityType, on=(Entity.entity_type == EntityType.id))
            .switch(Entity).join(sequence, left, on=(Entity.parent == sequence.id))
            .join(episode, left, on=(sequence.parent == episode.id))
            .switch(Entity).join(source, left, on=(Entity.source == source.id))
            .join(source_kind, left, on=(source.entity_type == source_kind.id))
            .where(*conditions))


def _finish(row: dict) -> dict:
    """Zou's naming of the episode, and its empty strings for missing ids."""

    parent_id = row.pop("entity_parent_id")
    source_name, source_kind = row.pop("source_name"), row.pop("source_kind")
    if row["episode_id"] is None:
        row["episode_id"] = row["entity_source_id"] or ""
        if row["episode_id"]:
            row["episode_name"] = source_name if source_kind == "Episode" else "MP"
    if row["entity_type_name"] == "Sequence" and parent_id is not None:
        row["episode_id"], row["episode_name"] = parent_id, row["sequence_name"]
    row["entity_preview_file_id"] = str(row["entity_preview_file_id"] or "")
    row["entity_source_id"] = str(row["entity_source_id"] or "")
    row["episode_id"] = str(row["episode_id"])
    row["type"] = "Task"
    row.update(task_estimation=row["estimation"], task_duration=row["duration"],
               task_start_date=row["start_date"], task_due_date=row["due_date"])
    return {key: row[key] for key in _ORDER}


def _cast_in_episodes(entity_ids) -> dict:
    found = defaultdict(lambda: ([], []))
    episode, kind = Entity.alias(), EntityType.alias()
    query = (EntityLink.select(EntityLink.entity_out, episode.id, episode.name)
             .join(episode, on=(EntityLink.entity_in == episode.id))
             .join(kind, on=(episode.entity_type == kind.id))
             .where(kind.name == "Episode", EntityLink.entity_out.in_(entity_ids))
             .order_by(episode.name).tuples())
    for asset_id, episode_id, name in query:
        found[asset_id][0].append(episode_id)
        found[asset_id][1].append(name)
    return found


def assignees(task_ids) -> dict:
    """``{task id: [person ids]}`` in one query (none when there is no task)."""

    found = defaultdict(list)
    if task_ids:
        for task_id, person_id in (TaskPersonLink.select(TaskPersonLink.task, TaskPersonLink.person)
                                   .where(TaskPersonLink.task.in_(task_ids)).tuples()):
            found[task_id].append(person_id)
    return found


def _last_comments(task_ids) -> dict:
    """The last comment of each task whose author is not a client of its production (Zou's rule)."""

    role = peewee.fn.COALESCE(ProjectPersonLink.role, Person.role)
    query = (Comment.select(Comment.object_id, Comment.text, Comment.created_at, Comment.person)
             .join(Person, on=(Comment.person == Person.id))
             .switch(Comment).join(Task, on=(Comment.object_id == Task.id))
             .join(ProjectPersonLink, peewee.JOIN.LEFT_OUTER,
                   on=((ProjectPersonLink.person == Person.id) & (ProjectPersonLink.project == Task.project)))
             .where(Comment.object_id.in_(task_ids), role != "client")
             .order_by(Comment.object_id, Comment.created_at, Comment.id).tuples())
    return {task_id: {"text": text, "date": date, "person_id": person_id}
            for task_id, text, date, person_id in query}


def todo_rows(conditions, order_by=(), cast_episodes: bool = True) -> list[dict]:
    """The tasks matching ``conditions`` (on ``Task``, ``TaskStatus``…), as Zou's to-do lists give them,
    sorted by ``order_by`` then id; ``cast_episodes`` adds the episodes an asset is cast in."""

    query = _rows_query(conditions).order_by(*order_by, Task.id)
    tasks = [_finish(row) for row in query.dicts()]
    if not tasks:
        return tasks
    task_ids = [task["id"] for task in tasks]
    episodes = _cast_in_episodes(list({task["entity_id"] for task in tasks})) if cast_episodes else {}
    assigned, comments = assignees(task_ids), _last_comments(task_ids)
    for task in tasks:
        if task["entity_id"] in episodes:
            task["episode_ids"], task["episode_names"] = episodes[task["entity_id"]]
        task["assignees"] = assigned.get(task["id"], [])
        task["last_comment"] = comments.get(task["id"], {})
    return tasks


def by_end_date():
    """Zou's order of done tasks: latest end first (unfinished ones first, as PostgreSQL sorts), then names."""

    return (Task.end_date.desc(nulls="FIRST"), TaskType.name, Entity.name)
