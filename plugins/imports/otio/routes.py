"""``POST /import/otio/projects/{project_id}`` and its episode variant: an edit becomes shots.

Managers of the production and admins only (Zou's manager access check). The
upload is read and parsed before the database phase (``transaction=False``):
parsing an edit touches no row, and the phase that writes runs in one
transaction that the core may retry as a whole. Options, as query
parameters or form fields: ``naming_convention`` (Zou's default
``${project_name}_${sequence_name}-${shot_name}``, with ``${episode_name}-``
before the sequence for an episode) and ``match_case`` (default true).
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound
from clapboard.plugins.data.engine import context, one, require
from clapboard.plugins.data.models import Entity, Project
from clapboard.transactions import in_transaction

from ..uploads import read_upload, settings
from . import naming
from .shots import import_clips
from .timeline import read_clips

SCHEMA = "imports/otio#/$defs/"
DEFAULT_FPS = 25.0


def _target(ctx, project_id, episode_id) -> tuple[dict, dict | None]:
    """The production (and episode) the actor manages; 404 out of reach, 403 below manager."""

    project = one(ctx, Project, project_id, relations=False)
    require(ctx, Project, "update", row=project)
    if episode_id is None:
        if project.get("production_type") == "tvshow":
            raise BadRequest("This production is a TV show: import the edit into one of its episodes "
                             "(/import/otio/projects/{project_id}/episodes/{episode_id}).")
        return project, None
    episode = one(ctx, Entity, episode_id, relations=False)
    if episode["type"] != "Episode" or episode["project_id"] != project["id"]:
        raise NotFound(f"Episode {episode_id} not found in this production.")
    return project, episode


def _flag(value, name: str) -> bool:
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    raise BadRequest(f"'{name}' must be true or false.")


def _fps(project: dict) -> float:
    try:
        fps = float(str(project.get("fps") or "").replace(",", "."))
    except ValueError:
        return DEFAULT_FPS
    return fps if fps > 0 else DEFAULT_FPS


class OtioImport:
    def __init__(self, episode: bool):
        self.episode = episode

    def on_post(self, req, resp, project_id, episode_id=None):
        ctx = context(req)
        project, episode = _target(ctx, project_id, episode_id)
        upload = read_upload(req)
        options = {**req.params, **upload.fields}
        default = naming.EPISODE_DEFAULT if self.episode else naming.PROJECT_DEFAULT
        known = {"project_name": project["name"], **({"episode_name": episode["name"]} if episode else {})}
        convention = naming.NamingConvention(options.get("naming_convention") or default,
                                             _flag(options.get("match_case", "true"), "match_case"), known)
        clips = read_clips(upload.data, upload.filename, _fps(project), settings(req.context.app)["max_rows"])
        in_transaction(req, resp, self._write, project_id=project_id, episode_id=episode_id, clips=clips,
                       convention=convention)

    @staticmethod
    def _write(req, resp, project_id, episode_id, clips, convention):
        ctx = context(req)
        project, episode = _target(ctx, project_id, episode_id)
        resp.media = import_clips(ctx, project, episode, clips, convention)
        resp.status = falcon.HTTP_201


PARAMETERS = tuple({"name": name, "in": "query", "required": False, "schema": schema, "description": text}
                   for name, schema, text in (
    ("naming_convention", {"type": "string"},
     "How clip names name shots: ${project_name}, ${episode_name}, ${sequence_name}, ${shot_name} "
     "(also accepted as a form field)."),
    ("match_case", {"type": "boolean", "default": True},
     "Whether clip, sequence and shot names are compared with their case (also a form field)."),
))


def _operation(summary: str, default: str) -> Operation:
    return Operation(
        summary=summary, request_schema=SCHEMA + "upload", request_content_type="multipart/form-data",
        response_schema=SCHEMA + "answer", status=201, parameters=PARAMETERS,
        description=f"Managers and admins. The part 'file' holds an edit in a format OpenTimelineIO reads by its "
                    f"extension (.otio; .edl with the CMX 3600 adapter, at the production's frame rate). Each "
                    f"clip updates the shot it names (frame_in, frame_out in data, nb_frames) or creates it and "
                    f"its sequence, with a task of each shot task type of the production. Naming convention by "
                    f"default: {default}. All or nothing: a clip that names no shot and does not follow the "
                    f"convention refuses the edit (400), as does an unreadable file (400 with the parser's "
                    f"reason).")


def routes(app=None) -> list[Route]:
    tags = ("imports",)
    return [
        Route("/import/otio/projects/{project_id}", OtioImport(episode=False), tags=tags, transaction=False,
              operations={"POST": _operation("Import an edit (OTIO, EDL) as shots with frame ranges",
                                             naming.PROJECT_DEFAULT)}),
        Route("/import/otio/projects/{project_id}/episodes/{episode_id}", OtioImport(episode=True), tags=tags,
              transaction=False,
              operations={"POST": _operation("Import an episode's edit (OTIO, EDL) as shots with frame ranges",
                                             naming.EPISODE_DEFAULT)}),
    ]
