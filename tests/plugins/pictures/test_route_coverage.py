"""Every route of Zou's ``previews`` blueprint, and the picture routes of other blueprints the plugin
serves, is served under both prefixes, documented, and refused to anonymous callers."""

from __future__ import annotations

import pytest

from clapboard.openapi import build_openapi

from ..data.route_coverage import anonymous_statuses, assert_served_and_documented, normal

# Zou's list (zou-routes.tsv, blueprint "previews", 40 rows), then set-main-preview by task, an entity's
# previews and attachment downloads.
ROUTES = """
GET /data/playlists/preview-files/running
POST /pictures/preview-files/{id}
POST /actions/tasks/{id}/batch-comment
POST /actions/tasks/batch-comment
GET /movies/originals/preview-files/{id}.mp4
GET /movies/originals/preview-files/{id}/download
GET /movies/low/preview-files/{id}.mp4
GET /movies/source/preview-files/{id}.mp4
GET /pictures/thumbnails/preview-files/{id}.png
GET /pictures/thumbnails/attachment-files/{id}.png
GET /pictures/thumbnails-square/preview-files/{id}.png
GET /pictures/originals/preview-files/{id}.png
GET /pictures/originals/preview-files/{id}.{id}
GET /pictures/originals/preview-files/{id}/download
GET /pictures/previews/preview-files/{id}.png
GET /movies/tiles/preview-files/{id}.png
GET /pictures/thumbnails/organisations/{id}
POST /pictures/thumbnails/organisations/{id}
GET /pictures/thumbnails/organisations/{id}.png
POST /pictures/thumbnails/organisations/{id}.png
GET /pictures/thumbnails/persons/{id}
POST /pictures/thumbnails/persons/{id}
GET /pictures/thumbnails/persons/{id}.png
POST /pictures/thumbnails/persons/{id}.png
GET /pictures/thumbnails/projects/{id}
POST /pictures/thumbnails/projects/{id}
GET /pictures/thumbnails/projects/{id}.png
POST /pictures/thumbnails/projects/{id}.png
POST /pictures/preview-background-files/{id}
GET /pictures/thumbnails/preview-background-files/{id}.png
POST /pictures/thumbnails/preview-background-files/{id}.png
GET /pictures/preview-background-files/{id}.{id}
PUT /actions/preview-files/{id}/set-main-preview
GET /actions/preview-files/{id}/extract-frame
GET /actions/preview-files/{id}/extract-annotated-frame
GET /actions/preview-files/{id}/extract-annotated-frames
GET /actions/preview-files/{id}/extract-annotated-frames-pdf
PUT /actions/preview-files/{id}/update-position
PUT /actions/preview-files/{id}/update-annotations
GET /actions/preview-files/{id}/extract-tile
PUT /actions/tasks/{id}/set-main-preview
PUT /actions/tasks/set-main-preview
GET /data/entities/{id}/preview-files
GET /data/attachment-files/{id}/file/{id}
"""
WANTED = {tuple(line.split()) for line in ROUTES.strip().splitlines()}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("pictures-routes"), [])(init=False)
    yield app
    app.close()


def test_the_list_is_zous():
    assert len(WANTED) == 44


def test_every_route_is_served_under_both_prefixes_documented_and_closed_to_anonymous_callers(app):
    assert_served_and_documented(app, WANTED)
    for path, item in build_openapi(app)["paths"].items():
        for method, operation in item.items():
            if (method.upper(), normal(path)) in WANTED:
                assert operation.get("summary"), (method, path)
    for method, path in sorted(WANTED):
        statuses = anonymous_statuses(app, method, path)
        assert statuses == {"": 401, "/api": 401}, (method, path, statuses)


def test_uploads_document_a_multipart_body(app):
    """Every upload says its body is a form (Zou refuses uploads to a project's ``.png`` URL: a 405)."""

    document = build_openapi(app)
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if (method == "post" and normal(path).startswith("/pictures/")
                    and normal(path) != "/pictures/thumbnails/projects/{id}.png"):
                content = operation.get("requestBody", {}).get("content", {})
                assert "multipart/form-data" in content, (method, path)
