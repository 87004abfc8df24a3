"""A shared-review world (helpers only, no tests here).

The pictures upload world (project P with its team, project Q outside it)
with real previews: a picture on task T of shot E, pinned in playlist A of P;
a picture on another task of P not in A; a picture in project Q pinned in
playlist B of Q. Guests may use "wfa", not "done". ``share`` makes a link as P's (or Q's: admin) manager.
"""

from __future__ import annotations

from clapboard.plugins.data import models as m

from ...pictures import samples
from ...pictures.uploading import new_preview, upload, upload_world


def shared_world(tmp_path_factory, name: str):
    w = upload_world(tmp_path_factory, name)
    with w.db():
        m.TaskStatus.update(is_client_allowed=True).where(m.TaskStatus.short_name == "wfa").execute()
        m.TaskStatus.update(is_client_allowed=False).where(m.TaskStatus.short_name == "done").execute()
    inside = new_preview(w)
    assert upload(w.admin, inside["id"], "frame.png", samples.picture("png")).status_code == 201
    other_task = w.new_task(entity="SH2")
    outside = new_preview(w, task=other_task)
    assert upload(w.admin, outside["id"], "other.png", samples.picture("png")).status_code == 201
    elsewhere = new_preview(w, task=w.ids["TQ"])
    assert upload(w.admin, elsewhere["id"], "q.png", samples.picture("png")).status_code == 201
    w.ids.update(inside=inside["id"], outside=outside["id"], elsewhere=elsewhere["id"], other_task=other_task)
    w.ids["A"] = playlist(w, "P", "Dailies A", [(w.ids["E"], inside["id"])])
    w.ids["A2"] = playlist(w, "P", "Dailies A2", [(w.ids["SH2"], outside["id"])])
    w.ids["B"] = playlist(w, "Q", "Dailies B", [(w.ids["EQ"], elsewhere["id"])])
    return w


def playlist(w, project: str, name: str, entries) -> str:
    answer = w.admin.simulate_post("/data/playlists", json={
        "name": name, "project_id": w.ids[project], "for_client": True,
        "shots": [{"entity_id": entity, "preview_file_id": preview} for entity, preview in entries]})
    assert answer.status_code == 201, answer.text
    return answer.json["id"]


def share(w, playlist_key: str, role: str = "admin", **body) -> dict:
    answer = w.client(role).simulate_post(f"/data/playlists/{w.ids[playlist_key]}/share", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json


def guest(w, token: str, first_name: str = "Ada") -> str:
    answer = w.admin.simulate_post(f"/shared/playlists/{token}/guest", json={"first_name": first_name},
                                   headers={"Authorization": ""})
    assert answer.status_code in (200, 201), answer.text
    return answer.json["id"]
