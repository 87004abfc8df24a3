"""``GET /stats``: studio-wide counts of previews by kind and of comments, for admins only."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m
from clapboard.testing import AppFactory, make_client

from ...auth.conftest import FAST
from ...auth.scenario import build
from ..counting import queries

NOT_ADMINS = ("manager", "supervisor", "user", "client", "vendor", "outsider")


@pytest.fixture(scope="module")
def sc(tmp_path_factory):
    app = AppFactory(tmp_path_factory.mktemp("stats"), [])(config={"plugins": {"auth": dict(FAST)}}, actors=False)
    scenario = build(app)
    with app.db.connection_context():
        for position, extension in enumerate(("mp4", "png", "png", "obj", "obj", "obj", "pdf", None), start=1):
            m.PreviewFile.create(name=f"preview {position}", revision=position, extension=extension,
                                 task=scenario.ids["T"])
        for text in ("one", "two"):
            m.Comment.create(object_id=scenario.ids["T"], object_type="Task", text=text,
                             person=scenario.people["user"])
    yield scenario
    app.close()


@pytest.mark.parametrize("prefix", ["", "/api"])
def test_admin_reads_the_counts(sc, prefix):
    answer = sc.client("admin").simulate_get(prefix + "/stats")
    assert answer.status_code == 200, answer.text
    assert answer.json == {"number_of_video_previews": 1, "number_of_picture_previews": 2,
                           "number_of_model_previews": 3, "number_of_comments": 2}


@pytest.mark.parametrize("role", NOT_ADMINS)
def test_nobody_else_reads_them(sc, role):
    answer = sc.client(role).simulate_get("/stats")
    assert answer.status_code == 403 and answer.json["error"] is True


def test_a_login_is_needed(sc):
    assert make_client(sc.app, role=None).simulate_get("/stats").status_code == 401


def test_statements_do_not_grow_with_rows(sc):
    admin = sc.client("admin")
    before = queries(admin, "/stats")
    with sc.app.db.connection_context():
        for n in range(20):
            m.PreviewFile.create(name=f"more {n}", revision=100 + n, extension="png", task=sc.ids["T"])
    after = queries(admin, "/stats")
    assert admin.simulate_get("/stats").json["number_of_picture_previews"] == 22
    assert after == before
