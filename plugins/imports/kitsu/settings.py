"""A project's settings carried on its row: per task type and task status link values, and team roles.

Zou's project item answers ``task_type_links`` (priority, bitrates, client
visibility per task type), ``task_types_priority`` (the older form: priority
only) and ``task_statuses_link`` (priority, board roles, client permission per
status); a sync adds ``team_roles`` (the per-project role of each member, from
Zou's team route). They are applied to the link rows the project's relation
lists keep; an id the project does not list is ignored, as Zou ignores it.
"""

from __future__ import annotations

from dataclasses import dataclass

from clapboard.plugins.data.crud.values import BadValue, convert
from clapboard.plugins.data.models import ProjectPersonLink, ProjectTaskStatusLink, ProjectTaskTypeLink

from .idmap import IdMap
from .prepare import Prepared, RowError


@dataclass(frozen=True)
class Setting:
    key: str
    link: type
    other: str  # the link's field pointing at the configured row
    table: str  # that row's table (for ``IdMap``)
    columns: tuple[str, ...]
    flat: str | None = None  # the one column of a ``{id: value}`` setting


SETTINGS = (
    Setting("task_type_links", ProjectTaskTypeLink, "task_type", "task_type",
            ("priority", "hd_bitrate_compression", "ld_bitrate_compression", "is_client_visible")),
    Setting("task_types_priority", ProjectTaskTypeLink, "task_type", "task_type", ("priority",), flat="priority"),
    Setting("task_statuses_link", ProjectTaskStatusLink, "task_status", "task_status",
            ("priority", "roles_for_board", "is_client_allowed")),
    Setting("team_roles", ProjectPersonLink, "person", "person", ("role",), flat="role"),
)


def _values(setting: Setting, index: int, other, raw) -> dict:
    raw = {setting.flat: raw} if setting.flat else raw
    if not isinstance(raw, dict):
        raise RowError(index, f"{setting.key}.{other}: not an object")
    found = {}
    for column in setting.columns:
        if column not in raw:
            continue
        field = setting.link._meta.fields[column]
        try:
            value = convert(field, raw[column])
        except BadValue as exc:
            raise RowError(index, f"{setting.key}.{other}.{column}: not {exc}") from exc
        if field.choices and value is not None and value not in {c for c, _ in field.choices}:
            raise RowError(index, f"{setting.key}.{other}.{column}: not one of the allowed values")
        found[column] = value
    return found


def apply(row: Prepared, ids: IdMap) -> bool:
    """Write the settings of project ``row``; whether any stored value changed."""

    changed = False
    for setting in SETTINGS:
        if setting.key not in row.settings or (setting.flat == "priority" and "task_type_links" in row.settings):
            continue
        given = row.settings[setting.key]
        if not isinstance(given, dict):
            raise RowError(row.index, f"{setting.key}: not an object")
        link = setting.link
        other = link._meta.fields[setting.other]
        stored = {getattr(found, other.name + "_id"): found
                  for found in link.select().where(link.project == row.id)}
        for raw_id, raw in given.items():
            try:
                target = ids.get(setting.table, convert(other, raw_id))
            except BadValue as exc:
                raise RowError(row.index, f"{setting.key}: {raw_id!r} is not an id") from exc
            values = _values(setting, row.index, raw_id, raw)
            current = stored.get(target)
            if current is None:
                continue
            update = {column: value for column, value in values.items() if getattr(current, column) != value}
            if update:
                link.update(update).where(link.project == row.id, other == target).execute()
                changed = True
    return changed
