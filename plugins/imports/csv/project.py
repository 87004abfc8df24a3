"""What every import into a project shares: who may run it, the project's kind, the write lock.

As Zou's ``check_manager_project_access``: the project's managers and the
admins import into it (the policy's ``data.entities.create`` on the project);
others of the team get a 403, people outside it a 404 when the project is
read. Imports into one project run one after the other (its row is locked on
PostgreSQL; SQLite has one writer anyway), so two files naming the same new
sequence never both create it.
"""

from __future__ import annotations

from clapboard.plugins.data.engine import lock, require
from clapboard.plugins.data.models import Entity, Project


def is_tv_show(project: dict) -> bool:
    return project.get("production_type") == "tvshow"


def require_manager(job) -> None:
    require(job.ctx, Entity, "create", changes={"project_id": str(job.project_id)})


def start(job) -> None:
    """Begin the database part of an import: the project's imports queue here."""

    lock(Project, [job.project_id])
