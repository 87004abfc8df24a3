import pytest

from clapboard import __version__
from clapboard.testing import make_client


@pytest.mark.parametrize("prefix", ["", "/api"])
def test_index_answers_name_and_version(anonymous_client, prefix):
    result = anonymous_client.simulate_get(prefix + "/")
    assert result.status_code == 200
    assert result.json == {"api": "Clapboard", "version": __version__}
    assert result.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("prefix", ["", "/api"])
def test_head_index_answers_without_body(anonymous_client, prefix):
    result = anonymous_client.simulate_head(prefix + "/")
    assert result.status_code == 200
    assert result.content == b""


@pytest.mark.parametrize("path", ["/status", "/api/status", "/status/"])
def test_status_reports_database_up(anonymous_client, path):
    result = anonymous_client.simulate_get(path)
    assert result.status_code == 200
    body = result.json
    assert body["name"] == "Clapboard"
    assert body["version"] == __version__
    assert body["database-up"] is True
    assert "core" in body["plugins"]


def test_status_is_503_when_database_is_unreachable(make_app, tmp_path):
    # A PostgreSQL URL on a closed port: the app still builds, the database is down.
    app = make_app(plugins=[], init=False,
                   config={"database_url": "postgresql://nobody@127.0.0.1:9/none?connect_timeout=1"})
    result = make_client(app, role=None).simulate_get("/status")
    assert result.status_code == 503
    assert result.json["database-up"] is False
    assert result.json["name"] == "Clapboard"
