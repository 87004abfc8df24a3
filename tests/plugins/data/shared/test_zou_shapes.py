"""Our guest-review answers have the shape Zou 1.0.97 gave on loopback (``zou_answers.json``).

Allowed differences, each with its reason, are listed; anything else fails.
"""

from __future__ import annotations

import json
from fnmatch import fnmatch
from pathlib import Path

import pytest
from falcon.testing import TestClient

from ....contract.shapes import compare
from ..production.tasks.world import close
from .world import guest, share, shared_world

RECORDED = json.loads((Path(__file__).parent / "zou_answers.json").read_text())
ALLOWED = {
    # Zou serializes the whole person row (its credentials too, as nulls); a guest gets its card.
    "guest": ["missing: *"],
    # Superset: the newer Zou's context also lists the playlist's entities.
    "context": ["extra: entities"],
    # The studio's playlist answer carries each entity's previews by task type (Zou's was empty there).
    "playlist": [],
    # Ours embed the comment's previews, mentions and acknowledgements in lists too.
    "comments": ["extra: *.previews", "extra: *.mentions", "extra: *.department_mentions",
                 "extra: *.acknowledgements"],
    "comment_new": [],
    # Every comment answer carries its author's card and status (Zou's edit answer has neither).
    "comment_edit": ["extra: person", "extra: task_status"],
    "annotations": [],
    "preview": [],
    "invite": [],
}


@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    w = shared_world(tmp_path_factory, "zou-shapes")
    anon = TestClient(w.app)
    link = share(w, "A")
    base = f"/shared/playlists/{link['token']}"
    me = guest(w, link["token"], "Shape")
    found = {
        "playlist": anon.simulate_get(base),
        "context": anon.simulate_get(base + "/context"),
        "guest": anon.simulate_post(base + "/guest", json={"first_name": "Newcomer"}),
        "comment_new": anon.simulate_post(base + "/comments", json={
            "guest_id": me, "task_id": w.ids["T"], "task_status_id": w.types["wfa"], "text": "hi"}),
    }
    comment_id = found["comment_new"].json["id"]
    found["comments"] = anon.simulate_get(base + "/comments")
    found["comment_edit"] = anon.simulate_put(f"{base}/comments/{comment_id}", json={"guest_id": me, "text": "hey"})
    found["annotations"] = anon.simulate_put(base + "/annotations", json={
        "guest_id": me, "preview_file_id": w.ids["inside"],
        "additions": [{"time": 0, "drawing": {"objects": [{"id": "a"}]}}]})
    found["preview"] = anon.simulate_get(f"{base}/preview-files/{w.ids['inside']}")
    found["invite"] = w.admin.simulate_post(f"/data/playlists/{w.ids['A']}/share/{link['token']}/invite",
                                            json={})
    yield found
    close(w)


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_the_shape_of_zous_answer(answers, name):
    recorded, ours = RECORDED[name], answers[name]
    diffs = compare(recorded["status"], recorded["body"], ours.status_code, ours.json if ours.content else None)
    left = [d for d in diffs if not any(fnmatch(d, pattern) for pattern in ALLOWED[name])]
    assert left == [], left
