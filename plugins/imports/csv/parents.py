"""Episodes and sequences named by a file: found among the project's, or created once.

As Zou's ``get_or_create_episode`` / ``get_or_create_sequence``: an episode is
found by name in the project, a sequence by name under its episode (none
outside TV shows). Those missing are created after the file is read, before
the rows under them, each with its ``episode:new`` / ``sequence:new`` event.
"""

from __future__ import annotations

import uuid

from clapboard.plugins.data.engine import kind_id
from clapboard.plugins.data.models import Entity
from clapboard.plugins.data.models.base import utcnow

from .batch import emit_many, insert


class Parents:
    def __init__(self, job):
        self.job = job
        self.episode_type = kind_id("Episode")
        self.sequence_type = kind_id("Sequence")
        self.episodes = self._read(self.episode_type, lambda parent, name: name)
        self.sequences = self._read(self.sequence_type, lambda parent, name: (parent, name))
        self.new: list[dict] = []

    def _read(self, entity_type, key) -> dict:
        query = (Entity.select(Entity.id, Entity.parent, Entity.name)
                 .where(Entity.project == self.job.project_id, Entity.entity_type == entity_type)
                 .order_by(Entity.created_at.desc()).tuples())
        return {key(parent, name): entity_id for entity_id, parent, name in query}  # the oldest wins

    def _create(self, entity_type, name: str, parent=None) -> uuid.UUID:
        now = utcnow()
        row = {"id": uuid.uuid4(), "name": name, "project": self.job.project_id, "entity_type": entity_type,
               "parent": parent, "data": {}, "description": "", "creator": self.job.author,
               "created_at": now, "updated_at": now}
        self.new.append(row)
        return row["id"]

    def episode(self, name: str) -> uuid.UUID:
        if name not in self.episodes:
            self.episodes[name] = self._create(self.episode_type, name)
        return self.episodes[name]

    def sequence(self, episode_id, name: str) -> uuid.UUID:
        key = (episode_id, name)
        if key not in self.sequences:
            self.sequences[key] = self._create(self.sequence_type, name, episode_id)
        return self.sequences[key]

    def write(self) -> None:
        """Insert the new episodes, then the new sequences, and record their events."""

        episodes = [row for row in self.new if row["entity_type"] == self.episode_type]
        sequences = [row for row in self.new if row["entity_type"] == self.sequence_type]
        insert(Entity, episodes)
        insert(Entity, sequences)
        emit_many(self.job.ctx, "episode:new", [{"episode_id": row["id"]} for row in episodes], self.job.project_id)
        emit_many(self.job.ctx, "sequence:new", [{"sequence_id": row["id"]} for row in sequences],
                  self.job.project_id)
        self.job.stats.update(episodes_created=len(episodes), sequences_created=len(sequences))
        self.new = []
