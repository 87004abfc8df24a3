"""Avatars of persons, projects and the organisation: uploads, downloads, who may do which,
bad pictures, and the stored file following the row."""

from __future__ import annotations

import io
import uuid

import pytest
from PIL import Image

from clapboard.plugins.data import models as m

from ..data.production.tasks.world import REFUSED, build_world, close, shape_diffs
from .forms import file_form, form


@pytest.fixture(scope="module")
def w(tmp_path_factory, storage_config):
    world = build_world(tmp_path_factory, "pictures-avatars", config=storage_config)
    yield world
    close(world)


def striped(width=300, height=100, fmt="PNG") -> bytes:
    """Three vertical bands, blue | red | green."""

    image = Image.new("RGB", (width, height), (0, 0, 255))
    image.paste((255, 0, 0), (width // 3, 0, 2 * width // 3, height))
    image.paste((0, 255, 0), (2 * width // 3, 0, width, height))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def stored(w, row_id):
    return w.app.storage.stat("pictures", "thumbnails", str(row_id))


def picture(answer) -> Image.Image:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "image/png"
    return Image.open(io.BytesIO(answer.content))


def organisation_id(w) -> str:
    with w.db():
        found = m.Organisation.select(m.Organisation.id).scalar()
    if found is None:
        return w.admin.simulate_post("/data/organisations", json={"name": "Studio"}).json["id"]
    return str(found)


def test_own_avatar_is_the_picture_fitted_in_a_400px_square(w):
    me = w.person("user")
    answer = w.client("user").simulate_post(f"/pictures/thumbnails/persons/{me}", **file_form("me.png", striped()))
    assert answer.status_code == 201, answer.text
    assert answer.json == {"thumbnail_path": f"pictures/thumbnails/persons/{me}.png"}
    assert shape_diffs("POST__pictures__thumbnails__persons__{id}.json", answer) == []
    assert w.stored(m.Person, me)["has_avatar"] is True
    assert {"person_id": me} in [{k: e[k] for k in ("person_id",)} for e in w.events("person:set-thumbnail")]
    assert any(e["person_id"] == me for e in w.events("person:update"))
    for path in (f"/pictures/thumbnails/persons/{me}.png", f"/pictures/thumbnails/persons/{me}"):
        image = picture(w.client("vendor").simulate_get(path))
        assert image.size == (400, 400) and image.format == "PNG"
        # 300 × 100 fitted whole: 400 × 134, centred on transparency.
        assert [image.getpixel((x, 200))[:3] for x in (1, 200, 398)] == [(0, 0, 255), (255, 0, 0), (0, 255, 0)]
        assert image.getpixel((200, 5))[3] == 0 and image.getpixel((200, 394))[3] == 0
        assert image.getpixel((200, 140))[3] == 255


def test_jpeg_avatar_by_an_admin_and_revalidation(w):
    person = w.person("client")
    answer = w.admin.simulate_post(f"/pictures/thumbnails/persons/{person}.png",
                                   **file_form("face.jpg", striped(120, 360, "JPEG")))
    assert answer.status_code == 201, answer.text
    got = w.admin.simulate_get(f"/pictures/thumbnails/persons/{person}.png")
    assert picture(got).size == (400, 400)
    again = w.admin.simulate_get(f"/pictures/thumbnails/persons/{person}.png",
                                 headers={"If-None-Match": got.headers["etag"]})
    assert again.status_code == 304
    assert got.headers["cache-control"] == "private, no-cache"  # a new upload replaces it: always revalidated


@pytest.mark.parametrize("role", ["user", "supervisor", "manager", "client", "vendor", "outsider"])
def test_nobody_but_admins_sets_someone_elses_avatar(w, role):
    target = w.person("supervisor") if role != "supervisor" else w.person("manager")
    answer = w.client(role).simulate_post(f"/pictures/thumbnails/persons/{target}", **file_form("x.png", striped()))
    assert answer.status_code == 403, answer.text
    assert answer.json["error"] is True
    assert w.stored(m.Person, target)["has_avatar"] is False and stored(w, target) is None


def test_project_picture_by_its_managers_only(w):
    project = w.ids["P"]
    for role in ("supervisor", "user", "client", "vendor", "outsider"):
        refused = w.client(role).simulate_post(f"/pictures/thumbnails/projects/{project}",
                                               **file_form("p.png", striped()))
        assert refused.status_code in REFUSED, (role, refused.text)
    assert w.stored(m.Project, project)["has_avatar"] is False and stored(w, project) is None
    assert w.client("user").simulate_get(f"/pictures/thumbnails/projects/{project}.png").status_code == 404
    answer = w.client("manager").simulate_post(f"/pictures/thumbnails/projects/{project}",
                                               **file_form("p.png", striped()))
    assert answer.status_code == 201, answer.text
    assert answer.json == {"thumbnail_path": f"pictures/thumbnails/projects/{project}.png"}
    assert shape_diffs("POST__pictures__thumbnails__projects__{id}.json", answer) == []
    assert any(e["project_id"] == project for e in w.events("project:set-thumbnail"))
    for role in ("user", "client", "vendor", "manager"):
        assert picture(w.client(role).simulate_get(f"/pictures/thumbnails/projects/{project}.png")).size == (400, 400)
    assert w.client("outsider").simulate_get(f"/pictures/thumbnails/projects/{project}.png").status_code in REFUSED
    # Zou serves uploads of project pictures on the URL without ".png" only.
    moved = w.client("manager").simulate_post(f"/pictures/thumbnails/projects/{project}.png",
                                              **file_form("p.png", striped()))
    assert moved.status_code == 405 and "without extension" in moved.json["message"]


def test_organisation_picture_by_admins(w):
    organisation = organisation_id(w)
    for role in ("manager", "user", "vendor"):
        refused = w.client(role).simulate_post(f"/pictures/thumbnails/organisations/{organisation}",
                                               **file_form("o.png", striped()))
        assert refused.status_code == 403, (role, refused.text)
    assert stored(w, organisation) is None
    answer = w.admin.simulate_post(f"/pictures/thumbnails/organisations/{organisation}.png",
                                   **file_form("o.png", striped()))
    assert answer.status_code == 201, answer.text
    assert answer.json == {"thumbnail_path": f"pictures/thumbnails/organisations/{organisation}.png"}
    assert w.events("organisation:set-thumbnail")[-1]["organisation_id"] == organisation
    assert picture(w.client("vendor").simulate_get(f"/pictures/thumbnails/organisations/{organisation}.png"))


@pytest.mark.parametrize("name, data, status", [
    ("notes.png", b"this is not a picture at all", 400),
    ("lies.png", striped(fmt="JPEG"), 400),  # JPEG bytes behind a .png name
    ("half.png", striped()[:200], 400),  # truncated
    ("clip.mp4", b"\x00\x00\x00\x18ftypmp42", 400),
    ("noext", striped(), 400),
])
def test_bad_pictures_leave_nothing_behind(w, name, data, status):
    person = w.person("supervisor")
    answer = w.admin.simulate_post(f"/pictures/thumbnails/persons/{person}", **file_form(name, data))
    assert answer.status_code == status, answer.text
    assert answer.json["error"] is True and answer.json["message"]
    assert w.stored(m.Person, person)["has_avatar"] is False and stored(w, person) is None


def test_bomb_is_refused(w):
    person = w.person("supervisor")
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")  # 144 Mpx, a few KB
    answer = w.admin.simulate_post(f"/pictures/thumbnails/persons/{person}", **file_form("bomb.png", out.getvalue()))
    assert answer.status_code in (400, 413), answer.text
    assert stored(w, person) is None


def test_bad_requests(w):
    person = w.person("supervisor")
    url = f"/pictures/thumbnails/persons/{person}"
    no_file = w.admin.simulate_post(url, **form({"name": "x"}))
    assert no_file.status_code == 400 and "file" in no_file.json["message"]
    assert w.admin.simulate_post(url, json={"file": "x"}).status_code == 400
    assert w.admin.simulate_post(f"/pictures/thumbnails/persons/{uuid.uuid4()}",
                                 **file_form("a.png", striped())).status_code == 404
    malformed = w.admin.simulate_post("/pictures/thumbnails/persons/nope", **file_form("a.png", striped()))
    assert malformed.status_code == 400
    missing = w.admin.simulate_get(f"/pictures/thumbnails/persons/{person}.png")
    assert missing.status_code == 404 and missing.json["error"] is True
    assert w.admin.simulate_get(f"/pictures/thumbnails/persons/{uuid.uuid4()}.png").status_code == 404
    assert w.client(None).simulate_get(f"/pictures/thumbnails/persons/{person}.png").status_code == 401


def test_clearing_an_avatar_removes_the_file(w):
    person = w.person("manager")
    client = w.client("manager")
    assert client.simulate_post(f"/pictures/thumbnails/persons/{person}",
                                **file_form("m.png", striped())).status_code == 201
    assert stored(w, person) is not None
    assert client.simulate_delete("/actions/user/clear-avatar").status_code == 204
    assert stored(w, person) is None
    assert client.simulate_get(f"/pictures/thumbnails/persons/{person}.png").status_code == 404
    assert w.admin.simulate_delete(f"/actions/persons/{person}/clear-avatar").status_code == 204  # again: harmless


def test_the_picture_goes_when_the_database_refuses_the_row(w):
    """A real refusal by the database (a trigger) after the picture was stored: nothing stays."""

    person = w.admin.simulate_post("/data/persons", json={"first_name": "Refused", "last_name": "Row",
                                                          "email": f"{uuid.uuid4().hex}@example.com"}).json["id"]
    with w.db():
        if w.app.db.__class__.__name__.startswith("Postgres"):
            w.app.db.execute_sql(
                "CREATE OR REPLACE FUNCTION refuse_avatar() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql")
            w.app.db.execute_sql("CREATE TRIGGER refuse_avatar BEFORE UPDATE ON person FOR EACH ROW WHEN "
                                 "(NEW.first_name = 'Refused' AND NEW.has_avatar) EXECUTE FUNCTION refuse_avatar()")
        else:
            w.app.db.execute_sql("CREATE TRIGGER refuse_avatar BEFORE UPDATE ON person "
                                 "WHEN NEW.first_name = 'Refused' AND NEW.has_avatar "
                                 "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
    try:
        answer = w.admin.simulate_post(f"/pictures/thumbnails/persons/{person}", **file_form("r.png", striped()))
        assert answer.status_code >= 400
        assert stored(w, person) is None and w.stored(m.Person, person)["has_avatar"] is False
    finally:
        with w.db():
            w.app.db.execute_sql("DROP TRIGGER refuse_avatar" + (" ON person" if w.app.db.__class__.__name__
                                                                 .startswith("Postgres") else ""))


def test_the_events_are_declared(w):
    names = {event.name for event in w.app.event_types}
    assert {"person:set-thumbnail", "project:set-thumbnail", "organisation:set-thumbnail"} <= names
