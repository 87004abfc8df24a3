"""Who receives which journaled event: each person only what they may read.

Zou broadcasts every event to every connection; Clapboard sends a person
only the events of what the permission policy lets them read, through the
same row scoping the API's reads use (``app.scope``, the ``query_filters``
hook the ``auth`` policy answers), so the stream never tells more than a GET:

* personal events (``notification:*``) go to their recipient only;
* chat events (``chat:*``) to the chat's participants only;
* an event carrying a ``project_id`` to those who may read that project
  (admins: every project; others: their team's, as the policy says);
* an event naming a row (``task:update`` carries ``task_id``) to those whose
  scope of that model holds the row — a vendor sees only the tasks the policy
  shows them; a row already deleted is judged by its project alone;
* the rest (people, departments, task types…) to everyone, as Zou's readers
  of those tables are everyone logged in;
* preview-room relays (rows with a ``room_id``) only to the sessions that
  opened that playlist (``rooms.py`` checked they may read it).

Each check is one query per batch of events, not one per event.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

import orjson

from clapboard.plugins.data.models import ChatParticipant, Project


def _models_by_kind(app) -> dict:
    """``task`` -> Task, ``preview-file`` -> PreviewFile: the model an event's name speaks of."""

    found = getattr(app, "_realtime_models", None)
    if found is None:
        found = {m._meta.table_name.replace("_", "-"): m for m in app.models}
        app._realtime_models = found
    return found


def _readable_projects(app, actor, project_ids: set) -> set:
    scope = app.scope(actor, Project, "read")
    if not scope:
        return set(project_ids)
    return {row[0] for row in Project.select(Project.id).where(Project.id.in_(list(project_ids)), *scope).tuples()}


def _chats_joined(actor, chat_ids: set) -> set:
    link = ChatParticipant
    return {row[0] for row in link.select(link.chat).where(link.chat.in_(list(chat_ids)),
                                                          link.person == actor.id).tuples()}


def _rows_in_scope(app, actor, named: dict) -> dict:
    """``{model: ids}`` -> ``{model: ids the actor may not read}`` (rows still there and out of scope)."""

    hidden = {}
    for model, ids in named.items():
        scope = app.scope(actor, model, "read")
        if not scope:
            continue
        everything = {r[0] for r in model.select(model.id).where(model.id.in_(list(ids))).tuples()}
        readable = {r[0] for r in model.select(model.id).where(model.id.in_(list(everything)), *scope).tuples()} \
            if everything else set()
        hidden[model] = everything - readable
    return hidden


def _named_row(models: dict, name: str, data: dict):
    kind = name.split(":", 1)[0]
    model = models.get(kind)
    value = data.get(kind.replace("-", "_") + "_id")
    if model is None or value is None:
        return None, None
    try:
        return model, uuid.UUID(str(value))
    except ValueError:
        return None, None


def visible(app, actor, rows, rooms=frozenset()) -> list[tuple[str, dict]]:
    """``(name, data)`` of the journal ``rows`` the actor may receive, in journal order (``rooms``: the
    playlists whose preview room the session listens to)."""

    me = uuid.UUID(str(actor.id))
    models = _models_by_kind(app)
    decoded = [(row, orjson.loads(row.data)) for row in rows]
    rows = [row for row, _ in decoded if row.room_id is None]
    projects = {row.project_id for row, _ in decoded if row.project_id is not None}
    chats = {row.chat_id for row, _ in decoded if row.chat_id is not None}
    named = defaultdict(set)
    for row, data in decoded:
        model, row_id = _named_row(models, row.name, data)
        if model is not None:
            named[model].add(row_id)
    readable = _readable_projects(app, actor, projects) if projects else set()
    joined = _chats_joined(actor, chats) if chats else set()
    hidden = _rows_in_scope(app, actor, named) if named else {}
    all_projects = not app.scope(actor, Project, "read")
    sent = []
    for row, data in decoded:
        if row.room_id is not None:
            if row.room_id in rooms:
                sent.append((row.name, data))
            continue
        if row.name.startswith("notification:") and row.person_id != me:
            continue
        if row.name.startswith("chat:") and row.chat_id not in joined:
            continue
        if row.project_id is not None and row.project_id not in readable:
            continue
        if row.project_id is None and data.get("project_id") and not all_projects:
            continue  # a project_id that is no id: only those who read every project
        model, row_id = _named_row(models, row.name, data)
        if model is not None and row_id in hidden.get(model, ()):
            continue
        sent.append((row.name, data))
    return sent
