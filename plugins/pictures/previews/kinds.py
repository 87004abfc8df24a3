"""What an uploaded preview is, by its extension, and where each kind keeps its bytes.

Pictures (``picture_extensions``) become Zou's PNG variants, movies
(``movie_extensions``) go to the movie workers, and the other files Zou
accepts (layered pictures, scenes, documents, archives…) are stored as
uploaded under ``files/previews``. Anything else is refused with Zou's message.
"""

from __future__ import annotations

import mimetypes

from clapboard.errors import BadRequest

from ..settings import settings

# Zou's ALLOWED_FILE_EXTENSION (zou/app/blueprints/previews/resources.py).
FILE_EXTENSIONS = frozenset({
    "ae", "ai", "blend", "clip", "comp", "diff", "exr", "fbx", "fla", "flv", "gif", "glb", "gltf", "hip", "kra",
    "ma", "mb", "md", "mp3", "obj", "pdf", "psd", "psb", "rar", "rev", "riv", "sai", "sai2", "sbbkp", "svg", "swf",
    "tvpp", "wav", "zip"})

# Every object a preview file may own, whatever its kind (a failed upload removes them all).
OBJECTS = (("pictures", "original"), ("pictures", "previews"), ("pictures", "thumbnails"),
           ("pictures", "thumbnails-square"), ("pictures", "tiles"), ("movies", "previews"),
           ("movies", "lowdef"), ("movies", "source"), ("files", "previews"))


def kind_of(app, extension: str) -> str:
    """``picture``, ``movie`` or ``file``; a 400 naming the extension otherwise."""

    values = settings(app)
    extension = extension.lower()
    if extension in values["picture_extensions"]:
        return "picture"
    if extension in values["movie_extensions"]:
        return "movie"
    if extension in FILE_EXTENSIONS:
        return "file"
    raise BadRequest(f"Wrong file format, extension: {extension}")


def content_type(extension: str) -> str:
    """The media type of a stored file of that extension (``application/octet-stream`` when unknown)."""

    return mimetypes.guess_type(f"file.{extension}", strict=False)[0] or "application/octet-stream"


def remove_objects(app, preview_id) -> None:
    """Delete whatever is stored under the preview's id (nothing happens for what is not there)."""

    for bucket, prefix in OBJECTS:
        app.storage.delete(bucket, prefix, str(preview_id))
