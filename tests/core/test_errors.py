"""Every error status is JSON in Zou's shape, and never leaks internals."""

import json

import pytest

from clapboard.testing import make_client

from .sample_plugin import Note, SamplePlugin


@pytest.fixture
def sample_app(make_app):
    return make_app(plugins=[], extra=[SamplePlugin()])


@pytest.fixture
def sample_client(sample_app):
    return make_client(sample_app)


@pytest.mark.parametrize("path", ["/no-such-route", "/api/no-such-route", "/data/no-such-model"])
def test_unknown_route_is_json_404(sample_client, path):
    result = sample_client.simulate_get(path)
    assert result.status_code == 404
    assert result.json["error"] is True
    assert path in result.json["message"]


def test_wrong_method_is_json_405(sample_client):
    result = sample_client.simulate_delete("/plugins/sample/notes")
    assert result.status_code == 405
    assert result.json == {"error": True, "message": "Method DELETE is not allowed on /plugins/sample/notes."}
    assert "GET" in result.headers["allow"] and "POST" in result.headers["allow"]


def test_malformed_json_is_400(sample_client):
    result = sample_client.simulate_post(
        "/plugins/sample/notes", body="{not json", headers={"Content-Type": "application/json"})
    assert result.status_code == 400
    assert result.json["error"] is True
    assert "JSON" in result.json["message"]


def test_validation_reports_every_error_with_its_path(sample_client):
    result = sample_client.simulate_post("/plugins/sample/notes", json={"text": 5, "then": "nope", "extra": 1})
    assert result.status_code == 400
    body = result.json
    assert body["error"] is True
    paths = sorted(e["path"] for e in body["errors"])
    assert paths == ["extra", "text", "then"]
    by_path = {e["path"]: e["message"] for e in body["errors"]}
    assert by_path["extra"] == "unknown field"
    assert "integer" not in by_path["text"] and "string" in by_path["text"]


def test_missing_required_field_names_it(sample_client):
    result = sample_client.simulate_post("/plugins/sample/notes", json={})
    assert result.status_code == 400
    assert result.json["errors"] == [{"path": "text", "message": "required field missing",
                                      "detail": "'text' is a required property"}]


def test_empty_body_is_validated_not_crashed(sample_client):
    result = sample_client.simulate_post("/plugins/sample/notes", headers={"Content-Type": "application/json"})
    assert result.status_code == 400
    assert result.json["error"] is True


def test_body_over_the_limit_is_json_413(make_app):
    app = make_app(plugins=[], extra=[SamplePlugin()], config={"max_body_size": 2048})
    body = json.dumps({"text": "x" * 4096})
    result = make_client(app).simulate_post(
        "/plugins/sample/notes", body=body, headers={"Content-Type": "application/json"})
    assert result.status_code == 413
    assert result.json["error"] is True
    assert "2048" in result.json["message"]


def test_unexpected_exception_is_500_with_request_id_and_no_internals(sample_app, sample_client):
    result = sample_client.simulate_post("/plugins/sample/notes", json={"text": "boom", "then": "crash"})
    assert result.status_code == 500
    body = result.json
    assert body == {"error": True, "message": "Internal server error.", "request_id": body["request_id"]}
    assert body["request_id"] == result.headers["x-request-id"]
    assert "passwd" not in result.text and "Traceback" not in result.text
    with sample_app.db.connection_context():
        assert Note.select().count() == 0  # rolled back


def test_integrity_error_is_400_not_500(sample_client):
    assert sample_client.simulate_post("/plugins/sample/notes", json={"text": "same"}).status_code == 201
    result = sample_client.simulate_post("/plugins/sample/notes", json={"text": "same"})
    assert result.status_code == 400
    assert result.json["error"] is True
    assert "integrity" in result.json["message"]


def test_anonymous_request_to_protected_route_is_401(sample_app):
    result = make_client(sample_app, role=None).simulate_get("/plugins/sample/notes")
    assert result.status_code == 401
    assert result.json["error"] is True


def test_actor_without_permission_is_403(sample_app):
    result = make_client(sample_app, role="user").simulate_get("/plugins/sample/notes")
    assert result.status_code == 403
    assert result.json == {"error": True, "message": "You are not allowed to do this."}


def test_request_id_is_kept_when_given_and_sane(sample_client):
    result = sample_client.simulate_get("/status", headers={"X-Request-ID": "abc-12345678"})
    assert result.headers["x-request-id"] == "abc-12345678"
    result = sample_client.simulate_get("/status", headers={"X-Request-ID": "bad id\nwith newline"})
    assert result.headers["x-request-id"] != "bad id\nwith newline"
    assert len(result.headers["x-request-id"]) == 32
