"""The published gazu client against a real Clapboard server: log in, refresh, who am I, log out."""

import uuid
from datetime import timedelta

import gazu
import pytest
from gazu.exception import AuthFailedException, NotAuthenticatedException

from clapboard.plugins.auth import tokens
from clapboard.plugins.data.models import Person
from clapboard.testing import LiveServer

FAST = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}
PASSWORD = "gazu e2e password"


@pytest.fixture
def server(make_app):
    app = make_app(config={"plugins": {"auth": FAST}}, actors=False)
    with app.db.connection_context():
        person = Person.create(id=uuid.uuid4(), first_name="Gaz", last_name="User", email="gazu@example.com",
                               role="user", password=app.passwords.hash(PASSWORD))
    live = LiveServer(app).start()
    yield app, live, person
    live.stop()


def test_gazu_logs_in_refreshes_reads_current_user_and_logs_out(server):
    app, live, person = server
    client = gazu.client.create_client(live.url + "/api", use_refresh_token=True)
    assert gazu.client.host_is_up(client=client)
    assert gazu.client.get_api_version(client=client) == app.version

    with pytest.raises(AuthFailedException):
        gazu.log_in("gazu@example.com", "wrong password", client=client)
    answer = gazu.log_in("gazu@example.com", PASSWORD, client=client)
    assert answer["login"] is True and answer["user"]["id"] == str(person.id)

    user = gazu.client.get_current_user(client=client)
    assert user["email"] == "gazu@example.com" and user["full_name"] == "Gaz User"

    # An expired access token: gazu must refresh it with the refresh token and retry.
    expired, _ = tokens.issue(app.secret_key, str(person.id), "access", timedelta(seconds=-1))
    refresh = client.refresh_token
    client.access_token = expired
    assert gazu.client.get_current_user(client=client)["id"] == str(person.id)
    assert client.access_token != expired and client.refresh_token == refresh

    projects = gazu.client.fetch_all("projects", client=client)
    assert projects == []  # an artist in no team sees no production

    old_access = client.access_token
    gazu.log_out(client=client)
    stale = gazu.client.create_client(live.url + "/api")
    stale.access_token = old_access
    with pytest.raises(NotAuthenticatedException):
        gazu.client.get_current_user(client=stale)
