"""One accepted and one refused value per descriptor data type, and a project describing assets with all ten.

Shared by the route tests (``test_write_paths.py`` on the production creation
route, ``test_crud_values.py`` on the item route) so both judge the same cases.
Each descriptor is named after its type, so its values live under
``data.<type>`` (``data.taglist``…).
"""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from ..data.factory import Factory

MEMBER, OUTSIDER = "<a member of the team>", "<a person outside the team>"

# data_type, choices, accepted value, refused value, rule named in the 400
CASES = [
    ("string", [], "Blue sky", "x" * 1001, "maxLength"),
    ("textarea", [], "line one\nline two", 42, "string"),
    ("number", [], 24.5, "twelve", "number"),
    ("boolean", [], True, "yes", "boolean"),
    ("date", [], "2026-02-28", "2026-02-30", "date"),
    ("url", [], "https://studio.example/x", "studio.example/x", "url"),
    ("list", ["todo", "done"], "done", "later", "enum"),
    ("taglist", ["red", "blue"], ["red", "blue"], ["red", "green"], "enum"),
    ("checklist", ["[ ] rig", "[x] model"], [{"text": "rig", "checked": True}], {"paint": True}, "checklist"),
    ("person", [], MEMBER, OUTSIDER, "person"),
]
TYPES = [case[0] for case in CASES]


def case_params(accepted: bool):
    """``pytest.param(data_type, value, rule)`` for each type, ids such as ``number-refused``."""

    label = "accepted" if accepted else "refused"
    return [pytest.param(kind, good if accepted else bad, rule, id=f"{kind}-{label}")
            for kind, _choices, good, bad, rule in CASES]


def typed_project(app, client, entity_type: str = "Asset", task_type: str | None = None) -> dict:
    """A project with one descriptor of every type on ``entity_type``, a team member and an outsider."""

    f = Factory(client)
    project = f.create(m.Project)
    with app.db.connection_context():
        kinds = {t.name: str(t.id) for t in m.EntityType.select()}
        task_types = {t.name: str(t.id) for t in m.TaskType.select()}
    base = f"/data/projects/{project['id']}/metadata-descriptors"
    for kind, choices, *_ in CASES:
        body = {"entity_type": entity_type, "name": kind.title(), "data_type": kind, "choices": choices}
        if task_type is not None:
            body["task_type_id"] = task_types[task_type]
        answer = client.simulate_post(base, json=body)
        assert answer.status_code == 201, answer.text
        assert answer.json["field_name"] == kind
    member, outsider = f.create(m.Person), f.create(m.Person)
    with app.db.connection_context():
        m.ProjectPersonLink.create(project=project["id"], person=member["id"])
    return {"factory": f, "project": project, "kinds": kinds, "task_types": task_types,
            "people": {MEMBER: member["id"], OUTSIDER: outsider["id"]}}


def resolved(world: dict, value):
    """``value`` with the team placeholders replaced by the people's ids."""

    return world["people"].get(value, value) if isinstance(value, str) else value
