"""Entity chats: reading, joining, posting, deleting; the user's chats; and who may do each."""

from __future__ import annotations

import uuid

import pytest
from falcon.testing import TestClient

from clapboard.plugins.data import models as m

from ..counting import QueryCounter
from ..production.tasks.world import build_world, close, multipart, shape_diffs

REFUSED = (403, 404)


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "activity-chats")
    yield world
    close(world)


def _client(w, role):
    return w.admin if role == "admin" else w.client(role)


def _chat(w, entity="SH1", role="admin"):
    return _client(w, role).simulate_get(f"/data/entities/{w.ids[entity]}/chat")


def _join(w, role, entity="SH1"):
    return _client(w, role).simulate_post(f"/actions/user/chats/{w.ids[entity]}/join")


def _leave(w, role, entity="SH1"):
    return _client(w, role).simulate_delete(f"/actions/user/chats/{w.ids[entity]}/join")


def _post(w, role, text, entity="SH1"):
    return _client(w, role).simulate_post(f"/data/entities/{w.ids[entity]}/chat/messages", json={"message": text})


def _messages(w, entity="SH1", role="admin"):
    return _client(w, role).simulate_get(f"/data/entities/{w.ids[entity]}/chat/messages")


def test_a_chat_nobody_joined_reads_as_it_will_be_created_without_being_written(w):
    first = _chat(w, "LAMP")
    assert shape_diffs("GET__data__entities__{id}__chat.json", first) == []
    chat = first.json
    assert (chat["object_id"], chat["object_type"], chat["participants"], chat["messages"]) == (
        w.ids["LAMP"], "entity", [], [])
    assert _chat(w, "LAMP").json["id"] == chat["id"]  # the same id every time
    assert w.count(m.Chat, m.Chat.object_id == w.ids["LAMP"]) == 0
    assert _messages(w, "LAMP").json == []
    joined = _join(w, "supervisor", "LAMP")
    assert joined.status_code == 200, joined.text
    assert joined.json["id"] == chat["id"] and w.count(m.Chat, m.Chat.object_id == w.ids["LAMP"]) == 1


def test_joining_posting_reading_and_leaving(w):
    path = f"/data/entities/{w.ids['SH1']}/chat/messages"
    empty = w.client("manager").simulate_get("/data/user/chats")
    assert shape_diffs("GET__data__user__chats.json", empty) == [] and empty.json == []
    refused = _post(w, "manager", "too early")
    assert refused.status_code == 400 and "participant" in refused.json["message"]
    assert w.count(m.ChatMessage) == 0
    joined = _join(w, "manager")
    assert shape_diffs("POST__actions__user__chats__{id}__join.json", joined) == []
    chat_id = joined.json["id"]
    assert "participants" not in joined.json and joined.json["last_message"] is None
    assert w.events("chat:joined")[-1] == {"chat_id": chat_id, "person_id": w.person("manager"),
                                           "project_id": w.ids["P"]}
    assert _join(w, "manager").status_code == 200  # joining again changes nothing
    assert _chat(w).json["participants"] == [w.person("manager")]

    posted = _post(w, "manager", "hello")
    assert shape_diffs("POST__data__entities__{id}__chat__messages.json", posted) == []
    message = posted.json
    assert (message["chat_id"], message["person_id"], message["text"]) == (chat_id, w.person("manager"), "hello")
    event = w.events("chat:new-message")[-1]
    assert (event["chat_id"], event["chat_message_id"]) == (chat_id, message["id"])
    assert event["last_message"] == message["created_at"]
    chat = _chat(w).json
    assert chat["last_message"] == message["created_at"]
    assert [(x["id"], x["attachment_files"]) for x in chat["messages"]] == [(message["id"], [])]
    listed = _messages(w)
    assert shape_diffs("GET__data__entities__{id}__chat__messages.json", listed) == []
    assert [x["text"] for x in listed.json] == ["hello"]
    one = w.admin.simulate_get(f"{path}/{message['id']}").json
    assert one == listed.json[0]

    mine = w.client("manager").simulate_get("/data/user/chats")
    assert shape_diffs("GET__data__user__chats.after-join.json", mine) == []
    assert mine.json == [{"id": chat_id, "object_id": w.ids["SH1"], "last_message": message["created_at"],
                          "entity_name": "E01 / SQ01 / SH010", "project_id": w.ids["P"], "preview_file_id": None}]
    left = _leave(w, "manager")
    assert shape_diffs("DELETE__actions__user__chats__{id}__join.json", left) == [] and left.content == b""
    assert w.events("chat:left")[-1]["person_id"] == w.person("manager")
    assert w.client("manager").simulate_get("/data/user/chats").json == []
    assert _leave(w, "manager").status_code == 204
    assert _post(w, "manager", "gone").status_code == 400
    assert _chat(w).json["participants"] == []


def test_a_message_with_files(w):
    _join(w, "admin", "HERO")
    form = multipart({"message": "see the sketch"}, [("file", "sketch.png", "image/png", b"\x89PNG" + b"0" * 64)])
    posted = w.admin.simulate_post(f"/data/entities/{w.ids['HERO']}/chat/messages", **form)
    assert posted.status_code == 201, posted.text
    [attachment] = posted.json["attachment_files"]
    assert (attachment["name"], attachment["extension"]) == ("sketch.png", "png")
    assert _messages(w, "HERO").json[-1]["attachment_files"] == [attachment]
    with w.db():
        assert m.AttachmentFile.get_by_id(attachment["id"]).size == 68
    assert w.admin.simulate_post(f"/data/entities/{w.ids['HERO']}/chat/messages",
                                 **multipart({"text": "no message field"})).status_code == 400


def test_deleting_is_for_the_author_or_an_admin(w):
    for role in ("manager", "user"):
        _join(w, role, "SH2")
    by_manager = _post(w, "manager", "from the manager", "SH2").json
    by_artist = _post(w, "user", "from the artist", "SH2").json
    base = f"/data/entities/{w.ids['SH2']}/chat/messages"
    assert w.client("user").simulate_delete(f"{base}/{by_manager['id']}").status_code == 403
    assert w.client("manager").simulate_delete(f"{base}/{by_artist['id']}").status_code == 403
    assert w.client("outsider").simulate_delete(f"{base}/{by_artist['id']}").status_code in REFUSED
    assert w.count(m.ChatMessage, m.ChatMessage.id.in_([by_manager["id"], by_artist["id"]])) == 2
    assert w.client("user").simulate_delete(f"{base}/{by_artist['id']}").status_code == 204
    assert w.events("chat:deleted-message")[-1]["chat_message_id"] == by_artist["id"]
    assert w.admin.simulate_delete(f"{base}/{by_manager['id']}").status_code == 204
    assert _messages(w, "SH2").json == []
    assert w.admin.simulate_get(f"{base}/{by_manager['id']}").status_code == 404


def test_a_message_is_only_reached_through_its_own_entity(w):
    _join(w, "admin", "EDIT")
    message = _post(w, "admin", "on the edit", "EDIT").json
    elsewhere = f"/data/entities/{w.ids['SH1']}/chat/messages/{message['id']}"
    assert w.admin.simulate_get(elsewhere).status_code == 403
    assert w.admin.simulate_delete(elsewhere).status_code == 403
    assert w.count(m.ChatMessage, m.ChatMessage.id == message["id"]) == 1


def test_bad_input(w):
    base = f"/data/entities/{w.ids['SH1']}/chat"
    _join(w, "admin")
    for body in ({}, {"message": 3}, {"message": None}, []):
        answer = w.admin.simulate_post(base + "/messages", json=body)
        assert answer.status_code == 400 and answer.json["error"] is True, body
    assert w.admin.simulate_post(base + "/messages", body=b"{not json",
                                 headers={"Content-Type": "application/json"}).status_code == 400
    assert w.admin.simulate_get("/data/entities/nope/chat").status_code == 400
    assert w.admin.simulate_get(f"/data/entities/{uuid.uuid4()}/chat").status_code == 404
    assert w.admin.simulate_get(f"{base}/messages/nope").status_code == 400
    assert w.admin.simulate_get(f"{base}/messages/{uuid.uuid4()}").status_code == 404
    assert w.admin.simulate_post(f"/actions/user/chats/{uuid.uuid4()}/join").status_code == 404
    assert w.admin.simulate_post("/actions/user/chats/nope/join").status_code == 400
    assert TestClient(w.app).simulate_get(base).status_code == 401


def test_who_reaches_a_chat(w):
    _join(w, "manager", "SH1")
    message = _post(w, "manager", "for the team").json
    base = f"/data/entities/{w.ids['SH1']}/chat"
    # Whoever reads the entity reads and may join its chat: artists, supervisors, clients.
    for role in ("user", "supervisor", "client"):
        assert message["id"] in [x["id"] for x in _chat(w, role=role).json["messages"]], role
        assert _join(w, role).status_code == 200, role
        assert _post(w, role, f"hi from {role}").status_code == 201, role
    # Outsiders and vendors away from their tasks reach nothing, and change nothing.
    before = (w.count(m.ChatMessage), w.count(m.ChatParticipant))
    for role in ("outsider", "vendor"):
        client = w.client(role)
        assert client.simulate_get(base).status_code in REFUSED, role
        assert client.simulate_get(base + "/messages").status_code in REFUSED, role
        assert client.simulate_get(f"{base}/messages/{message['id']}").status_code in REFUSED, role
        assert client.simulate_post(f"/actions/user/chats/{w.ids['SH1']}/join").status_code in REFUSED, role
        assert client.simulate_post(base + "/messages", json={"message": "x"}).status_code in REFUSED, role
        assert w.client(role).simulate_get("/data/user/chats").json == []
    assert (w.count(m.ChatMessage), w.count(m.ChatParticipant)) == before
    # The vendor's own task's entity is theirs to talk about.
    assert _join(w, "vendor", "E").status_code == 200
    assert _post(w, "vendor", "on my task", "E").status_code == 201
    assert [c["object_id"] for c in w.client("vendor").simulate_get("/data/user/chats").json] == [w.ids["E"]]
    # The generic chat-message list hides the same rows.
    assert all(row["chat_id"] != _chat(w).json["id"]
               for row in w.client("vendor").simulate_get("/data/chat-messages").json)


def test_user_chats_are_for_persons_not_bots(w):
    created = w.admin.simulate_post("/data/persons", json={"first_name": "Chat", "last_name": "Bot",
                                                          "is_bot": True, "role": "admin"})
    assert created.status_code == 201, created.text
    bot = TestClient(w.app, headers={"Authorization": f"Bearer {created.json['access_token']}"})
    assert bot.simulate_get("/data/user/chats").status_code == 403
    assert bot.simulate_post(f"/actions/user/chats/{w.ids['SH1']}/join").status_code == 403
    assert bot.simulate_delete(f"/actions/user/chats/{w.ids['SH1']}/join").status_code == 403
    assert bot.simulate_get(f"/data/entities/{w.ids['SH1']}/chat").status_code == 200  # not a /user route


def test_closed_productions_drop_out_of_the_user_chats(w):
    _join(w, "admin", "EQ")
    assert w.ids["EQ"] in {c["object_id"] for c in w.admin.simulate_get("/data/user/chats").json}
    with w.db():
        closed = str(m.ProjectStatus.get(m.ProjectStatus.name == "Closed").id)
        opened = str(m.ProjectStatus.get(m.ProjectStatus.name == "Open").id)
    w.admin.simulate_put(f"/data/projects/{w.ids['Q']}", json={"project_status_id": closed})
    try:
        assert w.ids["EQ"] not in {c["object_id"] for c in w.admin.simulate_get("/data/user/chats").json}
    finally:
        w.admin.simulate_put(f"/data/projects/{w.ids['Q']}", json={"project_status_id": opened})


def test_also_served_under_api(w):
    assert w.admin.simulate_get(f"/api/data/entities/{w.ids['SH1']}/chat").status_code == 200
    assert w.admin.simulate_get("/api/data/user/chats").status_code == 200


def test_lists_cost_the_same_statements_whatever_their_length(w):
    _join(w, "admin", "CONCEPT")
    _post(w, "admin", "first note", "CONCEPT")
    counts = []
    for _ in range(2):
        with QueryCounter(w.app) as chat:
            assert _chat(w, "CONCEPT").status_code == 200
        with QueryCounter(w.app) as mine:
            assert w.admin.simulate_get("/data/user/chats").status_code == 200
        counts.append((chat.count, mine.count))
        for n in range(3):
            _post(w, "admin", f"note {n}", "CONCEPT")
        for entity in ("SH1", "SH2", "HERO"):
            _join(w, "admin", entity)
    assert counts[0] == counts[1], counts
