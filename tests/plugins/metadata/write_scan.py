"""Finding, in plugin source, the statements that may write the ``data`` column of Entity, Task or Project.

Used by ``test_write_paths.py`` to keep the list of audited write paths
complete: a new place that writes ``data`` without the ``data_validate_values``
hook would store values no descriptor judged. The scan is deliberately
generous (a ``**values`` splat on a model whose class is only known at run
time counts), so that the audited list, not a reader's memory, says why each
place is safe.

What counts as a possible write:

- a write method (``create``, ``update``, ``insert_many``, ``bulk_update``…)
  called on ``Entity``, ``Task`` or ``Project`` (imported under any alias, or
  ``m.Entity``), unless every argument is a plain keyword other than ``data``;
- the same methods on a model known only at run time (``model``,
  ``info.model``) when ``data`` shows in the call: a ``data=`` keyword, a
  ``**`` splat, a dict with a ``"data"`` key, an ``x.data`` field;
- building one of the three models with ``data=`` or a splat (then ``save``);
- the writers of ``crud/writes.py`` (``insert_missing``, ``add``, ``put``)
  given one of the three models;
- ``x.data = …`` (except a Falcon ``resp.data``) and ``setattr(x, "data", …)``;
- SQL text, f-strings included: ``UPDATE entity|task|project … SET``,
  ``UPDATE <any table> SET … data =`` or ``INSERT INTO entity|task|project (…``.

Calls on another model (``ApiEvent.create(data=…)``, ``EntityVersion``) are not
writes of these columns.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

TARGETS = frozenset({"Entity", "Task", "Project"})
WRITE_METHODS = frozenset({"create", "insert", "insert_many", "insert_from", "update", "replace", "replace_many",
                           "bulk_create", "bulk_update", "get_or_create"})
WRITE_HELPERS = frozenset({"insert_missing", "add", "put"})
RESPONSES = frozenset({"resp", "response"})
SQL = re.compile(r'(?is)\bupdate\s+"?(entity|task|project)"?\s+set\b'  # any column of the three tables
                 r'|\bupdate\s+\S+\s+set\b[^;]*?"?\bdata\b"?\s*='  # the data column of any table
                 r'|\binsert\s+into\s+"?(entity|task|project)"?\s*\(')


class _Names:
    """What a module's names stand for: imported classes (by their original name) and simple aliases."""

    def __init__(self, tree: ast.Module):
        self.imported: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    self.imported[alias.asname or alias.name] = alias.name
        aliases: dict[str, set[str]] = {}
        for node in ast.walk(tree):  # ``Row = PreviewBackgroundFile``, ``link = ProjectTaskTypeLink``
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                    and isinstance(node.value, ast.Name) and node.value.id in self.imported:
                aliases.setdefault(node.targets[0].id, set()).add(self.imported[node.value.id])
        for alias, originals in aliases.items():
            if len(originals) == 1:  # a name bound to several classes is known only at run time
                self.imported[alias] = originals.pop()

    def kind(self, node: ast.AST) -> str:
        """``target`` (one of the three models), ``other`` (another class) or ``dynamic`` (known at run time)."""

        if isinstance(node, ast.Name):
            original = self.imported.get(node.id)
            if original in TARGETS:
                return "target"
            if original is not None and original[:1].isupper():
                return "other"
            return "dynamic"
        if isinstance(node, ast.Attribute) and node.attr[:1].isupper():
            return "target" if node.attr in TARGETS else "other"
        return "dynamic"


def _mentions_data(call: ast.Call) -> bool:
    if any(k.arg is None or k.arg == "data" for k in call.keywords):
        return True
    for node in ast.walk(call):
        if node is call:
            continue
        if isinstance(node, ast.Attribute) and node.attr == "data":
            return True
        if isinstance(node, ast.Dict) and any(
                isinstance(k, ast.Constant) and k.value == "data" for k in node.keys):
            return True
    return False


def _only_plain_keywords(call: ast.Call) -> bool:
    return not call.args and all(k.arg is not None and k.arg != "data" for k in call.keywords)


def _call_writes(call: ast.Call, names: _Names) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in WRITE_METHODS:
        kind = names.kind(func.value)
        if kind == "target":
            return not _only_plain_keywords(call)
        return kind == "dynamic" and _mentions_data(call)
    if names.kind(func) == "target":  # Entity(..., data=...) then .save()
        return any(k.arg is None or k.arg == "data" for k in call.keywords)
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    if name in WRITE_HELPERS and call.args:
        return names.kind(call.args[0]) == "target"
    if name == "setattr" and len(call.args) >= 2:
        return isinstance(call.args[1], ast.Constant) and call.args[1].value == "data"
    return False


def _assigns_data(target: ast.AST) -> bool:
    while isinstance(target, ast.Subscript):  # x.data["key"] = …
        target = target.value
    if not (isinstance(target, ast.Attribute) and target.attr == "data"):
        return False
    return not (isinstance(target.value, ast.Name) and target.value.id in RESPONSES)


def _text(node: ast.JoinedStr) -> str:
    """An f-string's text with ``{}`` for each replacement field (``UPDATE "{table}" SET "data" = …``)."""

    return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)


def data_writes(source: str) -> list[int]:
    """Line numbers of the statements of ``source`` that may write a ``data`` column of the three models."""

    tree = ast.parse(source)
    names = _Names(tree)
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_writes(node, names):
            lines.add(node.lineno)
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_assigns_data(t) for t in targets):
                lines.add(node.lineno)
        elif isinstance(node, ast.JoinedStr) and SQL.search(_text(node)):
            lines.add(node.lineno)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            lines.add(node.lineno)
    return sorted(lines)


def scan(root: Path) -> dict[str, list[int]]:
    """``{path relative to root: [lines]}`` for every module under ``root`` with a possible ``data`` write."""

    found = {}
    for path in sorted(root.rglob("*.py")):
        lines = data_writes(path.read_text(encoding="utf-8"))
        if lines:
            found[path.relative_to(root).as_posix()] = lines
    return found
