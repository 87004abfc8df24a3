"""The file name a downloaded preview is saved as, as Zou's ``names_service.get_preview_file_name``.

``<project>_<full entity name>_<task type>_v<revision>`` turned into a slug
(lowercase ASCII words joined by ``_``), ``-<position>`` for the second and
later files of a revision, then the extension. When the studio asks for
original names (``organisation.use_original_file_name``) the uploaded name is
used instead, as it came.
"""

from __future__ import annotations

import re
import unicodedata

from ...data.models import Organisation, Project, Task, TaskType
from ...data.production.entities.names import full_names

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lowercase ASCII words separated by ``_`` (accents folded, everything else dropped)."""

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_WORD.sub("_", folded.replace("'", "")).strip("_")


def preview_file_name(preview: dict) -> str:
    use_original = Organisation.select(Organisation.use_original_file_name).order_by(
        Organisation.created_at).scalar()
    if use_original and preview.get("original_name"):
        name = preview["original_name"]
    else:
        task = (Task.select(Task.entity, Project.name, TaskType.name.alias("task_type_name"))
                .join(Project, on=(Task.project == Project.id))
                .join_from(Task, TaskType, on=(Task.task_type == TaskType.id))
                .where(Task.id == preview["task_id"]).dicts().first()) or {}
        entity = full_names([task["entity"]]).get(task["entity"], ("",))[0] if task.get("entity") else ""
        name = slug(f"{task.get('name', '')}_{entity}_{task.get('task_type_name', '')}_v{preview['revision']}")
    if (preview.get("position") or 0) > 1:
        name = f"{name}-{preview['position']}"
    return f"{name}.{preview['extension']}"
