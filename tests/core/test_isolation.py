"""A plugin's failure is its own: named in the log, a bare 500 with the request id, nothing half-written.

``FaultyPlugin`` raises, on demand, from every request-time hook a plugin can
implement (the core's and the ``data`` plugin's), from its own route and from
its own middleware; and from every build-time hook, which must stop the start
with a message naming the plugin and the hook.
"""

import io
import json
import logging
import urllib.error
import urllib.request
from functools import partial

import peewee
import pytest

import clapboard
from clapboard import Migration, Route, create_models, hookimpl, operation
from clapboard.errors import PluginError
from clapboard.logs import JsonFormatter
from clapboard.testing import make_client

SECRET = "secret detail /etc/shadow"


class Boom(Exception):
    """Not a ``clapboard.errors`` error: nothing a client may be told about."""


class Scrap(clapboard.Model):
    label = peewee.CharField(max_length=40)

    class Meta:
        table_name = "plugin_faulty_scrap"


class ScrapsResource:
    def __init__(self, plugin):
        self.plugin = plugin

    @operation(summary="List scraps", action="faulty.scraps.read")
    def on_get(self, req, resp):
        resp.media = [s.label for s in Scrap.select().order_by(Scrap.id)]

    @operation(summary="Add a scrap, then maybe fail", action="faulty.scraps.create", status=201)
    def on_post(self, req, resp):
        Scrap.create(label="half-written")
        clapboard.emit("faulty:scrap", {})
        self.plugin.maybe_fail("route")
        resp.status = 201
        resp.media = {"ok": True}


class FaultyMiddleware:
    def __init__(self, plugin):
        self.plugin = plugin

    def process_request(self, req, resp):
        self.plugin.maybe_fail("middleware")

    def process_response(self, req, resp, resource, req_succeeded):
        self.plugin.maybe_fail("middleware_response")


class FaultyPlugin:
    __clapboard_name__ = "faulty"

    def __init__(self, fail=()):
        self.fail = set(fail)

    def maybe_fail(self, where):
        if where in self.fail:
            raise Boom(f"{where} broke: {SECRET}")

    @hookimpl
    def register_config_schema(self):
        self.maybe_fail("register_config_schema")

    @hookimpl
    def register_schemas(self):
        self.maybe_fail("register_schemas")

    @hookimpl
    def register_models(self):
        self.maybe_fail("register_models")
        return [Scrap]

    @hookimpl
    def register_migrations(self):
        self.maybe_fail("register_migrations")
        return [Migration(1, "scraps", create_models(Scrap))]

    @hookimpl
    def register_routes(self, app):
        self.maybe_fail("register_routes")
        return [Route("/plugins/faulty/scraps", ScrapsResource(self))]

    @hookimpl
    def register_middleware(self):
        self.maybe_fail("register_middleware")
        return [FaultyMiddleware(self)]

    @hookimpl
    def register_permissions(self):
        self.maybe_fail("register_permissions")

    @hookimpl
    def register_events(self):
        self.maybe_fail("register_events")

    @hookimpl
    def startup(self, app):
        self.maybe_fail("startup")

    @hookimpl
    def authenticate(self, app, req):
        self.maybe_fail("authenticate")

    @hookimpl
    def permission_allowed(self, app, actor, action, resource):
        self.maybe_fail("permission_allowed")

    @hookimpl
    def query_filters(self, app, actor, model, action):
        self.maybe_fail("query_filters")

    @hookimpl
    def on_event(self, app, event):
        self.maybe_fail("on_event")

    @hookimpl(optionalhook=True)
    def data_after_write(self, app, actor, model, verb, row, changes):
        self.maybe_fail("data_after_write")

    @hookimpl(optionalhook=True)
    def data_validate_values(self, app, actor, model, project_id, writes):
        self.maybe_fail("data_validate_values")


@pytest.fixture
def clapboard_log():
    """Records of the ``clapboard`` logger (it does not propagate to the root logger pytest watches)."""

    records = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = records.append
    logger = logging.getLogger("clapboard")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def _assert_bare_500(result, records, plugin="faulty"):
    assert result.status_code == 500
    request_id = result.headers["X-Request-ID"]
    assert result.json == {"error": True, "message": "Internal server error.", "request_id": request_id}
    assert "secret" not in result.text and "Traceback" not in result.text and "Boom" not in result.text
    failures = [r for r in records if getattr(r, "plugin", None) is not None]
    assert len(failures) == 1, [r.getMessage() for r in records]
    record = failures[0]
    assert record.plugin == plugin and record.request_id == request_id
    assert f"plugin {plugin!r}" in record.getMessage()
    return record


def _projects(app):
    with app.db.connection_context():
        return [name for (name,) in app.db.execute_sql("SELECT name FROM project").fetchall()]


# (failing hook, method, path, body): each call reaches the hook.
REQUEST_TIME = [
    ("authenticate", "GET", "/data/projects", None),
    ("permission_allowed", "GET", "/data/projects", None),
    ("query_filters", "GET", "/data/projects", None),
    ("middleware", "GET", "/status", None),
    ("middleware_response", "GET", "/status", None),
    ("data_after_write", "POST", "/data/projects", {"name": "Half"}),
    ("data_validate_values", "POST", "/data/projects", {"name": "Half", "data": {"look": "noir"}}),
]


@pytest.mark.parametrize("hook,method,path,body", REQUEST_TIME, ids=[case[0] for case in REQUEST_TIME])
def test_a_request_time_hook_that_raises_gives_a_bare_500_named_in_the_log(make_app, clapboard_log,
                                                                           hook, method, path, body):
    app = make_app(plugins=["data"], extra=[FaultyPlugin(fail={hook})])
    result = make_client(app).simulate_request(method, path, json=body)
    record = _assert_bare_500(result, clapboard_log)
    assert isinstance(record.exc_info[1], Boom)
    if method == "POST":
        assert _projects(app) == []  # rolled back with the request


def test_the_plugins_own_route_is_rolled_back_and_its_events_dropped(make_app, clapboard_log):
    plugin = FaultyPlugin(fail={"route"})
    app = make_app(plugins=[], extra=[plugin])
    client = make_client(app)
    _assert_bare_500(client.simulate_post("/plugins/faulty/scraps"), clapboard_log)
    plugin.fail = {"on_event"}  # would fail if the dropped event had been delivered
    assert client.simulate_get("/plugins/faulty/scraps").json == []
    assert not [r for r in clapboard_log if "on_event" in r.getMessage()]


def test_a_failing_event_listener_is_logged_with_its_plugin_and_the_write_kept(make_app, clapboard_log):
    app = make_app(plugins=[], extra=[FaultyPlugin(fail={"on_event"})])
    client = make_client(app)
    assert client.simulate_post("/plugins/faulty/scraps").status_code == 201
    assert client.simulate_get("/plugins/faulty/scraps").json == ["half-written"]
    [record] = clapboard_log
    assert "on_event of plugin faulty failed for faulty:scrap" in record.getMessage()
    assert record.plugin == "faulty" and isinstance(record.exc_info[1], Boom)


def test_a_first_party_plugins_failure_is_blamed_on_it_not_on_the_plugin_that_called_it(
        make_app, clapboard_log, monkeypatch):
    """``metadata``'s ``data_validate_values`` runs inside ``data``'s code: the innermost frame decides."""

    from clapboard.plugins.metadata import checks

    monkeypatch.setattr(checks, "validate_values", partial(int, "not a number"))
    app = make_app(plugins=["data", "metadata"])
    result = make_client(app).simulate_post("/data/projects", json={"name": "Meta", "data": {"look": "noir"}})
    _assert_bare_500(result, clapboard_log, plugin="metadata")
    assert _projects(app) == []


def test_the_owners_map_knows_module_and_object_plugins(make_app):
    from clapboard.isolation import Owners

    app = make_app(plugins=["data"], extra=[FaultyPlugin()])
    owners = Owners(app.plugins.pm)
    assert owners.of_module("clapboard.plugins.data.crud.service") == "data"
    assert owners.of_module("clapboard.plugins.dataset") is None
    assert owners.of_module(__name__) == "faulty"
    assert owners.of_module("clapboard.app") is None


@pytest.mark.parametrize("hook", [
    "register_config_schema", "register_schemas", "register_models", "register_migrations", "register_routes",
    "register_middleware", "register_permissions", "register_events", "startup",
])
def test_a_build_time_hook_that_raises_stops_the_start_naming_plugin_and_hook(make_app, hook):
    with pytest.raises(PluginError) as info:
        make_app(plugins=[], extra=[FaultyPlugin(fail={hook})])
    assert str(info.value).startswith(f"plugin 'faulty' failed in its {hook} hook: Boom: {hook} broke")
    assert isinstance(info.value.__cause__, Boom)


GRUMPY = """
from clapboard import hookimpl

@hookimpl
def register_commands(cli):
    raise RuntimeError("grumpy cannot add its commands")
"""

SLOPPY = """
from clapboard import hookimpl

@hookimpl
def init_data(app):
    raise KeyError("default-row")
"""


@pytest.mark.parametrize("source,args,hook,error", [
    (GRUMPY, ["--help"], "register_commands", "RuntimeError: grumpy cannot add its commands"),
    (SLOPPY, ["init-db"], "init_data", "KeyError: 'default-row'"),
], ids=["register_commands", "init_data"])
def test_the_command_line_names_a_plugin_whose_hook_raises(third_party, tmp_path, monkeypatch,
                                                           source, args, hook, error):
    from click.testing import CliRunner

    from clapboard.cli import make_cli
    from clapboard.testing import test_database_url

    third_party("culprit", source)
    monkeypatch.setenv("CLAPBOARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CLAPBOARD_DATABASE_URL", test_database_url(tmp_path))
    monkeypatch.setenv("CLAPBOARD_ENABLED_PLUGINS", "culprit")
    result = CliRunner().invoke(make_cli(), args, catch_exceptions=False)
    assert result.exit_code == 1
    assert f"Error: plugin 'culprit' failed in its {hook} hook: {error}" in result.output


@pytest.fixture
def app(make_app):
    """The app ``live_server`` serves: the data plugin and a plugin whose listing route fails."""

    return make_app(plugins=["data"], extra=[FaultyPlugin(fail={"query_filters"})])


def test_over_real_http_the_500_carries_the_request_id_and_the_json_log_the_plugin(live_server):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("clapboard")
    logger.addHandler(handler)
    request = urllib.request.Request(live_server.url + "/api/data/projects",
                                     headers={"X-Clapboard-Test-Actor": "admin", "X-Request-ID": "isolation-0001"})
    try:
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(request, timeout=15)
    finally:
        logger.removeHandler(handler)
    answer = info.value
    body = answer.read()
    assert answer.code == 500 and answer.headers["X-Request-ID"] == "isolation-0001"
    assert json.loads(body) == {"error": True, "message": "Internal server error.", "request_id": "isolation-0001"}
    assert b"secret" not in body and b"Traceback" not in body
    entries = [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]
    [failure] = [e for e in entries if e["level"] == "ERROR"]
    assert failure["plugin"] == "faulty" and failure["request_id"] == "isolation-0001"
    assert "plugin 'faulty'" in failure["message"] and "Boom" in failure["exception"]
