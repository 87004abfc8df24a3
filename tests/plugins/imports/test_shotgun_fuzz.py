"""Mangled ShotGrid payloads: every item is either imported or recorded, and nothing answers a 500.

Values of the realistic chain are replaced at random (seeded, so a failure
replays) by values of the wrong type, out of range, or absent; the import is
posted twice in a row (a second pass meets the rows of the first).
"""

from __future__ import annotations

import copy
import random

import pytest

from clapboard.plugins.data.models import DataImportError

from .test_shotgun_chain import CHAIN, ORDER

JUNK = (None, -1, 0, 2**31, 2**70, 1.5, True, "", "x" * 300, "3", [], {}, [1], {"id": "1"}, {"id": 2**40},
        {"type": "Shot"}, {"type": "Asset", "id": 501}, "2026-13-45", "changeme@email.com", "1,2", "999,0,0")


def _mangled(rng: random.Random, item):
    item = copy.deepcopy(item)
    roll = rng.random()
    if roll < 0.1:
        return rng.choice(JUNK)
    keys = list(item)
    for key in rng.sample(keys, k=min(len(keys), rng.randint(1, 3))):
        if rng.random() < 0.25:
            del item[key]
        else:
            item[key] = rng.choice(JUNK)
    return item


@pytest.mark.parametrize("seed", range(8))
def test_mangled_chains_never_fail_the_request(app, client, seed):
    rng = random.Random(seed)
    for attempt in range(2):
        for kind in ORDER:
            items = [_mangled(rng, item) if rng.random() < 0.6 else item for item in CHAIN[kind]]
            with app.db.connection_context():
                before = DataImportError.select().count()
            answer = client.simulate_post(f"/import/shotgun/{kind}", json=items)
            assert answer.status_code == 200, (seed, attempt, kind, answer.text)
            with app.db.connection_context():
                refused = DataImportError.select().count() - before
            assert len(answer.json) + refused >= len(items), (seed, kind)
            removed = "status" if kind == "status" else kind[:-1]
            removal = client.simulate_post(f"/import/shotgun/remove/{removed}",
                                           json=rng.choice([{"id": 999}, {"id": rng.choice(JUNK)}]))
            assert removal.status_code in (200, 400), (kind, removal.text)
