"""Builds valid create bodies for any CRUD model, creating what they reference.

Values come from the model's columns: required foreign keys get a fresh row of
the referenced model (through HTTP when it has a CRUD route, so that path is
exercised too), strings are unique per call so unique indexes never collide.
"""

from __future__ import annotations

import itertools
import uuid

import peewee

from clapboard.plugins.data.crud.meta import info as model_info

_counter = itertools.count(1)

# Columns whose valid values a generic rule would not guess.
SPECIAL = {
    ("metadata_descriptor", "entity_type"): lambda n: "Asset",
    ("metadata_descriptor", "data_type"): lambda n: "string",
    ("task", "difficulty"): lambda n: 3,
    ("time_spent", "duration"): lambda n: 60.0,
}


def value_for(info, key: str, field: peewee.Field, n: int):
    special = SPECIAL.get((info.table, key))
    if special is not None:
        return special(n)
    if isinstance(field, peewee.UUIDField):
        return str(uuid.uuid4())
    if isinstance(field, peewee.BooleanField):
        return False
    if isinstance(field, (peewee.IntegerField, peewee.BigIntegerField)):
        return 1
    if isinstance(field, peewee.FloatField):
        return 1.5
    if isinstance(field, peewee.DateTimeField):
        return "2026-11-28T10:00:00"
    if isinstance(field, peewee.DateField):
        return "2026-11-28"
    if isinstance(field, peewee.JSONField):
        return {}
    if field.choices:
        return field.choices[0][0]
    if key == "email":
        return f"person{n}@example.com"
    if "color" in key:
        return "#3a6b9c"
    text = f"{key}-{n}"
    max_length = getattr(field, "max_length", None) or 255
    return text[-max_length:]


class Factory:
    def __init__(self, client):
        self.client = client

    def body(self, model, extra: dict | None = None) -> dict:
        info = model_info(model)
        n = next(_counter)
        body = {}
        for key in sorted(info.required):
            field = info.writable[key]
            if isinstance(field, peewee.ForeignKeyField):
                body[key] = str(self.create(field.rel_model)["id"])
            else:
                body[key] = value_for(info, key, field, n)
        body.update(extra or {})
        return body

    def create(self, model, extra: dict | None = None) -> dict:
        info = model_info(model)
        body = self.body(model, extra)
        if info.path is None:  # link or internal table: straight into the database
            row = model.create(id=uuid.uuid4(), **{info.writable[k].name: v for k, v in body.items()})
            return {"id": row.id}
        if info.table == "plugin":  # rows come from the installed packages (POST refused): a stale row
            row = model.create(id=uuid.uuid4(), **{info.writable[k].name: v for k, v in body.items()})
            return self.client.simulate_get(f"/data/{info.path}/{row.id}").json
        result = self.client.simulate_post(f"/data/{info.path}", json=body)
        assert result.status_code == 201, (info.path, body, result.status_code, result.text)
        return result.json
