"""Per-model behaviour layered on the generic engine (derived keys, defaults, cascades).

Zou's CRUD resources override a few steps for some models; the equivalents
live here, keyed by table name, so the engine itself stays generic.
"""

from __future__ import annotations

from typing import Callable

from clapboard.errors import BadRequest

from ..actors import acting_person
from .meta import ModelInfo

_DECORATORS: dict[str, Callable[[dict], None]] = {}
_BEFORE_CREATE: dict[str, Callable] = {}
_BEFORE_UPDATE: dict[str, Callable] = {}
_AFTER_CREATE: dict[str, Callable] = {}
_BEFORE_DELETE: dict[str, Callable] = {}
_AFTER_DELETE: dict[str, Callable] = {}


def _register(table: str, registry: dict):
    def decorate(func):
        registry[table] = func
        return func

    return decorate


# Columns a decorator reads, fetched even when ``fields=`` does not ask for them.
NEEDED_COLUMNS = {"entity": ("entity_type_id",), "person": ("first_name", "last_name")}


def decorator(info: ModelInfo) -> Callable[[dict], dict]:
    """The per-row finishing step of ``info``'s model, prepared once per request."""

    prepare = _DECORATORS.get(info.table)
    finish = prepare() if prepare is not None else None

    def decorate(row: dict) -> dict:
        row["type"] = info.type_name
        if finish is not None:
            finish(row)
        return row

    return decorate


def before_create(ctx, info: ModelInfo, values: dict) -> None:
    func = _BEFORE_CREATE.get(info.table)
    if func is not None:
        func(ctx, values)


def after_create(ctx, info: ModelInfo, row_id, values: dict) -> None:
    func = _AFTER_CREATE.get(info.table)
    if func is not None:
        func(ctx, row_id, values)


def after_delete(ctx, info: ModelInfo, current: dict) -> None:
    func = _AFTER_DELETE.get(info.table)
    if func is not None:
        func(ctx, current)


def on_after_delete(table: str, func: Callable) -> None:
    """Let another part of the plugin react to the generic delete of ``table`` rows."""

    _AFTER_DELETE[table] = func


def create_answer(info: ModelInfo, row: dict) -> dict:
    """Zou types the answer of ``POST /data/entities`` as a plain "Entity"."""

    if info.table == "entity":
        row["type"] = "Entity"
    return row


def update_answer_has_relations(info: ModelInfo) -> bool:
    """Zou answers most updates with the relation lists, not those of these models."""

    return info.table not in ("project", "task", "comment", "project_template")


def create_answer_has_relations(info: ModelInfo) -> bool:
    """Zou answers a create with the relation lists, except for project templates."""

    return info.table != "project_template"


def before_update(ctx, info: ModelInfo, current: dict, values: dict) -> None:
    func = _BEFORE_UPDATE.get(info.table)
    if func is not None:
        func(ctx, current, values)


def before_delete(ctx, info: ModelInfo, current: dict, force: bool) -> None:
    """Model checks, then with ``force`` everything that depends on the row goes first."""

    func = _BEFORE_DELETE.get(info.table)
    if func is not None:
        func(ctx, current, force)
    if force:
        from ..models import ALL_MODELS
        from .purge import purge

        # Every table of the enabled plugins: a project's descriptors (``metadata``) go with it.
        purge(info.model, [current["id"]], getattr(ctx.app, "models", None) or ALL_MODELS)


@_register("person", _DECORATORS)
def _person_full_name():
    def finish(row: dict) -> None:
        if "first_name" in row and "last_name" in row:
            row["full_name"] = f"{row['first_name']} {row['last_name']}".strip()

    return finish


@_register("output_file", _DECORATORS)
def _source_file():
    def finish(row: dict) -> None:
        if "source_file_id" in row:
            row["source_file"] = row["source_file_id"]

    return finish


@_register("entity", _DECORATORS)
def _entity_type_name():
    """Zou types an entity by its kind: "Shot", "Sequence"… and "Asset" for every asset type."""

    from clapboard import caching

    from ..models import EntityType

    reserved = {"Episode", "Sequence", "Shot", "Scene", "Edit", "Concept"}

    def read():
        return {str(row_id): ("Asset" if name not in reserved else name)
                for row_id, name in EntityType.select(EntityType.id, EntityType.name).tuples()}

    names = caching.memo("data.entity-type-kinds", None, read)  # reference data: kept while unchanged

    def finish(row: dict) -> None:
        if "entity_type_id" in row:
            row["type"] = names.get(str(row["entity_type_id"]), "Entity")

    return finish


@_register("person", _BEFORE_CREATE)
def _person_email_lowercase(ctx, values: dict) -> None:
    if values.get("email"):
        values["email"] = values["email"].strip().lower()


@_register("person", _BEFORE_UPDATE)
def _person_email_lowercase_update(ctx, current: dict, values: dict) -> None:
    _person_email_lowercase(ctx, values)


@_register("day_off", _BEFORE_CREATE)
def _day_off_end_date(ctx, values: dict) -> None:
    # Zou takes a one-day leave when no end date is given.
    if values.get("end_date") is None and values.get("date") is not None:
        values["end_date"] = values["date"]
    if values.get("end_date") and values.get("date") and values["end_date"] < values["date"]:
        raise BadRequest("end_date must not be before date.", errors=[{"path": "end_date", "message": "before date"}])


def _created_by(ctx, values: dict) -> None:
    """Entities and playlists remember who created them (Zou's ``created_by``)."""

    if values.get("creator") is None:
        values["creator"] = acting_person(ctx.actor)


_BEFORE_CREATE["entity"] = _created_by
_BEFORE_CREATE["playlist"] = _created_by


@_register("project", _BEFORE_CREATE)
def _project_defaults(ctx, values: dict) -> None:
    if values.get("project_status") is None:
        from ..models import ProjectStatus

        values["project_status"] = ProjectStatus.select(ProjectStatus.id).where(
            ProjectStatus.name == "Open").scalar()


@_register("project", _AFTER_CREATE)
def _project_first_episode(ctx, row_id, values: dict) -> None:
    """A TV show starts with its first episode, as in Zou."""

    if values.get("production_type") != "tvshow":
        return
    import uuid

    from ..models import Entity, EntityType

    episode_type, _ = EntityType.get_or_create(name="Episode")
    Entity.create(id=uuid.uuid4(), name="E01", project=row_id, entity_type=episode_type.id,
                  creator=acting_person(ctx.actor))


@_register("department", _AFTER_CREATE)
def _department_salary_scales(ctx, row_id, values: dict) -> None:
    """A new department gets its salary grid (Zou makes it on the next list, which we may not write in)."""

    from ..people.salary_scales import fill_salary_scales

    fill_salary_scales([row_id])


@_register("department", _BEFORE_DELETE)
def _department_salary_scales_go(ctx, current: dict, force: bool) -> None:
    from ..people.salary_scales import remove_salary_scales

    remove_salary_scales(current["id"])


@_register("playlist", _BEFORE_DELETE)
def _playlist_links_and_builds_go(ctx, current: dict, force: bool) -> None:
    """A playlist's guest review links and its build jobs die with it, as in Zou (each job's
    ``build-job:delete`` tells the plugin that keeps the built movie to remove it after commit)."""

    from ..events import emit_event
    from ..models import BuildJob, PlaylistShareLink

    PlaylistShareLink.delete().where(PlaylistShareLink.playlist == current["id"]).execute()
    jobs = [row.id for row in BuildJob.select(BuildJob.id).where(BuildJob.playlist == current["id"])]
    if jobs:
        BuildJob.delete().where(BuildJob.id.in_(jobs)).execute()
    for job_id in jobs:
        emit_event(ctx.app, ctx.actor, "build-job:delete", {"build_job_id": job_id, "playlist_id": current["id"]},
                   current.get("project_id"))


@_register("project", _BEFORE_DELETE)
def _project_closed_first(ctx, current: dict, force: bool) -> None:
    from ..models import ProjectStatus

    status = ProjectStatus.select(ProjectStatus.name).where(ProjectStatus.id == current.get("project_status_id")).scalar()
    if status != "Closed":
        raise BadRequest("Only closed projects can be deleted.")


def _plugin_target(**kwargs):
    """Plugin rows are checked before the generic permission check runs: ask for it first."""

    from ..models import Plugin
    from .service import Target

    return Target(Plugin, **kwargs)


@_register("plugin", _BEFORE_CREATE)
def _plugins_come_from_packages(ctx, values: dict) -> None:
    from ..instance.plugin_registry import refuse_create

    refuse_create(ctx, _plugin_target(changes=values))


@_register("plugin", _BEFORE_UPDATE)
def _plugin_id_stays(ctx, current: dict, values: dict) -> None:
    from ..instance.plugin_registry import check_update

    check_update(ctx, _plugin_target(row=current, changes=values), current, values)


@_register("plugin", _BEFORE_DELETE)
def _installed_plugin_stays(ctx, current: dict, force: bool) -> None:
    from ..instance.plugin_registry import refuse_installed_delete

    refuse_installed_delete(ctx, current)
