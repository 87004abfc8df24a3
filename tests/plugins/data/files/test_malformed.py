"""Malformed bodies, ids and query values on every files route: a JSON 4xx in Zou's error shape, never a
500 (nor a 200 for an id that is not one)."""

from __future__ import annotations

from .world import build, close, instance_of, set_tree


def test_malformed_requests_are_json_client_errors(tmp_path_factory):
    w = build(tmp_path_factory, "files-malformed")
    set_tree(w, name="simple")
    inst = instance_of(w, "HERO", "SH1", 1)
    t = w.new_task("SH1")
    urls = [f"/data/tasks/{t}/working-files/new", f"/data/tasks/{t}/working-file-path",
            f"/data/entities/{w.ids['SH1']}/output-files/new", f"/data/entities/{w.ids['SH1']}/output-file-path",
            f"/data/entities/{w.ids['SH1']}/output-files/next-revision",
            f"/data/asset-instances/{inst}/entities/{w.ids['SH1']}/output-files/new",
            f"/data/asset-instances/{inst}/entities/{w.ids['SH1']}/output-file-path",
            "/data/entities/guess-from-path", f"/actions/projects/{w.ids['P']}/set-file-tree"]
    bodies = [b"[]", b"nope", b"null", b"3", b'{"name": null}', b'{"revision": 1e309}', b'{"sep": ""}',
              b'{"output_type_id": [], "task_type_id": {}}', b"\xff\xfe"]
    bad = []
    for url in urls:
        for body in bodies:
            r = w.admin.simulate_post(url, body=body, headers={"Content-Type": "application/json"})
            if r.status_code >= 500 or (r.status_code >= 400 and "error" not in (r.json or {})):
                bad.append((url, body, r.status_code, r.text[:200]))
    for url in (f"/data/entities/{w.ids['SH1']}/working-files?relations=maybe&task_id=x",
                f"/data/entities/{w.ids['SH1']}/output-files?output_type_id=zz",
                f"/data/asset-instances/{inst}/output-files?temporal_entity_id=zz",
                f"/data/entities/{w.ids['SH1']}/output-types/zz/output-files", "/data/files/zz"):
        r = w.admin.simulate_get(url)
        if r.status_code >= 500 or r.status_code == 200:
            bad.append((url, r.status_code, r.text[:200]))
    for url in ("/actions/working-files/zz/comment", "/actions/working-files/zz/modified"):
        r = w.admin.simulate_put(url, json={"comment": "x"})
        if r.status_code >= 500 or r.status_code == 200:
            bad.append((url, r.status_code, r.text[:200]))
    close(w)
    assert not bad, bad
