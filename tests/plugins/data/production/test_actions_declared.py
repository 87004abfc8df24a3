"""Every action the production code checks is declared through ``register_permissions``."""

import re
from pathlib import Path

from clapboard.plugins.data import models
from clapboard.plugins.data.crud.meta import info

SOURCE = Path(__file__).resolve().parents[4] / "plugins" / "data"
CHECK = re.compile(r'require\(ctx, ([A-Z][A-Za-z]+), "([a-z-]+)"')


def test_every_checked_action_is_declared(app):
    declared = {p.action for p in app.permissions}
    checked = set()
    for module in SOURCE.rglob("*.py"):
        for model_name, verb in CHECK.findall(module.read_text()):
            checked.add(f"data.{info(getattr(models, model_name)).path}.{verb}")
    assert checked, "no permission check found: the pattern is wrong"
    assert checked <= declared, sorted(checked - declared)
