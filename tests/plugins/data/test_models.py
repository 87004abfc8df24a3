"""The data plugin's models against Zou: tables, CRUD paths, serialized keys and constraints.

Serialized keys and defaults are checked against responses recorded from a real
Zou 1.0.97 (``/work/shared/zou/samples``, or ``CLAPBOARD_ZOU_SAMPLES``); those
tests are skipped where the samples are not available. Database tests run on
SQLite, and on PostgreSQL too when ``CLAPBOARD_TEST_DATABASE_URL`` is set.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import peewee
import pytest

from clapboard.db import database, open_database
from clapboard.plugins.data import models
from clapboard.plugins.data.models import ALL_MODELS, CRUD_MODELS, MODELS_BY_PATH
from clapboard.plugins.data.models.base import BaseModel, LinkModel
from clapboard.testing import TEST_DATABASE_ENV, reset_database

SAMPLES = Path(os.environ.get("CLAPBOARD_ZOU_SAMPLES", Path(__file__).resolve().parents[2] / "zou_samples"))

# The 46 CRUD paths of the reference (§3.1), in its order.
EXPECTED_PATHS = [
    "persons", "projects", "project-status", "project-templates", "entity-types", "entities", "task-types",
    "task-status", "tasks", "departments", "organisations", "file-status", "softwares", "hardware-items",
    "output-files", "output-types", "preview-files", "working-files", "attachment-files", "comments",
    "time-spents", "day-offs", "custom-actions", "status-automations", "asset-instances", "playlists", "events",
    "notifications", "search-filters", "search-filter-groups", "schedule-items", "news", "milestones",
    "metadata-descriptors", "subscriptions", "entity-links", "chats", "chat-messages", "preview-background-files",
    "studios", "salary-scales", "budgets", "budget-entries", "plugins", "production-schedule-versions",
    "production-schedule-version-task-links",
]

BASE_KEYS = {"id", "created_at", "updated_at", "type"}
RECORDER_KEYS = {"_list_length"}  # added by the tool that recorded the samples, not by Zou

# Per-model differences between our serialized keys and the samples that could
# not be resolved: {crud_path: (keys we have that Zou lacks, keys Zou has that we lack)}.
# Empty: every generic sample matches.
ALLOWED_DIFFERENCES: dict[str, tuple[set, set]] = {}

# Generic CRUD samples: (kind, file name pattern); an item GET includes relations.
GENERIC_SAMPLES = (
    ("list", "GET__data__{path}.json"),
    ("item", "GET__data__{path}__{{id}}.json"),
    ("post", "POST__data__{path}.json"),
    ("put", "PUT__data__{path}__{{id}}.json"),
)

# Other routes that answer with plain rows of a model (Zou's ``serialize()``).
ROUTE_SAMPLES = [
    ("POST__data__projects__{id}__budgets.json", "Budget"),
    ("GET__data__projects__{id}__budgets__{id}__entries__{id}.json", "BudgetEntry"),
    ("POST__data__user__filters.json", "SearchFilter"),
    ("POST__data__user__filter-groups.json", "SearchFilterGroup"),
    ("POST__actions__user__tasks__{id}__subscribe.json", "Subscription"),
    ("POST__actions__tasks__{id}__time-spents__{date}__persons__{id}.json", "TimeSpent"),
    ("POST__data__entities__{id}__chat__messages.json", "ChatMessage"),
    ("POST__actions__user__chats__{id}__join.json", "Chat"),
    ("PUT__data__user__notifications__{id}.json", "Notification"),
    ("POST__import__kitsu__entity-links.json", "EntityLink"),
    ("POST__data__playlists__{id}__share.json", "PlaylistShareLink"),
    ("POST__data__project-templates__{id}__task-types.json", "ProjectTemplateTaskTypeLink"),
    ("POST__data__project-templates__{id}__task-statuses.json", "ProjectTemplateTaskStatusLink"),
    ("POST__data__user__desktop-login-logs.json", "DesktopLoginLog"),
]

# Columns a generic POST fills from the request context rather than from a default.
SERVER_SET = {("playlists", "created_by")}


def _load(name: str) -> dict | None:
    path = SAMPLES / name
    if not path.is_file():
        return None
    sample = json.loads(path.read_text())
    return sample if 200 <= sample["status"] < 300 else None


def _rows(body) -> list[dict]:
    rows = body if isinstance(body, list) else [body]
    return [row for row in rows if isinstance(row, dict)]


def _generic_cases():
    for model in CRUD_MODELS:
        for kind, pattern in GENERIC_SAMPLES:
            name = pattern.format(path=model._meta.crud_path)
            sample = _load(name)
            if sample is not None and _rows(sample["response_body"]):
                yield pytest.param(model, kind, sample, id=name[:-5])


def _column_keys(model) -> set[str]:
    """Keys of a serialized row that come from columns (secrets never leave)."""

    meta = model._meta
    secret = set(getattr(meta, "secret_fields", ()))
    return {f.column_name for f in meta.sorted_fields if f.name not in secret and f.column_name not in secret}


def _check_keys(model, row: dict, *, with_relations: bool, allowed=(set(), set())) -> None:
    keys = set(row) - RECORDER_KEYS
    relations = set(model._meta.manytomany)
    optional = relations | set(model._meta.read_only_fields)
    ours_only, zous_only = allowed
    expected = (_column_keys(model) | BASE_KEYS | zous_only) - ours_only
    assert keys - optional == expected, model.__name__
    if with_relations:
        assert relations <= keys, model.__name__


# --- model declarations ---------------------------------------------------------------------------------


def test_crud_models_are_the_46_of_the_reference():
    """45 in ``data``; the 46th, ``metadata-descriptors``, is the ``metadata`` plugin's (its own tests)."""

    ours = [path for path in EXPECTED_PATHS if path != "metadata-descriptors"]
    assert len(CRUD_MODELS) == 45
    assert [m._meta.crud_path for m in CRUD_MODELS] == ours
    assert list(MODELS_BY_PATH) == ours
    assert all(MODELS_BY_PATH[path]._meta.crud_path == path for path in ours)
    assert all(m._meta.crud_path is None for m in ALL_MODELS if m not in CRUD_MODELS)


def _declared_models():
    found, stack = set(), [BaseModel, LinkModel]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith(models.__name__ + "."):
                found.add(sub)
    return found


def test_all_models_lists_every_table_once_after_what_it_references():
    assert len(set(ALL_MODELS)) == len(ALL_MODELS)
    assert set(ALL_MODELS) == _declared_models()
    assert len({m._meta.table_name for m in ALL_MODELS}) == len(ALL_MODELS)
    seen = set()
    for model in ALL_MODELS:
        for field in model._meta.refs:
            assert field.rel_model is model or field.rel_model in seen, f"{model.__name__}.{field.name}"
        seen.add(model)


def test_every_model_has_zou_names():
    for model in ALL_MODELS:
        meta = model._meta
        assert meta.table_name and meta.table_name == meta.table_name.lower()
        if issubclass(model, BaseModel):
            assert meta.type_name, model.__name__


def test_relations_use_link_models_in_all_models():
    for model in ALL_MODELS:
        columns = _column_keys(model)
        read_only = set(getattr(model._meta, "read_only_fields", ()))
        for name, relation in model._meta.manytomany.items():
            through = relation.through_model
            assert not isinstance(through, peewee.DeferredThroughModel), f"{model.__name__}.{name}"
            assert through in ALL_MODELS
            accessor = vars(model)[name]
            assert accessor.src_fk.rel_model is model and accessor.dest_fk.rel_model is relation.rel_model
            assert accessor.src_fk is not accessor.dest_fk
            assert accessor.src_fk.on_delete == accessor.dest_fk.on_delete == "CASCADE"
            assert name not in columns and name not in read_only
        assert not (read_only & columns), model.__name__


def test_secrets_are_declared_columns():
    for model in ALL_MODELS:
        names = {f.name for f in model._meta.sorted_fields} | {f.column_name for f in model._meta.sorted_fields}
        assert set(getattr(model._meta, "secret_fields", ())) <= names, model.__name__


# --- against Zou's recorded responses -----------------------------------------------------------------


@pytest.mark.parametrize(("model", "kind", "sample"), list(_generic_cases()))
def test_generic_crud_keys_match_zou(model, kind, sample):
    allowed = ALLOWED_DIFFERENCES.get(model._meta.crud_path, (set(), set()))
    for row in _rows(sample["response_body"]):
        assert row["type"] == model._meta.type_name or model is models.Entity
        _check_keys(model, row, with_relations=kind == "item", allowed=allowed)


@pytest.mark.parametrize(("name", "model_name"), ROUTE_SAMPLES, ids=[name[:-5] for name, _ in ROUTE_SAMPLES])
def test_route_rows_match_zou(name, model_name):
    sample = _load(name)
    if sample is None:
        pytest.skip("sample not available")
    model = getattr(models, model_name)
    for row in _rows(sample["response_body"]):
        assert row["type"] == model._meta.type_name
        _check_keys(model, row, with_relations=False)


def test_generic_samples_cover_most_crud_models():
    if not SAMPLES.is_dir():
        pytest.skip("samples not available")
    covered = {case.values[0] for case in _generic_cases()}
    assert len(covered) >= 25


def _default(field: peewee.Field):
    value = field.default() if callable(field.default) else field.default
    if value is not None and isinstance(field, peewee.FloatField):
        return float(value)
    return value


def _post_cases():
    for model in CRUD_MODELS:
        name = f"POST__data__{model._meta.crud_path}.json"
        sample = _load(name)
        if sample is not None:
            yield pytest.param(model, sample, id=name[:-5])


@pytest.mark.parametrize(("model", "sample"), list(_post_cases()))
def test_defaults_of_new_rows_match_zou(model, sample):
    path = model._meta.crud_path
    sent, row = sample["request_body"] or {}, sample["response_body"]
    for field in model._meta.sorted_fields:
        key = field.column_name
        if key in sent or key not in row or key in BASE_KEYS or (path, key) in SERVER_SET:
            continue
        expected = _default(field)
        assert (expected, type(expected)) == (row[key], type(row[key])), f"{path}.{key}"


# --- on a database ---------------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'models.db'}"
    else:
        url = os.environ.get(TEST_DATABASE_ENV)
        if not url:
            pytest.skip(f"{TEST_DATABASE_ENV} is not set")
        reset_database(url)
    opened = open_database(url, max_connections=2)
    previous = database.obj
    database.initialize(opened)
    opened.connect()
    try:
        opened.create_tables(ALL_MODELS)
        yield opened
    finally:
        opened.close()
        opened.close_all()
        database.initialize(previous)


def test_all_tables_are_created(db):
    assert set(db.get_tables()) == {m._meta.table_name for m in ALL_MODELS}
    if isinstance(db, peewee.SqliteDatabase):
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1


@pytest.fixture
def production(db):
    project = models.Project.create(name="Film")
    entity = models.Entity.create(
        name="Hero", project=project, entity_type=models.EntityType.create(name="Character"),
    )
    return {
        "project": project,
        "entity": entity,
        "task_type": models.TaskType.create(name="Modeling"),
        "task_status": models.TaskStatus.create(name="Todo", short_name="todo", color="#f5f5f5"),
    }


def _refused(db, create, **values):
    with pytest.raises(peewee.IntegrityError):
        with db.atomic():
            create(**values)


def test_task_name_is_unique_per_project_type_and_entity(db, production):
    models.Task.create(name="main", **production)
    _refused(db, models.Task.create, name="main", **production)
    other = models.Entity.create(
        name="Villain", project=production["project"], entity_type=production["entity"].entity_type,
    )
    models.Task.create(name="main", **{**production, "entity": other})
    assert models.Task.select().count() == 2


@pytest.mark.parametrize("difficulty", [0, 6])
def test_task_difficulty_is_checked(db, production, difficulty):
    _refused(db, models.Task.create, name="main", difficulty=difficulty, **production)
    assert models.Task.create(name="main", difficulty=5, **production).difficulty == 5


def test_time_spent_duration_is_checked(db, production):
    task = models.Task.create(name="main", **production)
    person = models.Person.create(first_name="Ann", last_name="Lee")
    _refused(db, models.TimeSpent.create, task=task, person=person, date=date(2024, 1, 2), duration=0)
    models.TimeSpent.create(task=task, person=person, date=date(2024, 1, 2), duration=60)
    _refused(db, models.TimeSpent.create, task=task, person=person, date=date(2024, 1, 2), duration=30)


def test_partial_unique_indexes(db, production):
    models.Person.create(first_name="A", last_name="B", email="a@b.c")
    _refused(db, models.Person.create, first_name="C", last_name="D", email="a@b.c")
    models.Person.create(first_name="Bot", last_name="1", email="a@b.c", is_bot=True)
    models.Person.create(first_name="Bot", last_name="2", email="a@b.c", is_bot=True)


def test_relations_read_through_their_link_tables(db, production):
    shot, asset = production["entity"], models.Entity.create(
        name="Sword", project=production["project"], entity_type=production["entity"].entity_type,
    )
    models.EntityLink.create(entity_in=shot, entity_out=asset, nb_occurences=2)
    assert [e.id for e in shot.entities_out] == [asset.id]
    assert list(asset.entities_out) == []

    task = models.Task.create(name="main", **production)
    person = models.Person.create(first_name="Ann", last_name="Lee")
    task.assignees.add(person)
    assert [p.id for p in task.assignees] == [person.id]
    project = production["project"]
    project.team.add(person)
    project.task_types.add(production["task_type"])
    assert models.ProjectTaskTypeLink.get().is_client_visible is True
    assert models.ProjectPersonLink.get().role is None


def test_link_rows_go_with_their_owner_and_references_are_kept(db, production):
    task = models.Task.create(name="main", **production)
    person = models.Person.create(first_name="Ann", last_name="Lee")
    task.assignees.add(person)
    with pytest.raises(peewee.IntegrityError):
        with db.atomic():
            production["entity"].delete_instance()
    task.delete_instance()
    assert models.TaskPersonLink.select().count() == 0
    assert models.Person.select().count() == 1
