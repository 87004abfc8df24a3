"""Replies, acknowledgements and attachments of comments: content, notifications, permissions."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from .world import REFUSED, build_world, close, multipart


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "tasks-replies")
    task = world.ids["T"]  # assigned to the artist and the vendor
    world.ids["C"] = world.client("user").simulate_post(f"/actions/tasks/{task}/comment", json={
        "task_status_id": world.types["wip"], "comment": "first pass"}).json["id"]
    yield world
    close(world)


def _base(w, comment="C", task="T"):
    return f"/data/tasks/{w.ids[task]}/comments/{w.ids[comment]}"


def _replies(w):
    return w.admin.simulate_get(f"/data/comments/{w.ids['C']}").json["replies"]


def test_reply_notifies_the_author_and_mentions(w):
    answer = w.client("manager").simulate_post(_base(w) + "/reply", json={"text": "nice @Vendor Matrix"})
    assert answer.status_code == 200, answer.text
    reply = answer.json
    assert reply["person_id"] == w.person("manager") and reply["mentions"] == [w.person("vendor")]
    assert reply["person"]["full_name"] == "Manager Matrix" and set(reply["person"]) == {
        "id", "first_name", "last_name", "full_name", "has_avatar", "role"}
    assert [r["id"] for r in _replies(w)] == [reply["id"]]
    with w.db():
        kinds = {(str(n.person_id), n.notification_type) for n in m.Notification.select().where(
            m.Notification.reply_id == reply["id"])}
    assert kinds == {(w.person("user"), "reply"), (w.person("vendor"), "reply-mention")}
    assert w.events("comment:reply")[-1]["reply_id"] == reply["id"]


def test_who_may_reply(w):
    before = len(_replies(w))
    assert w.client("supervisor").simulate_post(_base(w) + "/reply", json={"text": "sup note"}).status_code == 200
    for role in ("client", "outsider"):  # the client does not see this studio comment
        assert w.client(role).simulate_post(_base(w) + "/reply", json={"text": "x"}).status_code == 404, role
    other = w.new_task("SH1", "Layout")
    comment = w.admin.simulate_post(f"/actions/tasks/{other}/comment",
                                    json={"task_status_id": w.types["wip"]}).json["id"]
    path = f"/data/tasks/{other}/comments/{comment}/reply"
    assert w.client("user").simulate_post(path, json={"text": "x"}).status_code == 403  # not their task
    assert w.client("vendor").simulate_post(path, json={"text": "x"}).status_code == 404  # out of reach
    assert w.client("user").simulate_post(_base(w) + "/reply", json={}).status_code == 400
    assert len(_replies(w)) == before + 1


def test_deleting_replies(w):
    mine = w.client("vendor").simulate_post(_base(w) + "/reply", json={"text": "vendor says"}).json
    theirs = w.client("manager").simulate_post(_base(w) + "/reply", json={"text": "manager says"}).json
    assert w.client("vendor").simulate_delete(f"{_base(w)}/reply/{theirs['id']}").status_code == 403
    gone = w.client("vendor").simulate_delete(f"{_base(w)}/reply/{mine['id']}")
    assert gone.status_code == 200 and gone.json["type"] == "Comment"
    assert mine["id"] not in {r["id"] for r in gone.json["replies"]}
    assert w.client("manager").simulate_delete(f"{_base(w)}/reply/{mine['id']}").status_code == 404
    assert w.client("manager").simulate_delete(f"{_base(w)}/reply/{theirs['id']}").status_code == 200
    assert w.events("comment:delete-reply")[-1]["reply_id"] == theirs["id"]


def test_acknowledging_toggles(w):
    first = w.client("vendor").simulate_post(_base(w) + "/ack")
    assert first.status_code == 200 and first.json["acknowledgements"] == [w.person("vendor")]
    second = w.client("vendor").simulate_post(_base(w) + "/ack")
    assert second.json["acknowledgements"] == []
    assert w.client("outsider").simulate_post(_base(w) + "/ack").status_code in REFUSED
    assert w.admin.simulate_post(f"/data/tasks/{w.ids['TQ']}/comments/{w.ids['C']}/ack").status_code == 404


def test_attachments_are_added_by_the_author_or_a_manager(w):
    path = f"/actions/tasks/{w.ids['T']}/comments/{w.ids['C']}/add-attachment"
    files = multipart({}, [("file", "ref.png", "image/png", b"0123"), ("file-1", "b.pdf", "application/pdf", b"1")])
    assert w.client("vendor").simulate_post(path, **files).status_code == 403  # not the author
    answer = w.client("user").simulate_post(path, **files)
    assert answer.status_code == 201, answer.text
    assert {(a["name"], a["extension"], a["size"]) for a in answer.json} == {("ref.png", "png", 4), ("b.pdf", "pdf", 1)}
    assert w.admin.simulate_post(path, json={}).status_code == 400
    listed = w.client("vendor").simulate_get(f"/data/tasks/{w.ids['T']}/attachment-files").json
    assert {a["name"] for a in listed} == {"ref.png", "b.pdf"} and listed[0]["comment"]["id"] == w.ids["C"]
    in_project = w.client("client").simulate_get(f"/data/projects/{w.ids['P']}/attachment-files").json
    assert in_project == []  # a studio comment the client does not see
    attachment = answer.json[0]["id"]
    delete = f"/data/tasks/{w.ids['T']}/comments/{w.ids['C']}/attachments/{attachment}"
    assert w.client("vendor").simulate_delete(delete).status_code == 403
    assert w.client("manager").simulate_delete(delete).status_code == 204
    assert w.client("manager").simulate_delete(delete).status_code == 404
    assert w.count(m.AttachmentFile, m.AttachmentFile.comment == w.ids["C"]) == 1
