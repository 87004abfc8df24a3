"""The template a route acts on, and what a change answers and emits.

Zou lets admins and studio managers read templates and their settings lists,
and only admins change them. Both are the generic ``project-templates`` CRUD
rule (read: managers; writes: nobody but admins), asked *before* the row is
looked up so that a refused caller cannot learn which template ids exist.
"""

from __future__ import annotations

from ...crud import rows
from ...crud.meta import info
from ...crud.values import parse_id
from ...engine import NotFound, emit, require
from ...models import ProjectTemplate

NOT_FOUND = "Project template not found"


def template_for(ctx, template_id, verb: str = "read") -> dict:
    """The template's columns once ``verb`` is allowed (403 first, then 404 when absent)."""

    require(ctx, ProjectTemplate, verb)
    found = plain_template(parse_id(template_id))
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def plain_template(template_id) -> dict | None:
    """The template as Zou answers a change: its columns, without the relation lists."""

    return rows.fetch_one(info(ProjectTemplate), template_id, with_relations=False, derived_mode=None)


def template_changed(ctx, template_id, verb: str = "update") -> None:
    """Zou's ``project-template:<verb>``: clients re-read the template."""

    emit(ctx, f"project-template:{verb}", {"project_template_id": template_id})
