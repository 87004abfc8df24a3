"""``GET /stats``: studio-wide usage counts, for admins.

Zou answers the numbers its telemetry sends: movie, picture and 3D-model
previews (by file extension) and comments, over every production, which is
why only admins may read them.
"""

from __future__ import annotations

import peewee

from clapboard import Operation, Route

from ..models import Comment, PreviewFile

STATS_ACTION = "data.instance.stats"
# Answer key -> preview file extension it counts.
PREVIEW_KINDS = {
    "number_of_video_previews": "mp4",
    "number_of_picture_previews": "png",
    "number_of_model_previews": "obj",
}


def main_stats() -> dict:
    """The counts, in two statements whatever the size of the studio."""

    by_extension = dict(PreviewFile
                        .select(PreviewFile.extension, peewee.fn.COUNT(PreviewFile.id))
                        .where(PreviewFile.extension.in_(list(PREVIEW_KINDS.values())))
                        .group_by(PreviewFile.extension)
                        .tuples())
    answer = {key: by_extension.get(extension, 0) for key, extension in PREVIEW_KINDS.items()}
    answer["number_of_comments"] = Comment.select().count()
    return answer


class StatsResource:
    def on_get(self, req, resp):
        resp.media = main_stats()


def routes() -> list[Route]:
    return [Route("/stats", StatsResource(), tags=("data",), operations={"GET": Operation(
        summary="Usage counts of the whole studio: previews by kind and comments (admins)",
        action=STATS_ACTION, response_schema="data/instance/answers#/$defs/stats",
        operation_id="get_usage_stats")})]
