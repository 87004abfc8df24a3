"""The auth plugin's migrations upgrade a database made by an earlier release."""

import pytest

from clapboard.errors import SchemaOutOfDate
from clapboard.migrations import MigrationRecord, check_up_to_date, upgrade


def test_a_database_at_auth_1_upgrades_to_the_session_floors(auth_app):
    db = auth_app.db
    with db.connection_context():
        # The state of a database made before migration 2 existed.
        db.execute_sql('DROP TABLE "auth_session_floor"')
        MigrationRecord.delete().where(MigrationRecord.plugin == "auth", MigrationRecord.number == 2).execute()
        with pytest.raises(SchemaOutOfDate, match="auth #2"):
            check_up_to_date(db, auth_app.migrations)
        applied = upgrade(db, auth_app.migrations)
        assert [(m.plugin, m.number) for m in applied] == [("auth", 2)]
        assert "auth_session_floor" in db.get_tables()
        check_up_to_date(db, auth_app.migrations)
