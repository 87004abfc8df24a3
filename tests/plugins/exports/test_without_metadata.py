"""Without the ``metadata`` plugin the exports carry no descriptor column, and the rest is unchanged.

``data`` keys stay free-form then: they are not columns (nothing names them),
the frame range is still read from ``data`` as Zou does.
"""

from __future__ import annotations

from clapboard.testing import make_client

from .conftest import rows


def test_no_descriptor_columns_without_the_plugin(make_app):
    app = make_app(plugins=["data", "exports"])
    assert "metadata" not in [info.name for info in app.plugins.enabled()]
    client = make_client(app)
    project = client.simulate_post("/data/projects", json={"name": "Plain"}).json["id"]
    assert client.simulate_post(f"/data/projects/{project}/metadata-descriptors",
                                json={"entity_type": "Shot", "name": "Camera"}).status_code in (404, 405)
    sequence = client.simulate_post(f"/data/projects/{project}/sequences", json={"name": "SQ01"}).json["id"]
    answer = client.simulate_post(f"/data/projects/{project}/shots", json={
        "name": "SH010", "sequence_id": sequence, "nb_frames": 24, "frame_in": 1, "frame_out": 24,
        "data": {"camera": "A", "fps": 24}})
    assert answer.status_code == 201, answer.text
    lines = rows(client.simulate_get(f"/export/csv/projects/{project}/shots.csv"))
    assert lines == ["Project;Episode;Sequence;Name;Description;Time Spent;Frames;Frame In;Frame Out;FPS",
                     "Plain;;SQ01;SH010;;0.00;24;1;24;24", ""]
    assets = rows(client.simulate_get(f"/export/csv/projects/{project}/assets.csv"))
    assert assets == ["Project;Type;Name;Description;Time Spent", ""]


def test_descriptor_columns_with_the_plugin(make_app):
    app = make_app(plugins=["data", "metadata", "exports"])
    client = make_client(app)
    project = client.simulate_post("/data/projects", json={"name": "Typed"}).json["id"]
    base = f"/data/projects/{project}/metadata-descriptors"
    created = {}
    for name in ("Alpha", "Zeta"):
        answer = client.simulate_post(base, json={"entity_type": "Shot", "name": name})
        assert answer.status_code == 201, answer.text
        created[name] = answer.json["id"]
    assert client.simulate_post(f"{base}/reorder", json={
        "entity_type": "Shot", "descriptor_ids": [created["Zeta"], created["Alpha"]]}).status_code == 200
    client.simulate_post(f"/data/projects/{project}/metadata-descriptors",
                         json={"entity_type": "Asset", "name": "Asset only"})
    lines = rows(client.simulate_get(f"/export/csv/projects/{project}/shots.csv"))
    assert lines[0].endswith(";FPS;Zeta;Alpha")  # by position, then name; the asset descriptor is not a shot column
