"""The ShotGrid imports by name: what each reads ahead and how it writes one item.

Names are Zou's route names (``/import/shotgun/<name>``); each has its schema
``schemas/imports/shotgun/<name>.json``. ``projectconnections`` is Zou's other
spelling of ``project-connections``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import breakdown, people, projects, reviews, tasks


@dataclass(frozen=True)
class Importer:
    name: str
    summary: str
    prepare: Callable  # (run, items) -> None: batch reads before the items are written
    write: Callable  # (run, item) -> the row imported


IMPORTERS = (
    Importer("persons", "Import ShotGrid users as persons", people.prepare_persons, people.write_person),
    Importer("projects", "Import ShotGrid projects", projects.prepare_projects, projects.write_project),
    Importer("episodes", "Import ShotGrid episodes", breakdown.prepare_episodes, breakdown.write_episode),
    Importer("sequences", "Import ShotGrid sequences", breakdown.prepare_sequences, breakdown.write_sequence),
    Importer("shots", "Import ShotGrid shots", breakdown.prepare_shots, breakdown.write_shot),
    Importer("scenes", "Import ShotGrid scenes", breakdown.prepare_scenes, breakdown.write_scene),
    Importer("assets", "Import ShotGrid assets", breakdown.prepare_assets, breakdown.write_asset),
    Importer("steps", "Import ShotGrid steps as task types", projects.prepare_steps, projects.write_step),
    Importer("status", "Import ShotGrid statuses as task statuses", projects.prepare_statuses,
             projects.write_status),
    Importer("tasks", "Import ShotGrid tasks", tasks.prepare_tasks, tasks.write_task),
    Importer("versions", "Import ShotGrid versions as preview files", reviews.prepare_versions,
             reviews.write_version),
    Importer("notes", "Import ShotGrid notes as comments", reviews.prepare_notes, reviews.write_note),
    Importer("project-connections", "Import ShotGrid project connections (team members)",
             people.prepare_connections, people.write_connection),
)
ALIASES = {"projectconnections": "project-connections"}
KINDS = {importer.name: importer for importer in IMPORTERS}
KINDS.update({alias: KINDS[name] for alias, name in ALIASES.items()})
