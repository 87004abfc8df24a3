"""A preview file's picture variants, stored whole or not at all.

The variants are rendered to local PNG files first (nothing stored if the
picture is refused), then put one by one under the preview's id; if one put
fails, the ones already stored are deleted before the error goes on.
``remove_preview_pictures`` undoes a successful store when the database
phase that follows it fails.
"""

from __future__ import annotations

from pathlib import Path

from .variants import render_preview

BUCKET = "pictures"
PREFIXES = ("original", "previews", "thumbnails", "thumbnails-square")


def store_preview_picture(app, preview_id, source: Path, extension: str) -> dict:
    """Render and store the variants of the picture uploaded for ``preview_id``; its row's new columns."""

    rendered = render_preview(app, source, extension)
    try:
        stored = []
        try:
            for prefix in PREFIXES:
                app.storage.put(BUCKET, prefix, str(preview_id), rendered.files[prefix])
                stored.append(prefix)
        except BaseException:
            for prefix in stored:
                app.storage.delete(BUCKET, prefix, str(preview_id))
            raise
        return {"width": rendered.width, "height": rendered.height, "file_size": rendered.file_size,
                "extension": "png"}
    finally:
        rendered.discard()


def remove_preview_pictures(app, preview_id) -> None:
    """Delete every variant of ``preview_id`` (missing ones are fine)."""

    for prefix in PREFIXES:
        app.storage.delete(BUCKET, prefix, str(preview_id))
