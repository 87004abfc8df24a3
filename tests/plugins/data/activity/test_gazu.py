"""The published gazu client reads news, events, logins, chats and search on a real server."""

from __future__ import annotations

import gazu
import pytest

ARTIST_PASSWORD = "artist studio password"


@pytest.fixture
def client(gazu_session):
    gazu.cache.disable()
    return gazu_session.client


def _artist(gazu_session, project, client):
    person = gazu.person.new_person("Ada", "Artist", "ada@example.com", role="user", password=ARTIST_PASSWORD,
                                    client=client)
    gazu.project.add_person_to_team(project, person, client=client)
    artist = gazu.client.create_client(gazu_session.live.url + "/api")
    gazu.log_in("ada@example.com", ARTIST_PASSWORD, client=artist)
    return person, artist


def test_a_studio_script_reads_the_activity_of_a_production(gazu_session, client):
    project = gazu.project.new_project("Gazu Activity", production_type="tvshow", client=client)
    other = gazu.project.new_project("Gazu Elsewhere", client=client)
    episode = gazu.shot.new_episode(project, "E01", client=client)
    sequence = gazu.shot.new_sequence(project, "SQ01", episode=episode, client=client)
    shot = gazu.shot.new_shot(project, sequence, "SH010", client=client)
    character = gazu.asset.get_asset_type_by_name("Character", client=client)
    hero = gazu.asset.new_asset(project, character, "Hero", client=client)
    gazu.asset.new_asset(other, character, "Hero Elsewhere", client=client)
    animation = gazu.task.get_task_type_by_name("Animation", client=client)
    task = gazu.task.new_task(shot, animation, client=client)
    wip = gazu.task.get_task_status_by_short_name("wip", client=client)
    comment = gazu.task.add_comment(task, wip, "Blocking is in", client=client)
    person, artist = _artist(gazu_session, project, client)

    # News: the comment is in the production's feed and the shot's.
    feed = gazu.client.get(f"data/projects/{project['id']}/news", client=client)
    assert [(n["comment_id"], n["full_entity_name"]) for n in feed["data"]] == [
        (comment["id"], "E01 / SQ01 / SH010")]
    assert feed["stats"] == {wip["id"]: 1}
    assert gazu.client.get(f"data/entities/{shot['id']}/news", client=artist)["total"] == 1

    # Events: the last ones, per production and by name.
    events = gazu.sync.get_last_events(project=project, client=client)
    assert {"comment:new", "news:new", "task:new"} <= {e["name"] for e in events}
    assert {e["project_id"] for e in events} == {project["id"]}
    assert [e["data"]["comment_id"] for e in gazu.sync.get_last_events(name="comment:new", client=client)] == [
        comment["id"]]
    with pytest.raises(gazu.exception.NotAllowedException):
        gazu.sync.get_last_events(client=artist)

    # Login logs: the admin's and the artist's logins, newest first.
    logins = gazu.events.get_last_login_logs(client=client)
    assert [log["person_id"] for log in logins[:2]] == [person["id"], gazu_session.admin_id]
    assert [log["person_id"] for log in gazu.events.get_last_login_logs(person_ids=[person], client=client)] == [
        person["id"]]
    with pytest.raises(gazu.exception.NotAllowedException):
        gazu.events.get_last_login_logs(client=artist)

    # Chats: join, talk, list, leave.
    assert gazu.user.all_chats(client=artist) == []
    joined = gazu.user.join_chat(shot["id"], client=artist)
    assert joined["object_id"] == shot["id"]
    said = gazu.client.post(f"data/entities/{shot['id']}/chat/messages", {"message": "On it"}, client=artist)
    assert said["person_id"] == person["id"]
    chats = gazu.user.all_chats(client=artist)
    assert [(c["id"], c["entity_name"], c["last_message"]) for c in chats] == [
        (joined["id"], "E01 / SQ01 / SH010", said["created_at"])]
    gazu.user.leave_chat(shot["id"], client=artist)
    assert gazu.user.all_chats(client=artist) == []

    # Search: the admin finds both heroes; the artist only the one of their production, and the shot.
    found = gazu.search.search_entities("hero", client=client)
    assert sorted(a["name"] for a in found["assets"]) == ["Hero", "Hero Elsewhere"]
    mine = gazu.search.search_entities("hero", client=artist)
    assert [a["id"] for a in mine["assets"]] == [hero["id"]]
    assert [s["id"] for s in gazu.search.search_entities("SH010", project=project, client=artist)["shots"]] == [
        shot["id"]]
    assert gazu.search.search_entities("hero", project=other, client=artist)["assets"] == []
    assert [p["id"] for p in gazu.search.search_entities("ada artist", client=client)["persons"]] == [person["id"]]
