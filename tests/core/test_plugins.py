"""Plugin loading: enable/disable, broken plugins, misspelled hooks, requirements."""

import pytest

from clapboard import hookimpl
from clapboard.errors import PluginError
from clapboard.openapi import build_openapi
from clapboard.testing import make_client

from .sample_plugin import SamplePlugin

GOOD_PLUGIN = """
from clapboard import Route, hookimpl

class Hello:
    def on_get(self, req, resp):
        '''Say hello'''
        resp.media = {"hello": "world"}

@hookimpl
def register_routes():
    return [Route("/plugins/hello/greeting", Hello(), public=True)]
"""


def _paths(app):
    return {route.path for route in app.routes}


def test_third_party_plugin_loads_through_entry_points(make_app, third_party):
    third_party("hello", GOOD_PLUGIN)
    app = make_app(plugins=["hello"])
    info = app.plugins.infos["hello"]
    assert (info.source, info.status, info.version) == ("third-party", "enabled", "1.2.3")
    assert "register_routes" in info.hooks
    result = make_client(app, role=None).simulate_get("/api/plugins/hello/greeting")
    assert result.json == {"hello": "world"}


def test_disabled_plugin_leaves_no_route_openapi_entry_or_table(make_app, third_party):
    third_party("hello", GOOD_PLUGIN)
    enabled = make_app(plugins=["hello"], extra=[SamplePlugin()])
    assert "/plugins/hello/greeting" in _paths(enabled)
    assert "/plugins/sample/notes" in build_openapi(enabled)["paths"]
    with enabled.db.connection_context():
        assert "plugin_sample_note" in enabled.db.get_tables()

    disabled = make_app(config={"plugins": {"disabled": ["hello", "sample"]}}, extra=[SamplePlugin()])
    assert disabled.plugins.infos["hello"].status == "disabled"
    assert disabled.plugins.infos["sample"].status == "disabled"
    assert "/plugins/hello/greeting" not in _paths(disabled)
    doc = build_openapi(disabled)
    assert not any(p.startswith(("/plugins/hello", "/plugins/sample")) for p in doc["paths"])
    assert make_client(disabled).simulate_get("/plugins/hello/greeting").status_code == 404


def test_disabled_plugin_creates_no_table(make_app):
    app = make_app(config={"plugins": {"disabled": ["sample"]}}, extra=[SamplePlugin()])
    with app.db.connection_context():
        assert "plugin_sample_note" not in app.db.get_tables()


def test_enabled_list_restricts_to_named_plugins(make_app, third_party):
    third_party("hello", GOOD_PLUGIN)
    app = make_app(plugins=["sample"], extra=[SamplePlugin()])
    assert app.plugins.infos["hello"].status == "disabled"
    assert "/plugins/sample/notes" in _paths(app)


def test_environment_disables_plugins(make_app, third_party, monkeypatch):
    from clapboard.config import load_config

    config = load_config(env={"CLAPBOARD_DISABLED_PLUGINS": "hello, sample"})
    assert config.disabled_plugins == ["hello", "sample"]
    assert not config.plugin_enabled("hello") and config.plugin_enabled("data")


def test_broken_third_party_plugin_is_reported_not_fatal(make_app, third_party):
    third_party("broken", "raise ImportError('missing dependency frobnicate')\n")
    third_party("hello", GOOD_PLUGIN)
    app = make_app(plugins=["broken", "hello"])
    info = app.plugins.infos["broken"]
    assert info.status == "broken"
    assert "frobnicate" in info.error
    assert make_client(app, role=None).simulate_get("/plugins/hello/greeting").status_code == 200
    status = make_client(app, role=None).simulate_get("/status").json
    assert status["broken-plugins"] == ["broken"] and "broken" not in status["plugins"]


def test_misspelled_hook_fails_loudly(make_app):
    class Typo:
        __clapboard_name__ = "typo"

        @hookimpl
        def register_route(self):  # missing "s"
            return []

    with pytest.raises(PluginError, match="typo.*register_route"):
        make_app(plugins=[], extra=[Typo()])


def test_wrong_hook_argument_fails_loudly(make_app):
    class BadArgs:
        __clapboard_name__ = "badargs"

        @hookimpl
        def startup(self, application):
            pass

    with pytest.raises(PluginError, match="badargs"):
        make_app(plugins=[], extra=[BadArgs()])


def test_plugin_requirement_must_be_enabled(make_app, third_party):
    third_party("needy", "requires = ('nothere',)\n")
    with pytest.raises(PluginError, match="plugin 'needy' requires plugin 'nothere', which is not installed"):
        make_app(plugins=["needy"])


def test_two_plugins_cannot_claim_the_same_route(make_app):
    from clapboard import Route

    from .sample_plugin import NotesResource

    class Clash:
        __clapboard_name__ = "clash"

        @hookimpl
        def register_routes(self):
            return [Route("/plugins/sample/notes", NotesResource())]

    with pytest.raises(PluginError, match="/plugins/sample/notes"):
        make_app(plugins=[], extra=[SamplePlugin(), Clash()])


def test_plugin_config_is_validated_typed_and_defaulted(make_app, monkeypatch):
    app = make_app(plugins=[], extra=[SamplePlugin()], config={"plugins": {"sample": {"limit": 9}}})
    assert app.config.plugin("sample") == {"limit": 9, "greeting": "hello"}


def test_plugin_config_error_names_the_table(make_app):
    from clapboard.errors import ConfigError

    with pytest.raises(ConfigError, match=r"\[plugins.sample\] limit"):
        make_app(plugins=[], extra=[SamplePlugin()], config={"plugins": {"sample": {"limit": "many"}}})


def test_routes_may_name_the_same_path_level_differently(make_app):
    from clapboard import Route

    class Item:
        def on_get(self, req, resp, instance_id):
            resp.media = {"item": instance_id}

    class Team:
        def on_get(self, req, resp, project_id):
            resp.media = {"team_of": project_id}

    class Named:
        __clapboard_name__ = "named"

        @hookimpl
        def register_routes(self):
            return [Route("/plugins/named/{instance_id}", Item(), public=True),
                    Route("/plugins/named/{project_id}/team", Team(), public=True)]

    app = make_app(plugins=[], extra=[Named()])
    client = make_client(app, role=None)
    assert client.simulate_get("/plugins/named/p1").json == {"item": "p1"}
    assert client.simulate_get("/api/plugins/named/p2/team").json == {"team_of": "p2"}
    from clapboard.openapi import build_openapi

    assert "/plugins/named/{project_id}/team" in build_openapi(app)["paths"]


def test_close_stops_plugins_before_the_database_and_only_once(make_app):
    from clapboard import hookimpl

    seen = []

    class Background:
        __clapboard_name__ = "background"

        @hookimpl
        def shutdown(self, app):
            seen.append(app.db.is_closed())  # still open: the plugin may finish its work

    app = make_app(plugins=[], extra=[Background()])
    with app.db.connection_context():
        pass
    app.db.connect()
    app.close()
    app.close()
    assert seen == [False] and app.db.is_closed()
