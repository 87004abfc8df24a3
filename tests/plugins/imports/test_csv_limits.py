"""Limits and malformed requests: a clear 4xx in Zou's error shape, nothing written."""

from __future__ import annotations

from clapboard.testing import make_client

from .csv_support import counts, multipart, post_csv, production, shots_path


def _app(make_app, **limits):
    app = make_app(config={"plugins": {"imports": limits}})
    return app, make_client(app)


def test_a_file_over_the_size_limit_is_a_413(make_app):
    app, client = _app(make_app, max_upload_mb=1)
    project = production(client, app)
    before = counts(app)
    big = "Sequence,Name,Description\n" + "".join(f"SQ01,SH{n:06d},{'x' * 200}\n" for n in range(6000))
    answer = post_csv(client, shots_path(project), big)
    assert answer.status_code == 413 and answer.json["error"] is True and "1 MB" in answer.json["message"]
    assert counts(app) == before


def test_rows_and_columns_limits_name_the_line(make_app):
    app, client = _app(make_app, max_rows=3, max_columns=4)
    project = production(client, app)
    before = counts(app)
    rows = post_csv(client, shots_path(project), "Sequence,Name\n" + "".join(f"SQ01,SH{n}\n" for n in range(4)))
    assert rows.status_code == 400 and rows.json["line_number"] == 5 and "more than 3" in rows.json["message"]
    columns = post_csv(client, shots_path(project), "Sequence,Name,A,B,C\nSQ01,SH1,,,\n")
    assert columns.status_code == 400 and columns.json["line_number"] == 1
    assert post_csv(client, shots_path(project), "Sequence,Name\n" + "SQ01,SH1\n" * 3).status_code == 201
    assert counts(app)["entity"] == before["entity"] + 2  # one sequence, one shot named three times


def test_requests_without_a_csv_file(app, client):
    project = production(client, app)
    path = shots_path(project)
    as_json = client.simulate_post(path, json={"file": "Sequence,Name\nSQ01,SH010\n"})
    assert as_json.status_code == 400 and "multipart/form-data" in as_json.json["message"]
    body, headers = multipart(b"Sequence,Name\nSQ01,SH010\n", name="upload")
    other_part = client.simulate_post(path, body=body, headers=headers)
    assert other_part.status_code == 400 and "'file'" in other_part.json["message"]
    for data, words in ((b"", "empty"), (b"\xff\xfeS\x00e\x00q\x00", "UTF-8"),
                        (b"Sequence,Name\nSQ01,\"SH010\n", "not valid CSV"), (b"Sequence,Name\nSQ,SH,x\n", "cells")):
        answer = post_csv(client, path, data)
        assert answer.status_code == 400 and words in answer.json["message"], answer.text
        assert answer.json["imported_rows"] == 0
    assert client.simulate_get(f"/data/projects/{project['id']}/shots").json == []


def test_the_routes_are_documented(app, client):
    document = client.simulate_get("/openapi.json").json
    for kind in ("assets", "shots", "edits"):
        post = document["paths"][f"/import/csv/projects/{{project_id}}/{kind}"]["post"]
        assert "multipart/form-data" in post["requestBody"]["content"]
        assert any(p["name"] == "update" for p in post["parameters"] if p.get("in") == "query")
    assert "post" in document["paths"]["/import/csv/persons"]
