"""The studio side of guest review: share links listed, created, revoked, invited to — by whom."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from ..production.tasks.world import close, shape_diffs
from .world import share, shared_world


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = shared_world(tmp_path_factory, "share-links")
    yield world
    close(world)


def test_a_manager_creates_lists_and_revokes_a_link_with_zous_shape(w):
    manager = w.client("manager")
    link = share(w, "A", "manager", can_comment=False, expiration_date="2099-01-31", password="open sesame")
    assert set(link) >= {"id", "token", "playlist_id", "created_by", "expiration_date", "is_active", "can_comment",
                         "type", "has_password", "created_at", "updated_at"}
    assert "password" not in link
    assert link["type"] == "PlaylistShareLink" and link["has_password"] is True and link["can_comment"] is False
    assert link["expiration_date"].startswith("2099-02-01") and link["created_by"] == w.person("manager")
    with w.db():
        stored = m.PlaylistShareLink.get_by_id(link["id"]).password
    assert b"open sesame" not in bytes(stored)  # kept hashed
    listed = manager.simulate_get(f"/data/playlists/{w.ids['A']}/share")
    assert link["id"] in [row["id"] for row in listed.json]
    revoked = manager.simulate_delete(f"/data/playlists/{w.ids['A']}/share/{link['token']}")
    assert revoked.status_code == 200 and revoked.json["is_active"] is False
    listed = manager.simulate_get(f"/data/playlists/{w.ids['A']}/share")
    assert link["id"] not in [row["id"] for row in listed.json]


@pytest.mark.parametrize("role, status", [("supervisor", 403), ("user", 403), ("client", 403), ("vendor", 403),
                                          ("outsider", 404)])
def test_only_the_productions_managers_handle_links(w, role, status):
    link = share(w, "A")
    client = w.client(role)
    base = f"/data/playlists/{w.ids['A']}/share"
    assert client.simulate_post(base, json={}).status_code == status
    assert client.simulate_get(base).status_code == status
    assert client.simulate_delete(f"{base}/{link['token']}").status_code == status
    assert client.simulate_post(f"{base}/{link['token']}/invite", json={"emails": ["a@b.example"]}).status_code == status
    with w.db():
        assert m.PlaylistShareLink.get_by_id(link["id"]).is_active


def test_a_manager_of_p_cannot_touch_qs_playlist_nor_use_a_token_with_another_playlist(w):
    manager = w.client("manager")
    assert manager.simulate_post(f"/data/playlists/{w.ids['B']}/share", json={}).status_code == 404
    link_of_a2 = share(w, "A2")
    answer = manager.simulate_delete(f"/data/playlists/{w.ids['A']}/share/{link_of_a2['token']}")
    assert answer.status_code == 404
    link_of_b = share(w, "B")
    answer = manager.simulate_delete(f"/data/playlists/{w.ids['A']}/share/{link_of_b['token']}")
    assert answer.status_code == 404
    with w.db():
        assert m.PlaylistShareLink.get_by_id(link_of_b["id"]).is_active


@pytest.mark.parametrize("body", [{"expiration_date": "2001-01-01"}, {"expiration_date": "soon"},
                                  {"can_comment": "yes"}, {"password": 12}, {"token": "mine"}, [1]])
def test_bad_bodies_are_400s(w, body):
    answer = w.admin.simulate_post(f"/data/playlists/{w.ids['A']}/share", json=body)
    assert answer.status_code == 400 and answer.json["error"] is True


def test_unknown_playlists_and_tokens_are_404s(w):
    assert w.admin.simulate_get("/data/playlists/8b0a64c5-0ab1-4bd6-a4d5-36a3a1ab3f7e/share").status_code == 404
    assert w.admin.simulate_delete(f"/data/playlists/{w.ids['A']}/share/nope").status_code == 404
    assert w.admin.simulate_get("/data/playlists/not-an-id/share").status_code in (400, 404)


def test_invitations_need_valid_addresses_and_an_active_link(w):
    manager = w.client("manager")
    link = share(w, "A")
    base = f"/data/playlists/{w.ids['A']}/share/{link['token']}/invite"
    assert manager.simulate_post(base, json={"emails": ["not an address"]}).status_code == 400
    assert manager.simulate_post(base, json={"emails": "a@b.example"}).status_code == 400
    manager.simulate_delete(f"/data/playlists/{w.ids['A']}/share/{link['token']}")
    assert manager.simulate_post(base, json={"emails": ["a@b.example"]}).status_code == 404


def test_answers_have_the_shape_zou_recorded(w):
    manager = w.client("manager")
    created = manager.simulate_post(f"/data/playlists/{w.ids['A']}/share", json={"can_comment": True})
    assert shape_diffs("POST__data__playlists__{id}__share.json", created) == []
    listed = manager.simulate_get(f"/data/playlists/{w.ids['A2']}/share")
    assert shape_diffs("GET__data__playlists__{id}__share.json", listed) == []
    revoked = manager.simulate_delete(f"/data/playlists/{w.ids['A']}/share/{created.json['token']}")
    assert shape_diffs("DELETE__data__playlists__{id}__share__{token}.json", revoked) == []


@pytest.mark.parametrize("body", ["text", [], {"emails": [1]}, {"person_ids": ["nope"]}, {"emails": "a@b.c"},
                                  {"person_ids": [None]}, {"message": ["x"]}, {"emails": [" "]}])
def test_odd_invitation_bodies_are_400s(w, body):
    link = share(w, "A")
    answer = w.client("manager").simulate_post(f"/data/playlists/{w.ids['A']}/share/{link['token']}/invite",
                                               json=body)
    assert answer.status_code == 400 and answer.json["error"] is True, answer.text


@pytest.mark.parametrize("token", ["", "x" * 300, "%00", "ä", "../share", "%20"])
def test_odd_tokens_are_404s(w, token):
    answer = w.client("manager").simulate_delete(f"/data/playlists/{w.ids['A']}/share/{token}")
    assert answer.status_code in (400, 404, 405) and answer.json["error"] is True  # NUL: 400 on PostgreSQL


def test_a_deleted_playlist_takes_its_links_with_it(w):
    from falcon.testing import TestClient

    from .world import playlist

    doomed = playlist(w, "P", "Doomed", [])
    link = w.admin.simulate_post(f"/data/playlists/{doomed}/share", json={}).json
    assert w.client("manager").simulate_delete(f"/data/playlists/{doomed}").status_code == 204
    with w.db():
        assert not m.PlaylistShareLink.select().where(m.PlaylistShareLink.id == link["id"]).exists()
    assert TestClient(w.app).simulate_get(f"/shared/playlists/{link['token']}").status_code == 404
