"""Every recorded Zou answer of the tasks family has our answer's shape (keys, JSON types, ``type``).

One production is taken through the story the samples were recorded from
(tasks created, assigned, commented, previewed, timed, replied to, moved,
removed); each answer is then compared with its sample.
"""

from __future__ import annotations

import pytest

from .....contract.shapes import compare_bodies
from .world import _strip, build_world, close, keyed_shape_diffs, multipart, sample, shape_diffs

# Legitimate differences, one reason each.
ALLOWED = {
    "POST__actions__tasks__{id}__comment.400-bad-body.json": {
        "extra: error": "we always send error: true, as Zou's other errors do",
        "extra: errors": "we list every validation problem with its path (Zou nests them under data)",
        "missing: data": "same: Zou nests its validation errors under data.errors",
    },
}


@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    w = build_world(tmp_path_factory, "tasks-shapes")
    a, ids, types = w.admin, w.ids, w.types
    got = {}

    def call(name, method, path, **kwargs):
        got[name] = getattr(a, f"simulate_{method}")(path, **kwargs)
        return got[name]

    project = ids["P"]
    shots = call("POST__actions__projects__{id}__task-types__{id}__shots__create-tasks.json", "post",
                 f"/actions/projects/{project}/task-types/{types['Layout']}/shots/create-tasks",
                 json=[ids["SH1"], ids["SH2"]]).json
    layout, layout2 = shots[0]["id"], shots[1]["id"]
    assets = call("POST__actions__projects__{id}__task-types__{id}__assets__create-tasks.json", "post",
                  f"/actions/projects/{project}/task-types/{types['Modeling']}/assets/create-tasks",
                  json=[ids["HERO"], ids["LAMP"]]).json
    modeling = assets[0]["id"]
    call("POST__data__entities__{id}__tasks.json", "post", f"/data/entities/{ids['HERO']}/tasks",
         json={"task_type_ids": [types["Shading"]]})
    call("PUT__actions__tasks__{id}__assign.json", "put", f"/actions/tasks/{layout2}/assign",
         json={"person_id": w.person("user")})
    call("PUT__actions__persons__{id}__assign.json", "put", f"/actions/persons/{w.person('user')}/assign",
         json={"task_ids": [layout, modeling]})
    call("PUT__actions__tasks__clear-assignation.json", "put", "/actions/tasks/clear-assignation",
         json={"task_ids": [layout2], "person_id": w.person("user")})
    comment = call("POST__actions__tasks__{id}__comment.json", "post", f"/actions/tasks/{layout}/comment", json={
        "task_status_id": types["wip"], "comment": "Blocking done, see checklist @Sam",
        "checklist": [{"text": "Camera framing", "checked": True}, {"text": "Timing", "checked": False}]}).json
    call("POST__actions__tasks__{id}__comment.400-bad-body.json", "post", f"/actions/tasks/{layout}/comment",
         json={"comment": "no status"})
    review = a.simulate_post(f"/actions/tasks/{layout}/comment",
                             json={"task_status_id": types["wfa"], "comment": "Ready for review"}).json
    preview = call("POST__actions__tasks__{id}__comments__{id}__add-preview.json", "post",
                   f"/actions/tasks/{layout}/comments/{review['id']}/add-preview", json={}).json
    extra = call("POST__actions__tasks__{id}__comments__{id}__preview-files__{id}.json", "post",
                 f"/actions/tasks/{layout}/comments/{review['id']}/preview-files/{preview['id']}", json={}).json
    day, person = "2026-11-28", w.person("user")
    call("POST__actions__tasks__{id}__time-spents__{date}__persons__{id}.json", "post",
         f"/actions/tasks/{layout}/time-spents/{day}/persons/{person}", json={"duration": 120})
    call("POST__actions__tasks__{id}__time-spents__{date}__persons__{id}__add.json", "post",
         f"/actions/tasks/{layout}/time-spents/{day}/persons/{person}/add", json={"duration": 30})
    call("GET__actions__tasks__{id}__time-spents.json", "get", f"/actions/tasks/{layout2}/time-spents")
    call("GET__actions__tasks__{id}__time-spents__{date}.json", "get", f"/actions/tasks/{layout2}/time-spents/{day}")
    call("GET__data__tasks__{id}__full.json", "get", f"/data/tasks/{layout}/full")
    base = f"/data/tasks/{layout}/comments/{comment['id']}"
    reply = call("POST__data__tasks__{id}__comments__{id}__reply.json", "post", base + "/reply",
                 json={"text": "Thanks!"}).json
    call("DELETE__data__tasks__{id}__comments__{id}__reply__{id}.json", "delete", f"{base}/reply/{reply['id']}")
    call("POST__data__tasks__{id}__comments__{id}__ack.json", "post", base + "/ack")
    started = a.simulate_post(f"/actions/tasks/{modeling}/comment",
                              json={"task_status_id": types["wip"], "comment": "Modeling started"}).json
    attached = call("POST__actions__tasks__{id}__comments__{id}__add-attachment.json", "post",
                    f"/actions/tasks/{modeling}/comments/{started['id']}/add-attachment",
                    **multipart({}, [("file", "ref.png", "image/png", b"\x89PNG" + b"0" * 100)])).json
    call("GET__data__tasks__{id}__attachment-files.hero.json", "get", f"/data/tasks/{modeling}/attachment-files")
    call("GET__data__tasks__{id}__attachment-files.json", "get", f"/data/tasks/{layout2}/attachment-files")
    call("GET__data__projects__{id}__attachment-files.json", "get", f"/data/projects/{project}/attachment-files")
    call("POST__actions__tasks__batch-comment.json", "post", "/actions/tasks/batch-comment", json={"comments": [
        {"task_id": layout2, "task_status_id": types["wip"], "text": "batch comment"}]})
    call("POST__actions__projects__{id}__tasks__comment-many.json", "post",
         f"/actions/projects/{project}/tasks/comment-many", json=[
             {"object_id": layout2, "task_status_id": types["wip"], "comment": "batch 1"},
             {"object_id": modeling, "task_status_id": types["wip"], "comment": "batch 2"}])
    other = w.new_task("SH1", "Animation")
    moving = a.simulate_post(f"/actions/tasks/{other}/comment",
                             json={"task_status_id": types["wip"], "comment": "to move"}).json
    call("POST__actions__tasks__{id}__comments__{id}__move.json", "post",
         f"/actions/tasks/{other}/comments/{moving['id']}/move", json={"target_task_id": layout})
    call("POST__actions__user__tasks__{id}__subscribe.json", "post", f"/actions/user/tasks/{layout}/subscribe")
    call("GET__data__projects__{id}__subscriptions.json", "get", f"/data/projects/{project}/subscriptions")
    call("DELETE__actions__user__tasks__{id}__unsubscribe.json", "delete", f"/actions/user/tasks/{layout}/unsubscribe")
    lists = {
        "GET__data__shots__{id}__tasks.json": f"/data/shots/{ids['SH1']}/tasks",
        "GET__data__assets__{id}__tasks.json": f"/data/assets/{ids['HERO']}/tasks",
        "GET__data__concepts__{id}__tasks.json": f"/data/concepts/{ids['CONCEPT']}/tasks",
        "GET__data__edits__{id}__tasks.json": f"/data/edits/{ids['EDIT']}/tasks",
        "GET__data__sequences__{id}__tasks.json": f"/data/sequences/{ids['SQ']}/tasks",
        "GET__data__episodes__{id}__tasks.json": f"/data/episodes/{ids['EP']}/tasks",
        "GET__data__episodes__{id}__asset-tasks.json": f"/data/episodes/{ids['EP']}/asset-tasks",
        "GET__data__episodes__{id}__shot-tasks.json": f"/data/episodes/{ids['EP']}/shot-tasks",
        "GET__data__sequences__{id}__shot-tasks.json": f"/data/sequences/{ids['SQ']}/shot-tasks",
        "GET__data__assets__{id}__task-types.json": f"/data/assets/{ids['HERO']}/task-types",
        "GET__data__shots__{id}__task-types.json": f"/data/shots/{ids['SH1']}/task-types",
        "GET__data__sequences__{id}__task-types.json": f"/data/sequences/{ids['SQ']}/task-types",
        "GET__data__episodes__{id}__task-types.json": f"/data/episodes/{ids['EP']}/task-types",
        "GET__data__concepts__{id}__task-types.json": f"/data/concepts/{ids['CONCEPT']}/task-types",
        "GET__data__edits__{id}__task-types.json": f"/data/edits/{ids['EDIT']}/task-types",
        "GET__data__entities__{id}__task-types__{id}__tasks.json":
            f"/data/entities/{ids['SH1']}/task-types/{types['Layout']}/tasks",
        "GET__data__entities__{id}__entities-linked__with-tasks.json":
            f"/data/entities/{ids['HERO']}/entities-linked/with-tasks",
        "GET__data__projects__{id}__tasks.json": f"/data/projects/{project}/tasks",
        "GET__data__tasks__{id}__comments.json": f"/data/tasks/{layout}/comments",
        "GET__data__projects__{id}__comments.json": f"/data/projects/{project}/comments",
        "GET__data__tasks__{id}__previews.json": f"/data/tasks/{layout}/previews",
        "GET__data__projects__{id}__preview-files.json": f"/data/projects/{project}/preview-files",
        "GET__data__shots__{id}__preview-files.json": f"/data/shots/{ids['SH1']}/preview-files",
        "GET__data__edits__{id}__preview-files.json": f"/data/edits/{ids['EDIT']}/preview-files",
        "GET__data__concepts__{id}__preview-files.json": f"/data/concepts/{ids['CONCEPT']}/preview-files",
        "GET__data__tasks__open-tasks.json": "/data/tasks/open-tasks",
        "GET__data__tasks__open-tasks__stats.json": "/data/tasks/open-tasks/stats",
    }
    for name, path in lists.items():
        call(name, "get", path)
    call("DELETE__data__tasks__{id}__comments__{id}__attachments__{id}.json", "delete",
         f"/data/tasks/{modeling}/comments/{started['id']}/attachments/{attached[0]['id']}")
    call("DELETE__actions__tasks__{id}__comments__{id}__preview-files__{id}.json", "delete",
         f"/actions/tasks/{layout}/comments/{review['id']}/preview-files/{extra['id']}")
    call("POST__actions__projects__{id}__delete-tasks.json", "post", f"/actions/projects/{project}/delete-tasks",
         json=[layout2])
    call("DELETE__actions__projects__{id}__task-types__{id}__delete-tasks.json", "delete",
         f"/actions/projects/{project}/task-types/{types['Shading']}/delete-tasks")
    yield got
    close(w)


KEYED = ("GET__data__shots__{id}__preview-files.json", "GET__data__edits__{id}__preview-files.json",
         "GET__data__concepts__{id}__preview-files.json", "GET__data__tasks__open-tasks__stats.json")


def test_every_sample_of_the_family_was_replayed(answers):
    assert len(answers) == 59


@pytest.mark.parametrize("name", sorted(ALLOWED) + [
    "POST__actions__projects__{id}__task-types__{id}__shots__create-tasks.json",
    "POST__actions__projects__{id}__task-types__{id}__assets__create-tasks.json",
    "POST__data__entities__{id}__tasks.json", "PUT__actions__tasks__{id}__assign.json",
    "PUT__actions__persons__{id}__assign.json", "PUT__actions__tasks__clear-assignation.json",
    "POST__actions__tasks__{id}__comment.json", "POST__actions__tasks__{id}__comments__{id}__add-preview.json",
    "POST__actions__tasks__{id}__comments__{id}__preview-files__{id}.json",
    "POST__actions__tasks__{id}__time-spents__{date}__persons__{id}.json",
    "POST__actions__tasks__{id}__time-spents__{date}__persons__{id}__add.json",
    "GET__actions__tasks__{id}__time-spents.json", "GET__actions__tasks__{id}__time-spents__{date}.json",
    "GET__data__tasks__{id}__full.json", "POST__data__tasks__{id}__comments__{id}__reply.json",
    "DELETE__data__tasks__{id}__comments__{id}__reply__{id}.json", "POST__data__tasks__{id}__comments__{id}__ack.json",
    "POST__actions__tasks__{id}__comments__{id}__add-attachment.json",
    "GET__data__tasks__{id}__attachment-files.hero.json", "GET__data__tasks__{id}__attachment-files.json",
    "GET__data__projects__{id}__attachment-files.json", "POST__actions__tasks__batch-comment.json",
    "POST__actions__projects__{id}__tasks__comment-many.json", "POST__actions__tasks__{id}__comments__{id}__move.json",
    "POST__actions__user__tasks__{id}__subscribe.json", "GET__data__projects__{id}__subscriptions.json",
    "DELETE__actions__user__tasks__{id}__unsubscribe.json",
    "GET__data__shots__{id}__tasks.json", "GET__data__assets__{id}__tasks.json", "GET__data__concepts__{id}__tasks.json",
    "GET__data__edits__{id}__tasks.json", "GET__data__sequences__{id}__tasks.json",
    "GET__data__episodes__{id}__tasks.json", "GET__data__episodes__{id}__asset-tasks.json",
    "GET__data__episodes__{id}__shot-tasks.json", "GET__data__sequences__{id}__shot-tasks.json",
    "GET__data__assets__{id}__task-types.json", "GET__data__shots__{id}__task-types.json",
    "GET__data__sequences__{id}__task-types.json", "GET__data__episodes__{id}__task-types.json",
    "GET__data__concepts__{id}__task-types.json", "GET__data__edits__{id}__task-types.json",
    "GET__data__entities__{id}__task-types__{id}__tasks.json",
    "GET__data__entities__{id}__entities-linked__with-tasks.json", "GET__data__projects__{id}__tasks.json",
    "GET__data__tasks__{id}__comments.json", "GET__data__projects__{id}__comments.json",
    "GET__data__tasks__{id}__previews.json", "GET__data__projects__{id}__preview-files.json",
    "DELETE__data__tasks__{id}__comments__{id}__attachments__{id}.json",
    "DELETE__actions__tasks__{id}__comments__{id}__preview-files__{id}.json",
    "POST__actions__projects__{id}__delete-tasks.json",
    "DELETE__actions__projects__{id}__task-types__{id}__delete-tasks.json",
])
def test_answer_has_the_sample_shape(answers, name):
    assert shape_diffs(name, answers[name], ALLOWED.get(name, {})) == []


@pytest.mark.parametrize("name", KEYED)
def test_keyed_answer_has_the_sample_shape(answers, name):
    assert keyed_shape_diffs(name, answers[name]) == []


NESTED = {
    "GET__data__tasks__{id}__full.json": ("entity", "entity_type", "project", "task_status", "task_type",
                                          "assigner", "sequence", "episode", "persons"),
    "POST__actions__tasks__{id}__comment.json": ("person", "task_status"),
    "POST__actions__tasks__batch-comment.json": ("[0].person", "[0].task_status"),
    "POST__actions__projects__{id}__tasks__comment-many.json": ("[0].person", "[0].task_status"),
    "POST__data__tasks__{id}__comments__{id}__reply.json": ("person",),
    "GET__data__tasks__{id}__comments.json": ("[0].person", "[0].task_status"),
    "GET__data__projects__{id}__attachment-files.json": ("[0].comment",),
}


def _at(body, path: str):
    for part in path.split("."):
        body = body[0] if part == "[0]" else body[part]
    return body


@pytest.mark.parametrize("name", sorted(NESTED))
def test_embedded_rows_have_the_sample_shape(answers, name):
    recorded = _strip(sample(name)["response_body"])
    ours = answers[name].json
    for path in NESTED[name]:
        assert compare_bodies(_at(recorded, path), _at(ours, path)) == [], path


def test_comment_list_embeds_previews_as_the_sample(answers):
    name = "GET__data__tasks__{id}__comments.json"
    recorded = sample(name)["response_body"][0]["previews"]
    ours = next(c["previews"] for c in answers[name].json if c["previews"])
    assert compare_bodies(recorded, ours) == []


def test_open_tasks_page_has_the_sample_shape(answers):
    recorded = _strip(sample("GET__data__tasks__open-tasks.json")["response_body"])
    ours = answers["GET__data__tasks__open-tasks.json"]
    assert ours.status_code == 200
    assert set(ours.json) == set(recorded)
    assert set(ours.json["stats"]) == set(recorded["stats"])
    assert compare_bodies(recorded["data"], ours.json["data"]) == []
    assert compare_bodies(recorded["stats"]["status"], ours.json["stats"]["status"]) == []
