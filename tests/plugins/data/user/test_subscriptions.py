"""Following tasks (one, several) and task types within a sequence; who may follow what."""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m

from ..production.tasks.world import build_world, close, shape_diffs
from .bot_tokens import bot_client


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "user-subscriptions")
    yield world
    close(world)


def _follows(w, role, task) -> bool:
    answer = w.client(role).simulate_get(f"/data/user/tasks/{task}/subscribed")
    assert answer.status_code == 200, answer.text
    return answer.json


def _subscriptions(w, role) -> int:
    return w.count(m.Subscription, m.Subscription.person == w.person(role))


def test_following_several_tasks_and_leaving_them(w):
    first, second = w.new_task("SH1", "Layout"), w.new_task("SH2", "Layout")
    assert _follows(w, "user", first) is False
    answer = w.client("user").simulate_post("/actions/user/tasks/subscribe", json={"task_ids": [first, second]})
    assert answer.status_code == 201, answer.text
    assert [(s["task_id"], s["person_id"], s["entity_id"]) for s in answer.json] == [
        (first, w.person("user"), None), (second, w.person("user"), None)]
    subscribed = w.client("user").simulate_get(f"/api/data/user/tasks/{first}/subscribed")
    assert subscribed.json is True and shape_diffs("GET__data__user__tasks__{id}__subscribed.json", subscribed) == []
    assert _follows(w, "manager", first) is False
    again = w.client("user").simulate_post("/actions/user/tasks/subscribe", json={"task_ids": [first]})
    assert [s["id"] for s in again.json] == [answer.json[0]["id"]]
    assert w.count(m.Subscription, m.Subscription.task == first) == 1
    left = w.client("user").simulate_post("/actions/user/tasks/unsubscribe", json={"task_ids": [first, second]})
    assert left.status_code == 200 and left.json == [first, second]
    assert _follows(w, "user", first) is False and _follows(w, "user", second) is False
    assert w.events("subscription:new") and w.events("subscription:delete")


def test_the_single_task_routes_answer_as_zou(w):
    task = w.new_task("SH1", "FX")
    one = w.client("supervisor").simulate_post(f"/actions/user/tasks/{task}/subscribe")
    assert one.status_code == 201 and shape_diffs("POST__actions__user__tasks__{id}__subscribe.json", one) == []
    gone = w.client("supervisor").simulate_delete(f"/actions/user/tasks/{task}/unsubscribe")
    assert gone.status_code == 204 and shape_diffs("DELETE__actions__user__tasks__{id}__unsubscribe.json", gone) == []


def test_nobody_follows_a_task_out_of_reach_and_a_refused_batch_writes_nothing(w):
    theirs = w.ids["TQ"]  # project Q: nobody of P's team is in it
    mine = w.new_task("SH1", "Animation")
    for role in ("user", "client", "supervisor", "manager"):
        count = _subscriptions(w, role)
        answer = w.client(role).simulate_post("/actions/user/tasks/subscribe", json={"task_ids": [mine, theirs]})
        assert answer.status_code == 404, (role, answer.text)
        assert _subscriptions(w, role) == count, role
        assert w.client(role).simulate_get(f"/data/user/tasks/{theirs}/subscribed").status_code == 404
    count = _subscriptions(w, "outsider")
    assert w.client("outsider").simulate_post("/actions/user/tasks/subscribe",
                                              json={"task_ids": [mine]}).status_code == 404
    assert w.client("outsider").simulate_post(f"/actions/user/tasks/{mine}/subscribe").status_code == 404
    assert _subscriptions(w, "outsider") == count
    # A vendor reaches only the tasks assigned to them.
    assert w.client("vendor").simulate_post("/actions/user/tasks/subscribe",
                                            json={"task_ids": [mine]}).status_code == 404
    assert w.client("vendor").simulate_post("/actions/user/tasks/subscribe",
                                            json={"task_ids": [w.ids["T"]]}).status_code == 201
    # Leaving a task out of reach is refused too, and leaves the subscription alone.
    w.client("user").simulate_post("/actions/user/tasks/subscribe", json={"task_ids": [mine]})
    refused = w.client("user").simulate_post("/actions/user/tasks/unsubscribe", json={"task_ids": [mine, theirs]})
    assert refused.status_code == 404 and _follows(w, "user", mine) is True


@pytest.mark.parametrize("body", [{}, {"task_ids": []}, {"task_ids": "x"}, {"task_ids": ["nope"]}, [1]])
def test_bad_bodies_are_400s(w, body):
    for path in ("/actions/user/tasks/subscribe", "/actions/user/tasks/unsubscribe"):
        answer = w.client("user").simulate_post(path, json=body)
        assert answer.status_code == 400 and answer.json["error"] is True, (path, body)


def test_unknown_and_malformed_tasks(w):
    assert w.client("user").simulate_get("/data/user/tasks/nope/subscribed").status_code == 400
    assert w.client("user").simulate_get(f"/data/user/tasks/{uuid.uuid4()}/subscribed").status_code == 404
    assert w.client("user").simulate_post("/actions/user/tasks/subscribe",
                                          json={"task_ids": [str(uuid.uuid4())]}).status_code == 404


def test_following_a_task_type_in_a_sequence(w):
    sequence, layout = w.ids["SQ"], w.types["Layout"]
    base = f"/sequences/{sequence}/task-types/{layout}"
    artist = w.client("user")
    assert artist.simulate_get(f"/data/user{base}/subscribed").json is False
    made = artist.simulate_post(f"/actions/user{base}/subscribe")
    assert made.status_code == 201, made.text
    assert (made.json["person_id"], made.json["entity_id"], made.json["task_type_id"], made.json["task_id"]) == (
        w.person("user"), sequence, layout, None)
    assert artist.simulate_post(f"/api/actions/user{base}/subscribe").json["id"] == made.json["id"]
    assert artist.simulate_get(f"/data/user{base}/subscribed").json is True
    assert artist.simulate_get(f"/data/user/entities/{sequence}/task-types/{layout}/subscribed").json is True
    assert w.client("manager").simulate_get(f"/data/user{base}/subscribed").json is False
    listed = artist.simulate_get(f"/data/user/projects/{w.ids['P']}/task-types/{layout}/sequence-subscriptions")
    assert listed.status_code == 200 and listed.json == [sequence]
    assert artist.simulate_get(
        f"/data/user/projects/{w.ids['P']}/task-types/{w.types['FX']}/sequence-subscriptions").json == []

    # A comment on a Layout task of a shot of the sequence now notifies the follower.
    task = w.new_task("SH2", "Layout")
    comment = w.admin.simulate_post(f"/actions/tasks/{task}/comment", json={
        "task_status_id": w.types["wip"], "comment": "sequence news"}).json
    bell = w.client("user").simulate_get("/data/user/notifications").json
    assert any(r["comment_id"] == comment["id"] and r["notification_type"] == "comment" for r in bell)

    assert artist.simulate_delete(f"/actions/user{base}/unsubscribe").status_code == 204
    assert artist.simulate_delete(f"/actions/user{base}/unsubscribe").status_code == 204
    assert artist.simulate_get(f"/data/user{base}/subscribed").json is False
    assert w.count(m.Subscription, m.Subscription.entity == sequence, m.Subscription.person == w.person("user")) == 0


def test_sequences_out_of_reach_and_bad_ids(w):
    layout = w.types["Layout"]
    base = f"/sequences/{w.ids['SQ']}/task-types/{layout}"
    outsider = w.client("outsider")
    count = _subscriptions(w, "outsider")
    assert outsider.simulate_post(f"/actions/user{base}/subscribe").status_code == 404
    assert outsider.simulate_get(f"/data/user{base}/subscribed").status_code == 404
    assert outsider.simulate_delete(f"/actions/user{base}/unsubscribe").status_code == 404
    assert outsider.simulate_get(
        f"/data/user/projects/{w.ids['P']}/task-types/{layout}/sequence-subscriptions").status_code == 404
    assert _subscriptions(w, "outsider") == count
    artist = w.client("user")
    assert artist.simulate_post(f"/actions/user/sequences/{w.ids['SQ']}/task-types/{uuid.uuid4()}/subscribe"
                                ).status_code == 404
    assert artist.simulate_post(f"/actions/user/sequences/nope/task-types/{layout}/subscribe").status_code == 400
    assert artist.simulate_get(f"/data/user/projects/{uuid.uuid4()}/task-types/{layout}/sequence-subscriptions"
                               ).status_code == 404
    assert artist.simulate_get(f"/data/user/projects/{w.ids['P']}/task-types/nope/sequence-subscriptions"
                               ).status_code == 400


def test_bots_are_refused_on_every_subscription_route(w):
    bot = bot_client(w, role="user", team="P")
    task, layout, sequence = w.ids["T"], w.types["Layout"], w.ids["SQ"]
    count = w.count(m.Subscription)
    for method, path, body in (
            ("get", f"/data/user/tasks/{task}/subscribed", None),
            ("post", "/actions/user/tasks/subscribe", {"task_ids": [task]}),
            ("post", "/actions/user/tasks/unsubscribe", {"task_ids": [task]}),
            ("post", f"/actions/user/tasks/{task}/subscribe", None),
            ("delete", f"/actions/user/tasks/{task}/unsubscribe", None),
            ("get", f"/data/user/sequences/{sequence}/task-types/{layout}/subscribed", None),
            ("get", f"/data/user/entities/{sequence}/task-types/{layout}/subscribed", None),
            ("get", f"/data/user/projects/{w.ids['P']}/task-types/{layout}/sequence-subscriptions", None),
            ("post", f"/actions/user/sequences/{sequence}/task-types/{layout}/subscribe", None),
            ("delete", f"/actions/user/sequences/{sequence}/task-types/{layout}/unsubscribe", None)):
        answer = getattr(bot, f"simulate_{method}")(path, json=body)
        assert answer.status_code == 403, (path, answer.text)
    assert bot_client(w).simulate_post("/actions/user/tasks/subscribe", json={"task_ids": [task]}).status_code == 403
    assert w.count(m.Subscription) == count


def test_the_sequence_list_costs_the_same_statements_whatever_its_length(w):
    from ..counting import QueryCounter

    layout = w.types["Layout"]
    path = f"/data/user/projects/{w.ids['P']}/task-types/{layout}/sequence-subscriptions"
    manager = w.client("manager")
    counts = []
    for n in (1, 6):
        while len(manager.simulate_get(path).json) < n:
            created = w.admin.simulate_post("/data/entities", json={
                "project_id": w.ids["P"], "entity_type_id": w.types["kind:Sequence"],
                "name": f"SQ{uuid.uuid4().hex[:4]}"}).json
            manager.simulate_post(f"/actions/user/sequences/{created['id']}/task-types/{layout}/subscribe")
        with QueryCounter(w.app) as counter:
            manager.simulate_get(path)
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
