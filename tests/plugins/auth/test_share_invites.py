"""Inviting reviewers to a playlist's share link: real mails through a local SMTP server."""

from __future__ import annotations

import pytest

from ..data.production.tasks.world import build_world, close
from ..data.shared.world import playlist, share
from .conftest import FAST
from .smtp_sink import SmtpSink


@pytest.fixture(scope="module")
def sink():
    with SmtpSink() as running:
        yield running


@pytest.fixture(scope="module")
def w(tmp_path_factory, sink):
    auth = {**FAST, "smtp_host": "127.0.0.1", "smtp_port": sink.port, "public_url": "https://kitsu.example.com/"}
    world = build_world(tmp_path_factory, "share-invites", config={"plugins": {"auth": auth}})
    world.ids["A"] = playlist(world, "P", "Client dailies", [])
    yield world
    close(world)


def invite(w, token, role="manager", **body):
    return w.client(role).simulate_post(f"/data/playlists/{w.ids['A']}/share/{token}/invite", json=body)


def test_addresses_and_team_members_get_the_link_once(w, sink):
    link = share(w, "A", "manager")
    answer = invite(w, link["token"], emails=["Rev@Example.com", "rev@example.com"],
                    person_ids=[w.person("client")], message="Tonight's cut.")
    assert answer.status_code == 200, answer.text
    assert sorted(answer.json["sent"]) == ["Rev@example.com", "client@matrix.example"]
    mail = sink.wait_for("Rev@example.com")
    body = mail.get_payload(decode=True).decode()
    assert f"https://kitsu.example.com/playlists/shared/{link['token']}" in body and "Tonight's cut." in body
    assert "Client dailies" in mail["Subject"]
    sink.wait_for("client@matrix.example")


def test_nothing_is_sent_on_a_refusal(w, sink):
    link = share(w, "A", "manager")
    before = len(sink.messages)
    assert invite(w, link["token"], "supervisor", emails=["x@example.com"]).status_code == 403
    assert invite(w, link["token"], emails=["x@example.com", "broken"]).status_code == 400
    assert invite(w, link["token"], emails=[f"p{i}@example.com" for i in range(51)]).status_code == 400
    assert invite(w, "not-a-token", emails=["x@example.com"]).status_code == 404
    assert len(sink.messages) == before


def test_a_refusing_mail_server_is_a_503(tmp_path_factory):
    from .smtp_sink import free_port

    auth = {**FAST, "smtp_host": "127.0.0.1", "smtp_port": free_port()}
    world = build_world(tmp_path_factory, "share-invites-down", config={"plugins": {"auth": auth}})
    try:
        world.ids["A"] = playlist(world, "P", "Dailies", [])
        link = share(world, "A")
        answer = invite(world, link["token"], "admin", emails=["x@example.com"])
        assert answer.status_code == 503 and answer.json["error"] is True
    finally:
        close(world)
