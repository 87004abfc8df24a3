"""Comment attachments: bytes kept with their rows (comment forms, add-attachment, batches), served
back to those who reach the task, and pictured on demand."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path

import pytest
from PIL import Image

from clapboard.plugins.data import models as m

from ..data.production.tasks.world import REFUSED, build_world, close, shape_diffs
from .forms import form
from .uploading import stored as stored_objects


@pytest.fixture(scope="module")
def w(tmp_path_factory, storage_config):
    world = build_world(tmp_path_factory, "pictures-attachments", config=storage_config)
    yield world
    close(world)


def png(size=(300, 150), colour=(250, 10, 10)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def comment_with(w, task, files, client=None) -> dict:
    """A comment posted as gazu does: a form with the comment's fields and its files."""

    client = client or w.admin
    answer = client.simulate_post(f"/actions/tasks/{task}/comment", **form(
        {"task_status_id": w.types["wfa"], "comment": "see attached"},
        [(f"attachment_file-{i}", name, kind, data) for i, (name, kind, data) in enumerate(files)]))
    assert answer.status_code == 201, answer.text
    return answer.json


def attachments_of(w, comment_id) -> list[dict]:
    with w.db():
        return list(m.AttachmentFile.select().where(m.AttachmentFile.comment == comment_id)
                    .order_by(m.AttachmentFile.name).dicts())


def stored(w, attachment_id):
    return w.app.storage.stat("files", "attachments", str(attachment_id))


def download(client, row):
    return client.simulate_get(f"/data/attachment-files/{row['id']}/file/{row['name']}")


def test_comment_attachments_are_kept_and_served(w):
    notes = b"%PDF-1.4 pretend notes\n" * 100
    comment = comment_with(w, w.ids["T"], [("ref.png", "image/png", png()), ("notes.pdf", "application/pdf", notes)])
    rows = attachments_of(w, comment["id"])
    assert [(r["name"], r["size"], r["extension"]) for r in rows] == [("notes.pdf", len(notes), "pdf"),
                                                                        ("ref.png", len(png()), "png")]
    for row in rows:
        assert stored(w, row["id"]).size == row["size"]
    got = download(w.client("user"), rows[0])
    assert got.status_code == 200 and got.content == notes
    assert got.headers["content-type"] == "application/pdf"
    assert 'filename="notes.pdf"' in got.headers["content-disposition"]
    assert got.headers["cache-control"] == "private, max-age=604800"  # an attachment never changes
    picture = download(w.client("vendor"), rows[1])  # the vendor is assigned to T
    assert picture.status_code == 200 and picture.content == png()
    assert picture.headers["content-type"] == "image/png"  # as Zou's recorded answer
    partial = w.admin.simulate_get(f"/data/attachment-files/{rows[0]['id']}/file/x", headers={"Range": "bytes=0-7"})
    assert partial.status_code == 206 and partial.content == b"%PDF-1.4"


def test_add_attachment_keeps_the_bytes(w):
    comment = comment_with(w, w.ids["T"], [])
    data = b"plain text notes"
    answer = w.admin.simulate_post(f"/actions/tasks/{w.ids['T']}/comments/{comment['id']}/add-attachment",
                                   **form(files=[("file", "notes.txt", "text/plain", data)]))
    assert answer.status_code == 201, answer.text
    [row] = answer.json
    assert shape_diffs("POST__actions__tasks__{id}__comments__{id}__add-attachment.json", answer) == []
    assert stored(w, row["id"]).size == len(data)
    assert download(w.admin, row).content == data


def test_batch_comments_keep_their_own_files(w):
    task = w.new_task("SH1", "Layout")
    comments = [{"task_status_id": w.types["wfa"], "comment": "one"},
                {"task_status_id": w.types["wfa"], "comment": "two"}]
    answer = w.admin.simulate_post(f"/actions/tasks/{task}/batch-comment", **form(
        {"comments": json.dumps(comments)},
        [("attachment_file-0-0", "a.txt", "text/plain", b"first"), ("attachment_file-1-0", "b.txt", "text/plain",
                                                                     b"second")]))
    assert answer.status_code == 201, answer.text
    contents = []
    for posted in answer.json:
        [row] = attachments_of(w, posted["id"])
        contents.append(download(w.admin, row).content)
    assert sorted(contents) == [b"first", b"second"]


def test_who_may_download(w):
    mine = comment_with(w, w.ids["T"], [("ref.txt", "text/plain", b"secret")])
    [row] = attachments_of(w, mine["id"])
    for role in ("manager", "supervisor", "user", "client", "vendor"):
        assert download(w.client(role), row).status_code == 200, role
    assert download(w.client("outsider"), row).status_code in REFUSED
    elsewhere = comment_with(w, w.new_task("SH2", "Layout"), [("other.txt", "text/plain", b"not yours")])
    [other] = attachments_of(w, elsewhere["id"])
    assert download(w.client("vendor"), other).status_code in REFUSED  # not assigned to that task
    assert download(w.client(None), row).status_code == 401
    assert w.admin.simulate_get(f"/data/attachment-files/{uuid.uuid4()}/file/x.txt").status_code == 404
    assert w.admin.simulate_get("/data/attachment-files/nope/file/x.txt").status_code == 400


def test_thumbnails_on_demand_for_pictures_only(w):
    comment = comment_with(w, w.ids["T"], [("wide.png", "image/png", png()), ("notes.txt", "text/plain", b"words"),
                                           ("lies.png", "image/png", b"not a png at all")])
    rows = {r["name"]: r for r in attachments_of(w, comment["id"])}
    url = "/pictures/thumbnails/attachment-files/{}.png"
    assert w.app.storage.stat("pictures", "thumbnails", str(rows["wide.png"]["id"])) is None
    answer = w.client("user").simulate_get(url.format(rows["wide.png"]["id"]))
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(answer.content)).convert("RGBA")
    assert image.size == (150, 150)
    assert image.getpixel((75, 75))[:3] == (250, 10, 10) and image.getpixel((75, 5))[3] == 0  # 2:1, letter-boxed
    assert w.app.storage.stat("pictures", "thumbnails", str(rows["wide.png"]["id"])) is not None
    again = w.client("user").simulate_get(url.format(rows["wide.png"]["id"]),
                                          headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304
    for name in ("notes.txt", "lies.png"):
        missing = w.client("user").simulate_get(url.format(rows[name]["id"]))
        assert missing.status_code == 404 and missing.json["error"] is True, name
    assert w.client("outsider").simulate_get(url.format(rows["wide.png"]["id"])).status_code in REFUSED
    assert w.admin.simulate_get(url.format(uuid.uuid4())).status_code == 404


def test_a_refused_comment_keeps_no_row(w):
    before = w.count(m.AttachmentFile)
    answer = w.client("outsider").simulate_post(f"/actions/tasks/{w.ids['T']}/comment", **form(
        {"task_status_id": w.types["wfa"], "comment": "let me in"}, [("file", "x.txt", "text/plain", b"x")]))
    assert answer.status_code in REFUSED
    assert w.count(m.AttachmentFile) == before


def test_form_files_go_away_with_their_request(w):
    comment_with(w, w.ids["T"], [("gone.txt", "text/plain", b"temporary")])
    assert list((Path(w.app.config["data_dir"]) / "tmp" / "forms").glob("part-*")) == []


def test_chat_message_files_are_kept_and_served_to_those_reaching_the_entity(w):
    shot = w.ids["E"]
    assert w.client("user").simulate_post(f"/actions/user/chats/{shot}/join").status_code in (200, 201)
    posted = w.client("user").simulate_post(f"/data/entities/{shot}/chat/messages", **form(
        {"message": "look at this"}, [("file", "board.png", "image/png", png((100, 100)))]))
    assert posted.status_code in (200, 201), posted.text
    [attached] = posted.json["attachment_files"]
    assert stored(w, attached["id"]).size == len(png((100, 100)))
    row = {"id": attached["id"], "name": "board.png"}
    assert download(w.client("manager"), row).content == png((100, 100))
    assert download(w.client("outsider"), row).status_code in REFUSED
    thumbnail = w.client("user").simulate_get(f"/pictures/thumbnails/attachment-files/{attached['id']}.png")
    assert thumbnail.status_code == 200 and Image.open(io.BytesIO(thumbnail.content)).size == (150, 150)


def test_deleted_attachments_lose_their_files(w):
    comment = comment_with(w, w.ids["T"], [("a.png", "image/png", png()), ("b.txt", "text/plain", b"bee")])
    rows = {r["name"]: r for r in attachments_of(w, comment["id"])}
    first, second = rows["a.png"]["id"], rows["b.txt"]["id"]
    assert w.admin.simulate_get(f"/pictures/thumbnails/attachment-files/{first}.png").status_code == 200
    gone = w.admin.simulate_delete(f"/data/tasks/{w.ids['T']}/comments/{comment['id']}/attachments/{first}")
    assert gone.status_code == 204, gone.text
    assert stored(w, first) is None and w.app.storage.stat("pictures", "thumbnails", str(first)) is None
    assert stored(w, second) is not None
    assert w.admin.simulate_delete(f"/data/attachment-files/{second}").status_code in (200, 204)
    assert stored(w, second) is None
    refused = comment_with(w, w.ids["T"], [("c.txt", "text/plain", b"sea")])
    [kept] = attachments_of(w, refused["id"])
    answer = w.client("vendor").simulate_delete(
        f"/data/tasks/{w.ids['T']}/comments/{refused['id']}/attachments/{kept['id']}")
    assert answer.status_code in REFUSED and stored(w, kept["id"]) is not None


def test_a_comment_the_database_refuses_leaves_no_file(w):
    """The attachment is stored inside the comment's transaction; a real refusal by the database
    later in that transaction (a trigger on the comment's news row) takes the stored file away."""

    postgres = w.app.db.__class__.__name__.startswith("Postgres")
    with w.db():
        if postgres:
            w.app.db.execute_sql("CREATE OR REPLACE FUNCTION refuse_news() RETURNS trigger AS $$ BEGIN "
                                 "RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql")
            w.app.db.execute_sql("CREATE TRIGGER refuse_news BEFORE INSERT ON news FOR EACH ROW "
                                 "EXECUTE FUNCTION refuse_news()")
        else:
            w.app.db.execute_sql("CREATE TRIGGER refuse_news BEFORE INSERT ON news "
                                 "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
    before, objects = w.count(m.AttachmentFile), stored_objects(w.app)
    try:
        answer = w.admin.simulate_post(f"/actions/tasks/{w.ids['T']}/comment", **form(
            {"task_status_id": w.types["wfa"], "comment": "refused later"},
            [("attachment_file-0", "kept.txt", "text/plain", b"should not stay")]))
        assert answer.status_code >= 400
    finally:
        with w.db():
            w.app.db.execute_sql("DROP TRIGGER refuse_news" + (" ON news" if postgres else ""))
    assert w.count(m.AttachmentFile) == before
    assert stored_objects(w.app) == objects
