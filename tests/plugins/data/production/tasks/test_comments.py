"""Commenting: status side effects, news, notifications, batches, moves, and who may comment what."""

from __future__ import annotations

import json

import pytest

from clapboard.plugins.data import models as m

from .world import REFUSED, build_world, close, multipart


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "tasks-comments")
    status = world.admin.simulate_post("/data/task-status", json={
        "name": "Approved", "short_name": "appr", "color": "#00ff00", "is_artist_allowed": False,
        "is_client_allowed": False, "is_done": True})
    assert status.status_code == 201, status.text
    world.types["appr"] = status.json["id"]
    yield world
    close(world)


def _comment(client, task_id, status_id, text="", **extra):
    return client.simulate_post(f"/actions/tasks/{task_id}/comment",
                                json={"task_status_id": status_id, "comment": text, **extra})


def test_a_wip_comment_starts_the_task_and_tells_its_followers(w):
    task = w.new_task("SH1", "Animation", assignees=("user", "vendor"))  # the supervisor's department
    w.client("manager").simulate_post(f"/actions/user/tasks/{task}/subscribe")
    answer = _comment(w.client("supervisor"), task, w.types["wip"], "Go ahead @Client Matrix")
    assert answer.status_code == 201, answer.text
    comment = answer.json
    assert comment["person_id"] == w.person("supervisor") and comment["task_status"]["short_name"] == "wip"
    assert comment["mentions"] == [w.person("client")] and comment["person"]["first_name"] == "Supervisor"
    after = w.task(task)
    assert after["task_status_id"] == w.types["wip"] and after["real_start_date"] and after["last_comment_date"]
    assert w.count(m.News, m.News.comment == comment["id"], m.News.change == True) == 1  # noqa: E712
    notified = {(str(n.person_id), n.notification_type) for n in _notifications(w, comment["id"])}
    assert notified == {(w.person("user"), "comment"), (w.person("vendor"), "comment"),
                        (w.person("manager"), "comment"), (w.person("client"), "mention")}
    assert w.events("comment:new")[-1]["comment_id"] == comment["id"]
    changed = w.events("task:status-changed")[-1]
    assert changed["task_id"] == task and changed["new_task_status_id"] == w.types["wip"]
    assert changed["previous_task_status_id"] == w.types["todo"]


def _notifications(w, comment_id):
    with w.db():
        return list(m.Notification.select().where(m.Notification.comment == comment_id))


def test_sequence_subscribers_are_told_too(w):
    task = w.new_task("SH2", "Layout")
    with w.db():
        m.Subscription.create(person=w.person("supervisor"), entity=w.ids["SQ"], task_type=w.types["Layout"])
    comment = _comment(w.admin, task, w.types["wip"], "hello").json
    assert [str(n.person_id) for n in _notifications(w, comment["id"])] == [w.person("supervisor")]


def test_review_done_and_retake_dates_and_counts(w):
    task = w.new_task("SH1", "FX")
    _comment(w.admin, task, w.types["wfa"], "please review")
    reviewed = w.task(task)
    assert reviewed["end_date"] and not reviewed["done_date"]
    assert w.events("task:to-review")[-1]["task_id"] == task
    _comment(w.admin, task, w.types["retake"])
    _comment(w.admin, task, w.types["retake"])  # staying in retake is not another retake
    assert w.task(task)["retake_count"] == 1
    _comment(w.admin, task, w.types["wip"])
    _comment(w.admin, task, w.types["retake"])
    assert w.task(task)["retake_count"] == 2
    _comment(w.admin, task, w.types["done"])
    assert w.task(task)["done_date"]


def test_artists_comment_their_tasks_with_artist_statuses_only(w):
    mine = w.new_task("SH1", "Lighting", assignees=("user",))
    artist = w.client("user")
    assert _comment(artist, mine, w.types["wip"], "on it").status_code == 201
    refused = _comment(artist, mine, w.types["appr"], "self approval")
    assert refused.status_code == 403
    assert w.task(mine)["task_status_id"] == w.types["wip"]
    other = w.new_task("SH2", "Lighting")
    before = w.count(m.Comment)
    assert _comment(artist, other, w.types["wip"]).status_code == 403
    assert _comment(w.client("vendor"), other, w.types["wip"]).status_code == 404
    assert _comment(w.client("outsider"), other, w.types["wip"]).status_code == 404
    assert w.count(m.Comment) == before and w.task(other)["task_status_id"] == w.types["todo"]


def test_clients_comment_with_client_statuses_and_see_their_comments(w):
    task = w.new_task("SH2", "Compositing")
    studio = _comment(w.admin, task, w.types["wip"], "internal").json
    shown = _comment(w.client("manager"), task, w.types["wip"], "for the client", for_client=True).json
    assert shown["for_client"] is True
    client = w.client("client")
    assert _comment(client, task, w.types["appr"], "approve").status_code == 403
    mine = _comment(client, task, w.types["wfa"], "looks good")
    assert mine.status_code == 201 and mine.json["for_client"] is False
    seen = {c["id"] for c in client.simulate_get(f"/data/tasks/{task}/comments").json}
    assert seen == {shown["id"], mine.json["id"]} and studio["id"] not in seen


def test_posting_as_someone_else_and_for_clients_is_for_managers(w):
    task = w.new_task("SH1", "Compositing", assignees=("user",))
    artist = w.client("user")
    assert _comment(artist, task, w.types["wip"], person_id=w.person("manager")).status_code == 403
    plain = _comment(artist, task, w.types["wip"], for_client=True, created_at="2020-01-01T00:00:00").json
    assert plain["for_client"] is False and not plain["created_at"].startswith("2020")
    as_artist = _comment(w.client("manager"), task, w.types["wip"], person_id=w.person("user"),
                         created_at="2020-01-01T10:00:00").json
    assert as_artist["person_id"] == w.person("user") and as_artist["created_at"] == "2020-01-01T10:00:00"


def test_bad_comment_bodies(w):
    task = w.ids["T"]
    missing = w.admin.simulate_post(f"/actions/tasks/{task}/comment", json={"comment": "no status"})
    assert missing.status_code == 400 and "task_status_id" in missing.text
    assert _comment(w.admin, task, w.ids["P"]).status_code == 404  # not a status
    assert _comment(w.admin, task, "nope").status_code == 400
    assert _comment(w.admin, task, w.types["wip"], checklist="x").status_code == 400


def test_a_multipart_comment_keeps_its_attachments(w):
    task = w.new_task("SH2", "FX")
    form = multipart({"task_status_id": w.types["wip"], "comment": "with files",
                      "checklist": json.dumps([{"text": "a", "checked": True}]), "links": "[]"},
                     [("file", "ref.png", "image/png", b"x" * 10), ("file-1", "notes.txt", "text/plain", b"hi")])
    answer = w.admin.simulate_post(f"/actions/tasks/{task}/comment", **form)
    assert answer.status_code == 201, answer.text
    assert answer.json["checklist"] == [{"text": "a", "checked": True}]
    files = {(f["name"], f["extension"], f["size"]) for f in answer.json["attachment_files"]}
    assert files == {("ref.png", "png", 10), ("notes.txt", "txt", 2)}


def test_batch_comments_json_and_multipart(w):
    first, second = w.new_task("SH1", "Animation"), w.new_task("SH2", "Animation")
    answer = w.admin.simulate_post("/actions/tasks/batch-comment", json={"comments": [
        {"task_id": first, "task_status_id": w.types["wip"], "text": "one"},
        {"task_id": second, "task_status_id": w.types["wfa"], "text": "two"}]})
    assert answer.status_code == 201 and [c["text"] for c in answer.json] == ["one", "two"]
    assert answer.json[0]["preview_files"] == [] and w.task(second)["task_status_id"] == w.types["wfa"]
    comments = [{"task_status_id": w.types["wip"], "text": "with file"}]
    form = multipart({"comments": json.dumps(comments)}, [("attachment_file-0-0", "a.png", "image/png", b"1")])
    answer = w.admin.simulate_post(f"/actions/tasks/{first}/batch-comment", **form)
    assert answer.status_code == 201, answer.text
    assert [f["name"] for f in answer.json[0]["attachment_files"]] == ["a.png"]
    with_preview = multipart({"comments": json.dumps(comments)}, [("preview_file-0-0", "p.png", "image/png", b"1")])
    assert w.admin.simulate_post(f"/actions/tasks/{first}/batch-comment", **with_preview).status_code == 400
    assert w.admin.simulate_post("/actions/tasks/batch-comment", json={"comments": [
        {"task_status_id": w.types["wip"]}]}).status_code == 400


def test_a_failing_batch_changes_nothing(w):
    mine = w.new_task("SH1", "Storyboard", assignees=("user",))
    other = w.new_task("SH2", "Storyboard")
    before = w.count(m.Comment)
    answer = w.client("user").simulate_post("/actions/tasks/batch-comment", json={"comments": [
        {"task_id": mine, "task_status_id": w.types["wip"], "text": "ok"},
        {"task_id": other, "task_status_id": w.types["wip"], "text": "not mine"}]})
    assert answer.status_code == 403
    assert w.count(m.Comment) == before and w.task(mine)["task_status_id"] == w.types["todo"]


def test_comment_many_on_tasks_of_one_project(w):
    task = w.new_task("SH1", "Rigging")
    path = f"/actions/projects/{w.ids['P']}/tasks/comment-many"
    answer = w.admin.simulate_post(path, json=[{"object_id": task, "task_status_id": w.types["wip"],
                                                "comment": "many"}])
    assert answer.status_code == 201 and "departments" in answer.json[0]["person"]
    stray = w.admin.simulate_post(path, json=[{"object_id": w.ids["TQ"], "task_status_id": w.types["wip"]}])
    assert stray.status_code == 400
    assert w.client("outsider").simulate_post(path, json=[{"object_id": task, "task_status_id": w.types["wip"]}]
                                              ).status_code == 404


def test_moving_a_comment_to_another_task_of_the_entity(w):
    source, target = w.new_task("SH2", "Rigging"), w.new_task("SH2", "Concept")
    comment = _comment(w.admin, source, w.types["wip"], "wrong task").json
    preview = w.admin.simulate_post(f"/actions/tasks/{source}/comments/{comment['id']}/add-preview", json={}).json
    path = f"/actions/tasks/{source}/comments/{comment['id']}/move"
    for role in ("supervisor", "user", "client", "vendor", "outsider"):
        assert w.client(role).simulate_post(path, json={"target_task_id": target}).status_code in REFUSED, role
    elsewhere = w.new_task("SH1", "Concept")
    assert w.admin.simulate_post(path, json={"target_task_id": elsewhere}).status_code == 400
    moved = w.client("manager").simulate_post(path, json={"target_task_id": target})
    assert moved.status_code == 200 and moved.json["object_id"] == target
    assert w.count(m.News, m.News.comment == comment["id"], m.News.task == target) == 1
    assert w.admin.simulate_get(f"/data/preview-files/{preview['id']}").json["task_id"] == target
    assert [c["id"] for c in w.admin.simulate_get(f"/data/tasks/{source}/comments").json] == []
