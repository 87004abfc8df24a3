"""Lists of entities: studio-wide with filters, per project, and per parent (a sequence's shots…).

Rows are plain entity rows typed by kind. Like Zou, the studio-wide lists
take column filters in the query string (plus the aliases Zou reads:
``sequence_id`` and ``episode_id`` for the parent); shots and scenes carry
their project and sequence names, edits and concepts their project name.
An asset "of an episode" is one created for it (``source_id``) or cast in it.
"""

from __future__ import annotations

from collections import defaultdict

from ...crud.values import parse_id
from ...models import Entity, EntityConceptLink, EntityLink
from .http import get
from .rows import (
    ASSET,
    add_parent_names,
    add_project_names,
    list_entities,
    of_kind,
    query_conditions,
    read_entity,
    read_project,
)

ROWS = "data/production/entities/answers#/$defs/entities"


def _episode_assets(ctx) -> list:
    """``episode_id=<id>`` on assets: created for the episode or cast in it."""

    raw = ctx.params.pop("episode_id", None)
    if raw is None:
        return []
    episode_id = parse_id(raw)
    cast = EntityLink.select(EntityLink.entity_out).where(EntityLink.entity_in == episode_id)
    return [(Entity.source == episode_id) | Entity.id.in_(cast)]


def _shot_names(rows):
    return add_parent_names(add_project_names(rows), "sequence_name")


def assets(ctx, req):
    """All assets the actor reaches, filtered by the query string."""

    episode = _episode_assets(ctx)
    return list_entities(ctx, ASSET, *episode, *query_conditions(ctx))


def project_assets(ctx, req, project_id):
    project = read_project(ctx, project_id)
    episode = _episode_assets(ctx)
    return list_entities(ctx, ASSET, Entity.project == project["id"], *episode, *query_conditions(ctx))


def project_type_assets(ctx, req, project_id, asset_type_id):
    project = read_project(ctx, project_id)
    return list_entities(ctx, ASSET, Entity.project == project["id"], Entity.entity_type == parse_id(asset_type_id),
                         *query_conditions(ctx))


def shots(ctx, req):
    """All shots the actor reaches (``sequence_id`` filters by sequence), with project and sequence names."""

    return _shot_names(list_entities(ctx, "Shot", *query_conditions(ctx, {"sequence_id": "parent_id"})))


def project_shots(ctx, req, project_id):
    project = read_project(ctx, project_id)
    return list_entities(ctx, "Shot", Entity.project == project["id"])


def sequence_shots(ctx, req, sequence_id):
    sequence = read_entity(ctx, "Sequence", sequence_id)
    return _shot_names(list_entities(ctx, "Shot", Entity.parent == sequence["id"], *query_conditions(ctx)))


def episode_shots(ctx, req, episode_id):
    episode = read_entity(ctx, "Episode", episode_id)
    sequences = Entity.select(Entity.id).where(Entity.parent == episode["id"], of_kind("Sequence"))
    return list_entities(ctx, "Shot", Entity.parent.in_(sequences))


def sequences(ctx, req):
    """All sequences the actor reaches (``episode_id`` filters by episode)."""

    return list_entities(ctx, "Sequence", *query_conditions(ctx, {"episode_id": "parent_id"}))


def project_sequences(ctx, req, project_id):
    project = read_project(ctx, project_id)
    return list_entities(ctx, "Sequence", Entity.project == project["id"])


def episode_sequences(ctx, req, episode_id):
    episode = read_entity(ctx, "Episode", episode_id)
    return list_entities(ctx, "Sequence", Entity.parent == episode["id"], *query_conditions(ctx))


def episodes(ctx, req):
    return list_entities(ctx, "Episode", *query_conditions(ctx))


def project_episodes(ctx, req, project_id):
    project = read_project(ctx, project_id)
    return list_entities(ctx, "Episode", Entity.project == project["id"])


def scenes(ctx, req):
    """All scenes the actor reaches, with project and sequence names."""

    return _shot_names(list_entities(ctx, "Scene", *query_conditions(ctx, {"sequence_id": "parent_id"})))


def project_scenes(ctx, req, project_id):
    project = read_project(ctx, project_id)
    return list_entities(ctx, "Scene", Entity.project == project["id"])


def sequence_scenes(ctx, req, sequence_id):
    sequence = read_entity(ctx, "Sequence", sequence_id)
    return list_entities(ctx, "Scene", Entity.parent == sequence["id"])


def edits(ctx, req):
    """All edits the actor reaches (``episode_id`` filters by episode), with project names."""

    return add_project_names(list_entities(ctx, "Edit", *query_conditions(ctx, {"episode_id": "parent_id"})))


def project_edits(ctx, req, project_id):
    project = read_project(ctx, project_id)
    return list_entities(ctx, "Edit", Entity.project == project["id"])


def episode_edits(ctx, req, episode_id):
    episode = read_entity(ctx, "Episode", episode_id)
    return list_entities(ctx, "Edit", Entity.parent == episode["id"])


def concepts(ctx, req):
    """All concepts the actor reaches, with the entities they illustrate and project names."""

    rows = list_entities(ctx, "Concept", *query_conditions(ctx))
    links = defaultdict(list)
    link = EntityConceptLink
    query = link.select(link.entity_in, link.entity_out).where(link.entity_in.in_([row["id"] for row in rows]))
    for concept_id, entity_id in query.tuples():
        links[concept_id].append(entity_id)
    for row in rows:
        row["entity_concept_links"] = links.get(row["id"], [])
    return add_project_names(rows)


def project_concepts(ctx, req, project_id):
    project = read_project(ctx, project_id)
    return list_entities(ctx, "Concept", Entity.project == project["id"])


FILTERS = "Filters: any entity column in the query string (JSON array for IN, `name` case-insensitive)."


def methods() -> list:
    def listing(path, handler, summary, description=FILTERS):
        return get(path, handler, summary, ROWS, description)

    return [
        listing("/data/assets", assets, "List assets", FILTERS + " `episode_id`: created for or cast in it."),
        listing("/data/assets/all", assets, "List assets", FILTERS + " `episode_id`: created for or cast in it."),
        listing("/data/projects/{project_id}/assets", project_assets, "List a project's assets"),
        listing("/data/projects/{project_id}/asset-types/{asset_type_id}/assets", project_type_assets,
                "List a project's assets of one type"),
        listing("/data/shots", shots, "List shots", FILTERS + " `sequence_id` for the parent sequence."),
        listing("/data/shots/all", shots, "List shots", FILTERS + " `sequence_id` for the parent sequence."),
        listing("/data/projects/{project_id}/shots", project_shots, "List a project's shots", None),
        listing("/data/sequences/{sequence_id}/shots", sequence_shots, "List a sequence's shots"),
        listing("/data/episodes/{episode_id}/shots", episode_shots, "List an episode's shots", None),
        listing("/data/sequences", sequences, "List sequences", FILTERS + " `episode_id` for the parent episode."),
        listing("/data/projects/{project_id}/sequences", project_sequences, "List a project's sequences", None),
        listing("/data/episodes/{episode_id}/sequences", episode_sequences, "List an episode's sequences"),
        listing("/data/episodes", episodes, "List episodes"),
        listing("/data/projects/{project_id}/episodes", project_episodes, "List a project's episodes", None),
        listing("/data/scenes/all", scenes, "List scenes"),
        listing("/data/projects/{project_id}/scenes", project_scenes, "List a project's scenes", None),
        listing("/data/sequences/{sequence_id}/scenes", sequence_scenes, "List a sequence's scenes", None),
        listing("/data/edits", edits, "List edits", FILTERS + " `episode_id` for the parent episode."),
        listing("/data/edits/all", edits, "List edits", FILTERS + " `episode_id` for the parent episode."),
        listing("/data/projects/{project_id}/edits", project_edits, "List a project's edits", None),
        listing("/data/episodes/{episode_id}/edits", episode_edits, "List an episode's edits", None),
        listing("/data/concepts", concepts, "List concepts"),
        listing("/data/projects/{project_id}/concepts", project_concepts, "List a project's concepts", None),
    ]
