"""What each kind of row takes: its table, the relation lists it carries, the keys that identify it.

A kind names its table, not its model: the model is the one the application
registered for that table (``model_for``), so ``metadata_descriptor`` rows go
through the ``metadata`` plugin's model when that plugin is enabled and the
kind simply does not exist otherwise. ``KINDS`` are the ``/import/kitsu/<name>``
routes (Zou's list); ``SYNC_KINDS`` add the studio's reference data and people,
which ``clapboard sync-from-zou`` copies with the same code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# Entity types that are not asset types (Zou's reserved names).
ENTITY_KINDS = ("Episode", "Sequence", "Shot", "Scene", "Edit", "Concept")


@dataclass(frozen=True)
class Kind:
    """One kind of imported row.

    ``relations``: relation lists written with the row (others are left as
    stored); ``keys``: unique keys (API names) that find the stored row when
    its id is not there (always for ``match_always`` kinds, as Zou matches
    casting links by their two entities; only when asked otherwise: a sync
    adopts Clapboard's own defaults); ``reid``: an adopted row takes the copied
    id (nothing points at it: a casting link that a shot's ``entities_out``
    made first); ``soft_refs``: id columns without a
    foreign key and the table they point at (so copied ids can be mapped);
    ``settings``: keys of a row applied after it (a project's link settings);
    ``normalize``: Zou's own renames of a row before it is read (``sequence_id``
    → ``parent_id`` …); ``schema``: the JSON Schema of a row when the model has
    no generic one.
    """

    name: str
    table: str
    relations: tuple[str, ...] = ()
    keys: tuple[tuple[str, ...], ...] = ()
    match_always: bool = False
    reid: bool = False
    soft_refs: dict = field(default_factory=dict)
    settings: tuple[str, ...] = ()
    normalize: Callable[[dict], dict] | None = None
    schema: str | None = None


def _entity(row: dict) -> dict:
    """Zou's import renames (``Entity.sanitize_import_data``): an asset's type, a shot's sequence, frame
    ranges kept in ``data``; a reserved kind's type found by its name when no type id is given."""

    if "asset_type_id" in row:
        row.setdefault("entity_type_id", row.pop("asset_type_id"))
    row.pop("asset_type_name", None)
    if "sequence_id" in row:
        sequence = row.pop("sequence_id")
        row.setdefault("parent_id", sequence)
    for key in ("frame_in", "frame_out", "fps"):
        if key in row:
            data = row.get("data")
            row["data"] = {**(data if isinstance(data, dict) else {}), key: row.pop(key)}
    if row.get("entity_type_id") is None and row.get("type") in ENTITY_KINDS:
        from clapboard.plugins.data.models import EntityType

        found = EntityType.select(EntityType.id).where(EntityType.name == row["type"]).scalar()
        if found is not None:
            row["entity_type_id"] = str(found)
    return row


def _person(row: dict) -> dict:
    if isinstance(row.get("email"), str):
        row["email"] = row["email"].strip().lower()
    return row


PROJECT_RELATIONS = ("team", "asset_types", "task_statuses", "task_types", "status_automations",
                     "preview_background_files")
PROJECT_SETTINGS = ("task_type_links", "task_types_priority", "task_statuses_link", "team_roles")

KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("projects", "project", PROJECT_RELATIONS, keys=(("name",),), settings=PROJECT_SETTINGS),
    Kind("entities", "entity", ("entities_out", "entity_concept_links"),
         keys=(("name", "project_id", "entity_type_id", "parent_id"),), normalize=_entity,
         soft_refs={"preview_file_id": "preview_file"}),
    Kind("entity-links", "entity_link", keys=(("entity_in_id", "entity_out_id"),), match_always=True,
         reid=True),
    Kind("tasks", "task", ("assignees",), keys=(("name", "project_id", "task_type_id", "entity_id"),),
         soft_refs={"last_preview_file_id": "preview_file"}),
    Kind("comments", "comment", ("previews", "mentions", "department_mentions", "acknowledgements"),
         soft_refs={"object_id": "task"}),
    Kind("attachment-files", "attachment_file"),
    Kind("build-jobs", "build_job", schema="imports/kitsu/build-jobs"),
    Kind("metadata-descriptors", "metadata_descriptor", ("departments",),
         keys=(("project_id", "entity_type", "task_type_id", "field_name"),)),
    Kind("milestones", "milestone"),
    Kind("news", "news"),
    Kind("notifications", "notification"),
    Kind("playlists", "playlist", keys=(("name", "project_id", "episode_id"),)),
    Kind("preview-files", "preview_file", keys=(("name", "task_id", "revision"),)),
    Kind("schedule-items", "schedule_item", keys=(("project_id", "task_type_id", "object_id"),),
         soft_refs={"object_id": "entity"}),
    Kind("subscriptions", "subscription", keys=(("person_id", "task_id"),)),
    Kind("time-spents", "time_spent", keys=(("person_id", "task_id", "date"),)),
)}

# Reference data and people: copied by ``sync-from-zou`` (matched by name to Clapboard's own defaults).
REFERENCE_KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("departments", "department", keys=(("name",),)),
    Kind("studios", "studio", keys=(("name",),)),
    Kind("project-status", "project_status", keys=(("name",),)),
    Kind("task-types", "task_type", keys=(("name", "for_entity"),)),
    Kind("task-status", "task_status", keys=(("short_name",),)),
    Kind("entity-types", "entity_type", ("task_types",), keys=(("name",),)),
    Kind("status-automations", "status_automation"),
    Kind("preview-background-files", "preview_background_file"),
    Kind("persons", "person", ("departments",), keys=(("email",),), normalize=_person),
)}

SYNC_KINDS: dict[str, Kind] = {**REFERENCE_KINDS, **KINDS}


def model_for(app, table: str):
    """The model the application registered for ``table`` (``None``: its plugin is disabled)."""

    for model in getattr(app, "models", ()) or ():
        if model._meta.table_name == table:
            return model
    return None
