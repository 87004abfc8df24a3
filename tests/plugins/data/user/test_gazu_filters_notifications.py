"""The published gazu client, logged in as an artist on a real server, reads and writes its own
notifications, filters, filter groups and task subscriptions after a manager's comment mentions them."""

from __future__ import annotations

import gazu
import pytest

ARTIST_PASSWORD = "artist gazu password"


@pytest.fixture
def studio(gazu_session):
    gazu.cache.disable()
    admin = gazu_session.client
    project = gazu.project.new_project("Bell Show", client=admin)
    artist = gazu.person.new_person("Ada", "Artist", "ada@example.com", role="user", password=ARTIST_PASSWORD,
                                    client=admin)
    gazu.project.add_person_to_team(project, artist, client=admin)
    sequence = gazu.shot.new_sequence(project, "SQ01", client=admin)
    shot = gazu.shot.new_shot(project, sequence, "SH010", client=admin)
    layout = gazu.task.get_task_type_by_name("Layout", client=admin)
    task = gazu.task.new_task(shot, layout, assignees=[artist], client=admin)
    as_artist = gazu.client.create_client(gazu_session.live.url + "/api")
    gazu.log_in("ada@example.com", ARTIST_PASSWORD, client=as_artist)
    return {"admin": admin, "artist": as_artist, "artist_person": artist, "project": project, "task": task,
            "sequence": sequence, "layout": layout}


def test_an_artist_works_their_bell_filters_and_subscriptions_through_gazu(studio):
    admin, artist, project, task = studio["admin"], studio["artist"], studio["project"], studio["task"]
    wip = gazu.task.get_task_status_by_short_name("wip", client=admin)
    comment = gazu.task.add_comment(task, wip, "Nice start @Ada Artist", client=admin)

    bell = gazu.user.all_notifications(client=artist)
    mention = next(n for n in bell if n["notification_type"] == "mention")
    assert mention["comment_id"] == comment["id"] and mention["comment_text"] == "Nice start @Ada Artist"
    assert mention["full_entity_name"] == "SQ01 / SH010" and mention["project_name"] == "Bell Show"
    assert gazu.user.get_notification(mention, client=artist)["id"] == mention["id"]
    read = gazu.user.update_notification({**mention, "read": True}, client=artist)
    assert read["read"] is True and read["person_id"] == studio["artist_person"]["id"]
    assert gazu.user.mark_all_notifications_as_read(client=artist) == {"success": True}
    assert all(n["read"] for n in gazu.user.all_notifications(client=artist))
    assert gazu.user.all_notifications(client=admin) == []  # the admin's own bell: nothing for them
    for_sync = gazu.task.all_notifications_for_project(project, client=admin)
    assert {n["id"] for n in for_sync} == {n["id"] for n in bell}
    with pytest.raises(gazu.exception.NotAllowedException):
        gazu.task.all_notifications_for_project(project, client=artist)

    saved = gazu.user.new_filter("Heroes", "hero", "asset", project=project, entity_type="Asset", client=artist)
    assert saved["search_query"] == "hero" and saved["person_id"] == studio["artist_person"]["id"]
    assert gazu.user.all_filters(client=artist) == {"asset": {project["id"]: [saved]}}
    renamed = gazu.user.update_filter({**saved, "name": "Hero assets"}, client=artist)
    assert renamed["name"] == "Hero assets" and renamed["list_type"] == "asset"
    assert gazu.user.all_filters(client=admin) == {}
    with pytest.raises(gazu.exception.RouteNotFoundException):
        gazu.user.remove_filter(gazu.user.new_filter("Admin's", "x", "shot", client=admin), client=artist)
    gazu.user.remove_filter(renamed, client=artist)
    assert gazu.user.all_filters(client=artist) == {}

    group = gazu.user.new_filter_group("Mine", project=project, client=artist)
    assert (group["color"], group["list_type"]) == ("", "todo")
    assert gazu.user.get_filter_group(group, client=artist)["name"] == "Mine"
    assert gazu.user.all_filter_groups(client=artist) == {"todo": {project["id"]: [group]}}
    assert gazu.user.update_filter_group({**group, "color": "#00ff00"}, client=artist)["color"] == "#00ff00"
    with pytest.raises(gazu.exception.RouteNotFoundException):
        gazu.user.get_filter_group(gazu.user.new_filter_group("Admin's", client=admin), client=artist)
    gazu.user.remove_filter_group(group, client=artist)
    assert gazu.user.all_filter_groups(client=artist) == {}

    assert gazu.user.check_task_subscription(task, client=artist) is False
    subscription = gazu.user.subscribe_to_task(task, client=artist)
    assert subscription["task_id"] == task["id"]
    assert gazu.user.check_task_subscription(task, client=artist) is True
    gazu.user.unsubscribe_from_task(task, client=artist)
    assert gazu.user.check_task_subscription(task, client=artist) is False
