"""Every event name the production code emits is declared through ``register_events``."""

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[4] / "plugins" / "data"
LITERAL = re.compile(r'"([a-z_-]+:[a-z_-]+)"')


def test_every_emitted_event_is_declared(app):
    declared = {event.name for event in app.event_types}
    emitted = set()
    for module in SOURCE.rglob("*.py"):
        emitted |= set(LITERAL.findall(module.read_text()))
    emitted = {name for name in emitted if not name.startswith(("data:", "http:"))}
    assert emitted, "no event literal found: the pattern is wrong"
    assert emitted <= declared, sorted(emitted - declared)
