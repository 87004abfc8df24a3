"""The guest side: what a share token opens, what a guest writes, and everything it never opens."""

from __future__ import annotations

import datetime
import uuid

import pytest
from falcon.testing import TestClient

from clapboard.plugins.data import models as m

from ..production.tasks.world import close, multipart
from .world import guest, share, shared_world

NOBODY = str(uuid.UUID(int=7))


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = shared_world(tmp_path_factory, "guest-review")
    world.links = {"A": share(world, "A"), "A2": share(world, "A2"), "B": share(world, "B"),
                   "quiet": share(world, "A", can_comment=False), "locked": share(world, "A", password="s3cret")}
    yield world
    close(world)


@pytest.fixture(scope="module")
def anon(w):
    return TestClient(w.app)


def token(w, name="A") -> str:
    return w.links[name]["token"]


def post_comment(anon, w, link="A", guest_id=None, task=None, status="wfa", text="Lovely"):
    guest_id = guest_id or guest(w, token(w, link))
    return anon.simulate_post(f"/shared/playlists/{token(w, link)}/comments", json={
        "guest_id": guest_id, "task_id": task or w.ids["T"], "task_status_id": w.types[status], "text": text})


def test_the_playlist_its_context_and_its_preview_without_login(w, anon):
    answer = anon.simulate_get(f"/shared/playlists/{token(w)}")
    assert answer.status_code == 200, answer.text
    assert answer.json["id"] == w.ids["A"] and answer.json["project_name"] == "Project P"
    (entry,) = answer.json["shots"]
    assert entry["preview_file_id"] == w.ids["inside"] and entry["name"] == "SHE"
    assert entry["preview_file_task_type_name"] == "Animation" and entry["preview_file_task_id"] == w.ids["T"]
    assert (entry["preview_file_revision"], entry["preview_file_width"], entry["preview_file_height"]) == (1, 400, 100)
    assert isinstance(entry["preview_file_annotations"], list)
    context = anon.simulate_get(f"/shared/playlists/{token(w)}/context").json
    assert context["project"]["id"] == w.ids["P"] and [e["id"] for e in context["entities"]] == [w.ids["E"]]
    assert any(s["short_name"] == "wfa" and s["is_client_allowed"] for s in context["task_statuses"])
    preview = anon.simulate_get(f"/shared/playlists/{token(w)}/preview-files/{w.ids['inside']}")
    assert preview.status_code == 200 and preview.json["id"] == w.ids["inside"]


@pytest.mark.parametrize("key", ["outside", "elsewhere"])
def test_a_preview_of_another_playlist_or_production_is_refused(w, anon, key):
    for path in (f"/preview-files/{w.ids[key]}", f"/preview-files/{w.ids[key]}/download",
                 f"/pictures/thumbnails/preview-files/{w.ids[key]}.png",
                 f"/pictures/originals/preview-files/{w.ids[key]}.png",
                 f"/pictures/originals/preview-files/{w.ids[key]}.jpg",
                 f"/movies/originals/preview-files/{w.ids[key]}.mp4",
                 f"/movies/tiles/preview-files/{w.ids[key]}.png"):
        answer = anon.simulate_get(f"/shared/playlists/{token(w)}{path}")
        assert answer.status_code == 403, (path, answer.text)
        assert answer.json["error"] is True


def test_unknown_and_malformed_previews(w, anon):
    assert anon.simulate_get(f"/shared/playlists/{token(w)}/preview-files/{NOBODY}").status_code == 404
    assert anon.simulate_get(f"/shared/playlists/{token(w)}/preview-files/nope").status_code == 404


def test_a_playlist_entry_edited_to_pin_another_productions_preview_opens_nothing(w, anon):
    playlist = w.admin.simulate_post("/data/playlists", json={
        "name": "Tampered", "project_id": w.ids["P"],
        "shots": [{"entity_id": w.ids["EQ"], "preview_file_id": w.ids["elsewhere"]},
                  {"entity_id": w.ids["SH2"], "preview_file_id": w.ids["inside"]}]}).json
    link = w.admin.simulate_post(f"/data/playlists/{playlist['id']}/share", json={}).json
    for preview in ("elsewhere", "inside"):
        path = f"/shared/playlists/{link['token']}/preview-files/{w.ids[preview]}"
        assert anon.simulate_get(path).status_code == 403
    shots = anon.simulate_get(f"/shared/playlists/{link['token']}").json["shots"]
    assert all(entry["id"] != w.ids["EQ"] for entry in shots)
    assert all("preview_file_id" not in entry for entry in shots)


@pytest.mark.parametrize("how", ["unknown", "revoked", "expired"])
def test_dead_tokens_open_nothing(w, anon, how):
    link = share(w, "A")
    if how == "revoked":
        w.admin.simulate_delete(f"/data/playlists/{w.ids['A']}/share/{link['token']}")
    elif how == "expired":
        with w.db():
            m.PlaylistShareLink.update(expiration_date=datetime.datetime(2001, 1, 1)).where(
                m.PlaylistShareLink.id == link["id"]).execute()
    dead = link["token"] if how != "unknown" else "f" * 36
    for method, path in (("GET", ""), ("GET", "/context"), ("GET", "/comments"), ("POST", "/guest"),
                         ("GET", f"/preview-files/{w.ids['inside']}"),
                         ("GET", f"/pictures/thumbnails/preview-files/{w.ids['inside']}.png"),
                         ("PUT", "/annotations")):
        answer = anon.simulate_request(method, f"/shared/playlists/{dead}{path}", json={})
        assert answer.status_code == 404, (how, path, answer.text)


def test_a_protected_link_wants_its_password(w, anon):
    base = f"/shared/playlists/{token(w, 'locked')}"
    assert anon.simulate_get(base).status_code == 404
    assert anon.simulate_get(base, params={"password": "wrong"}).status_code == 404
    assert anon.simulate_get(base, params={"password": "s3cret"}).status_code == 200
    assert anon.simulate_get(base + "/context", params={"password": "s3cret"}).status_code == 200


def test_guests_are_bound_to_their_link(w, anon):
    first = anon.simulate_post(f"/shared/playlists/{token(w)}/guest", json={"first_name": "Grace", "last_name": "H"})
    assert first.status_code == 201 and first.json["is_guest"] is True and first.json["role"] == "client"
    again = anon.simulate_post(f"/shared/playlists/{token(w)}/guest", json={"first_name": "Grace", "last_name": "H"})
    assert again.status_code == 201 and again.json["id"] == first.json["id"]  # Zou: "create or retrieve"
    by_id = anon.simulate_post(f"/shared/playlists/{token(w)}/guest", json={"guest_id": first.json["id"]})
    assert by_id.status_code == 200 and by_id.json["id"] == first.json["id"]
    elsewhere = anon.simulate_post(f"/shared/playlists/{token(w, 'B')}/guest", json={"guest_id": first.json["id"]})
    assert elsewhere.status_code == 201 and elsewhere.json["id"] != first.json["id"]
    assert anon.simulate_post(f"/shared/playlists/{token(w)}/guest", json={"first_name": "x" * 81}).status_code == 400


def test_a_guest_comments_on_the_playlists_task_with_a_client_status(w, anon):
    answer = post_comment(anon, w)
    assert answer.status_code == 201, answer.text
    assert answer.json["person"]["is_guest"] is True and answer.json["object_id"] == w.ids["T"]
    assert answer.json["task_status"]["short_name"] == "wfa" and "email" not in answer.json["person"]
    assert w.task(w.ids["T"])["task_status_id"] == w.types["wfa"]
    assert any(e["comment_id"] == answer.json["id"] for e in w.events("comment:new"))
    listed = anon.simulate_get(f"/shared/playlists/{token(w)}/comments").json
    assert answer.json["id"] in [c["id"] for c in listed]


def test_what_a_guest_may_not_comment(w, anon):
    assert post_comment(anon, w, task=w.ids["other_task"]).status_code == 403  # not in this playlist
    assert post_comment(anon, w, task=w.ids["TQ"]).status_code == 403  # another production
    assert post_comment(anon, w, status="done").status_code == 400  # not a client status
    assert post_comment(anon, w, link="quiet").status_code == 403  # link without comments
    foreign = guest(w, token(w, "A2"))
    assert post_comment(anon, w, guest_id=foreign).status_code == 403  # a guest of another link
    assert post_comment(anon, w, guest_id=w.person("client")).status_code == 403  # a studio person
    assert post_comment(anon, w, text="x" * 20001).status_code == 400
    bad = anon.simulate_post(f"/shared/playlists/{token(w)}/comments", json={"guest_id": "nope"})
    assert bad.status_code == 400 and bad.json["error"] is True


def test_guests_read_client_comments_and_guests_comments_only(w, anon):
    studio = w.admin.simulate_post(f"/actions/tasks/{w.ids['T']}/comment",
                                   json={"task_status_id": w.types["wfa"], "comment": "internal note"}).json
    published = w.admin.simulate_post(f"/actions/tasks/{w.ids['T']}/comment", json={
        "task_status_id": w.types["wfa"], "comment": "for the client", "for_client": True}).json
    other = w.admin.simulate_post(f"/actions/tasks/{w.ids['other_task']}/comment", json={
        "task_status_id": w.types["wfa"], "comment": "other shot", "for_client": True}).json
    ids = [c["id"] for c in anon.simulate_get(f"/shared/playlists/{token(w)}/comments").json]
    assert published["id"] in ids and studio["id"] not in ids and other["id"] not in ids


def test_a_guest_edits_and_deletes_only_their_own_comment(w, anon):
    me = guest(w, token(w), "Edith")
    mine = post_comment(anon, w, guest_id=me).json
    theirs = post_comment(anon, w, guest_id=guest(w, token(w), "Other")).json
    base = f"/shared/playlists/{token(w)}/comments"
    edited = anon.simulate_put(f"{base}/{mine['id']}", json={"guest_id": me, "text": "changed"})
    assert edited.status_code == 200 and edited.json["text"] == "changed"
    assert anon.simulate_put(f"{base}/{theirs['id']}", json={"guest_id": me, "text": "x"}).status_code == 403
    assert anon.simulate_put(f"{base}/{mine['id']}", json={"guest_id": me, "task_status_id": w.types["done"]}
                             ).status_code == 403
    assert anon.simulate_put(f"{base}/{NOBODY}", json={"guest_id": me, "text": "x"}).status_code == 404
    assert anon.simulate_delete(f"{base}/{theirs['id']}", params={"guest_id": me}).status_code == 403
    a2 = f"/shared/playlists/{token(w, 'A2')}/comments/{mine['id']}"
    assert anon.simulate_delete(a2, params={"guest_id": me}).status_code == 403  # a guest of A, not of A2
    assert anon.simulate_delete(f"{base}/{mine['id']}", params={"guest_id": me}).status_code == 204
    assert w.stored(m.Comment, mine["id"]) is None and w.stored(m.Comment, theirs["id"]) is not None


def test_attachments_of_a_guests_comment(w, anon):
    me = guest(w, token(w), "Attacher")
    comment = post_comment(anon, w, guest_id=me).json
    base = f"/shared/playlists/{token(w)}/comments/{comment['id']}/attachments"
    form = multipart({"guest_id": me}, [("file", "notes.txt", "text/plain", b"see frame 12")])
    added = anon.simulate_post(base, **form)
    assert added.status_code == 201, added.text
    (attachment,) = added.json["attachment_files"]
    download = f"/shared/playlists/{token(w)}/attachment-files/{attachment['id']}/file/notes.txt"
    got = anon.simulate_get(download)
    assert got.status_code == 200 and got.content == b"see frame 12"
    assert anon.simulate_get(download.replace(token(w), token(w, "A2"))).status_code == 404
    assert anon.simulate_get(download.replace(token(w), token(w, "B"))).status_code == 404
    stranger = guest(w, token(w), "Stranger")
    assert anon.simulate_post(base, **multipart({"guest_id": stranger}, [("file", "x.txt", "text/plain", b"x")])
                              ).status_code == 403
    assert anon.simulate_post(base, json={"guest_id": me}).status_code == 400
    removed = anon.simulate_delete(f"{base}/{attachment['id']}", params={"guest_id": me})
    assert removed.status_code == 204 and w.stored(m.AttachmentFile, attachment["id"]) is None


def test_studio_attachments_are_not_served_to_guests(w, anon):
    studio = w.admin.simulate_post(f"/actions/tasks/{w.ids['T']}/comment", **multipart(
        {"task_status_id": w.types["wfa"], "comment": "internal"}, [("file", "secret.txt", "text/plain", b"no")]))
    assert studio.status_code == 201, studio.text
    (attachment_id,) = studio.json["attachment_files"] if isinstance(studio.json["attachment_files"][0], str) else [
        a["id"] for a in studio.json["attachment_files"]]
    answer = anon.simulate_get(f"/shared/playlists/{token(w)}/attachment-files/{attachment_id}/file/secret.txt")
    assert answer.status_code == 404


def test_guests_draw_on_the_shared_preview_only(w, anon):
    me = guest(w, token(w), "Drawer")
    drawing = {"time": 0, "drawing": {"objects": [{"id": "stroke-1", "type": "path"}]}}
    base = f"/shared/playlists/{token(w)}/annotations"
    answer = anon.simulate_put(base, json={"guest_id": me, "preview_file_id": w.ids["inside"], "additions": [drawing]})
    assert answer.status_code == 200, answer.text
    assert answer.json["annotations"][0]["drawing"]["objects"][0]["id"] == "stroke-1"
    for preview in ("outside", "elsewhere"):
        refused = anon.simulate_put(base, json={"guest_id": me, "preview_file_id": w.ids[preview],
                                                "additions": [drawing]})
        assert refused.status_code == 403
    foreign = guest(w, token(w, "A2"))
    assert anon.simulate_put(base, json={"guest_id": foreign, "preview_file_id": w.ids["inside"]}).status_code == 403
    quiet = f"/shared/playlists/{token(w, 'quiet')}/annotations"
    assert anon.simulate_put(quiet, json={"guest_id": me, "preview_file_id": w.ids["inside"]}).status_code == 403
    assert anon.simulate_put(base, json={"guest_id": me}).status_code == 400


def test_a_guest_gets_nothing_from_the_studio_api(w, anon):
    me = guest(w, token(w), "Nosy")
    with w.db():
        email = m.Person.get_by_id(me).email
    login = anon.simulate_post("/auth/login", json={"email": email, "password": ""})
    assert login.status_code in (400, 401)
    for credential in (token(w), me):
        headers = {"Authorization": f"Bearer {credential}"}
        for path in ("/data/projects", f"/data/playlists/{w.ids['A']}", f"/data/preview-files/{w.ids['inside']}",
                     "/data/user/context"):
            assert anon.simulate_get(path, headers=headers).status_code == 401, path


def test_a_guest_posting_too_fast_is_told_to_wait(w, anon):
    from clapboard.plugins.data.shared.comments import MAX_COMMENTS_PER_MINUTE

    me = guest(w, token(w), "Chatty")
    for n in range(MAX_COMMENTS_PER_MINUTE):
        assert post_comment(anon, w, guest_id=me, text=f"note {n}").status_code == 201
    refused = post_comment(anon, w, guest_id=me, text="one more")
    assert refused.status_code == 429 and refused.json["error"] is True
    assert post_comment(anon, w, guest_id=guest(w, token(w), "Calm")).status_code == 201  # others still may


def test_a_link_makes_a_bounded_number_of_guests(w, anon, monkeypatch):
    from clapboard.plugins.data.shared import guests

    link = share(w, "A")
    monkeypatch.setattr(guests, "MAX_GUESTS", 2)
    base = f"/shared/playlists/{link['token']}/guest"
    assert [anon.simulate_post(base, json={"first_name": n}).status_code for n in ("a", "b", "c")] == [201, 201, 429]
    known = anon.simulate_post(base, json={"first_name": "a"})  # a known guest still answers
    assert known.status_code == 201 and known.json["first_name"] == "a"


def test_no_studio_route_answers_a_share_token_or_a_guest(w, anon):
    """Every route outside ``/shared`` and the public ones asks for a login: the token, a guest id or
    the token as a cookie get a 401 from each of them, whatever the method."""

    me = guest(w, token(w), "Everywhere")
    credentials = ({"Authorization": f"Bearer {token(w)}"}, {"Authorization": f"Bearer {me}"},
                   {"Cookie": f"access_token_cookie={token(w)}"})
    checked = 0
    for route in w.app.routes:
        if not route.path.startswith(("/data", "/actions", "/pictures", "/movies")):
            continue
        for method in route.methods():
            if route.operation(method).public:
                continue
            path = route.path
            for field in route.path_fields():
                path = path.replace("{" + field + "}", w.ids["inside"] if "id" in field else "x")
            for headers in credentials:
                answer = anon.simulate_request(method, path, headers=headers, json={})
                assert answer.status_code == 401, (method, route.path, answer.status_code)
            checked += 1
    assert checked > 300


def test_deleting_a_guests_last_comment_gives_the_task_back_its_status(w, anon):
    task = w.new_task(entity="E", task_type="Animation")
    w.admin.simulate_post(f"/actions/tasks/{task}/comment", json={"task_status_id": w.types["wip"], "comment": "go"})
    preview = w.admin.simulate_post(f"/actions/tasks/{task}/comment", json={"task_status_id": w.types["wip"]}).json
    added = w.admin.simulate_post(f"/actions/tasks/{task}/comments/{preview['id']}/add-preview", json={}).json
    playlist_id = w.admin.simulate_post("/data/playlists", json={
        "name": "Status", "project_id": w.ids["P"],
        "shots": [{"entity_id": w.ids["E"], "preview_file_id": added["id"]}]}).json["id"]
    link = w.admin.simulate_post(f"/data/playlists/{playlist_id}/share", json={}).json
    me = guest(w, link["token"], "Undoer")
    posted = anon.simulate_post(f"/shared/playlists/{link['token']}/comments", json={
        "guest_id": me, "task_id": task, "task_status_id": w.types["wfa"], "text": "retake?"})
    assert posted.status_code == 201 and w.task(task)["task_status_id"] == w.types["wfa"]
    gone = anon.simulate_delete(f"/shared/playlists/{link['token']}/comments/{posted.json['id']}",
                                params={"guest_id": me})
    assert gone.status_code == 204 and w.task(task)["task_status_id"] == w.types["wip"]
    assert any(e["task_id"] == task and e["new_task_status_id"] == w.types["wip"]
               for e in w.events("task:status-changed"))


BODIES = (None, [], "text", 12, {"guest_id": 12}, {"guest_id": None, "task_id": [], "preview_file_id": {}},
          {"guest_id": "ffffffff-ffff-ffff-ffff-ffffffffffff", "additions": "x", "text": {"a": 1}},
          {"first_name": ["x"], "checklist": "x", "task_status_id": "nope"})


def test_bad_input_anywhere_is_a_clear_4xx(w, anon):
    """Every /shared route, with a live, a dead and a mangled token, odd ids and odd bodies: never a 500."""

    me = guest(w, token(w), "Fuzzy")
    paths = []
    for route in w.app.routes:
        if route.path.startswith("/shared/"):
            paths.extend((method, route) for method in route.methods())
    assert len(paths) == 18
    for method, route in paths:
        for tok in (token(w), token(w, "quiet"), "x" * 300, "%20", "ä", "%00"):
            path = route.path.replace("{token}", tok)
            for field in route.path_fields():
                path = path.replace("{" + field + "}", {"extension": "png", "file_name": "a.txt"}.get(field, "0"))
            for body in BODIES:
                answer = anon.simulate_request(method, path, json=body, params={"guest_id": me})
                assert answer.status_code < 500, (method, path, body, answer.text)
                assert answer.status_code < 400 or answer.json["error"] is True
