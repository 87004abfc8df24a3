"""The list routes that page with ``page``/``limit`` read and answer them alike (``data/paging.py``)."""

from __future__ import annotations

import pytest

from .production.tasks.world import build_world, close

PAGED = ("/data/projects/{P}/notifications", "/data/projects/{P}/entity-links")
KEYS = ["data", "total", "nb_pages", "limit", "offset", "page"]


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "paging")
    ids, task = world.ids, world.new_task()
    for body in ({"entity_in_id": ids["SH1"], "entity_out_id": ids["HERO"]},
                 {"entity_in_id": ids["SH2"], "entity_out_id": ids["HERO"]}):
        assert world.admin.simulate_post("/data/entity-links", json=body).status_code == 201
    for kind in ("comment", "assignation"):
        answer = world.admin.simulate_post("/data/notifications", json={
            "person_id": world.person("user"), "author_id": world.person("manager"), "task_id": task,
            "notification_type": kind})
        assert answer.status_code == 201, answer.text
    yield world
    close(world)


@pytest.mark.parametrize("template", PAGED)
def test_a_page_is_zous_envelope_and_no_page_the_whole_list(w, template):
    path = template.format(P=w.ids["P"])
    whole = w.admin.simulate_get(path)
    assert whole.status_code == 200 and isinstance(whole.json, list), whole.text
    page = w.admin.simulate_get(path, params={"page": "1", "limit": "1"})
    assert list(page.json) == KEYS, page.text
    total = len(whole.json)
    assert total == 2
    assert (page.json["total"], page.json["nb_pages"], page.json["limit"], page.json["offset"], page.json["page"]) == (
        total, total, 1, 0, 1)
    assert page.json["data"] == whole.json[:1]


@pytest.mark.parametrize("template", (*PAGED, "/data/tasks/open-tasks"))
@pytest.mark.parametrize("query", ({"page": "0"}, {"page": "one"}, {"page": "1", "limit": "0"},
                                   {"page": "1", "limit": "x"}, {"page": ["1", "2"]}))
def test_a_page_or_limit_that_is_not_a_whole_number_from_1_is_a_400(w, template, query):
    answer = w.admin.simulate_get(template.format(P=w.ids["P"]), params=query)
    assert answer.status_code == 400 and answer.json["error"] is True, (query, answer.text)
