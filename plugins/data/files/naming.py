"""How Zou turns a file tree template into text: tokens, slugs, styles, roots and joins.

Pure functions, no database: ``render`` replaces every ``<Token>`` or
``<Token.field>`` of a template with what ``resolve(token, field)`` answers.
Each value is slugified with ``_`` as separator (python-slugify, as Zou does:
accents transliterated, anything but ``a-z0-9`` folded into ``_``, lowercase)
then styled (``uppercase``/``lowercase``; any other style keeps the slug);
``id`` fields are kept as they are. A file name is then slugified and styled
once more as a whole, the UUIDs it holds put back intact.
"""

from __future__ import annotations

import re

from slugify import slugify

from clapboard.errors import BadRequest

TOKEN = re.compile(r"<([\w\.]*)>")
UUID4 = re.compile(r"[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89aAbB][a-f0-9]{3}-[a-f0-9]{12}")
FIELDS = frozenset({"short_name", "name", "number", "id"})


class MalformedFileTree(BadRequest):
    """The project's tree lacks what the asked path needs (Zou's ``MalformedFileTreeException``, a 400)."""

    default_message = "The project's file tree is malformed."


def slug(value) -> str:
    return slugify(str(value), separator="_")


def apply_style(text: str, style) -> str:
    if style == "uppercase":
        return text.upper()
    if style == "lowercase":
        return text.lower()
    return text


def render(template: str, resolve, style="lowercase") -> str:
    """``template`` with its tokens replaced; a token whose value is ``None`` stays as written."""

    if not isinstance(template, str):
        raise MalformedFileTree("A file tree template must be a string.")
    text = template
    for variable in TOKEN.findall(template):
        token, _, field = variable.partition(".")
        field = field.split(".")[0] if field else "name"
        if field not in FIELDS:
            field = "name"
        value = resolve(token, field)
        if value is None:
            continue
        value = str(value) if field == "id" else apply_style(slug(value), style)
        text = text.replace(f"<{variable}>", value)
    return text


def file_name(template: str, resolve, style) -> str:
    """A file name: rendered (values lowercased), slugified whole, styled, its UUIDs kept intact."""

    rendered = render(template, resolve)
    uuids = UUID4.findall(rendered)
    name = apply_style(slug(rendered), style)
    for found in uuids:
        name = name.replace(apply_style(slug(found), style), found)
    return name


def root_path(tree, mode: str, sep: str) -> str:
    """``<mountpoint><sep><root><sep>`` of a mode (no root: ``<mountpoint><sep>``)."""

    if not tree:
        raise MalformedFileTree("No tree can be found for given project.")
    if not isinstance(tree, dict) or mode not in tree:
        raise MalformedFileTree(f"Mode {mode} cannot be found on given tree.")
    section = tree[mode]
    if not isinstance(section, dict) or "mountpoint" not in section or "root" not in section:
        raise MalformedFileTree(f"Can't find given mode ({mode}) in given tree.")
    mountpoint, root = str(section["mountpoint"]), section["root"]
    return f"{mountpoint}{sep}{root}{sep}" if root else f"{mountpoint}{sep}"


def section(tree, mode: str, part: str) -> dict:
    """``folder_path`` or ``file_name`` of a mode (400 when the tree has none)."""

    found = tree.get(mode, {}).get(part) if isinstance(tree, dict) and isinstance(tree.get(mode), dict) else None
    if not isinstance(found, dict):
        raise MalformedFileTree(f"The file tree has no {part} templates for mode {mode}.")
    return found


def template(tree, mode: str, part: str, kind: str) -> str:
    """The template of an entity kind (``shot``, ``asset``, ``instance``…) in a mode's part."""

    found = section(tree, mode, part).get(kind)
    if not isinstance(found, str):
        raise MalformedFileTree(f"The file tree has no {part} template for {kind} in mode {mode}.")
    return found


def style_of(tree, mode: str, part: str):
    return section(tree, mode, part).get("style", "")


def join(left: str, right: str, sep: str) -> str:
    if left == "":
        return right
    if right == "":
        return left
    return f"{left}{sep}{right}"
