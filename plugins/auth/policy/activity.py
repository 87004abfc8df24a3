"""Actions beyond CRUD for news, events, chats and search.

``ACTIONS`` maps a full action name (``data.<path>.<verb>``) to
``check(actor, resource) -> bool``; ``resource`` is the engine's ``Target``
(``row``/``changes``) or a route's ``RouteTarget`` (``params``). Admins are
allowed before any check runs.

- ``data.news.read-one``: members of the production but vendors (Zou blocks
  vendors from the single news item; their feed holds their tasks' news).
- ``data.events.read-log``: managers; for one production, its managers. Which
  events they then read is the event scope of ``rules`` (their productions).
- ``data.events.read-names``: managers (the names are the log's vocabulary).
- ``data.login-logs.read``: admins only (everyone's addresses, no production).
- ``data.chats.join``: whoever reaches the entity of the chat.
"""

from __future__ import annotations

from clapboard.plugins.data.models import Entity

from . import membership, targets

MANAGER = frozenset({"manager"})


def may_read_one_news(actor, resource) -> bool:
    role = membership.effective_role(actor, targets.row(resource).get("project_id"))
    return role is not None and role != "vendor"


def may_read_log(actor, resource) -> bool:
    project_id = targets.row(resource).get("project_id")
    if project_id is not None:
        return membership.effective_role(actor, project_id) == "manager"
    return membership.has_any_role(actor, MANAGER)


def may_join_chat(actor, resource) -> bool:
    entity_id = targets.row(resource).get("object_id")
    return entity_id is not None and Entity.select().where(
        Entity.id == entity_id, Entity.id.in_(membership.member_entities(actor))).exists()


ACTIONS: dict = {
    "data.news.read-one": may_read_one_news,
    "data.events.read-log": may_read_log,
    "data.events.read-names": lambda actor, resource: membership.has_any_role(actor, MANAGER),
    "data.login-logs.read": targets.nobody,
    "data.chats.join": may_join_chat,
}
