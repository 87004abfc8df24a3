"""Kitsu's web front-end against Clapboard, as deployed: the browser talks only to Kitsu's port, which
serves its page and forwards ``/api/*`` to Clapboard (a real waitress server on another port).

Cookies only, never an ``Authorization`` header: log in, follow Kitsu's calls from start-up through
its main pages (My Tasks, people, productions, news, assets and shots lists, an asset and a shot, the
task panel with a comment, team, schedule, playlists) on a production an admin just made, then log
out. Each answer must be 200 with the keys of Zou's recorded answer. A second test lets the access
cookie expire and keeps the session through the refresh cookie.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest

from clapboard.plugins.auth import tokens
from clapboard.plugins.data import models as m
from clapboard.testing import LiveServer

from ..contract.shapes import compare
from ..plugins.auth.conftest import FAST
from .http_client import HttpClient, Response
from .kitsu_proxy import KitsuProxy

SAMPLES = Path(__file__).resolve().parents[1] / "zou_samples"
EMAIL, PASSWORD = "kitsu-admin@example.com", "a long kitsu password"
# Kitsu routes of families written in parallel branches: until they are merged these answer 404 here.
# After the merge, empty this map: every route must then answer 200.

def _matches(diff: str, pattern: str) -> bool:
    """An allowed difference: exact, or a prefix ending with ``*`` (``[0]`` is no glob class here)."""

    return diff == pattern or (pattern.endswith("*") and diff.startswith(pattern[:-1]))


def _strip(body):
    if isinstance(body, dict):
        return {k: _strip(v) for k, v in body.items() if k != "_list_length"}
    if isinstance(body, list):
        return [_strip(v) for v in body]
    return body


@dataclass
class Kitsu:
    """The browser: Kitsu's port only, a cookie jar, Kitsu's calls in order."""

    proxy: KitsuProxy
    client: HttpClient
    called: list = field(default_factory=list)

    def call(self, method: str, template: str, sample: str | None = None, allowed=(), status: int = 200,
             **values) -> Response | None:
        """``template`` names ids as ``{id}``/``{date}``; ``values`` gives them in order (``ids=[...]``)."""

        path = template
        for value in values.pop("ids", []):
            path = path.replace("{id}", str(value), 1)
        path = path.replace("{date}", values.pop("day", date.today().isoformat()))
        answer = self.client.request(method, "/api" + path, **values)
        self.called.append((method, template, answer.status))
        assert answer.status == status, (method, path, answer.status, answer.content[:300])
        if sample is not None:
            recorded = json.loads((SAMPLES / sample).read_text())
            ours = answer.json
            diffs = compare(recorded["status"], _strip(recorded["response_body"]), answer.status, ours)
            diffs = [d for d in diffs if not any(_matches(d, pattern) for pattern in allowed)]
            assert diffs == [], (method, template, diffs)
        return answer

    def finish(self):
        assert self.proxy.forwarded, "nothing went through the proxy"
        for request in self.proxy.forwarded:
            assert "Authorization" not in request.headers, request.path


@pytest.fixture
def deployed(make_app):
    app = make_app(config={"plugins": {"auth": dict(FAST)}}, actors=False)
    with app.db.connection_context():
        admin = m.Person.create(id=uuid.uuid4(), first_name="Kit", last_name="Su", email=EMAIL, role="admin",
                                password=app.passwords.hash(PASSWORD))
    server = LiveServer(app).start()
    proxy = KitsuProxy(server.url).start()
    try:
        yield app, server, proxy, str(admin.id)
    finally:
        proxy.stop()
        server.stop()


def _browser(proxy) -> Kitsu:
    return Kitsu(proxy, HttpClient(proxy.url, browser=True))


def _log_in(kitsu: Kitsu) -> Response:
    answer = kitsu.call("POST", "/auth/login", "POST__auth__login.browser.json",
                        allowed=("extra: access_token", "extra: refresh_token"),
                        json={"email": EMAIL, "password": PASSWORD})
    assert answer.json["login"] is True
    return answer


def _check_cookies(answer: Response, kitsu: Kitsu, server) -> None:
    """Cookies Kitsu's port keeps: host-only, Lax, HttpOnly, not Secure on plain http, the refresh one
    scoped to the refresh route as the browser sees it (under /api)."""

    assert urlsplit_port(kitsu.proxy.url) != urlsplit_port(server.url)
    for name, path in (("access_token_cookie", "/"), ("refresh_token_cookie", "/api/auth/refresh-token")):
        raw = answer.raw_cookie(name)
        attributes = {part.strip().split("=", 1)[0].lower() for part in raw.split(";")[1:]}
        assert {"httponly", "path", "samesite", "max-age"} <= attributes, raw
        assert "secure" not in attributes and "domain" not in attributes, raw
        assert "SameSite=Lax" in raw and f"Path={path}" in raw, raw
    jar = {c.name: c for c in kitsu.client.jar}
    assert jar["access_token_cookie"].domain == "127.0.0.1" and not jar["access_token_cookie"].domain_specified
    assert jar["refresh_token_cookie"].path == "/api/auth/refresh-token"


def urlsplit_port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def _production(kitsu: Kitsu, admin_id: str) -> dict:
    """What an admin sets up in Kitsu before the pages have something to show."""

    ids: dict = {"admin": admin_id}
    c = kitsu.client
    statuses = {s["name"]: s["id"] for s in c.get("/api/data/project-status").json}
    types = {t["name"]: t["id"] for t in c.get("/api/data/task-types").json}
    task_statuses = {s["short_name"]: s["id"] for s in c.get("/api/data/task-status").json}
    asset_types = {t["name"]: t["id"] for t in c.get("/api/data/asset-types").json}
    ids.update(todo=task_statuses["todo"], done=task_statuses["done"], wip=task_statuses["wip"])

    def ok(answer: Response, status=(200, 201)):
        assert answer.status in status, (answer.status, answer.content[:300])
        return answer.json

    project = ok(c.post("/api/data/projects", {"name": "Kitsu Short", "project_status_id": statuses["Open"]}))
    ids["project"] = p = project["id"]
    for segment, key, value in (("task-types", "task_type_id", types["Modeling"]),
                                ("task-types", "task_type_id", types["Animation"]),
                                ("task-types", "task_type_id", types["Edit"]),
                                ("task-status", "task_status_id", ids["todo"]),
                                ("task-status", "task_status_id", ids["done"]),
                                ("asset-types", "asset_type_id", asset_types["Prop"])):
        ok(c.post(f"/api/data/projects/{p}/settings/{segment}", {key: value}))
    ok(c.post(f"/api/data/projects/{p}/team", {"person_id": admin_id}))
    ids["asset"] = ok(c.post(f"/api/data/projects/{p}/asset-types/{asset_types['Prop']}/assets/new",
                             {"name": "Lamp", "description": "A desk lamp"}))["id"]
    ids["sequence"] = ok(c.post(f"/api/data/projects/{p}/sequences", {"name": "SQ01"}))["id"]
    ids["shot"] = ok(c.post(f"/api/data/projects/{p}/shots", {"name": "SH010", "sequence_id": ids["sequence"],
                                                               "nb_frames": 48}))["id"]
    ids["edit"] = ok(c.post(f"/api/data/projects/{p}/edits", {"name": "Cut 1"}))["id"]
    for kind, task_type in (("assets", "Modeling"), ("shots", "Animation"), ("edits", "Edit")):
        created = ok(c.post(f"/api/actions/projects/{p}/task-types/{types[task_type]}/{kind}/create-tasks", []))
        ids[f"{kind}_task"] = created[0]["id"]
    for task in (ids["assets_task"], ids["shots_task"]):
        ok(c.put(f"/api/actions/tasks/{task}/assign", {"person_id": admin_id}))
    ok(c.put(f"/api/data/projects/{p}/entities/{ids['shot']}/casting",
             [{"asset_id": ids["asset"], "nb_occurences": 1, "label": ""}]))
    comment = ok(c.post(f"/api/actions/tasks/{ids['shots_task']}/comment",
                        {"task_status_id": ids["wip"], "comment": "Blocking pass"}))
    ids["preview"] = ok(c.post(f"/api/actions/tasks/{ids['shots_task']}/comments/{comment['id']}/add-preview",
                               {}))["id"]
    ok(c.post(f"/api/actions/tasks/{ids['assets_task']}/comment", {"task_status_id": ids["done"],
                                                                  "comment": "Model approved"}))
    ok(c.post(f"/api/actions/tasks/{ids['shots_task']}/time-spents/{date.today().isoformat()}/persons/{admin_id}",
              {"duration": 90}))
    ok(c.post("/api/data/day-offs", {"person_id": admin_id, "date": (date.today() + timedelta(days=7)).isoformat(),
                                     "end_date": (date.today() + timedelta(days=8)).isoformat()}))
    ok(c.post("/api/data/milestones", {"project_id": p, "name": "Animatic", "date": date.today().isoformat(),
                                       "task_type_id": types["Animation"]}))
    ids["schedule_version"] = ok(c.post("/api/data/production-schedule-versions", {"project_id": p, "name": "v1"}))["id"]
    ids.update(modeling=types["Modeling"], animation=types["Animation"])
    ok(c.post("/api/data/playlists", {"project_id": p, "name": "Dailies",
                                      "shots": [{"entity_id": ids["shot"], "preview_file_id": ids["preview"]}]}))
    return ids


def test_kitsu_pages_through_its_proxy(deployed):
    app, server, proxy, admin_id = deployed
    kitsu = _browser(proxy)
    page = kitsu.client.get("/")
    assert page.status == 200 and b'id="app"' in page.content and page.headers["Content-Type"].startswith("text/html")

    # Before login: the instance settings, and whether a session is already open.
    kitsu.call("GET", "/config", "GET__config.json")
    kitsu.call("GET", "/auth/authenticated", status=401)

    answer = _log_in(kitsu)
    _check_cookies(answer, kitsu, server)
    kitsu.call("GET", "/auth/authenticated", "GET__auth__authenticated.json")
    ids = _production(kitsu, admin_id)
    p, today = ids["project"], date.today().isoformat()

    # Start-up after login (init.js): the user's context, then the organisation.
    kitsu.call("GET", "/data/user/context", "GET__data__user__context.json")
    kitsu.call("GET", "/data/organisations", "GET__data__organisations.json")
    # My Tasks.
    kitsu.call("GET", "/data/user/tasks", "GET__data__user__tasks.json")
    kitsu.call("GET", "/data/user/done-tasks", "GET__data__user__done-tasks.json")
    kitsu.call("GET", "/data/user/time-spents/{date}", "GET__data__user__time-spents__{date}.json", day=today)
    kitsu.call("GET", "/data/persons/{id}/day-offs/{date}", ids=[admin_id], day=today)
    # People, departments, productions.
    # The sample was recorded without relations=true, which adds the departments list.
    kitsu.call("GET", "/data/persons", "GET__data__persons.json", params={"relations": "true", "is_guest": "false"},
               allowed=("extra: [0].departments",))
    kitsu.call("GET", "/data/persons/{id}/day-offs/", "GET__data__persons__{id}__day-offs__.json", ids=[admin_id])
    kitsu.call("GET", "/data/departments", "GET__data__departments.json")
    kitsu.call("GET", "/data/projects/all", "GET__data__projects__all.json")
    # Production home: the news feed.
    kitsu.call("GET", "/data/projects/{id}/news", "GET__data__projects__{id}__news.json", ids=[p],
               params={"page": "1", "page_size": "50", "only_preview": "false"})
    # Assets and shots lists (Kitsu asks for the compact stream first).
    assets = kitsu.call("GET", "/data/assets/with-tasks", params={"project_id": p, "stream": "true",
                                                                   "compact": "true"})
    _check_stream(assets, ids["asset"])
    kitsu.call("GET", "/data/assets/with-tasks", "GET__data__assets__with-tasks.json", params={"project_id": p})
    kitsu.call("GET", "/data/projects/{id}/assets/shared-used", "GET__data__projects__{id}__assets__shared-used.json",
               ids=[p], allowed=("empty: *",))
    shots = kitsu.call("GET", "/data/shots/with-tasks", params={"project_id": p, "stream": "true",
                                                                 "compact": "true"})
    _check_stream(shots, ids["shot"])
    kitsu.call("GET", "/data/shots/with-tasks", "GET__data__shots__with-tasks.json", params={"project_id": p})
    kitsu.call("GET", "/data/sequences/with-tasks", "GET__data__sequences__with-tasks.json",
               params={"project_id": p}, allowed=("empty: *",))
    kitsu.call("GET", "/data/edits/with-tasks", "GET__data__edits__with-tasks.json", params={"project_id": p})
    # An asset's page, a shot's casting.
    kitsu.call("GET", "/data/entities/{id}/entities-linked/with-tasks",
               "GET__data__entities__{id}__entities-linked__with-tasks.json", ids=[ids["asset"]],
               allowed=("empty: *",))
    kitsu.call("GET", "/data/assets/{id}/cast-in", "GET__data__assets__{id}__cast-in.json", ids=[ids["asset"]])
    kitsu.call("GET", "/data/entities/{id}/news", "GET__data__entities__{id}__news.json", ids=[ids["shot"]])
    kitsu.call("GET", "/data/projects/{id}/entities/{id}/casting",
               "GET__data__projects__{id}__entities__{id}__casting.json", ids=[p, ids["shot"]])
    # The task panel: its comments, then a new one.
    kitsu.call("GET", "/data/tasks/{id}/comments", "GET__data__tasks__{id}__comments.json", ids=[ids["shots_task"]])
    kitsu.call("POST", "/actions/tasks/{id}/comment", "POST__actions__tasks__{id}__comment.json",
               ids=[ids["shots_task"]], status=201,
               json={"task_status_id": ids["wip"], "comment": "Timing fixed",
                     "checklist": [{"text": "Timing", "checked": True}]})
    # Team and schedule.
    kitsu.call("GET", "/data/projects/{id}/team", "GET__data__projects__{id}__team.json", ids=[p])
    kitsu.call("GET", "/data/projects/{id}/milestones", "GET__data__projects__{id}__milestones.json", ids=[p])
    kitsu.call("GET", "/data/projects/{id}/schedule-items/task-types",
               "GET__data__projects__{id}__schedule-items__task-types.json", ids=[p], allowed=("empty: *",))
    kitsu.call("GET", "/data/production-schedule-versions", "GET__data__production-schedule-versions.json",
               params={"project_id": p})
    # Expanding a task type on the schedule: one item per asset type / sequence / episode; a version's links.
    planned = kitsu.call("GET", "/data/projects/{id}/schedule-items/{id}/asset-types", ids=[p, ids["modeling"]]).json
    assert [(item["name"], item["task_type_id"]) for item in planned] == [("Prop", ids["modeling"])]
    planned = kitsu.call("GET", "/data/projects/{id}/schedule-items/{id}/sequences", ids=[p, ids["animation"]]).json
    assert [(item["name"], item["object_id"]) for item in planned] == [("SQ01", ids["sequence"])]
    assert kitsu.call("GET", "/data/projects/{id}/schedule-items/{id}/episodes", ids=[p, ids["animation"]]).json == []
    links = kitsu.call("GET", "/data/production-schedule-versions/{id}/task-links", ids=[ids["schedule_version"]],
                       params={"relations": "true", "task_type_id": ids["animation"]})
    assert links.json == []
    # Playlists.
    kitsu.call("GET", "/data/projects/{id}/playlists", "GET__data__projects__{id}__playlists.page.json", ids=[p],
               params={"page": "1", "sort_by": "updated_at"}, allowed=("extra: [0].first_preview_file_id",))
    kitsu.call("GET", "/data/playlists/entities/{id}/preview-files", ids=[ids["shot"]])

    # Logging out ends the session: the cookies are gone, and replaying them is refused.
    stale = "; ".join(f"{c.name}={c.value}" for c in kitsu.client.jar if c.path == "/")
    kitsu.call("GET", "/auth/logout", "GET__auth__logout.json")
    assert [c.name for c in kitsu.client.jar] == []
    kitsu.call("GET", "/auth/authenticated", "GET__auth__authenticated.401-after-logout.json", status=401,
               allowed=("missing: msg", "extra: error", "extra: message"))
    kitsu.call("GET", "/data/projects/all", status=401)
    replayed = kitsu.client.get("/api/data/projects/all", headers={"Cookie": stale})
    assert replayed.status == 401 and replayed.json["message"] == "Token has been revoked"
    kitsu.finish()


def _check_stream(answer: Response | None, entity_id: str) -> None:
    assert answer.headers["Content-Type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in answer.content.decode().splitlines() if line.strip()]
    header, rows = lines[0], lines[1:]
    assert header["compact"] is True and "task_fields" in header
    fields = next(value for key, value in header.items() if key.endswith("_fields") and key != "task_fields")
    assert entity_id in [row[fields.index("id")] for row in rows]


def test_the_session_outlives_its_access_cookie(deployed):
    app, server, proxy, admin_id = deployed
    kitsu = _browser(proxy)
    _log_in(kitsu)
    kitsu.call("GET", "/data/projects/all")
    # The access cookie's token runs out while the browser still holds it.
    expired, _ = tokens.issue(app.secret_key, admin_id, "access", timedelta(seconds=-5), identity_type="person")
    access = next(c for c in kitsu.client.jar if c.name == "access_token_cookie")
    access.value = expired
    refused = kitsu.call("GET", "/data/projects/all", status=401)
    assert refused.json["message"] == "Signature has expired"
    # What the browser does then: the refresh cookie (sent to that one route only) gets a new access cookie.
    refreshed = kitsu.call("GET", "/auth/refresh-token", "GET__auth__refresh-token.json")
    new_access = refreshed.cookie("access_token_cookie")
    assert new_access.value == refreshed.json["access_token"] and new_access["path"] == "/"
    assert refreshed.raw_cookie("refresh_token_cookie") is None
    kitsu.call("GET", "/data/projects/all", "GET__data__projects__all.json", allowed=("empty: *",))
    kitsu.call("GET", "/auth/authenticated", "GET__auth__authenticated.json")
    for request in proxy.forwarded:
        sent = request.headers.get("Cookie", "")
        assert ("refresh_token_cookie=" in sent) == (request.path == "/api/auth/refresh-token"), request.path
    kitsu.finish()
