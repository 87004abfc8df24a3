"""``POST /import/csv/projects/{id}/casting``: which assets each shot, asset or episode uses.

Columns as Zou's casting export writes them: (Episode, for TV shows),
Parent, Name, Asset Type, Asset, Occurences, Label. A line casts the asset
named by Asset Type and Asset into the entity named by Parent and Name,
looked up as Zou does, in this order: a shot (Parent its sequence, under the
Episode of a TV show; "MP", the main pack, means none), an asset (Parent its
type), an episode (Parent "Episode"). Names are compared as slugs
(``matching``). Occurences defaults to 1 (0 uncasts the asset); Label is
stored slugged, "fixed" when the file has no Label column. A line with
neither Asset Type nor Asset casts nothing.

Unlike Zou, which skips a line naming an unknown asset or entity, such a line
refuses the file, as every bad line does: nothing is written. Links are
written through the data plugin's casting code (``cast_writes.cast_asset``),
grouped by asset, count and label, so ``entity-link:new|update``,
``<kind>:casting-update`` events, episode links of shots and the casting
counts (``nb_entities_out``) stay as the casting routes keep them. The
answer is Zou's: one ``null`` per line.
"""

from __future__ import annotations

from collections import defaultdict

from clapboard.plugins.data.engine import ENTITY_KINDS, kind_id
from clapboard.plugins.data.models import Entity, EntityLink, EntityType
from clapboard.plugins.data.production.breakdown import cast_writes

from .cells import whole
from .matching import Index, key, slug
from .project import is_tv_show, require_manager, start
from .reader import CsvError

check = require_manager
required = ("Parent", "Name", "Asset Type", "Asset")
MAIN_PACK = "MP"


class Breakdown:
    """The project's shots, assets and episodes, indexed by the names a casting line gives them."""

    def __init__(self, project_id, tv: bool):
        self.tv = tv
        kinds = dict(EntityType.select(EntityType.id, EntityType.name).tuples())
        reserved = {kind_id(name): name for name in ("Episode", "Sequence", "Shot")}
        rows = list(Entity.select(Entity.id, Entity.name, Entity.entity_type, Entity.parent)
                    .where(Entity.project == project_id).order_by(Entity.created_at, Entity.id).tuples())
        by_id = {row[0]: row for row in rows}
        self.shots, self.assets, self.episodes = Index(), Index(), Index()
        for entity_id, name, type_id, parent_id in rows:
            kind = reserved.get(type_id) or kinds.get(type_id)
            if kind == "Shot" and parent_id in by_id:
                sequence = by_id[parent_id]
                episode = by_id.get(sequence[3])
                self.shots.add(key(episode[1] if (tv and episode) else "", sequence[1], name), entity_id)
            elif kind == "Episode":
                self.episodes.add(key(name), entity_id)
            elif kind not in ENTITY_KINDS:
                self.assets.add(key(kind, name), entity_id)

    def asset(self, row) -> object:
        type_name, name = row.get("Asset Type"), row.get("Asset")
        return _one(self.assets.find(key(type_name, name)), row.line_number,
                    f"Asset {name!r} of type {type_name!r} not found in this production.")

    def target(self, row) -> object:
        """The entity the line casts into: a shot, else an asset, else an episode (Zou's order)."""

        episode = row.get("Episode") if self.tv else ""
        episode = "" if episode == MAIN_PACK else episode
        parent, name = row.get("Parent"), row.get("Name")
        for found in (self.shots.find(key(episode, parent, name)), self.assets.find(key(parent, name)),
                      self.episodes.find(key(name)) if slug(parent) == "episode" else []):
            if found:
                return _one(found, row.line_number, "")
        where = f" of episode {episode!r}" if episode else ""
        raise CsvError(f"Nothing to cast into: no shot, asset or episode {name!r} under {parent!r}{where} "
                       "in this production.", row.line_number)


def _one(found: list, line: int, missing: str):
    if not found:
        raise CsvError(missing, line)
    if len(found) > 1:
        raise CsvError("Several entities of this production have these names (once slugged); rename them "
                       "apart to import their casting.", line)
    return found[0]


def _occurences(row) -> int:
    cell = row.get("Occurences")
    if not cell:
        return 1
    count = whole(cell, row.line_number, "Occurences")
    if count < 0:
        raise CsvError(f"A value is invalid: Occurences: {cell!r} is negative.", row.line_number)
    return count


def plan(job) -> dict:
    """``{(entity id, asset id): (occurences, label)}`` of the file, the last line naming a pair winning."""

    table = job.table
    breakdown = Breakdown(job.project_id, is_tv_show(job.project))
    links: dict = {}
    for row in table.rows:
        if not row.get("Asset Type") and not row.get("Asset"):
            job.advance()
            continue
        asset, target = breakdown.asset(row), breakdown.target(row)
        if asset == target:
            raise CsvError("An asset cannot be cast in itself.", row.line_number)
        label = slug(row.values.get("Label")) if table.has("Label") else "fixed"
        links.pop((target, asset), None)
        links[(target, asset)] = (_occurences(row), label)
        job.advance()
    return links


def _count(job, links: dict) -> None:
    """What the import changes, for the command's summary: links created, updated, removed, unchanged."""

    stored = {(entity, asset): (count, label) for entity, asset, count, label in EntityLink.select(
        EntityLink.entity_in, EntityLink.entity_out, EntityLink.nb_occurences, EntityLink.label).where(
        EntityLink.entity_in.in_(list({target for target, _ in links}))).tuples()} if links else {}
    for pair, (count, label) in links.items():
        before = stored.get(pair)
        if before is None:
            job.stats["created" if count else "unchanged"] += 1
        elif count == 0:
            job.stats["removed"] += 1
        else:
            job.stats["unchanged" if before == (count, label) else "updated"] += 1


def run(job) -> list:
    start(job)
    links = plan(job)
    targets = cast_writes.editable_entities(job.ctx, job.project_id, [target for target, _ in links])
    by_id = {row["id"]: row for row in targets}
    _count(job, links)
    groups: dict = defaultdict(list)
    for (target, asset), (count, label) in links.items():
        groups[(asset, count, label)].append(by_id[target])
    for (asset, count, label), entities in groups.items():
        cast_writes.cast_asset(job.ctx, entities, asset, count, label)
    job.stats.update(entities_cast=len(targets))
    return [None] * len(job.table.rows)
