"""Real HTTP through waitress: the core routes, errors and a plugin write."""

import json

import pytest

from clapboard import __version__
from clapboard.testing import TEST_ACTOR_HEADER, LiveServer

from ..core.sample_plugin import SamplePlugin
from .conftest import Http


@pytest.mark.parametrize("prefix", ["", "/api"])
def test_core_routes_over_http(http, prefix):
    assert http.json("GET", prefix + "/") == (200, {"api": "Clapboard", "version": __version__})
    status, body = http.json("GET", prefix + "/status")
    assert status == 200 and body["database-up"] is True
    status, document = http.json("GET", prefix + "/openapi.json")
    assert status == 200 and document["openapi"] == "3.1.0"
    status, headers, page = http.request("GET", prefix + "/apidocs")
    assert status == 200 and headers["Content-Type"].startswith("text/html") and b"swagger-ui" in page
    status, headers, content = http.request("HEAD", prefix + "/")
    assert status == 200 and content == b""


def test_errors_over_http(http):
    status, body = http.json("GET", "/nowhere")
    assert status == 404 and body["error"] is True
    status, body = http.json("PUT", "/status", body={})
    assert status == 405 and body["error"] is True


@pytest.fixture
def sample_server(make_app):
    server = LiveServer(make_app(extra=[SamplePlugin()], config={"max_body_size": 4096})).start()
    yield Http(server.url)
    server.stop()


def test_plugin_write_and_read_over_http(sample_server):
    admin = {TEST_ACTOR_HEADER: "admin"}
    status, body = sample_server.json("POST", "/api/plugins/sample/notes", body={"text": "over http"}, headers=admin)
    assert (status, body) == (201, {"text": "over http"})
    assert sample_server.json("GET", "/plugins/sample/notes", headers=admin) == (200, ["over http"])
    status, body = sample_server.json("GET", "/plugins/sample/notes")
    assert status == 401


def test_oversized_body_is_json_413_over_http(sample_server):
    raw = json.dumps({"text": "x" * 10000}).encode()
    status, headers, content = sample_server.request(
        "POST", "/plugins/sample/notes", raw=raw,
        headers={TEST_ACTOR_HEADER: "admin", "Content-Type": "application/json"})
    assert status == 413
    assert json.loads(content)["error"] is True
