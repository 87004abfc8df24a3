"""Clapboard's generic CRUD answers have the shapes Zou's have, sample by recorded sample.

Every file in ``zou_samples/`` (a request/answer recorded from Zou 1.0.97) is
replayed on one Clapboard app (``replay.py``) and the two answers compared by
shape (``shapes.py``): status, keys, JSON type per key, ``type`` value,
date/time formats.

A difference must be either

- in ``ALLOWED``: Clapboard legitimately differs (a Zou crash, a recording
  artifact), one line of reason each; or
- in ``KNOWN_MISMATCHES``: a real incompatibility still to be fixed in the
  engine. The test then reports xfail with the reason, and fails as soon as
  the mismatch disappears, so that the entry gets removed.

Anything else fails.
"""

from __future__ import annotations

import json
import uuid

import pytest

from clapboard.testing import AppFactory

from .replay import CRUD_BY_PATH, SHARED_SAMPLES_DIR, Replay, is_generic_crud, keep, load_samples
from .shapes import compare

SAMPLES = load_samples()
# Cheap password hashing: replays log users in, they do not test the hash cost.
FAST_PASSWORDS = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}

PROJECT_RELATIONS = ("asset_types", "preview_background_files", "status_automations", "task_statuses",
                     "task_types", "team")
PROJECT_ITEM_KEYS = ("descriptors", "project_status_name", "task_statuses_link", "task_type_links",
                     "task_types_priority")
TEMPLATE_RELATIONS = ("asset_types", "preview_background_files", "status_automations", "task_statuses",
                      "task_types")

# Legitimate differences: {sample file: {difference (a trailing * matches any end): reason}}.
ALLOWED: dict[str, dict[str, str]] = {
    "DELETE__data__projects__{id}.500-asset-instances.json": {
        "status: zou 500, ours *": "Zou 1.0.97 crashes on a project holding asset instances; a 500 is no contract",
        "body: zou object, ours *": "same Zou crash (its 500 body against our answer)",
    },
    "DELETE__data__projects__{id}.closed-with-episode.anchor.json": {
        "status: zou 500, ours 400": "Zou 1.0.97 lets the FK violation escape as a 500; we answer it as a 400",
    },
    "GET__data__projects__{id}.json": {
        "missing: _list_length": "recording artifact: the sample recorder cut lists to 2 items and noted lengths",
    },
    "GET__data__projects__{id}.as-user.json": {
        "missing: _list_length": "recording artifact: the sample recorder cut lists to 2 items and noted lengths",
    },
    # Error bodies: ours are a superset of Zou's (clients read "message", which both have).
    **{name: {"extra: error": "we always send error: true with 4xx answers, as Zou's other errors do",
              "extra: errors": "we list every validation problem with its path"}
       for name in ("DELETE__data__entities__{id}.json", "DELETE__data__tasks__{id}.with-news.anchor.json",
                    "POST__data__departments.400-duplicate.anchor.json", "POST__data__projects.400-missing-name.json",
                    "POST__data__task-status.400-missing-fields.anchor.json")},
    "GET__data__projects.401-no-token.json": {
        "missing: msg": "flask-jwt-extended's own key; we answer in Zou's error shape, gazu reads 'message'",
        "extra: error": "Zou's error shape", "extra: message": "Zou's error shape",
    },
}


def _mismatches(*entries) -> dict[str, dict[str, str]]:
    """``(reason, sample names, differences)`` triples, merged into {sample: {difference: reason}}."""

    table: dict[str, dict[str, str]] = {}
    for reason, names, diffs in entries:
        for name in names:
            for diff in diffs:
                table.setdefault(name, {})[diff] = reason
    return table


# Real mismatches, to be fixed in the engine (plugins/data): listed, never hidden.
KNOWN_MISMATCHES: dict[str, dict[str, str]] = _mismatches()


def _allowed(name: str, diff: str) -> bool:
    for pattern in ALLOWED.get(name, {}):
        if diff == pattern or (pattern.endswith("*") and diff.startswith(pattern[:-1])):
            return True
    return False


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One app for every sample: each replay creates its own rows, so samples stay independent."""

    app = AppFactory(tmp_path_factory.mktemp("contract"), [])(config={"plugins": {"auth": FAST_PASSWORDS}})
    yield app
    app.close()


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name[: -len(".json")] for s in SAMPLES])
def test_shape_matches_zou(shared, sample):
    status, body = Replay(shared).run(sample)
    assert status < 500, f"{sample.name}: Clapboard answered {status}: {body!r}"
    diffs = compare(sample.status, sample.response_body, status, body)

    known = KNOWN_MISMATCHES.get(sample.name, {})
    unexpected = [d for d in diffs if d not in known and not _allowed(sample.name, d)]
    assert not unexpected, (f"{sample.name}: shape differs from Zou's: {unexpected}\n"
                            f"ours: {status} {json.dumps(body)[:3000]}")
    fixed = sorted(set(known) - set(diffs))
    assert not fixed, f"{sample.name}: no longer seen, remove from KNOWN_MISMATCHES: {fixed}"
    present = [d for d in diffs if d in known]
    if present:
        pytest.xfail("; ".join(f"{d} ({known[d]})" for d in present))


def test_lists_name_existing_samples():
    names = {s.name for s in SAMPLES}
    listed = set(ALLOWED) | set(KNOWN_MISMATCHES)
    assert listed <= names, f"entries for samples that do not exist: {sorted(listed - names)}"


def test_every_sample_is_a_generic_crud_route():
    for sample in SAMPLES:
        assert is_generic_crud({"path_template": sample.path_template}), sample.name
        assert sample.model is not None or sample.status == 404, sample.name


@pytest.mark.skipif(not SHARED_SAMPLES_DIR.is_dir(), reason="the shared Zou samples are not on this machine")
def test_fixtures_match_the_shared_samples():
    """Every generic CRUD sample recorded from Zou is here, unchanged (refresh: ``refresh_samples.py``)."""

    ours = {s.name: s for s in SAMPLES if not s.is_anchor}
    missing, changed = [], []
    for path in sorted(SHARED_SAMPLES_DIR.glob("*.json")):
        data = json.loads(path.read_text())
        if not is_generic_crud(data):
            continue
        if path.name not in ours:
            missing.append(path.name)
            continue
        kept = keep(data)
        mine = ours.pop(path.name)
        if any(getattr(mine, key) != value for key, value in kept.items()):
            changed.append(path.name)
    assert not missing and not changed and not ours, (missing, changed, sorted(ours))


ERROR_SAMPLES = {
    "bad-id": "GET__data__projects__{id}.400-bad-id.json",
    "unknown-id": "GET__data__projects__{id}.404-unknown-id.json",
    "wrong-method": "DELETE__data__projects.405-wrong-method.json",
    "malformed-json": "POST__data__projects.400-malformed-json.json",
}


@pytest.mark.parametrize("path", sorted(CRUD_BY_PATH))
def test_error_shapes_on_every_model(shared, path):
    """The error samples recorded on projects hold for every generic CRUD route."""

    from clapboard.testing import make_client

    by_name = {s.name: s for s in SAMPLES}
    client = make_client(shared)
    answers = {
        "bad-id": client.simulate_get(f"/data/{path}/not-a-uuid"),
        "unknown-id": client.simulate_get(f"/data/{path}/{uuid.uuid4()}"),
        "wrong-method": client.simulate_delete(f"/data/{path}"),
        "malformed-json": client.simulate_post(f"/data/{path}", body="{not json",
                                               headers={"Content-Type": "application/json"}),
    }
    diffs = {}
    for case, answer in answers.items():
        sample = by_name[ERROR_SAMPLES[case]]
        found = compare(sample.status, sample.response_body, answer.status_code, answer.json)
        if found:
            diffs[case] = found
    assert not diffs, diffs
