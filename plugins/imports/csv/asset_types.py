"""The asset type a "Type" cell names, as Zou's asset import finds it (case aside).

When the project lists its asset types, the list is closed: a type known to
the studio but missing from the list is added to it (otherwise the imported
assets would be missing from the production's filters), an unknown name is a
typo and refuses the line. A project without a list takes any type, and a
new name creates the asset type (``asset-type:new``), as Zou does. The
reserved kinds (Shot, Sequence…) are never asset types.
"""

from __future__ import annotations

import uuid

from clapboard.plugins.data.engine import ENTITY_KINDS
from clapboard.plugins.data.models import EntityType, ProjectAssetTypeLink
from clapboard.plugins.data.models.base import utcnow

from .batch import emit_many, insert
from .reader import CsvError

RESERVED = {kind.lower() for kind in ENTITY_KINDS}


class AssetTypes:
    def __init__(self, job):
        self.job = job
        self.studio = {name.lower(): type_id for type_id, name in EntityType.select(EntityType.id, EntityType.name)
                       .order_by(EntityType.created_at.desc()).tuples() if name.lower() not in RESERVED}
        self.listed = {type_id for (type_id,) in ProjectAssetTypeLink.select(ProjectAssetTypeLink.asset_type)
                       .where(ProjectAssetTypeLink.project == job.project_id).tuples()}
        self.closed = bool(self.listed)
        self.new_types: list[dict] = []
        self.new_links: list = []

    def find(self, name: str, line: int) -> uuid.UUID:
        key = name.lower()
        if key in RESERVED:
            raise CsvError(f"{name} is not an asset type.", line)
        found = self.studio.get(key)
        if found is None:
            if self.closed:
                raise CsvError(f"Asset type {name} is not configured for this project", line)
            now = utcnow()
            found = uuid.uuid4()
            self.new_types.append({"id": found, "name": name, "created_at": now, "updated_at": now})
            self.studio[key] = found
        if self.closed and found not in self.listed:
            self.listed.add(found)
            self.new_links.append(found)
        return found

    def write(self) -> None:
        insert(EntityType, self.new_types)
        insert(ProjectAssetTypeLink, [{"project": self.job.project_id, "asset_type": type_id}
                                      for type_id in self.new_links])
        emit_many(self.job.ctx, "asset-type:new", [{"asset_type_id": row["id"]} for row in self.new_types])
        self.job.stats.update(asset_types_created=len(self.new_types))

    def workflow(self, task_types: list[tuple]) -> dict:
        """``{asset type id: [task type ids]}``: the project's asset task types, narrowed by each
        type's own list when it has one (Zou's asset workflow)."""

        own: dict = {}
        link = EntityType.task_types.through_model
        for asset_type, task_type in link.select(link.asset_type, link.task_type).tuples():
            own.setdefault(asset_type, set()).add(task_type)
        every = [task_type for task_type, _ in task_types]
        return {type_id: [t for t in every if t in own[type_id]] if own.get(type_id) else every
                for type_id in set(self.studio.values())}
