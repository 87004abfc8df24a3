"""One access-log line per request; JSON format on demand."""

import io
import json
import logging

from clapboard.logs import JsonFormatter
from clapboard.testing import make_client


def _capture(fmt=None):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    if fmt:
        handler.setFormatter(fmt)
    logger = logging.getLogger("clapboard.access")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return stream, lambda: logger.removeHandler(handler)


def test_one_line_per_request_with_id_method_path_status_duration(app):
    stream, done = _capture()
    try:
        result = make_client(app, role=None).simulate_get("/status", headers={"X-Request-ID": "req-00000001"})
    finally:
        done()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    request_id, method, path, status, duration = lines[0].split()
    assert (request_id, method, path, status) == ("req-00000001", "GET", "/status", "200")
    assert duration.endswith("ms") and result.status_code == 200


def test_json_log_format(app):
    stream, done = _capture(JsonFormatter())
    try:
        make_client(app, role=None).simulate_get("/nowhere")
    finally:
        done()
    entry = json.loads(stream.getvalue().splitlines()[0])
    assert entry["method"] == "GET" and entry["path"] == "/nowhere" and entry["status"] == 404
    assert entry["logger"] == "clapboard.access" and len(entry["request_id"]) == 32
    assert isinstance(entry["duration_ms"], float)


def test_log_format_setting_installs_json_formatter(make_app):
    make_app(config={"log_format": "json"})
    handler = next(h for h in logging.getLogger("clapboard").handlers if getattr(h, "_clapboard", False))
    assert isinstance(handler.formatter, JsonFormatter)
    make_app(config={"log_format": "text"})
    assert not isinstance(handler.formatter, JsonFormatter)
