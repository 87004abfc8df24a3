"""Guest review end to end, on a real server (waitress), with the published gazu client and plain HTTP.

A manager shares a playlist of their production through gazu
(``new_share_link``); the client they send it to opens it with nothing but
the token, over raw HTTP as Kitsu's shared player does: the playlist, its
context, the preview's picture (decoded), a guest name and a comment, which
the studio then reads through gazu. The same token refuses the preview of a
playlist of another production, a revoked link opens nothing, and neither the
token nor the guest opens a ``/data`` route. A client of the production
cannot make links.
"""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request

import gazu
import pytest
from PIL import Image

from ..conftest import GAZU_PASSWORD


def call(live, method: str, path: str, body=None, headers=None):
    """Raw HTTP to ``/api``: (status, headers, bytes)."""

    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(live.url + "/api" + path, data=data, method=method, headers=headers or {})
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=15) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def logged_in(live, email: str):
    client = gazu.client.create_client(live.url + "/api", use_refresh_token=True)
    gazu.log_in(email, GAZU_PASSWORD, client=client)
    return client


def production(c, name: str, frame_path, wfa) -> dict:
    """A production with a shot, its animation task, a published picture and a playlist pinning it."""

    animation = gazu.task.get_task_type_by_name("Animation", client=c)
    project = gazu.project.new_project(name, production_type="short", client=c)
    gazu.project.add_task_type(project, animation, 1, client=c)
    gazu.project.add_task_status(project, wfa, client=c)
    sequence = gazu.shot.new_sequence(project, "SQ01", client=c)
    shot = gazu.shot.new_shot(project, sequence, "SH010", nb_frames=24, client=c)
    task = gazu.task.create_shot_tasks(shot, [animation], client=c)[0]
    _, preview = gazu.task.publish_preview(task, wfa, "for review", preview_file_path=str(frame_path), client=c)
    playlist = gazu.playlist.new_playlist(project, f"{name} dailies", for_client=True, client=c)
    # The playlist's entries as Kitsu saves them (``add_entity_to_playlist`` is another family's route).
    gazu.client.put(f"data/playlists/{playlist['id']}",
                    {"shots": [{"entity_id": shot["id"], "preview_file_id": preview["id"]}]}, client=c)
    return {"project": project, "shot": shot, "task": task, "preview": preview, "playlist": playlist}


@pytest.fixture
def studio(gazu_session, tmp_path):
    c, live = gazu_session.client, gazu_session.live
    frame = tmp_path / "frame.png"
    Image.new("RGB", (640, 360), (20, 120, 220)).save(frame)
    wfa = gazu.task.get_task_status_by_short_name("wfa", client=c)
    gazu.client.put(f"data/task-status/{wfa['id']}", {"is_client_allowed": True}, client=c)
    manager = gazu.person.new_person("Mana", "Ger", "mana@example.com", role="manager", password=GAZU_PASSWORD,
                                     client=c)
    customer = gazu.person.new_person("Cli", "Ent", "cli@example.com", role="client", password=GAZU_PASSWORD,
                                      client=c)
    ours = production(c, "Harbour", frame, wfa)
    theirs = production(c, "Elsewhere", frame, wfa)
    for person in (manager, customer):
        gazu.project.add_person_to_team(ours["project"], person, client=c)
    return {"live": live, "admin": c, "ours": ours, "theirs": theirs, "wfa": wfa,
            "manager": logged_in(live, "mana@example.com"), "customer": logged_in(live, "cli@example.com")}


def test_a_client_reviews_a_shared_playlist_and_a_guest_goes_no_further(studio):
    live, ours, theirs = studio["live"], studio["ours"], studio["theirs"]
    link = gazu.playlist.new_share_link(ours["playlist"], client=studio["manager"])
    assert link["is_active"] and link["has_password"] is False and link["playlist_id"] == ours["playlist"]["id"]
    assert [row["token"] for row in gazu.playlist.all_share_links_for_playlist(
        ours["playlist"], client=studio["manager"])] == [link["token"]]
    base = f"/shared/playlists/{link['token']}"

    # The client's view: no account, the token only.
    status, _, body = call(live, "GET", base)
    assert status == 200
    shared = json.loads(body)
    assert [(e["id"], e["preview_file_id"], e["name"]) for e in shared["shots"]] == \
        [(ours["shot"]["id"], ours["preview"]["id"], "SH010")]
    status, _, body = call(live, "GET", base + "/context")
    context = json.loads(body)
    assert status == 200 and context["project"]["name"] == "Harbour"
    allowed = [s["id"] for s in context["task_statuses"] if s["is_client_allowed"]]
    assert studio["wfa"]["id"] in allowed
    status, headers, picture = call(live, "GET", f"{base}/pictures/originals/preview-files/{ours['preview']['id']}.png")
    assert status == 200 and headers["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(picture)) as image:
        assert image.size == (640, 360) and image.convert("RGB").getpixel((10, 10)) == (20, 120, 220)
    status, _, body = call(live, "POST", base + "/guest", {"first_name": "Cli", "last_name": "Ent"})
    guest = json.loads(body)
    assert status == 201 and guest["is_guest"] is True
    status, _, body = call(live, "POST", base + "/comments", {
        "guest_id": guest["id"], "task_id": ours["task"]["id"], "task_status_id": studio["wfa"]["id"],
        "text": "Approved, lovely blue."})
    assert status == 201, body
    comment = json.loads(body)
    studio_view = gazu.task.all_comments_for_task(ours["task"], client=studio["manager"])
    assert comment["id"] in [c["id"] for c in studio_view]
    status, _, body = call(live, "GET", base + "/comments")
    assert [c["text"] for c in json.loads(body)] == ["Approved, lovely blue."]

    # The same token on another production's playlist: refused, and nothing written there.
    for path in (f"/preview-files/{theirs['preview']['id']}",
                 f"/pictures/originals/preview-files/{theirs['preview']['id']}.png",
                 f"/preview-files/{theirs['preview']['id']}/download"):
        status, _, body = call(live, "GET", base + path)
        assert status == 403 and json.loads(body)["error"] is True
    status, _, _ = call(live, "POST", base + "/comments", {
        "guest_id": guest["id"], "task_id": theirs["task"]["id"], "task_status_id": studio["wfa"]["id"],
        "text": "sneaky"})
    assert status == 403
    assert all(c["text"] != "sneaky" for c in gazu.task.all_comments_for_task(theirs["task"], client=studio["admin"]))

    # Neither the token nor the guest opens the studio API.
    for credential in (link["token"], guest["id"]):
        status, _, _ = call(live, "GET", "/data/projects", headers={"Authorization": f"Bearer {credential}"})
        assert status == 401
    status, _, _ = call(live, "GET", f"/data/playlists/{ours['playlist']['id']}")
    assert status == 401

    # A client of the production cannot make links; a revoked link opens nothing.
    with pytest.raises(gazu.exception.NotAllowedException):
        gazu.playlist.new_share_link(ours["playlist"], client=studio["customer"])
    gazu.playlist.remove_share_link(ours["playlist"], link["token"], client=studio["manager"])
    assert gazu.playlist.all_share_links_for_playlist(ours["playlist"], client=studio["manager"]) == []
    status, _, body = call(live, "GET", base)
    assert status == 404 and json.loads(body)["error"] is True
