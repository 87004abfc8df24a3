"""Movie previews: probed at upload, transcoded by a bounded pool of background workers.

``intake`` accepts an upload (ffprobe, source stored), ``jobs`` records and
starts the work (``queue`` rows in the database, ``pool`` threads per
process, ``pipeline`` the ffmpeg steps of ``transcode``), ``routes`` serves
the movies, the tile strip and frames, ``commands`` lists and retries jobs.
"""
