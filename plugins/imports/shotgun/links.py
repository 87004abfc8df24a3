"""ShotGrid ids to Clapboard ids, read in batches for one import.

An import names the same projects, sequences or people in many items: the ids
the whole payload links are read up front, a few hundred per statement, and
rows the import itself creates are remembered as it goes, so resolving a link
costs no statement of its own.

Spaces are ShotGrid entity types. ``HumanUser`` resolves people only (an
``ApiUser`` or a ``Group`` has no row here); entity kinds resolve rows of that
kind only (an Asset is any entity whose type is not a reserved kind).
"""

from __future__ import annotations

import uuid
from typing import Iterable

from clapboard.plugins.data.engine import ENTITY_KINDS
from clapboard.plugins.data.models import Comment, Entity, EntityType, Person, PreviewFile, Project, Task, TaskType

CHUNK = 500
MAX_ID = 2147483647
ENTITY_SPACES = ("Asset", "Episode", "Sequence", "Shot", "Scene")
PLAIN_SPACES = {"Project": Project, "HumanUser": Person, "Step": TaskType, "Task": Task, "Version": PreviewFile,
                "Note": Comment}
SPACES = tuple(PLAIN_SPACES) + ENTITY_SPACES
# How the refusal names what should have been imported first.
IMPORT_FIRST = {"Project": "projects", "HumanUser": "persons", "Step": "steps", "Task": "tasks",
                "Version": "versions", "Note": "notes", "Asset": "assets", "Episode": "episodes", "Sequence": "sequences",
                "Shot": "shots", "Scene": "scenes"}


def is_sg_id(value) -> bool:
    """Whether ``value`` can be a ShotGrid id (a positive 32-bit integer, as the schemas say)."""

    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def whole_ids(value, depth: int = 3):
    """``value`` with every ``id`` written as a whole float (``1201.0``, as JSON encoders may send it) made an int.

    ShotGrid ids are integers; the schemas accept ``1201.0`` as one (JSON Schema's integer), so the links and
    the upserts must read it as ``1201`` too. Items, their link dicts and lists of links are walked.
    """

    if depth < 0:
        return value
    if isinstance(value, list):
        return [whole_ids(item, depth - 1) for item in value]
    if not isinstance(value, dict):
        return value
    found = {key: whole_ids(item, depth - 1) for key, item in value.items()}
    sg_id = found.get("id")
    if isinstance(sg_id, float) and sg_id.is_integer():
        found["id"] = int(sg_id)
    return found


class Refused(Exception):
    """An item that cannot be imported; the message says why, in the user's terms."""


def describe(space: str, link: dict) -> str:
    name = link.get("name")
    return f"{space} {link['id']}" + (f" ({name})" if name else "")


def _entity_query(space: str, ids: list):
    query = (Entity.select(Entity.shotgun_id, Entity.id)
             .join(EntityType, on=(Entity.entity_type == EntityType.id))
             .where(Entity.shotgun_id.in_(ids)))
    if space == "Asset":
        return query.where(EntityType.name.not_in(ENTITY_KINDS))
    return query.where(EntityType.name == space)


def _query(space: str, ids: list):
    if space in PLAIN_SPACES:
        model = PLAIN_SPACES[space]
        return model.select(model.shotgun_id, model.id).where(model.shotgun_id.in_(ids))
    return _entity_query(space, ids)


class Links:
    """The ShotGrid ids of one import resolved to row ids (``None``: not imported)."""

    def __init__(self):
        self._found: dict[tuple[str, int], uuid.UUID | None] = {}
        self._project_names: dict[str, uuid.UUID | None] = {}

    def prefetch(self, space: str, ids: Iterable[int]) -> None:
        wanted = sorted({i for i in ids if is_sg_id(i) and (space, i) not in self._found})
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start:start + CHUNK]
            found: dict[int, uuid.UUID] = {}
            # Oldest row first: when two rows share a ShotGrid id, the first imported answers.
            for sg_id, row_id in _query(space, chunk).order_by(*_order(space)).tuples():
                found.setdefault(sg_id, row_id)
            for sg_id in chunk:
                self._found[(space, sg_id)] = found.get(sg_id)

    def remember(self, space: str, sg_id: int, row_id) -> None:
        self._found[(space, sg_id)] = row_id if isinstance(row_id, uuid.UUID) else uuid.UUID(str(row_id))

    def get(self, space: str, sg_id: int) -> uuid.UUID | None:
        if not is_sg_id(sg_id):
            raise Refused(f"{space} id {sg_id!r} is not a ShotGrid id (a positive integer).")
        if (space, sg_id) not in self._found:
            self.prefetch(space, [sg_id])
        return self._found[(space, sg_id)]

    def required(self, space: str, link: dict, role: str) -> uuid.UUID:
        """The row ``link`` names, which must be a ``space`` imported before (``role`` names the link)."""

        found = self.optional(space, link, role)
        if found is None:
            raise Refused(f"The {role}, {describe(space, link)}, has not been imported: "
                          f"import {IMPORT_FIRST[space]} first.")
        return found

    def optional(self, space: str, link: dict | None, role: str) -> uuid.UUID | None:
        """The row ``link`` names, ``None`` when it names none or another kind of ShotGrid entity."""

        if link is None:
            return None
        kind = link.get("type")
        if kind is not None and kind != space:
            raise Refused(f"The {role} must be a {space}, not {kind} {link['id']}.")
        return self.get(space, link["id"])

    def project(self, link: dict) -> uuid.UUID:
        """A project by ShotGrid id, else by name (Zou finds episodes', sequences' and shots' projects by name)."""

        found = self.get("Project", link["id"])
        name = link.get("name")
        if found is None and name:
            if name not in self._project_names:
                self._project_names[name] = Project.select(Project.id).where(Project.name == name).scalar()
            found = self._project_names[name]
        if found is None:
            raise Refused(f"The project, {describe('Project', link)}, has not been imported: import projects first.")
        return found


def _order(space: str):
    if space in PLAIN_SPACES:
        model = PLAIN_SPACES[space]
        return (model.created_at, model.id)
    return (Entity.created_at, Entity.id)


def link_ids(items: Iterable, key: str, space: str | None = None) -> list[int]:
    """The ShotGrid ids the items link under ``key`` (a link or a list of links), of ``space`` when given."""

    found = []
    for item in items:
        value = item.get(key) if isinstance(item, dict) else None
        for link in value if isinstance(value, list) else [value]:
            if isinstance(link, dict) and is_sg_id(link.get("id")) and \
                    (space is None or link.get("type") in (None, space)):
                found.append(link["id"])
    return found


def own_ids(items: Iterable) -> list[int]:
    """The ShotGrid ids of the items themselves."""

    return [item["id"] for item in items if isinstance(item, dict) and is_sg_id(item.get("id"))]
