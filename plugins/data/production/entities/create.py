"""Creating assets, shots, sequences, episodes, scenes, edits and concepts in a project.

The bodies are Zou's (``sequence_id`` for a shot's parent, ``episode_id`` for
a sequence's…); the rows are written by ``service.create_row``, which checks
the policy (managers of the project), validates the row, records
``<kind>:new`` and sets ``created_by``. As in Zou, creating a shot, sequence,
episode, scene, edit or concept that already exists under the same parent
answers the existing row (gazu's ``new_*`` functions rely on it); a second
asset of the same name and type in a project is refused.
"""

from __future__ import annotations

from ...crud import service
from ...crud.meta import info
from ...crud.values import parse_id
from ...engine import BadRequest, NotFound, asset_type_ids, kind_id, many, require
from ...models import Entity, EntityType
from .http import body, write
from .rows import ASSET, of_kind, plain, read_entity, read_project

NEW = "data/production/entities/bodies#/$defs/new-"
ITEM = "data/production/entities/answers#/$defs/entity"
STATUSES = ("standby", "running", "complete", "canceled")


def _parent(ctx, kind: str, parent_id, project: dict):
    """The ``kind`` parent of a new entity, which must belong to the same project (404 otherwise)."""

    if parent_id is None:
        return None
    parent = read_entity(ctx, kind, parent_id)
    if parent["project_id"] != project["id"]:
        raise NotFound(f"{kind} {parent_id} not found.")
    return parent["id"]


def _loose_id(value):
    """Zou's reading of an optional id: anything shorter than an id means none."""

    if value is None or len(value) < 36:
        return None
    return parse_id(value)


def _ensure(ctx, kind: str, project: dict, values: dict, reuse: bool = True) -> dict:
    """Create the ``kind`` entity, or answer the existing one with that name under that parent."""

    values = {**values, "project_id": project["id"]}
    if kind != ASSET:  # an asset's type comes with its values
        values["entity_type_id"] = kind_id(kind)
    require(ctx, Entity, "create", changes={"project_id": str(project["id"])})
    parent = values.get("parent_id")
    existing = many(ctx, Entity, of_kind(kind), Entity.project == project["id"], Entity.name == values["name"],
                    Entity.entity_type == values["entity_type_id"],
                    Entity.parent.is_null() if parent is None else Entity.parent == parent, relations=True)
    if existing and not reuse:
        raise BadRequest(f"{kind} {values['name']!r} already exists in this project with this type.")
    row = existing[0] if existing else service.create_row(ctx, info(Entity), _json(values),
                                                          event=f"{kind.lower()}:new")
    answer = plain(row, kind)
    if kind == "Concept":
        answer["entity_concept_links"] = row["entity_concept_links"]
    return answer


def _json(values: dict) -> dict:
    return {key: str(value) if key.endswith("_id") and value is not None else value
            for key, value in values.items()}


def new_shot(ctx, req, project_id):
    """Create a shot in a sequence; ``frame_in``/``frame_out``/``fps`` are kept in ``data``."""

    sent = body(req, "new-shot")
    project = read_project(ctx, project_id)
    data = dict(sent.get("data") or {})
    for key in ("frame_in", "frame_out", "fps"):
        if sent.get(key) is not None:
            data[key] = sent[key]
    return _ensure(ctx, "Shot", project, {
        "name": sent["name"], "parent_id": _parent(ctx, "Sequence", sent.get("sequence_id"), project),
        "data": data, "nb_frames": sent.get("nb_frames"), "description": sent.get("description")})


def new_sequence(ctx, req, project_id):
    """Create a sequence, in an episode for a TV show."""

    sent = body(req, "new-sequence")
    project = read_project(ctx, project_id)
    return _ensure(ctx, "Sequence", project, {
        "name": sent["name"], "parent_id": _parent(ctx, "Episode", sent.get("episode_id"), project),
        "description": sent.get("description") or "", "data": sent.get("data") or {}})


def new_episode(ctx, req, project_id):
    """Create an episode."""

    sent = body(req, "new-episode")
    project = read_project(ctx, project_id)
    status = sent.get("status") if sent.get("status") in STATUSES else "running"
    return _ensure(ctx, "Episode", project, {
        "name": sent["name"], "status": status, "description": sent.get("description") or "",
        "data": sent.get("data") or {}})


def new_scene(ctx, req, project_id):
    """Create a scene in a sequence."""

    sent = body(req, "new-scene")
    project = read_project(ctx, project_id)
    return _ensure(ctx, "Scene", project, {
        "name": sent["name"], "parent_id": _parent(ctx, "Sequence", sent.get("sequence_id"), project), "data": {}})


def new_edit(ctx, req, project_id):
    """Create an edit, in an episode when ``parent_id`` (or ``episode_id``) names one."""

    sent = body(req, "new-edit")
    project = read_project(ctx, project_id)
    episode = _loose_id(sent.get("parent_id")) or _loose_id(sent.get("episode_id"))
    return _ensure(ctx, "Edit", project, {
        "name": sent["name"], "parent_id": _parent(ctx, "Episode", episode, project),
        "description": sent.get("description") if sent.get("description") is not None else "",
        "data": sent.get("data") or {}})


def new_concept(ctx, req, project_id):
    """Create a concept, linked to the entities it illustrates."""

    sent = body(req, "new-concept")
    project = read_project(ctx, project_id)
    wanted = [parse_id(value) for value in sent.get("entity_concept_links") or []]
    known = {row[0] for row in Entity.select(Entity.id).where(Entity.id.in_(wanted)).tuples()} if wanted else set()
    return _ensure(ctx, "Concept", project, {
        "name": sent["name"], "description": sent.get("description"), "data": sent.get("data") or {},
        "entity_concept_links": [str(entity_id) for entity_id in dict.fromkeys(wanted) if entity_id in known]})


def new_asset(ctx, req, project_id, asset_type_id):
    """Create an asset of a type, for an episode when ``episode_id`` names one."""

    sent = body(req, "new-asset")
    project = read_project(ctx, project_id)
    asset_type = parse_id(asset_type_id)
    if not EntityType.select().where(EntityType.id == asset_type, EntityType.id.in_(asset_type_ids())).exists():
        raise NotFound(f"Asset type {asset_type_id} not found.")
    source = _loose_id(sent.get("episode_id")) or _loose_id(sent.get("source_id"))
    return _ensure(ctx, ASSET, project, {
        "name": sent["name"], "entity_type_id": asset_type, "description": sent.get("description"),
        "data": sent.get("data") or {}, "is_shared": bool(sent.get("is_shared")), "source_id": source},
        reuse=False)


def methods() -> list:
    def create(path, handler, summary, definition):
        return write("POST", path, handler, summary, NEW + definition, ITEM, status=201)

    return [
        create("/data/projects/{project_id}/shots", new_shot, "Create a shot", "shot"),
        create("/data/projects/{project_id}/sequences", new_sequence, "Create a sequence", "sequence"),
        create("/data/projects/{project_id}/episodes", new_episode, "Create an episode", "episode"),
        create("/data/projects/{project_id}/scenes", new_scene, "Create a scene", "scene"),
        create("/data/projects/{project_id}/edits", new_edit, "Create an edit", "edit"),
        create("/data/projects/{project_id}/concepts", new_concept, "Create a concept", "concept"),
        create("/data/projects/{project_id}/asset-types/{asset_type_id}/assets/new", new_asset, "Create an asset",
               "asset"),
    ]
