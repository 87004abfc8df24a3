"""News feeds: a production's, the open productions', one item, an entity's; values, filters, paging, reach."""

from __future__ import annotations

from datetime import timedelta

import pytest
from falcon.testing import TestClient

from clapboard.plugins.data import models as m

from ..counting import QueryCounter
from .stage import REFUSED, START, build_stage, close, shape_diffs

IN_P = ("shot-wip", "asset-wfa", "shot-client", "shot-by-client", "vendor-wip", "asset-preview")


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    stage = build_stage(tmp_path_factory, "activity-news")
    yield stage
    close(stage.w)


def _feed(s, role="admin", project="P", **params):
    client = s.w.admin if role == "admin" else s.w.client(role)
    answer = client.simulate_get(f"/data/projects/{s.w.ids[project]}/news", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json


def _labels(s, rows) -> list[str]:
    by_id = {news: label for label, news in s.news.items()}
    return [by_id[row["id"]] for row in rows]


def test_a_production_feed_holds_its_news_newest_first_with_zou_keys(s):
    w = s.w
    answer = w.admin.simulate_get(f"/data/projects/{w.ids['P']}/news",
                                  params={"page": "1", "page_size": "50", "only_preview": "false"})
    assert shape_diffs("GET__data__projects__{id}__news.json", answer) == []
    feed = answer.json
    assert _labels(s, feed["data"]) == list(reversed(IN_P))
    assert (feed["total"], feed["nb_pages"], feed["limit"], feed["offset"], feed["page"]) == (6, 1, 50, 0, 1)
    by_label = dict(zip(_labels(s, feed["data"]), feed["data"]))
    shot = by_label["shot-wip"]
    assert shot["full_entity_name"] == "E01 / SQ01 / SH010" and shot["episode_id"] == w.ids["EP"]
    assert shot["task_id"] == s.tasks["shot"] and shot["task_entity_id"] == w.ids["SH1"]
    assert shot["task_type_id"] == w.types["Animation"] and shot["task_status_id"] == w.types["wip"]
    assert shot["comment_id"] == s.comments["shot-wip"] and shot["change"] is True
    assert shot["author_id"] == w.person("manager") and shot["person"]["full_name"] == "Manager Matrix"
    assert shot["project_name"] == "Project P" and shot["preview_file_id"] is None
    asset = by_label["asset-wfa"]
    assert asset["full_entity_name"] == "Character / Hero" and asset["episode_id"] == w.ids["EP"]  # its source
    assert by_label["vendor-wip"]["full_entity_name"] == "SHE" and by_label["vendor-wip"]["episode_id"] is None
    preview = by_label["asset-preview"]
    assert preview["preview_file_id"] and preview["preview_file_revision"] == 1 and preview["change"] is False
    # Stats count the status changes per status: the client's review, and the wip / wfa changes.
    assert feed["stats"] == {w.types["wip"]: 2, w.types["wfa"]: 1, w.types["crev"]: 1}


def test_filters_narrow_the_feed_and_its_stats(s):
    w = s.w
    assert _labels(s, _feed(s, task_type_id=w.types["Modeling"])["data"]) == ["asset-preview", "asset-wfa"]
    by_status = _feed(s, task_status_id=w.types["wip"])
    assert _labels(s, by_status["data"]) == ["vendor-wip", "shot-client", "shot-wip"]
    assert by_status["stats"] == {w.types["wip"]: 2}
    assert _labels(s, _feed(s, person_id=w.person("client"))["data"]) == ["shot-by-client"]
    assert set(_labels(s, _feed(s, episode_id=w.ids["EP"])["data"])) == {"shot-wip", "shot-client",
                                                                           "shot-by-client"}
    only = _feed(s, only_preview="true")
    assert _labels(s, only["data"]) == ["asset-preview"]
    assert [p["id"] for p in only["data"][0]["preview_files"]] == [only["data"][0]["preview_file_id"]]
    moment = (START + timedelta(minutes=2)).isoformat()  # when "shot-client" was posted
    assert _labels(s, _feed(s, after=moment)["data"]) == ["asset-preview", "vendor-wip", "shot-by-client"]
    assert _labels(s, _feed(s, before=moment)["data"]) == ["asset-wfa", "shot-wip"]
    assert _feed(s, before="2026-03-02")["data"] == [] and _feed(s, after="2026-03-02")["total"] == 6
    assert _feed(s, after="2026-03-03")["total"] == 0


def test_pages_follow_page_and_limit(s):
    first, second = _feed(s, page="1", limit="4"), _feed(s, page="2", limit="4")
    assert (first["total"], first["nb_pages"], len(first["data"]), len(second["data"])) == (6, 2, 4, 2)
    assert (second["offset"], second["page"], second["limit"]) == (4, 2, 4)
    assert _labels(s, first["data"] + second["data"]) == list(reversed(IN_P))
    assert _feed(s, page="3", limit="4")["data"] == []
    assert _feed(s, page_size="2")["limit"] == 50  # Zou reads `limit`, not Kitsu's page_size


def test_bad_input_is_a_400_or_a_404(s):
    w = s.w
    base = f"/data/projects/{w.ids['P']}/news"
    for params in ({"task_type_id": "nope"}, {"person_id": "1"}, {"episode_id": "x"}, {"after": "yesterday"},
                   {"before": "2026-13-45"}, {"page": "0"}, {"page": "two"}, {"limit": "0"}, {"limit": "-3"}):
        answer = w.admin.simulate_get(base, params=params)
        assert answer.status_code == 400 and answer.json["error"] is True, params
    assert w.admin.simulate_get("/data/projects/nope/news").status_code == 400
    assert w.admin.simulate_get(f"/data/projects/{w.ids['SH1']}/news").status_code == 404
    assert w.admin.simulate_get("/data/projects/news", params={"project_id": "bad"}).status_code == 400


def test_who_reads_which_news_of_a_production(s):
    w = s.w
    assert _labels(s, _feed(s, "user")["data"]) == list(reversed(IN_P))  # artists read the whole feed
    assert _labels(s, _feed(s, "manager")["data"]) == list(reversed(IN_P))
    # Clients: their own comments and those shown to clients; vendors: their tasks'.
    client = _feed(s, "client")
    assert _labels(s, client["data"]) == ["shot-by-client", "shot-client"] and client["total"] == 2
    assert client["stats"] == {w.types["crev"]: 1}
    assert _labels(s, _feed(s, "vendor")["data"]) == ["vendor-wip"]
    assert w.client("outsider").simulate_get(f"/data/projects/{w.ids['P']}/news").status_code in REFUSED
    assert w.client("manager").simulate_get(f"/data/projects/{w.ids['Q']}/news").status_code in REFUSED
    assert TestClient(w.app).simulate_get(f"/data/projects/{w.ids['P']}/news").status_code == 401


def test_the_open_productions_feed(s):
    w = s.w
    everything = w.admin.simulate_get("/data/projects/news").json
    assert set(_labels(s, everything["data"])) == set(IN_P) | {"q-wip"}
    narrowed = w.admin.simulate_get("/data/projects/news", params={"project_id": w.ids["Q"]}).json
    assert _labels(s, narrowed["data"]) == ["q-wip"]
    assert _labels(s, w.client("manager").simulate_get("/data/projects/news").json["data"]) == list(reversed(IN_P))
    # A production the actor does not belong to is not a way in: the filter is ignored, as in Zou.
    sneaky = w.client("manager").simulate_get("/data/projects/news", params={"project_id": w.ids["Q"]}).json
    assert "q-wip" not in _labels(s, sneaky["data"])
    assert w.client("outsider").simulate_get("/data/projects/news").json["data"] == []
    assert _labels(s, w.client("vendor").simulate_get("/data/projects/news").json["data"]) == ["vendor-wip"]
    closed = w.admin.simulate_put(f"/data/projects/{w.ids['Q']}", json={"project_status_id": _closed(w)})
    assert closed.status_code == 200, closed.text
    try:
        assert "q-wip" not in _labels(s, w.admin.simulate_get("/data/projects/news").json["data"])
    finally:
        with w.db():
            open_id = m.ProjectStatus.get(m.ProjectStatus.name == "Open").id
        w.admin.simulate_put(f"/data/projects/{w.ids['Q']}", json={"project_status_id": str(open_id)})


def _closed(w) -> str:
    with w.db():
        return str(m.ProjectStatus.get(m.ProjectStatus.name == "Closed").id)


def test_one_news_item(s):
    w = s.w
    path = f"/data/projects/{w.ids['P']}/news/{s.news['shot-wip']}"
    item = w.admin.simulate_get(path)
    assert item.status_code == 200, item.text
    listed = next(row for row in _feed(s)["data"] if row["id"] == s.news["shot-wip"])
    assert item.json == listed
    assert w.client("user").simulate_get(path).json["id"] == s.news["shot-wip"]
    assert w.admin.simulate_get(f"/data/projects/{w.ids['Q']}/news/{s.news['shot-wip']}").status_code == 404
    assert w.admin.simulate_get(f"/data/projects/{w.ids['P']}/news/{w.ids['P']}").status_code == 404
    assert w.admin.simulate_get(f"/data/projects/{w.ids['P']}/news/nope").status_code == 400
    # Vendors never read a single item (Zou), clients not one hidden from them, outsiders nothing.
    vendor_own = f"/data/projects/{w.ids['P']}/news/{s.news['vendor-wip']}"
    assert w.client("vendor").simulate_get(vendor_own).status_code == 403
    assert w.client("client").simulate_get(path).status_code == 404
    assert w.client("client").simulate_get(
        f"/data/projects/{w.ids['P']}/news/{s.news['shot-client']}").status_code == 200
    assert w.client("outsider").simulate_get(path).status_code in REFUSED


def test_an_entity_news(s):
    w = s.w
    answer = w.admin.simulate_get(f"/data/entities/{w.ids['SH1']}/news")
    assert shape_diffs("GET__data__entities__{id}__news.json", answer) == []
    assert _labels(s, answer.json["data"]) == ["shot-by-client", "shot-client", "shot-wip"]
    assert (answer.json["limit"], answer.json["page"], answer.json["total"]) == (2000, 1, 3)
    assert "stats" not in answer.json
    assert w.admin.simulate_get(f"/data/entities/{w.ids['LAMP']}/news").json["data"] == []
    client = w.client("client").simulate_get(f"/data/entities/{w.ids['SH1']}/news").json
    assert _labels(s, client["data"]) == ["shot-by-client", "shot-client"]
    assert _labels(s, w.client("vendor").simulate_get(f"/data/entities/{w.ids['E']}/news").json["data"]) == [
        "vendor-wip"]
    assert w.client("vendor").simulate_get(f"/data/entities/{w.ids['SH1']}/news").status_code in REFUSED
    assert w.client("outsider").simulate_get(f"/data/entities/{w.ids['SH1']}/news").status_code in REFUSED
    assert w.admin.simulate_get("/data/entities/nope/news").status_code == 400
    assert w.admin.simulate_get(f"/data/entities/{w.ids['P']}/news").status_code == 404


def test_also_served_under_api(s):
    w = s.w
    assert w.admin.simulate_get(f"/api/data/projects/{w.ids['P']}/news").json["total"] == 6
    assert w.admin.simulate_get(f"/api/data/entities/{w.ids['SH1']}/news").json["total"] == 3


def test_a_feed_costs_the_same_statements_whatever_its_length(s):
    w = s.w
    counts = []
    for _ in range(2):
        with QueryCounter(w.app) as counter:
            answer = w.admin.simulate_get(f"/data/projects/{w.ids['P']}/news", params={"only_preview": "true"})
        assert answer.status_code == 200
        with QueryCounter(w.app) as client_counter:
            assert w.client("client").simulate_get(f"/data/projects/{w.ids['P']}/news").status_code == 200
        counts.append((counter.count, client_counter.count, answer.json["total"]))
        for n in range(3):  # more news, more previews
            label = f"more-{len(counts)}-{n}"
            s.labels[label] = "asset"
            s.comment(label, "admin", "asset", "wfa", "again")
            s.preview(label)
    assert counts[0][:2] == counts[1][:2] and counts[1][2] > counts[0][2], counts
