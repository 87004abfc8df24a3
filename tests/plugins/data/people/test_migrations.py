"""Data migration 2 gives the departments of a database made before it their salary grid."""

import pytest

from clapboard.errors import SchemaOutOfDate
from clapboard.migrations import MigrationRecord, check_up_to_date, upgrade
from clapboard.plugins.data.models import Department, SalaryScale


def test_a_database_at_data_1_upgrades_to_salary_grids(app):
    db = app.db
    with db.connection_context():
        # The state of a database made before migration 2: departments without their grid,
        # but for one row a studio already priced.
        extra = Department.create(name="Matte Painting", color="#123456")
        kept = SalaryScale.create(department=extra.id, position="lead", seniority="senior", salary=640)
        SalaryScale.delete().where(SalaryScale.id != kept.id).execute()
        MigrationRecord.delete().where(MigrationRecord.plugin == "data", MigrationRecord.number == 2).execute()
        with pytest.raises(SchemaOutOfDate, match="data #2"):
            check_up_to_date(db, app.migrations)
        applied = upgrade(db, app.migrations)
        assert [(m.plugin, m.number) for m in applied] == [("data", 2)]
        check_up_to_date(db, app.migrations)
        assert SalaryScale.select().count() == 9 * Department.select().count()
        grid = SalaryScale.select().where(SalaryScale.department == extra.id)
        assert {(s.position, s.seniority): s.salary for s in grid}[("lead", "senior")] == 640
        assert sorted(s.salary for s in grid) == [0] * 8 + [640]
