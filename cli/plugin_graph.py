"""The plugins' dependency graph as text: an indented tree, or Graphviz DOT.

Edges come from each plugin's ``requires``. The tree starts from the plugins
that require nothing and lists under each plugin those that require it, so a
studio sees at a glance what goes when it disables one. A plugin that needs
several others appears under each of them; a plugin required but not installed
appears with that state; a cycle is cut where it closes.
"""

from __future__ import annotations

import json


def _label(info: dict | None, name: str) -> str:
    if info is None:
        return f"{name} (not installed)"
    return name if info["status"] == "enabled" else f"{name} ({info['status']})"


def tree(infos: list[dict]) -> list[str]:
    by_name = {info["name"]: info for info in infos}
    children: dict[str, list[str]] = {}
    for info in infos:
        for needed in info["requires"]:
            children.setdefault(needed, []).append(info["name"])
    roots = [info["name"] for info in infos if not info["requires"]]
    roots += sorted(name for name in children if name not in by_name)
    lines = ["(each plugin is listed under the plugins it requires)"]
    seen: set[str] = set()

    def walk(name: str, depth: int, path: tuple[str, ...]) -> None:
        if name in path:
            lines.append("  " * depth + f"{name} (cycle)")
            return
        seen.add(name)
        lines.append("  " * depth + _label(by_name.get(name), name))
        for child in sorted(children.get(name, ())):
            walk(child, depth + 1, path + (name,))

    for root in roots:
        walk(root, 0, ())
    for info in infos:  # plugins only reachable through a cycle
        if info["name"] not in seen:
            walk(info["name"], 0, ())
    return lines


def dot(infos: list[dict]) -> list[str]:
    """``digraph``: an arrow from each plugin to each plugin it requires; not-enabled nodes dashed."""

    names = {info["name"] for info in infos}
    lines = ["digraph clapboard_plugins {", "  rankdir=BT;"]
    for info in infos:
        style = "" if info["status"] == "enabled" else ", style=dashed"
        lines.append(f"  {json.dumps(info['name'])} [label={json.dumps(_label(info, info['name']))}{style}];")
    for missing in sorted({n for info in infos for n in info["requires"]} - names):
        lines.append(f"  {json.dumps(missing)} [label={json.dumps(_label(None, missing))}, style=dotted];")
    for info in infos:
        for needed in info["requires"]:
            lines.append(f"  {json.dumps(info['name'])} -> {json.dumps(needed)};")
    lines.append("}")
    return lines
