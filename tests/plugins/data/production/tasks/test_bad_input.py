"""Whatever a client sends to the tasks routes, a bad request is a 4xx, never a 500."""

from __future__ import annotations

import pytest

from .world import build_world, close

BODIES = (b"not json", b"[]", b"{}", b'"text"', b"null", b"12", b'{"task_ids": "x", "person_id": 3}',
          b'[{"task_id": "x"}]', b'{"comments": [{"task_id": 1, "task_status_id": []}]}', b'[null]',
          b'{"duration": "long", "text": 5, "revision": "2", "target_task_id": {}, "task_type_ids": [1]}')


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "tasks-bad-input")
    yield world
    close(world)


def _writes(w):
    ids, task = w.ids, w.ids["T"]
    comment = w.admin.simulate_post(f"/actions/tasks/{task}/comment",
                                    json={"task_status_id": w.types["wip"]}).json["id"]
    preview = w.admin.simulate_post(f"/actions/tasks/{task}/comments/{comment}/add-preview", json={}).json["id"]
    project, person, task_type = ids["P"], w.person("user"), w.types["Layout"]
    return [
        ("post", f"/actions/projects/{project}/task-types/{task_type}/shots/create-tasks"),
        ("post", f"/actions/projects/{project}/task-types/{task_type}/create-tasks/nonsense"),
        ("post", f"/data/entities/{ids['SH1']}/tasks"),
        ("post", f"/actions/projects/{project}/delete-tasks"),
        ("put", f"/actions/persons/{person}/assign"),
        ("put", f"/actions/tasks/{task}/assign"),
        ("put", "/actions/tasks/clear-assignation"),
        ("post", f"/actions/tasks/{task}/comment"),
        ("post", "/actions/tasks/batch-comment"),
        ("post", f"/actions/tasks/{task}/batch-comment"),
        ("post", f"/actions/projects/{project}/tasks/comment-many"),
        ("post", f"/actions/tasks/{task}/comments/{comment}/move"),
        ("post", f"/data/tasks/{task}/comments/{comment}/reply"),
        ("post", f"/actions/tasks/{task}/comments/{comment}/add-attachment"),
        ("post", f"/actions/tasks/{task}/comments/{comment}/add-preview"),
        ("post", f"/actions/tasks/{task}/comments/{comment}/preview-files/{preview}"),
        ("post", f"/actions/tasks/{task}/time-spents/2026-11-28/persons/{person}"),
        ("post", f"/actions/tasks/{task}/time-spents/2026-11-28/persons/{person}/add"),
    ]


def test_bad_bodies_are_client_errors(w):
    for method, path in _writes(w):
        for body in BODIES:
            for content_type in ("application/json", "multipart/form-data; boundary=x"):
                answer = getattr(w.admin, f"simulate_{method}")(path, body=body,
                                                                headers={"Content-Type": content_type})
                assert answer.status_code < 500, (method, path, body, content_type, answer.text)


def test_bad_ids_and_parameters_are_client_errors(w):
    paths = ["/data/shots/x/tasks", "/data/tasks/x/full", "/data/tasks/open-tasks?project_id=x",
             "/data/tasks/open-tasks?page=0", "/data/projects/x/tasks", f"/data/projects/{w.ids['P']}/tasks?episode_id=1",
             "/actions/tasks/x/time-spents", f"/actions/tasks/{w.ids['T']}/time-spents/yesterday",
             f"/data/entities/{w.ids['SH1']}/task-types/x/tasks", "/data/tasks/x/comments",
             f"/data/tasks/{w.ids['T']}/comments/x/reply/y", "/data/episodes/x/asset-tasks"]
    for path in paths:
        route, _, query = path.partition("?")
        for method in ("get", "delete"):
            answer = getattr(w.admin, f"simulate_{method}")(route, query_string=query)
            assert answer.status_code < 500, (method, path, answer.text)
