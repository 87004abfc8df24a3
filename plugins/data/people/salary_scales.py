"""Salary scales as Zou keeps them: one row per department × position × seniority.

Zou fills the missing rows when ``/data/salary-scales`` is listed. A read must
not write here, so the rows are made when they can first be missing instead:
when a department is created (a generic-CRUD behaviour), by ``init-db`` for
the default departments, and by the data plugin's migration 2 for databases
made before it. New rows carry Zou's defaults (a salary of 0).
"""

from __future__ import annotations

import uuid

from ..models import Department, SalaryScale
from ..models.base import utcnow
from ..models.people import POSITIONS, SENIORITIES


def fill_salary_scales(department_ids=None) -> int:
    """Create the grid rows missing for ``department_ids`` (every department when ``None``); how many."""

    departments = Department.select(Department.id)
    existing = SalaryScale.select(SalaryScale.department, SalaryScale.position, SalaryScale.seniority)
    if department_ids is not None:
        departments = departments.where(Department.id.in_(list(department_ids)))
        existing = existing.where(SalaryScale.department.in_(list(department_ids)))
    have = set(existing.tuples())
    now = utcnow()
    missing = [
        {"id": uuid.uuid4(), "created_at": now, "updated_at": now, "department": department_id,
         "position": position, "seniority": seniority, "salary": 0}
        for (department_id,) in departments.tuples()
        for position in POSITIONS for seniority in SENIORITIES
        if (department_id, position, seniority) not in have
    ]
    if missing:
        SalaryScale.insert_many(missing).execute()
    return len(missing)


def remove_salary_scales(department_id) -> None:
    """A department's grid goes with it (Zou cascades the rows, which are meaningless alone)."""

    SalaryScale.delete().where(SalaryScale.department == department_id).execute()


def migrate_salary_scales(ctx) -> None:
    """Data migration 2: the grid of every department of a database made before it."""

    fill_salary_scales()
