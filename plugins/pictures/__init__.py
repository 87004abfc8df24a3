"""The ``pictures`` plugin: preview files, thumbnails, avatars and movies, stored locally or in S3.

Uploads are streamed to disk, checked and turned into Zou's variants (Pillow
for pictures, ffmpeg in background workers for movies), stored through one
small storage interface, and recorded on the rows of the ``data`` plugin
through its engine (scoped reads, checked writes, events).
"""

from __future__ import annotations

from clapboard import Migration, create_models, hookimpl
from clapboard import schemas as schema_files

__version__ = "0.1.0"
title = "Pictures and movies"
description = "Preview uploads, thumbnails, movies normalised by ffmpeg, avatars and every picture download."
requires = ("data",)


@hookimpl
def register_config_schema():
    from .settings import CONFIG_SCHEMA

    return {"pictures": CONFIG_SCHEMA}


@hookimpl
def register_schemas():
    return schema_files.root() / "pictures"


@hookimpl
def register_models():
    from .movies.models import MODELS
    from .playlists.models import PlaylistBuild

    return [*MODELS, PlaylistBuild]


@hookimpl
def register_migrations():
    from .movies.models import MovieJob
    from .playlists.models import PlaylistBuild

    return [Migration(1, "movie jobs (background transcoding that survives restarts)", create_models(MovieJob)),
            Migration(2, "playlist builds (background movie concatenation that survives restarts)",
                      create_models(PlaylistBuild))]


@hookimpl
def register_middleware():
    from .movies.jobs import WakeMiddleware

    return [WakeMiddleware()]


@hookimpl
def register_commands(cli):
    from .movies.commands import register

    register(cli)


@hookimpl
def register_routes():
    from .routes import all_routes

    return all_routes()


@hookimpl
def startup(app):
    from .movies.jobs import recover_at_start
    from .playlists.builds import recover_builds_at_start
    from .previews.recovery import mark_stale_claims_broken
    from .storage import open_storage

    app.storage = open_storage(app)
    recover_at_start(app)  # database rows only: no thread is started before the server forks
    recover_builds_at_start(app)
    mark_stale_claims_broken(app)  # picture and file uploads a stop cut short


@hookimpl
def shutdown(app):
    from .movies.jobs import stop
    from .playlists.builds import stop_builds

    stop(app)  # the running movie jobs end, no other starts: nothing touches the database after
    stop_builds(app)


@hookimpl
def on_event(app, event):
    if event.name == "person:clear-avatar" and event.data.get("person_id"):
        from .thumbnails.avatars import forget_avatar

        forget_avatar(app, event.data["person_id"])
    elif event.name == "attachment-file:delete" and event.data.get("attachment_file_id"):
        from .attachments import forget

        forget(app, event.data["attachment_file_id"])
    elif event.name == "working-file:delete" and event.data.get("working_file_id"):
        from .working_files import forget

        forget(app, event.data["working_file_id"])
    elif event.name == "build-job:delete" and event.data.get("build_job_id"):
        from .playlists.queue import forget

        forget(app, event.data["build_job_id"])
    elif event.name == "preview-background-file:delete" and event.data.get("preview_background_file_id"):
        from .thumbnails.backgrounds import forget_background

        forget_background(app, event.data["preview_background_file_id"])


@hookimpl
def data_store_attachment(app, attachment_id, upload):
    from .attachments import store

    store(app, attachment_id, upload)


@hookimpl
def register_events():
    from .routes import event_types

    return event_types()
