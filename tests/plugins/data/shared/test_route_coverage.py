"""Every route of Zou's ``shared`` blueprint and the share-link routes of ``playlists`` is served under
both prefixes and documented; the guest routes answer without a login (a dead token: 404), the
share-link routes want one (401)."""

from __future__ import annotations

import pytest

from clapboard.testing import AppFactory

from ..route_coverage import anonymous_statuses, assert_served_and_documented

# zou-routes.tsv: blueprint "shared" (18 rows), and the 4 share-link rows of "playlists".
GUEST_ROUTES = """
GET /shared/playlists/{token}
POST /shared/playlists/{token}/guest
GET /shared/playlists/{token}/comments
POST /shared/playlists/{token}/comments
PUT /shared/playlists/{token}/comments/{comment_id}
DELETE /shared/playlists/{token}/comments/{comment_id}
POST /shared/playlists/{token}/comments/{comment_id}/attachments
DELETE /shared/playlists/{token}/comments/{comment_id}/attachments/{attachment_file_id}
GET /shared/playlists/{token}/attachment-files/{attachment_file_id}/file/{file_name}
PUT /shared/playlists/{token}/annotations
GET /shared/playlists/{token}/preview-files/{preview_file_id}
GET /shared/playlists/{token}/movies/originals/preview-files/{preview_file_id}.mp4
GET /shared/playlists/{token}/pictures/thumbnails/preview-files/{preview_file_id}.png
GET /shared/playlists/{token}/pictures/originals/preview-files/{preview_file_id}.png
GET /shared/playlists/{token}/pictures/originals/preview-files/{preview_file_id}.{extension}
GET /shared/playlists/{token}/movies/tiles/preview-files/{preview_file_id}.png
GET /shared/playlists/{token}/preview-files/{preview_file_id}/download
GET /shared/playlists/{token}/context
"""
LINK_ROUTES = """
GET /data/playlists/{playlist_id}/share
POST /data/playlists/{playlist_id}/share
DELETE /data/playlists/{playlist_id}/share/{token}
POST /data/playlists/{playlist_id}/share/{token}/invite
"""


def rows(text: str) -> list[tuple[str, str]]:
    return [tuple(line.split(" ", 1)) for line in text.strip().splitlines()]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    made = AppFactory(tmp_path_factory.mktemp("shared-coverage"), [])(actors=False)
    yield made
    made.close()


def test_every_route_is_served_and_documented(app):
    assert len(rows(GUEST_ROUTES)) == 18 and len(rows(LINK_ROUTES)) == 4
    assert_served_and_documented(app, rows(GUEST_ROUTES) + rows(LINK_ROUTES))


@pytest.mark.parametrize("method, path", rows(GUEST_ROUTES))
def test_guest_routes_need_no_login_but_a_live_token(app, method, path):
    assert anonymous_statuses(app, method, path.replace(".{extension}", ".png")) == {"": 404, "/api": 404}


@pytest.mark.parametrize("method, path", rows(LINK_ROUTES))
def test_share_link_routes_want_a_login(app, method, path):
    assert anonymous_statuses(app, method, path) == {"": 401, "/api": 401}
