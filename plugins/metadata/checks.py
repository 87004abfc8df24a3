"""``data_validate_values``: the project's descriptors judge every ``data`` write the ``data`` plugin makes.

Reads the descriptors of the project (one query) and, only when a ``person``
value changes, the project's team (one query); the judging itself is
``values.check_values``. Any problem refuses the whole request with a 400;
a supervisor changing another department's value first gets a 403
(``departments.py``).
"""

from __future__ import annotations

from . import values
from .departments import DepartmentRule
from .departments import refusal as department_refusal


def _descriptors(project_id) -> list[dict]:
    from .models import MetadataDescriptor as md

    query = md.select(md.id, md.name, md.field_name, md.data_type, md.choices, md.entity_type,
                      md.task_type.alias("task_type_id")).where(md.project == project_id)
    return list(query.dicts())


def _kinds(entity_type_ids) -> dict:
    """Descriptor kind of each entity type: its name for shots, sequences…, "Asset" for every asset type."""

    from clapboard.plugins.data.engine import ENTITY_KINDS
    from clapboard.plugins.data.models import EntityType

    wanted = {i for i in entity_type_ids if i is not None}
    if not wanted:
        return {}
    found = EntityType.select(EntityType.id, EntityType.name).where(EntityType.id.in_(list(wanted))).tuples()
    return {str(i): (name if name in ENTITY_KINDS else "Asset") for i, name in found}


def project_team(project_id):
    """The project's member ids, read only when first asked (person values are rare)."""

    from clapboard.plugins.data.models import ProjectPersonLink as link

    def members():
        return [person for (person,) in link.select(link.person).where(link.project == project_id).tuples()]
    return members


def validate_values(app, model, project_id, writes, actor=None) -> None:
    from clapboard.plugins.data.models import Entity, Project, Task

    if model not in (Entity, Task, Project) or project_id is None or not writes:
        return
    from .settings import strict_keys

    strict = strict_keys(app, project_id)
    descriptors = _descriptors(project_id)
    if not descriptors and not strict:
        return
    kinds = _kinds([w.entity_type_id for w in writes]) if model is Entity else {}
    team = project_team(project_id)
    departments = DepartmentRule(actor, project_id, descriptors)
    problems, refused = [], []
    for write in writes:
        if model is Project:
            kind = "Project"
        elif model is Task:
            kind = "Task"
        else:
            kind = kinds.get(str(write.entity_type_id))
        applying = values.descriptors_for(descriptors, kind, write.task_type_id) if kind else []
        refused += departments.refused(applying, write.before, write.after)
        problems += values.check_values(applying, write.before, write.after, strict=strict, team=team)
    if refused:
        raise department_refusal(sorted(set(refused)))
    if problems:
        raise values.refusal(problems)
