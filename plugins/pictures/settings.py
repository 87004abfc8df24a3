"""The ``[plugins.pictures]`` settings and their defaults."""

from __future__ import annotations

from pathlib import Path

PICTURE_EXTENSIONS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "jpe": "JPEG", "webp": "WEBP",
                      "tif": "TIFF", "tiff": "TIFF", "bmp": "BMP"}
MOVIE_EXTENSIONS = ["mp4", "mov", "avi", "m4v", "mkv", "webm", "wmv"]

CONFIG_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "storage": {"enum": ["local", "s3"], "default": "local",
                    "description": "Where files live: the local file system (one machine), or S3-compatible "
                                   "object storage shared by several API machines."},
        "local_root": {"type": "string", "default": "",
                       "description": "Root of the local storage (default: <data_dir>/previews)."},
        "s3_endpoint_url": {"type": "string", "default": "",
                            "description": "S3-compatible endpoint (empty: AWS S3 itself)."},
        "s3_region": {"type": "string", "default": "us-east-1"},
        "s3_access_key": {"type": "string", "default": ""},
        "s3_secret_key": {"type": "string", "default": ""},
        "s3_bucket_prefix": {"type": "string", "default": "clapboard-",
                             "description": "Buckets are <prefix>pictures, <prefix>movies and <prefix>files."},
        "s3_create_buckets": {"type": "boolean", "default": True},
        "max_upload_mb": {"type": "integer", "minimum": 1, "default": 2048,
                          "description": "Largest uploaded file (a 413 beyond; the core's max_body_size "
                                         "bounds the whole request first)."},
        "max_image_pixels": {"type": "integer", "minimum": 1, "default": 89478485,
                             "description": "Largest picture in pixels (width × height); beyond, the upload "
                                            "is refused (Pillow's decompression-bomb guard)."},
        "picture_extensions": {
            "type": "object", "additionalProperties": {"enum": sorted(set(PICTURE_EXTENSIONS.values()))},
            "default": PICTURE_EXTENSIONS,
            "description": "Extensions decoded as pictures, each with the only Pillow format its content "
                           "may have."},
        "movie_extensions": {"type": "array", "items": {"type": "string"}, "default": MOVIE_EXTENSIONS},
        "movie_workers": {"type": "integer", "minimum": 1, "default": 2,
                          "description": "Movies transcoded at once by each API process (background "
                                         "workers; request threads never wait for ffmpeg)."},
        "playlist_build_workers": {"type": "integer", "minimum": 1, "default": 1,
                                   "description": "Playlist movies built at once by each API process (background "
                                                  "workers, each one ffmpeg run at a time)."},
        "movie_timeout_seconds": {"type": "integer", "minimum": 10, "default": 3600,
                                  "description": "Longest one ffmpeg run may take before it is stopped (the "
                                                 "preview is then marked broken)."},
        "movie_preset": {"enum": ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow",
                                  "slower", "veryslow"], "default": "slow",
                         "description": "x264 preset of the normalised movies (Zou encodes with slow)."},
        "ffmpeg": {"type": "string", "default": "ffmpeg"},
        "ffprobe": {"type": "string", "default": "ffprobe"},
        "normalize_movies": {"type": "boolean", "default": True,
                             "description": "Transcode uploaded movies to H.264 mp4 (HD and low definition)."},
    },
}


def settings(app) -> dict:
    return app.config.plugin("pictures")


def tmp_dir(app) -> Path:
    """Where uploads are spooled before they are checked and stored (created on first use)."""

    path = Path(app.config["data_dir"]) / "tmp" / "pictures"
    path.mkdir(parents=True, exist_ok=True)
    return path
