"""Playlist builds and downloads: one movie of a playlist made by ffmpeg in the background, and a zip
of its previews streamed as it is written. The data plugin owns the playlist rows; the bytes and ffmpeg
are this plugin's."""
