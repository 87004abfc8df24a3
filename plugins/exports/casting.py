"""``GET /export/csv/projects/{id}/casting.csv``: a production's casting, as Zou's ``CastingCsvExport``.

Columns: Parent, Name, Asset Type, Asset, Occurences, Label, after an
Episode column for a TV show (unless ``episode_id=all``). What is listed
depends on the query, as in Zou:

- by default, the assets cast in other assets (and in sequences or
  episodes): Parent is the parent's type; for a TV show only the parents
  created for an episode (``episode_id`` narrows to one), followed by the
  main pack (parents created for no episode, Episode column ``MP``);
- ``is_shot_casting=true``: the assets cast in shots, Parent the sequence
  (for a TV show, of the episode ``episode_id`` when given);
- ``episode_id=main``: the main pack only; ``episode_id=all``: the assets
  cast in episodes (no Episode column).

Rows come in the database's order of the names, as Zou's queries ask.
"""

from __future__ import annotations

from typing import Callable, Iterator

from clapboard.plugins.data.crud.values import parse_id
from clapboard.plugins.data.models import Entity, EntityLink, EntityType

from . import csvfile, lookups
from .access import readable_project
from .batches import BatchReader
from .http import query_parameter, route

HEADERS = ["Parent", "Name", "Asset Type", "Asset", "Occurences", "Label"]


class _Part:
    """One query of the export and how its tuples become ``(episode, parent, name, …)`` rows."""

    def __init__(self, ctx, query, shape: Callable[[tuple], list]):
        self.reader = BatchReader(ctx.app.db, query)
        self.shape = shape

    def rows(self) -> Iterator[list]:
        for batch in self.reader:
            yield [self.shape(values) for values in batch]


def _links(ctx, parent_type_filter):
    """Casting links whose ``entity_in`` is the plain ``Entity`` (the policy's scope applies to it)."""

    asset, asset_type, parent_type = Entity.alias("asset"), EntityType.alias("asset_type"), EntityType.alias("pt")
    query = (EntityLink.select(EntityLink.id)
             .join(Entity, on=(EntityLink.entity_in == Entity.id))
             .join(parent_type, on=(Entity.entity_type == parent_type.id))
             .join_from(EntityLink, asset, on=(EntityLink.entity_out == asset.id))
             .join(asset_type, on=(asset.entity_type == asset_type.id))
             .where(*ctx.app.scope(ctx.actor, Entity, "read"), *parent_type_filter(parent_type)))
    return query, asset, asset_type, parent_type


def _asset_part(ctx, project_id, tv_show: bool, episode_id, main_pack: bool) -> _Part:
    shot, episode_type = lookups.entity_type_id("Shot"), lookups.entity_type_id("Episode")

    def types(parent_type):
        kept = [parent_type.id != shot] if shot else []
        if main_pack and episode_type:
            kept.append(parent_type.id != episode_type)
        return kept

    query, asset, asset_type, parent_type = _links(ctx, types)
    query = query.where(Entity.project == project_id)
    columns = [parent_type.name, Entity.name, asset_type.name, asset.name, EntityLink.nb_occurences, EntityLink.label]
    if main_pack:
        query = query.where(Entity.source.is_null())
        return _Part(ctx, query.select(*columns).order_by(*columns[:4]),
                     lambda v: ["MP", v[0], v[1], v[2], v[3], v[4], v[5]])
    if tv_show:
        episode = Entity.alias("episode")
        query = query.join_from(Entity, episode, on=(Entity.source == episode.id))
        if episode_id is not None:
            query = query.where(episode.id == episode_id)
        fields = [episode.name, *columns]
        return _Part(ctx, query.select(*fields).order_by(*fields[:5]), lambda v: list(v))
    return _Part(ctx, query.select(*columns).order_by(*columns[:4]), lambda v: [None, *v])


def _shot_part(ctx, project_id, tv_show: bool, episode_id) -> _Part:
    shot = lookups.entity_type_id("Shot")
    query, asset, asset_type, _ = _links(ctx, lambda parent_type: [Entity.entity_type == shot])
    sequence = Entity.alias("sequence")
    query = query.join_from(Entity, sequence, on=(Entity.parent == sequence.id)).where(Entity.project == project_id)
    columns = [sequence.name, Entity.name, asset_type.name, asset.name, EntityLink.nb_occurences, EntityLink.label]
    if tv_show:
        episode = Entity.alias("episode")
        query = query.join_from(sequence, episode, on=(sequence.parent == episode.id))
        if episode_id is not None:
            query = query.where(episode.id == episode_id)
        fields = [episode.name, *columns]
        return _Part(ctx, query.select(*fields).order_by(*fields[:5]), lambda v: list(v))
    return _Part(ctx, query.select(*columns).order_by(*columns[:4]), lambda v: [None, *v])


def _episodes_part(ctx, project_id) -> _Part:
    episode_type = lookups.entity_type_id("Episode")
    query, asset, asset_type, parent_type = _links(ctx, lambda parent_type: [parent_type.id == episode_type])
    query = query.where(Entity.project == project_id, Entity.source.is_null())
    columns = [parent_type.name, Entity.name, asset_type.name, asset.name, EntityLink.nb_occurences, EntityLink.label]
    return _Part(ctx, query.select(*columns).order_by(*columns[:4]), lambda v: [None, *v])


def parts(ctx, project: dict, tv_show: bool) -> list[_Part]:
    wanted = ctx.params.get("episode_id") or None
    project_id = project["id"]
    if wanted == "main":
        return [_asset_part(ctx, project_id, tv_show, None, main_pack=True)]
    if wanted == "all":
        return [_episodes_part(ctx, project_id)]
    episode_id = parse_id(wanted) if wanted is not None else None
    if str(ctx.params.get("is_shot_casting", "")).lower() in ("true", "1"):
        return [_shot_part(ctx, project_id, tv_show, episode_id)]
    found = [_asset_part(ctx, project_id, tv_show, episode_id, main_pack=False)]
    if tv_show:
        found.append(_asset_part(ctx, project_id, tv_show, None, main_pack=True))
    return found


def export(ctx, project_id):
    """A production's casting as CSV (Zou's columns and variants: ``episode_id``, ``is_shot_casting``)."""

    project = readable_project(ctx, project_id)
    tv_show = project["production_type"] == "tvshow"
    with_episode = tv_show and ctx.params.get("episode_id") != "all"
    queries = parts(ctx, project, tv_show)

    def batches():
        for part in queries:
            for rows in part.rows():
                # (episode, parent, parent type or "", name, asset type, asset, occurences, label)
                yield [([episode or ""] if with_episode else []) + [parent, name, asset_type, asset, occurences,
                                                                     label or ""]
                       for episode, parent, name, asset_type, asset, occurences, label in rows]

    headers = (["Episode"] if with_episode else []) + HEADERS
    return csvfile.build(f"{project['name']} casting", csvfile.PROJECT_CSV, [headers], batches(),
                         csvfile.escaping(ctx.app), source=queries[0].reader)


def routes():
    return [route("/export/csv/projects/{project_id}/casting.csv", export, "Export a production's casting as CSV",
                  parameters=(query_parameter("episode_id", "An episode, `main` (the main pack) or `all` (the "
                                                            "assets cast in episodes)"),
                              query_parameter("is_shot_casting", "`true`: the assets cast in shots")))]
