"""Per-project metadata settings: whether a production accepts only the ``data`` keys its descriptors name.

The instance default is ``[plugins.metadata] strict_keys`` (off: unknown keys
stay free-form, as in Zou). A production may say otherwise in this plugin's own
table ``metadata_project_setting`` (migration 2); no row, or a ``null`` sent,
means it follows the default. The team reads the setting, the production's
managers change it (``GET|PUT /data/projects/{id}/metadata-settings``). A
forced delete of the project takes its row (``data`` purges through every
enabled plugin's models).
"""

from __future__ import annotations

import peewee

from clapboard import Operation, Route
from clapboard.plugins.data.engine import context, validated
from clapboard.plugins.data.models import Project
from clapboard.plugins.data.models.base import BaseModel, fk, utcnow
from clapboard.plugins.data.production.projects.access import managed_project, readable_project

SCHEMA = "metadata/project-settings"


class MetadataProjectSetting(BaseModel):
    """A production's own metadata settings (one row at most per project)."""

    project = fk(Project, null=False, unique=True)
    strict_keys = peewee.BooleanField()

    class Meta:
        table_name = "metadata_project_setting"


MODELS = [MetadataProjectSetting]


def instance_strict_keys(app) -> bool:
    return bool(app.config.plugin("metadata").get("strict_keys"))


def own_strict_keys(project_id) -> bool | None:
    """The project's own value, ``None`` when it follows the instance default."""

    s = MetadataProjectSetting
    return s.select(s.strict_keys).where(s.project == project_id).scalar()


def strict_keys(app, project_id) -> bool:
    """Whether the project refuses ``data`` keys no descriptor names (its own value, else the instance's)."""

    own = own_strict_keys(project_id) if project_id is not None else None
    return instance_strict_keys(app) if own is None else own


def _answer(app, project_id) -> dict:
    own = own_strict_keys(project_id)
    default = instance_strict_keys(app)
    return {"project_id": str(project_id), "strict_keys": default if own is None else own,
            "own": own is not None, "instance_strict_keys": default}


class ProjectSettingsResource:
    def on_get(self, req, resp, project_id):
        ctx = context(req)
        resp.media = _answer(ctx.app, readable_project(ctx, project_id)["id"])

    def on_put(self, req, resp, project_id):
        ctx = context(req)
        body = validated(req, f"{SCHEMA}#/$defs/update")
        project = managed_project(ctx, project_id)["id"]
        s = MetadataProjectSetting
        if body["strict_keys"] is None:
            s.delete().where(s.project == project).execute()
        else:
            (s.insert(project=project, strict_keys=body["strict_keys"])
             .on_conflict(conflict_target=[s.project], update={s.strict_keys: body["strict_keys"],
                                                               s.updated_at: utcnow()})
             .execute())
        resp.media = _answer(ctx.app, project)


def routes() -> list:
    return [Route("/data/projects/{project_id}/metadata-settings", ProjectSettingsResource(), tags=("metadata",),
                  operations={
        "GET": Operation(summary="Metadata settings of the project",
                         description="`strict_keys` is the value in force: the project's own when `own`, else "
                                     "the instance default (`instance_strict_keys`). Strict, a write of `data` "
                                     "refuses keys that no descriptor of the project names (Zou's own keys "
                                     "such as `frame_in` excepted).",
                         response_schema=f"{SCHEMA}#/$defs/answer", operation_id="get_project_metadata_settings"),
        "PUT": Operation(summary="Change the metadata settings of the project (managers)",
                         description="`strict_keys`: true or false for the project, null to follow the instance "
                                     "default again.",
                         request_schema=f"{SCHEMA}#/$defs/update", response_schema=f"{SCHEMA}#/$defs/answer",
                         operation_id="update_project_metadata_settings"),
    })]
