import uuid

import pytest

from clapboard.plugins.data.models import Person

# Cheap argon2 parameters: the tests exercise the flows, not the hash cost.
FAST = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}
PASSWORD = "correct horse battery"


@pytest.fixture
def auth_app(make_app):
    return make_app(config={"plugins": {"auth": dict(FAST)}}, actors=False)


@pytest.fixture
def make_person(auth_app):
    def create(email=None, role="user", password=PASSWORD, **fields):
        email = email or f"p{uuid.uuid4().hex[:8]}@example.com"
        with auth_app.db.connection_context():
            person = Person.create(id=uuid.uuid4(), first_name="Pat", last_name=role.title(), email=email,
                                   role=role, password=auth_app.passwords.hash(password) if password else None,
                                   **fields)
        return person

    return create


@pytest.fixture
def smtp():
    """A local SMTP server collecting the mails the app sends (no network)."""

    from .smtp_sink import SmtpSink

    with SmtpSink() as sink:
        yield sink
