"""Working and output file paths of a project's file tree, built as Zou builds them.

A path is ``<mountpoint><sep><root><sep>`` + the entity kind's ``folder_path``
template (each value slugified and styled with the folder style, ``/`` of the
template turned into ``sep``), and a file name from the kind's ``file_name``
template (see ``naming``). Asset instances use the ``instance_asset`` template
when they are cast in an asset, ``instance`` otherwise. Zou's stored paths
join folder and file name with the separator; output files add their
extension right after the name (no dot added, as Zou).
"""

from __future__ import annotations

from ..models import Project
from . import naming
from .values import Values, kind_of


def tree_of(project: Project):
    tree = project.file_tree
    if not tree:
        raise naming.MalformedFileTree("No tree can be found for given project.")
    return tree


def _instance_kind(values: Values) -> str:
    return "instance_asset" if values.asset_instance.target_asset_id is not None else "instance"


def kind(values: Values) -> str:
    return _instance_kind(values) if values.asset_instance is not None else kind_of(values.entity)


def folder(values: Values, mode: str, sep: str = "/") -> str:
    tree = tree_of(values.project)
    root = naming.root_path(tree, mode, sep)
    template = naming.template(tree, mode, "folder_path", kind(values))
    rendered = naming.render(template, values.resolve, naming.style_of(tree, mode, "folder_path"))
    return naming.join(root, rendered.replace("/", sep), "")


def file_name(values: Values, mode: str, nb_elements: int = 1) -> str:
    tree = tree_of(values.project)
    template = naming.template(tree, mode, "file_name", kind(values))
    name = naming.file_name(template, values.resolve, naming.style_of(tree, mode, "file_name"))
    if nb_elements > 1:
        name += f"_[1-{nb_elements}]"
    return name
