"""A template's metadata descriptors: a JSON list kept on the template row, as Zou keeps it.

Descriptors belong to the ``metadata`` plugin, so the route is mounted at
start-up only when a plugin implements ``data_add_descriptors``. A template
only holds their description (``PUT …/metadata-descriptors`` replaces the whole list), taken
from a project through the ``data_descriptors`` hook and given back to a
project through ``data_add_descriptors`` (see ``apply``). Each entry is kept in
one stable shape whatever the caller sent: a missing ``field_name`` is the
name as an ASCII slug joined by ``_``, as Zou derives it.
"""

from __future__ import annotations

import re
import unicodedata

from clapboard import Operation, Route

from ...engine import BadRequest, context, validated
from ...models import ProjectTemplate
from .access import plain_template, template_changed, template_for

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("_", text.lower().replace("'", "")).strip("_")


def _text(entry: dict, key: str):
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise BadRequest(f"A metadata descriptor's '{key}' must be text.")
    return value


def cleaned(entry) -> dict:
    """One descriptor in the template's shape (Zou's ``_clean_descriptor_dict``)."""

    if not isinstance(entry, dict):
        raise BadRequest("Each metadata descriptor must be an object")
    name = _text(entry, "name") or ""
    choices = entry.get("choices") or []
    departments = entry.get("departments") or []
    position = entry.get("position")
    if not isinstance(choices, list) or not isinstance(departments, list):
        raise BadRequest("A metadata descriptor's 'choices' and 'departments' must be lists.")
    if position is not None and (not isinstance(position, int) or isinstance(position, bool)):
        raise BadRequest("A metadata descriptor's 'position' must be an integer.")
    return {
        "name": name,
        "field_name": _text(entry, "field_name") or slug(name),
        "entity_type": _text(entry, "entity_type"),
        "data_type": _text(entry, "data_type"),
        "choices": choices,
        "for_client": bool(entry.get("for_client", False)),
        "departments": [str(d) for d in departments if d is not None],
        "position": position,
        "task_type_id": str(entry["task_type_id"]) if entry.get("task_type_id") is not None else None,
    }


def project_snapshot(app, project_id) -> list[dict]:
    """The project's descriptors (through ``data_descriptors``) in the template's shape."""

    found = []
    for answer in app.hook.data_descriptors(app=app, project_ids=[project_id]):
        found.extend((answer or {}).get(str(project_id), []))
    return [cleaned({**d, "departments": [str(i) for i in d.get("departments") or []]}) for d in found]


class DescriptorsResource:
    def on_put(self, req, resp, template_id):
        ctx = context(req)
        template = template_for(ctx, template_id, "update")
        body = validated(req, "data/production/templates#/$defs/descriptors")
        descriptors = body.get("metadata_descriptors") if isinstance(body, dict) else body
        if descriptors is None:
            descriptors = []
        if not isinstance(descriptors, list):
            raise BadRequest("metadata_descriptors must be a list")
        ProjectTemplate.update(metadata_descriptors=[cleaned(entry) for entry in descriptors]).where(
            ProjectTemplate.id == template["id"]).execute()
        template_changed(ctx, template["id"])
        resp.media = plain_template(template["id"])


def mount_when_kept(app) -> None:
    """Serve the route only when a plugin creates descriptors (``data_add_descriptors``: ``metadata``):
    without one, descriptors are nobody's and nothing about them is served or documented."""

    if app.hook.data_add_descriptors.get_hookimpls():
        app.mount(route())


def route() -> Route:
    return (Route("/data/project-templates/{template_id}/metadata-descriptors", DescriptorsResource(),
                  tags=("data",), operations={"PUT": Operation(
                      summary="Replace the metadata descriptors a project template describes (admins)",
                      description="Body `{\"metadata_descriptors\": [...]}` (or the list itself). Each entry is "
                                  "kept as `name`, `field_name` (derived from the name when missing), "
                                  "`entity_type`, `data_type`, `choices`, `for_client`, `departments`, `position`, "
                                  "`task_type_id`. Answers the template's columns.",
                      request_schema="data/production/templates#/$defs/descriptors",
                      response_schema="data/project-templates#/$defs/row",
                      operation_id="set_project_template_metadata_descriptors")}))
