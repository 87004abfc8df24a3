"""Actions on preview files: main preview (by preview, by task, in bulk, at a movie's frame),
annotations (merged under a lock), positions in a revision, and an entity's previews."""

from __future__ import annotations

import io
import subprocess
import threading
import uuid

import pytest
from PIL import Image

from clapboard.plugins.data import models as m
from clapboard.plugins.pictures.previews.annotations import merge

from ..data.production.tasks.world import REFUSED, build_world, close, shape_diffs


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "pictures-actions")
    yield world
    close(world)


def comment(w, task) -> str:
    answer = w.admin.simulate_post(f"/actions/tasks/{task}/comment", json={"task_status_id": w.types["wfa"],
                                                                            "comment": "look"})
    assert answer.status_code == 201, answer.text
    return answer.json["id"]


def add_preview(w, task, revision=None, of=None) -> dict:
    note = comment(w, task)
    if of is not None:
        answer = w.admin.simulate_post(f"/actions/tasks/{task}/comments/{note}/preview-files/{of}")
    else:
        answer = w.admin.simulate_post(f"/actions/tasks/{task}/comments/{note}/add-preview",
                                       json={"revision": revision} if revision else {})
    assert answer.status_code == 201, answer.text
    return answer.json


def main_preview_of(w, entity) -> str | None:
    row = w.stored(m.Entity, entity)
    return str(row["preview_file_id"]) if row["preview_file_id"] else None


def set_main(client, preview, **kwargs):
    return client.simulate_put(f"/actions/preview-files/{preview}/set-main-preview", **kwargs)


# -- main preview -------------------------------------------------------------------------------

def test_main_preview_by_preview(w):
    preview = add_preview(w, w.ids["T"])
    answer = set_main(w.client("user"), preview["id"])
    assert answer.status_code == 200, answer.text
    assert answer.json["id"] == w.ids["E"] and answer.json["preview_file_id"] == preview["id"]
    assert answer.json["type"] == "Entity" and answer.json["preview_file_status"] == "processing"
    assert shape_diffs("PUT__actions__preview-files__{id}__set-main-preview.json", answer) == []
    assert main_preview_of(w, w.ids["E"]) == preview["id"]
    event = w.events("preview-file:set-main")[-1]
    assert (event["entity_id"], event["preview_file_id"], event["project_id"]) == (w.ids["E"], preview["id"],
                                                                                   w.ids["P"])
    assert w.events("shot:update")[-1]["shot_id"] == w.ids["E"] or w.events("asset:update")[-1]["asset_id"] == \
        w.ids["E"]
    for role in ("manager", "supervisor", "vendor"):  # the vendor is assigned to T
        assert set_main(w.client(role), preview["id"]).status_code == 200, role


@pytest.mark.parametrize("role", ["client", "outsider"])
def test_main_preview_refused(w, role):
    preview = add_preview(w, w.ids["T"])
    before = main_preview_of(w, w.ids["E"])
    answer = set_main(w.client(role), preview["id"])
    assert answer.status_code in REFUSED and answer.json["error"] is True
    assert main_preview_of(w, w.ids["E"]) == before


def test_vendor_only_on_entities_of_their_tasks(w):
    task = w.new_task("SH1", "Layout")
    preview = add_preview(w, task)
    assert set_main(w.client("vendor"), preview["id"]).status_code in REFUSED
    assert w.client("vendor").simulate_put(f"/actions/tasks/{task}/set-main-preview").status_code in REFUSED
    assert main_preview_of(w, w.ids["SH1"]) != preview["id"]


def test_frame_number_needs_a_movie_and_a_number(w):
    preview = add_preview(w, w.new_task("SH2", "Layout"))
    with w.db():
        m.PreviewFile.update(extension="png").where(m.PreviewFile.id == preview["id"]).execute()
    refused = set_main(w.admin, preview["id"], json={"frame_number": 3})
    assert refused.status_code == 400 and refused.json["message"] == "Can't use a given frame on non movie preview"
    for kwargs in ({"json": {"frame_number": "x"}}, {"json": {"frame_number": -1}}, {"params": {"frame_number": "x"}},
                   {"params": {"frame_number": "-2"}}, {"json": [1]}):
        assert set_main(w.admin, preview["id"], **kwargs).status_code == 400, kwargs
    assert set_main(w.admin, f"{uuid.uuid4()}").status_code == 404
    assert set_main(w.admin, "nope").status_code == 400


def _movie(tmp_path, seconds=2, rate=10):
    """A real mp4: first second red, then blue (so frame 1 and frame 15 differ)."""

    path = tmp_path / "clip.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"color=c=red:s=64x36:r={rate}:d=1",
                    "-f", "lavfi", "-i", f"color=c=blue:s=64x36:r={rate}:d={seconds - 1}",
                    "-filter_complex", "[0:v][1:v]concat=n=2:v=1[v]", "-map", "[v]", "-pix_fmt", "yuv420p",
                    str(path)], check=True)
    return path


@pytest.mark.ffmpeg
def test_main_preview_at_a_frame_of_a_movie(w, tmp_path):
    task = w.new_task("SH2", "Animation")
    preview = add_preview(w, task)
    with w.db():  # the project's fps times the frame
        m.Project.update(fps="10").where(m.Project.id == w.ids["P"]).execute()
    w.app.storage.put("movies", "previews", preview["id"], _movie(tmp_path))
    answer = set_main(w.admin, preview["id"], json={"frame_number": 15})
    assert answer.status_code == 200, answer.text
    assert answer.json["preview_file_id"] == preview["id"]
    shown = w.admin.simulate_get(f"/pictures/thumbnails/preview-files/{preview['id']}.png")
    if shown.status_code == 404:  # the download route belongs to another module: read the stored object
        data = b"".join(w.app.storage.read("pictures", "thumbnails", preview["id"]))
    else:
        data = shown.content
    thumbnail = Image.open(io.BytesIO(data)).convert("RGB")
    assert thumbnail.size == (150, 100)
    red, green, blue = thumbnail.getpixel((75, 50))
    assert blue > 200 and red < 60, (red, green, blue)
    first = set_main(w.admin, preview["id"], json={"frame_number": 0})  # Kitsu may send 0: the first frame
    assert first.status_code == 200
    data = b"".join(w.app.storage.read("pictures", "thumbnails", preview["id"]))
    red, green, blue = Image.open(io.BytesIO(data)).convert("RGB").getpixel((75, 50))
    assert red > 200 and blue < 60, (red, green, blue)
    assert set_main(w.admin, preview["id"], params={"frame_number": "15"}).status_code == 200  # the query works too
    blue = b"".join(w.app.storage.read("pictures", "thumbnails", preview["id"]))
    assert Image.open(io.BytesIO(blue)).convert("RGB").getpixel((75, 50))[2] > 200
    data = blue
    # Past the end of the movie: Zou keeps the previous picture and sets the main preview anyway.
    assert set_main(w.admin, preview["id"], json={"frame_number": 10000}).status_code == 200
    assert b"".join(w.app.storage.read("pictures", "thumbnails", preview["id"])) == data


def test_task_main_preview_is_its_last_one(w):
    task = w.new_task("HERO", "Modeling")
    url = f"/actions/tasks/{task}/set-main-preview"
    none = w.client("manager").simulate_put(url)
    assert none.status_code == 400 and "no preview" in none.json["message"]
    add_preview(w, task)
    newest = add_preview(w, task, revision=2)
    add_preview(w, task, of=newest["id"])  # a second file of revision 2: the first one stays "last"
    answer = w.client("manager").simulate_put(url)
    assert answer.status_code == 200, answer.text
    assert answer.json["preview_file_id"] == newest["id"] and main_preview_of(w, w.ids["HERO"]) == newest["id"]
    assert w.events("asset:update")[-1]["asset_id"] == w.ids["HERO"]
    assert w.client("client").simulate_put(url).status_code == 403
    assert w.client("outsider").simulate_put(url).status_code in REFUSED
    assert w.admin.simulate_put(f"/actions/tasks/{uuid.uuid4()}/set-main-preview").status_code == 404


def test_tasks_main_previews_in_one_go(w):
    with_preview, without = w.new_task("LAMP", "Modeling"), w.new_task("LAMP", "Shading")
    other = w.new_task("SH2", "Compositing")
    previews = [add_preview(w, with_preview)["id"], add_preview(w, other)["id"]]
    answer = w.client("supervisor").simulate_put("/actions/tasks/set-main-preview",
                                                 json={"task_ids": [with_preview, without, other]})
    assert answer.status_code == 200, answer.text
    assert [(e["id"], e["preview_file_id"]) for e in answer.json] == [(w.ids["LAMP"], previews[0]),
                                                                      (w.ids["SH2"], previews[1])]
    # All or nothing: one refused task leaves every entity as it was.
    task = w.new_task("LAMP", "Rigging")
    add_preview(w, task)
    vendor_task = w.new_task("CONCEPT", "Concept")
    refused = w.client("vendor").simulate_put("/actions/tasks/set-main-preview",
                                              json={"task_ids": [w.ids["T"], vendor_task]})
    assert refused.status_code in REFUSED
    for body in ({"task_ids": "x"}, {"task_ids": ["nope"]}, {}, {"task_ids": [1]}):
        assert w.admin.simulate_put("/actions/tasks/set-main-preview", json=body).status_code == 400, body
    assert w.admin.simulate_put("/actions/tasks/set-main-preview",
                                json={"task_ids": [str(uuid.uuid4())]}).status_code == 404
    assert w.admin.simulate_put("/actions/tasks/set-main-preview", json={"task_ids": []}).json == []


# -- annotations ----------------------------------------------------------------------------------

def annotate(client, preview, **changes):
    return client.simulate_put(f"/actions/preview-files/{preview}/update-annotations", json=changes)


def test_annotations_added_updated_deleted(w):
    preview = add_preview(w, w.ids["T"])["id"]
    sample = {"additions": [{"time": 0, "frame": 0, "drawing": {"objects": [{"id": "a1", "type": "path"}]}}],
              "updates": [], "deletions": []}
    answer = annotate(w.client("manager"), preview, **sample)
    assert answer.status_code == 200, answer.text
    assert answer.json["annotations"] == sample["additions"]
    assert shape_diffs("PUT__actions__preview-files__{id}__update-annotations.json", answer) == []
    event = w.events("preview-file:annotation-update")[-1]
    assert (event["preview_file_id"], event["person_id"]) == (preview, w.person("manager"))
    nameless = annotate(w.client("client"), preview, additions=[
        {"time": 0, "drawing": {"objects": [{"id": "a1", "type": "circle"}, {"type": "text"}]}},
        {"time": 1.5, "drawing": {"objects": [{"id": "b1", "type": "path"}]}}]).json["annotations"]
    first = nameless[0]["drawing"]["objects"]
    assert [o.get("type") for o in first] == ["path", "text"]  # an addition never overwrites an object
    generated = first[1]["id"]
    uuid.UUID(generated)
    updated = annotate(w.admin, preview, updates=[
        {"time": 0, "drawing": {"objects": [{"id": "a1", "type": "rect"}, {"id": "zz", "type": "ghost"}]}},
        {"time": 9, "drawing": {"objects": [{"id": "b1"}]}}]).json["annotations"]
    assert sorted(o["type"] for o in updated[0]["drawing"]["objects"]) == ["rect", "text"]
    gone = annotate(w.admin, preview, deletions=[{"time": 1.5, "objects": ["b1"]},
                                                 {"time": 0, "objects": [generated]}]).json["annotations"]
    assert gone == [{"time": 0, "frame": 0, "drawing": {"objects": [{"id": "a1", "type": "rect"}]}}]
    assert w.stored(m.PreviewFile, preview)["annotations"] == gone


def test_supervisors_annotate_in_their_departments(w):
    animation, layout = w.new_task("SH1", "Animation"), w.new_task("SH1", "Layout")
    change = {"additions": [{"time": 0, "drawing": {"objects": [{"id": "s"}]}}]}
    assert annotate(w.client("supervisor"), add_preview(w, animation)["id"], **change).status_code == 200
    refused = add_preview(w, layout)["id"]
    assert annotate(w.client("supervisor"), refused, **change).status_code == 403
    for role in ("user", "vendor", "outsider"):
        assert annotate(w.client(role), add_preview(w, w.ids["T"])["id"], **change).status_code in REFUSED, role
    assert w.stored(m.PreviewFile, refused)["annotations"] is None


@pytest.mark.parametrize("body", [
    {"additions": "x"}, {"additions": [{"drawing": {}}]}, {"additions": [{"time": "soon"}]},
    {"additions": [{"time": 0, "drawing": {"objects": "x"}}]},
    {"additions": [{"time": 0, "drawing": {"objects": [3]}}]},
    {"deletions": [{"time": 0, "objects": [1]}]}, {"updates": [{"time": -1}]},
])
def test_bad_annotation_changes(w, body):
    preview = add_preview(w, w.ids["T"])["id"]
    answer = annotate(w.admin, preview, **body)
    assert answer.status_code == 400 and answer.json["error"] is True
    assert w.stored(m.PreviewFile, preview)["annotations"] is None


def test_concurrent_reviewers_keep_each_others_drawings(w):
    preview = add_preview(w, w.ids["T"])["id"]
    statuses = []

    def draw(index):
        client = w.client("manager") if index % 2 else w.admin
        answer = annotate(client, preview, additions=[{"time": 0, "drawing": {"objects": [{"id": f"o{index}"}]}}])
        statuses.append(answer.status_code)

    threads = [threading.Thread(target=draw, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 8
    [frame] = w.stored(m.PreviewFile, preview)["annotations"]
    assert sorted(o["id"] for o in frame["drawing"]["objects"]) == [f"o{i}" for i in range(8)]


def test_merge_leaves_its_input_alone():
    stored = [{"time": 0, "drawing": {"objects": [{"type": "path"}]}}, {"time": 2, "drawing": {"objects": []}}]
    merged = merge(stored, additions=[{"time": 1, "drawing": {"objects": []}}])
    assert stored[0]["drawing"]["objects"] == [{"type": "path"}]
    assert [frame["time"] for frame in merged] == [0]  # empty frames are dropped
    assert merged[0]["drawing"]["objects"][0]["id"]


# -- positions --------------------------------------------------------------------------------------

def test_positions_in_a_revision(w):
    task = w.new_task("SH1", "Compositing", assignees=("user",))
    first = add_preview(w, task)
    second = add_preview(w, task, of=first["id"])
    third = add_preview(w, task, of=first["id"])
    url = f"/actions/preview-files/{third['id']}/update-position"
    answer = w.client("user").simulate_put(url, json={"position": 1})
    assert answer.status_code == 200, answer.text
    assert [(p["id"], p["position"]) for p in answer.json] == [(third["id"], 1), (first["id"], 2), (second["id"], 3)]
    assert shape_diffs("PUT__actions__preview-files__{id}__update-position.json", answer, allowed=("*comments*",)) == []
    for position in (0, 4):
        same = w.admin.simulate_put(url, json={"position": position})
        assert [p["id"] for p in same.json] == [third["id"], first["id"], second["id"]]
    assert w.admin.simulate_put(url, json={"position": -1}).status_code == 400
    assert w.admin.simulate_put(url, json={"position": "1"}).status_code == 400
    for role in ("vendor", "outsider"):
        assert w.client(role).simulate_put(url, json={"position": 3}).status_code in REFUSED, role
    assert w.stored(m.PreviewFile, third["id"])["position"] == 1


def test_concurrent_moves_keep_positions_a_sequence(w):
    task = w.new_task("SH2", "Layout")
    first = add_preview(w, task)
    ids = [first["id"]] + [add_preview(w, task, of=first["id"])["id"] for _ in range(5)]
    statuses = []

    def move(index):
        answer = w.admin.simulate_put(f"/actions/preview-files/{ids[index % 6]}/update-position",
                                      json={"position": 6 - index % 6})
        statuses.append(answer.status_code)

    threads = [threading.Thread(target=move, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 12
    with w.db():
        positions = sorted(p for (p,) in m.PreviewFile.select(m.PreviewFile.position).where(
            m.PreviewFile.task == task).tuples())
    assert positions == [1, 2, 3, 4, 5, 6]


# -- an entity's previews ---------------------------------------------------------------------------

def test_entity_previews_by_task_type_then_newest_revision(w):
    layout, animation = w.new_task("SQ", "Layout"), w.new_task("SQ", "Animation")
    old = add_preview(w, layout)
    new = add_preview(w, layout, revision=2)
    anim = add_preview(w, animation)
    answer = w.client("supervisor").simulate_get(f"/data/entities/{w.ids['SQ']}/preview-files")
    assert answer.status_code == 200, answer.text
    assert [p["id"] for p in answer.json] == [anim["id"], new["id"], old["id"]]
    assert {p["type"] for p in answer.json} == {"PreviewFile"}
    assert w.client("outsider").simulate_get(f"/data/entities/{w.ids['SQ']}/preview-files").status_code in REFUSED
    assert w.admin.simulate_get(f"/data/entities/{uuid.uuid4()}/preview-files").status_code == 404
    mine = w.client("vendor").simulate_get(f"/data/entities/{w.ids['E']}/preview-files")
    assert mine.status_code == 200 and {p["task_id"] for p in mine.json} <= {w.ids["T"]}


def test_the_events_are_declared(w):
    assert {"preview-file:set-main", "preview-file:annotation-update"} <= {e.name for e in w.app.event_types}
