"""At start: uploads a crash cut short between their claim and their publication.

An upload claims its preview row (``original_name`` set, the extension it
will have) before the slow work and publishes it (status ``ready``) after.
A process that dies in between leaves a row ``processing`` forever, which
no one can upload to again (the claim refuses it). For pictures and other
files nothing runs in the background, so such a row is taken for dead at
start and marked ``broken`` (Kitsu shows "This preview is broken"). Its
objects are left alone: when the start is a reload (``SIGHUP``) or another
machine's, the upload may still be running in an older process; it then
stores its files and publishes the row, ready after all (``publish`` accepts
its own claim marked broken). Movies are the movie workers' (``movies.jobs``).
"""

from __future__ import annotations

import logging

import peewee

from ...data.models import PreviewFile
from ...data.models.base import utcnow
from ..settings import settings
from .kinds import FILE_EXTENSIONS

log = logging.getLogger("clapboard.pictures")


def stale_claims(app) -> list:
    """Ids of picture and file previews claimed by an upload that never published them."""

    extensions = sorted({"png", *FILE_EXTENSIONS} - set(settings(app)["movie_extensions"]))
    query = (PreviewFile.select(PreviewFile.id)
             .where(PreviewFile.status == "processing", PreviewFile.original_name.is_null(False),
                    PreviewFile.original_name != "", PreviewFile.extension.in_(extensions)))
    return [row[0] for row in query.tuples()]


def mark_stale_claims_broken(app) -> int:
    """Mark the stale claims ``broken``; how many there were."""

    with app.db.connection_context():
        try:
            with app.db.atomic():
                found = stale_claims(app)
                if found:
                    (PreviewFile.update(status="broken", updated_at=utcnow())
                     .where(PreviewFile.id.in_(found), PreviewFile.status == "processing").execute())
        except (peewee.OperationalError, peewee.ProgrammingError) as exc:  # no schema yet (before upgrade-db)
            log.debug("no stale uploads checked: %s", exc)
            return 0
    if found:
        log.warning("%d preview upload(s) cut short by a stop were marked broken", len(found))
    return len(found)
