"""Asset types, and assets shared between productions.

Asset types are the entity types that are not reserved kinds, typed
"AssetType"; a project's asset types are those its assets use. A shared
asset (``is_shared``) of one production can be cast in the shots of another:
managers share or unshare the assets of their projects (all of them, one
type, or a list), and a production lists the shared assets of other
productions that its shots use. Those come from projects the actor may not
belong to: sharing is what makes them visible, once the actor reaches the
project that uses them.
"""

from __future__ import annotations

from ...crud import rows as row_reader
from ...crud.filters import build_filters
from ...crud.meta import info
from ...crud.values import parse_id
from ...engine import ENTITY_KINDS, NotFound, many, masked, one, require
from ...models import Entity, EntityLink, EntityType
from ...models.base import utcnow
from .http import body, get, write
from .rows import ASSET, of_kind, read_project

ASSET_TYPE = "data/production/entities/answers#/$defs/asset-type"
ASSET_TYPES = "data/production/entities/answers#/$defs/asset-types"
ROWS = "data/production/entities/answers#/$defs/entities"
SHARE = "data/production/entities/bodies#/$defs/share-assets"


def _typed(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["type"] = "AssetType"
    return rows


def asset_types(ctx, req):
    """All asset types (column filters in the query string)."""

    conditions = build_filters(info(EntityType), ctx.params)
    return _typed(many(ctx, EntityType, EntityType.name.not_in(ENTITY_KINDS), *conditions,
                       order_by=(EntityType.name,), relations=True))


def asset_type(ctx, req, asset_type_id):
    """One asset type (404 for a reserved kind such as Shot)."""

    row = one(ctx, EntityType, asset_type_id)
    if row["name"] in ENTITY_KINDS:
        raise NotFound(f"Asset type {asset_type_id} not found.")
    return _typed([row])[0]


def project_asset_types(ctx, req, project_id):
    """The asset types the project's assets use."""

    project = read_project(ctx, project_id)
    used = Entity.select(Entity.entity_type).where(Entity.project == project["id"], of_kind(ASSET),
                                                   *ctx.app.scope(ctx.actor, Entity, "read"))
    return _typed(many(ctx, EntityType, EntityType.id.in_(used), order_by=(EntityType.name,)))


def _share(ctx, project_id=None, asset_type_id=None, asset_ids=None, is_shared=True) -> list[dict]:
    """Set ``is_shared`` on the matching assets, after checking the actor manages each of their projects.

    A listed asset out of the actor's reach (or not an asset) is a 404, as reading it would be.
    """

    conditions = [of_kind(ASSET)]
    if project_id is not None:
        conditions.append(Entity.project == project_id)
    if asset_type_id is not None:
        conditions.append(Entity.entity_type == asset_type_id)
    if asset_ids is not None:
        conditions.append(Entity.id.in_(asset_ids))
    assets = many(ctx, Entity, *conditions, order_by=(Entity.name, Entity.id))
    missing = set(asset_ids or ()) - {row["id"] for row in assets}
    if missing:
        raise NotFound(f"Asset {sorted(missing)[0]} not found.")
    for project in {row["project_id"] for row in assets} | ({project_id} if project_id else set()):
        require(ctx, Entity, "update", row={"project_id": project}, changes={"is_shared": is_shared})
    if assets:
        changed = [row["id"] for row in assets]
        Entity.update(is_shared=is_shared, updated_at=utcnow()).where(Entity.id.in_(changed)).execute()
    for row in assets:
        row["is_shared"] = is_shared
    return assets


def share_assets(ctx, req):
    """Share (or with ``is_shared: false`` unshare) the listed assets."""

    sent = body(req, "share-assets")
    return _share(ctx, asset_ids=[parse_id(value) for value in sent.get("asset_ids") or []],
                  is_shared=sent.get("is_shared", True))


def share_project_assets(ctx, req, project_id):
    """Share (or unshare) all the assets of a project, or the listed ones."""

    sent = body(req, "share-assets")
    project = read_project(ctx, project_id)
    listed = [parse_id(value) for value in sent["asset_ids"]] if sent.get("asset_ids") else None
    return _share(ctx, project_id=project["id"], asset_ids=listed, is_shared=sent.get("is_shared", True))


def share_type_assets(ctx, req, project_id, asset_type_id):
    """Share (or unshare) the assets of one type in a project."""

    sent = body(req, "share-assets")
    project = read_project(ctx, project_id)
    return _share(ctx, project_id=project["id"], asset_type_id=parse_id(asset_type_id),
                  is_shared=sent.get("is_shared", True))


def _shared_used(ctx, project_id, episode_id=None) -> list[dict]:
    project = read_project(ctx, project_id)
    require(ctx, Entity, "read")
    shot, sequence = Entity.alias(), Entity.alias()
    users = (EntityLink.select(EntityLink.entity_out)
             .join(shot, on=(EntityLink.entity_in == shot.id))
             .join(sequence, on=(shot.parent == sequence.id))
             .where(shot.project == project["id"]))
    if episode_id is not None:
        users = users.where(sequence.parent == parse_id(episode_id))
    entity_info = info(Entity)
    query = (row_reader.select(entity_info)
             .where(of_kind(ASSET), Entity.is_shared == True, Entity.canceled == False,  # noqa: E712
                    Entity.project != project["id"], Entity.id.in_(users))
             .order_by(Entity.name, Entity.id))
    return masked(ctx, Entity, row_reader.fetch_page(entity_info, query, False))


def shared_used(ctx, req, project_id):
    """Shared assets of other productions cast in this project's shots."""

    return _shared_used(ctx, project_id)


def episode_shared_used(ctx, req, project_id, episode_id):
    """Shared assets of other productions cast in the shots of one episode."""

    if episode_id in ("main", "all"):
        return _shared_used(ctx, project_id)
    return _shared_used(ctx, project_id, episode_id)


def methods() -> list:
    shared = "`is_shared` (default true); answers the assets changed."
    return [
        get("/data/asset-types", asset_types, "List asset types", ASSET_TYPES),
        get("/data/asset-types/{asset_type_id}", asset_type, "Get an asset type", ASSET_TYPE),
        get("/data/projects/{project_id}/asset-types", project_asset_types, "List the asset types a project uses",
            ASSET_TYPES),
        write("POST", "/actions/assets/share", share_assets, "Share listed assets", SHARE, ROWS,
              description=shared + " `asset_ids` lists them."),
        write("POST", "/actions/projects/{project_id}/assets/share", share_project_assets,
              "Share a project's assets", SHARE, ROWS, description=shared + " `asset_ids` limits them."),
        write("POST", "/actions/projects/{project_id}/asset-types/{asset_type_id}/assets/share", share_type_assets,
              "Share a project's assets of one type", SHARE, ROWS, description=shared),
        get("/data/projects/{project_id}/assets/shared-used", shared_used,
            "List the shared assets a project uses", ROWS),
        get("/data/projects/{project_id}/episodes/{episode_id}/assets/shared-used", episode_shared_used,
            "List the shared assets an episode uses", ROWS),
    ]

