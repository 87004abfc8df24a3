"""What the CSV import tests share: multipart uploads, a production to import into, table snapshots."""

from __future__ import annotations

from clapboard.plugins.data import models as m

BOUNDARY = "csvimporttestboundary"


def multipart(data: bytes, filename: str = "file.csv", name: str = "file") -> tuple[bytes, dict]:
    body = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{BOUNDARY}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}


def post_csv(client, path: str, data, update: bool | None = None, **kwargs):
    """POST ``data`` (text, encoded as UTF-8, or bytes) as the part ``file`` to ``path``."""

    body, headers = multipart(data.encode("utf-8") if isinstance(data, str) else data)
    params = {"update": "true" if update else "false"} if update is not None else None
    return client.simulate_post(path, body=body, headers=headers, params=params, **kwargs)


def ids_of(app, model, names) -> list[str]:
    with app.db.connection_context():
        return [str(model.get(model.name == name).id) for name in names]


def production(client, app, name: str = "Import Show", tv: bool = False,
               shot_types=("Animation", "Compositing"), asset_types=("Modeling", "Shading"),
               edit_types=()) -> dict:
    """A project (a TV show with ``tv``) with task types for shots, assets and edits, as the admin makes it."""

    task_types = ids_of(app, m.TaskType, [*shot_types, *asset_types, *edit_types])
    answer = client.simulate_post("/data/projects", json={
        "name": name, "production_type": "tvshow" if tv else "short", "task_types": task_types})
    assert answer.status_code == 201, answer.text
    return answer.json


def counts(app) -> dict:
    """Row count of every table the imports may write."""

    tables = (m.Entity, m.EntityType, m.Task, m.TaskPersonLink, m.Comment, m.ApiEvent, m.Person,
              m.Notification, m.News, m.ProjectAssetTypeLink, m.DepartmentLink)
    with app.db.connection_context():
        return {model._meta.table_name: model.select().count() for model in tables}


def snapshot(app) -> dict:
    """Counts plus the content of the rows an update would touch (entities, tasks, persons)."""

    with app.db.connection_context():
        return {
            **counts(app),
            "entities": sorted((str(e.id), e.name, e.description, e.nb_frames, repr(e.data), str(e.updated_at))
                               for e in m.Entity.select()),
            "tasks": sorted((str(t.id), str(t.task_status_id), str(t.updated_at)) for t in m.Task.select()),
            "persons": sorted((str(p.id), p.first_name, p.last_name, p.email, str(p.updated_at))
                              for p in m.Person.select()),
        }


def shots_path(project: dict) -> str:
    return f"/import/csv/projects/{project['id']}/shots"


def logged_in_world(make_app):
    """An app with the auth scenario (a real person per role, project P with its team) and a production
    "Import Show" whose team is P's, made by the admin."""

    from ..auth.conftest import FAST
    from ..auth.scenario import build

    app = make_app(config={"plugins": {"auth": dict(FAST)}}, actors=False)
    scenario = build(app)
    admin = scenario.admin
    project = production(admin, app)
    team = [scenario.people[role] for role in ("manager", "supervisor", "user", "client", "vendor")]
    assert admin.simulate_put(f"/data/projects/{project['id']}", json={"team": team}).status_code == 200
    return app, scenario, project


def tv_show(client, app, name: str) -> dict:
    """An open TV show, as the admin makes it."""

    with app.db.connection_context():
        status = str(m.ProjectStatus.get(m.ProjectStatus.name == "Open").id)
    answer = client.simulate_post("/data/projects", json={"name": name, "production_type": "tvshow",
                                                          "project_status_id": status})
    assert answer.status_code == 201, answer.text
    return answer.json
