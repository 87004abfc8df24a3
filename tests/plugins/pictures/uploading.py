"""The preview-file upload tests' world (helpers only, no tests here).

A tasks world (``tests/plugins/data/production/tasks/world.py``) on a given
storage backend, with small limits so that refusals are cheap to provoke;
``new_preview`` makes a comment and its preview row (status processing, as
Kitsu does before uploading); ``stored`` lists every object the storage holds,
on disk or in the S3 buckets, so a test can see that nothing was left behind.
"""

from __future__ import annotations

from pathlib import Path

from ..data.production.tasks.world import build_world
from .forms import file_form

MAX_UPLOAD_MB = 1
MAX_BODY = 3 * 1024 * 1024
MAX_PIXELS = 5_000_000


def upload_world(tmp_path_factory, name: str, storage_config: dict | None = None):
    pictures = dict((storage_config or {}).get("plugins", {}).get("pictures", {}))
    pictures.update(max_upload_mb=MAX_UPLOAD_MB, max_image_pixels=MAX_PIXELS)
    return build_world(tmp_path_factory, name, config={"max_body_size": MAX_BODY, "plugins": {"pictures": pictures}})


def new_preview(w, task=None, client=None) -> dict:
    """A comment on ``task`` (T by default) and a preview row for it, as ``client`` (admin)."""

    client = client or w.admin
    task = task or w.ids["T"]
    comment = client.simulate_post(f"/actions/tasks/{task}/comment",
                                   json={"task_status_id": w.types["wfa"], "comment": "see the preview"})
    assert comment.status_code == 201, comment.text
    preview = client.simulate_post(f"/actions/tasks/{task}/comments/{comment.json['id']}/add-preview", json={})
    assert preview.status_code == 201, preview.text
    return {**preview.json, "comment_id": comment.json["id"]}


def upload(client, preview_id, filename: str, data: bytes, query: str = ""):
    return client.simulate_post(f"/pictures/preview-files/{preview_id}{query}", **file_form(filename, data))


def stored(app) -> dict:
    """``{(bucket, prefix, name): size}`` of every object in the app's storage."""

    storage = app.storage
    if storage.name == "local":
        found = {}
        for path in Path(storage.root).rglob("*"):
            if path.is_file():
                relative = path.relative_to(storage.root).parts
                found[(relative[0], relative[1], relative[-1])] = path.stat().st_size
        return found
    from botocore.exceptions import ClientError

    client = storage._client()
    found = {}
    for kind, bucket in storage.buckets.items():
        try:
            for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
                for item in page.get("Contents", []):  # keys are "<prefix>-<uuid>"
                    found[(kind, item["Key"][:-37], item["Key"][-36:])] = item["Size"]
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "NoSuchBucket":
                raise
    return found


def objects_of(app, preview_id) -> dict:
    return {key: size for key, size in stored(app).items() if key[2] == str(preview_id)}


def spool_dir(app) -> list:
    """What is left in the upload spool (nothing, once every request has ended)."""

    path = Path(app.config["data_dir"]) / "tmp" / "pictures"
    return sorted(p.name for p in path.iterdir()) if path.exists() else []
