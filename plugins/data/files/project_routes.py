"""A production's file tree (set from a shipped tree or a given one), guessing what a path names,
and reading any file row by id."""

from __future__ import annotations

from clapboard import Operation, Route
from clapboard.errors import NotFound

from ..crud import service
from ..crud.meta import info
from ..engine import context, one, validated
from ..models import OutputFile, Project, WorkingFile
from . import guess, trees
from .answers import row_id


class SetFileTree:
    """POST ``/actions/projects/<id>/set-file-tree`` ``{"tree_name"}`` or ``{"file_tree": {...}}``: the
    project, updated (``project:update``) by whoever may change its settings (its managers)."""

    def on_post(self, req, resp, project_id):
        ctx = context(req)
        body = validated(req, "data/files/set_file_tree")
        project = one(ctx, Project, project_id, relations=False)
        tree = body["file_tree"] if body.get("file_tree") is not None else trees.shipped(body["tree_name"])
        resp.media = service.update_row(ctx, info(Project), project["id"], {"file_tree": tree})


class GuessFromPath:
    """POST ``/data/entities/guess-from-path`` (and ``guess_from_path``): the templates a path matches."""

    def on_post(self, req, resp):
        ctx = context(req)
        body = validated(req, "data/files/guess_from_path")
        project = one(ctx, Project, row_id(body["project_id"], "project_id"), relations=False)
        tree = Project.select(Project.file_tree).where(Project.id == project["id"]).scalar()
        resp.media = guess.guess(tree, body["file_path"], project["id"], body.get("sep") or "/")


class File:
    """GET ``/data/files/<id>``: a working file, else an output file, the actor reaches."""

    def on_get(self, req, resp, file_id):
        ctx = context(req)
        found_id = row_id(file_id, "file_id")
        for model in (WorkingFile, OutputFile):
            if model.select().where(model.id == found_id).exists():
                resp.media = one(ctx, model, found_id)
                return
        raise NotFound(f"File {file_id} not found.")


def routes() -> list[Route]:
    guessing = dict(summary="The file tree templates a path matches, with the rows its folders name",
                    request_schema="data/files/guess_from_path", response_schema="data/files/answers#/$defs/guesses")
    return [
        Route("/actions/projects/{project_id}/set-file-tree", SetFileTree(), tags=("data",), operations={
            "POST": Operation(summary="Set a production's file tree (a shipped one by name, or a given tree)",
                              request_schema="data/files/set_file_tree", response_schema="data/projects#/$defs/row")}),
        Route("/data/entities/guess-from-path", GuessFromPath(), tags=("data",), operations={"POST": Operation(
            **guessing, operation_id="post_data_entities_guess_from_path_dashed")}),
        Route("/data/entities/guess_from_path", GuessFromPath(), tags=("data",), operations={"POST": Operation(
            **guessing, operation_id="post_data_entities_guess_from_path")}),
        Route("/data/files/{file_id}", File(), tags=("data",), operations={
            "GET": Operation(summary="A working or output file by id",
                             response_schema="data/files/answers#/$defs/file")}),
    ]

