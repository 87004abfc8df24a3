"""The movie job table: what is left to transcode, so that work survives restarts and is shared.

A row exists from the upload's commit until its movie is ready (then it is
deleted); a movie that failed keeps its row as ``failed`` with the reason,
so ``clapboard pictures retry-movies`` can queue it again. ``owner`` names the
process running it (``host:pid``): a row ``running`` for a process that no
longer exists, or for far longer than any run may take, is queued again at
start (or marked failed after ``MAX_ATTEMPTS``).
"""

import peewee

import clapboard

STATES = ("queued", "running", "failed")


class MovieJob(clapboard.Model):
    preview_file_id = peewee.UUIDField(primary_key=True)
    state = peewee.CharField(max_length=10, index=True, default="queued")
    normalize = peewee.BooleanField(default=True)
    attempts = peewee.IntegerField(default=0)
    owner = peewee.CharField(max_length=255, null=True)
    claimed_at = peewee.DateTimeField(null=True)
    created_at = peewee.DateTimeField()
    last_error = peewee.TextField(null=True)

    class Meta:
        table_name = "pictures_movie_job"


MODELS = [MovieJob]
