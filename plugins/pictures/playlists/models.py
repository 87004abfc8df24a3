"""The build queue: the playlist movies left to make, so that a build survives a restart.

Zou's ``build_job`` row (data plugin) is what clients read: ``running`` until
it ends ``succeeded`` or ``failed``. This row is the work behind it: created
with the job, claimed by one process (``owner`` = ``host:pid``), removed when
the job ends. A row ``running`` for a process that no longer exists is queued
again at start (the build is made from scratch), or failed after
``MAX_ATTEMPTS``. Why a build failed goes with its ``build-job:update`` event.
"""

import peewee

import clapboard


class PlaylistBuild(clapboard.Model):
    build_job_id = peewee.UUIDField(primary_key=True)
    playlist_id = peewee.UUIDField(index=True)
    state = peewee.CharField(max_length=10, index=True, default="queued")
    full = peewee.BooleanField(default=False)
    attempts = peewee.IntegerField(default=0)
    owner = peewee.CharField(max_length=255, null=True)
    claimed_at = peewee.DateTimeField(null=True)
    created_at = peewee.DateTimeField()

    class Meta:
        table_name = "pictures_playlist_build"
