"""Which templates of a project's file tree a path matches, and the rows its folders name.

Zou's ``guess_from_path``: for each mode whose root (styled as the mode's
folders) starts the styled path, each ``folder_path`` template is compared
folder by folder with what follows the root (as far as the shorter of the
two goes). Literal folders must match; a folder holding a token gives its
value (``_`` read as a space, the template's prefix and suffix around the
token cut off). Values are then looked up left to right, case-insensitively,
each within what the folders before it found (an asset within its project and
asset type, a shot within its sequence…); the first one not found ends the
template's answer. Answers are ``{"Template": kind, "<Token>": id or text}``,
each once. Unlike Zou, a ``<Project>`` folder naming another production than
the one asked about ends the answer too: the caller's access was checked on
that one, and another production's ids are not theirs to learn.
"""

from __future__ import annotations

import re
from collections import OrderedDict

import peewee

from ..models import AssetInstance, Department, Entity, EntityType, OutputType, Project, Task, TaskType
from . import naming

PIECE = re.compile(r"(?P<prefix>\w*)<(?P<token>\w*)>(?P<suffix>\w*)")


class NoMatch(Exception):
    pass


def _named(model, value: str, *conditions):
    return model.select().where(peewee.fn.LOWER(model.name) == value.lower(), *conditions).first()


def _kind(name: str):
    return EntityType.select(EntityType.id).where(EntityType.name == name).scalar()


def tokens_of(elements: list[str], template_elements: list[str]) -> OrderedDict:
    found: OrderedDict = OrderedDict()
    for index, template_element in enumerate(template_elements[:min(len(elements), len(template_elements))]):
        piece = PIECE.search(template_element)
        if piece is None:
            if template_element == elements[index]:
                continue
            raise NoMatch
        value = elements[index].replace("_", " ")
        value = value[len(piece.group("prefix")):len(value) - len(piece.group("suffix"))]
        if not found.get(piece.group("token")):
            found[piece.group("token")] = value
    return found


def lookup(token: str, value: str, known: dict):
    """The row (or text, or number) a token's value names, within what ``known`` holds; ``None``."""

    project, episode, sequence = known.get("Project"), known.get("Episode"), known.get("Sequence")
    if token == "Project":
        return _named(Project, value)
    if token in ("AssetType", "TemporalEntityType"):
        return _named(EntityType, value)
    if token == "Department":
        return _named(Department, value)
    if token == "TaskType":
        return _named(TaskType, value)
    if token == "OutputType":
        return _named(OutputType, value)
    if token == "Asset":
        if not project or not known.get("AssetType"):
            return None
        return _named(Entity, value, Entity.entity_type == known["AssetType"], Entity.project == project)
    if token == "TemporalEntity":
        if not project or not known.get("TemporalEntityType"):
            return None
        return _named(Entity, value, Entity.entity_type == known["TemporalEntityType"], Entity.project == project)
    if token == "Episode":
        return _named(Entity, value, Entity.entity_type == _kind("Episode"), Entity.project == project) \
            if project else None
    if token == "Sequence":
        if not project or not episode:
            return None
        return _named(Entity, value, Entity.entity_type == _kind("Sequence"), Entity.parent == episode,
                      Entity.project == project)
    if token == "Scene":
        if not project or not episode:
            return None
        return _named(Entity, value, Entity.entity_type == _kind("Scene"), Entity.parent == sequence,
                      Entity.project == project)
    if token == "Shot":
        if not project or not sequence:
            return None
        return _named(Entity, value, Entity.entity_type == _kind("Shot"), Entity.parent == sequence,
                      Entity.project == project)
    if token == "Task":
        entity = next((known[k] for k in ("Scene", "Asset", "Shot") if known.get(k)), None)
        if not project or not known.get("TaskType") or entity is None:
            return None
        return _named(Task, value, Task.task_type == known["TaskType"], Task.project == project,
                      Task.entity == entity)
    if token in ("Name", "Representation"):
        return value
    if token == "Version":
        try:
            return int(value)
        except ValueError:
            return None
    if token == "Instance":
        if not episode:
            return None
        return AssetInstance.select().where(peewee.fn.LOWER(AssetInstance.name) == value.lower(),
                                            AssetInstance.entity == episode).first()
    return None


def _answer(template: str, template_elements: list[str], tokens: OrderedDict, project_id) -> dict:
    answer = {"Template": template}
    for element in template_elements:
        token = next((t for t in tokens if f"<{t}>" in element), None)
        if token is None:
            continue
        data = lookup(token, tokens[token], answer)
        if not data or (token == "Project" and str(data.id) != str(project_id)):
            break
        answer[token] = data if isinstance(data, str) else str(data) if isinstance(data, int) else str(data.id)
    return answer


def guess(tree, file_path: str, project_id, sep: str = "/") -> list[dict]:
    if not isinstance(tree, dict) or not tree:
        raise naming.MalformedFileTree("No tree can be found for given project.")
    matches: list[dict] = []
    for mode in tree:
        folders = naming.section(tree, mode, "folder_path")
        style = folders.get("style", "")
        root = naming.apply_style(naming.root_path(tree, mode, sep), style)
        styled = naming.apply_style(file_path, style)
        if not styled.startswith(root):
            continue
        elements = styled[len(root):].split(sep)
        for template, template_path in folders.items():
            if not isinstance(template_path, str):
                continue
            template_elements = template_path.split(sep)
            try:
                tokens = tokens_of(elements, template_elements)
            except NoMatch:
                continue
            if not tokens:
                continue
            answer = _answer(template, template_elements, tokens, project_id)
            if answer not in matches:
                matches.append(answer)
    return matches
