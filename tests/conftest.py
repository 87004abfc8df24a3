"""Fixtures shared across the test tree (the core's own ones come from ``clapboard.testing``)."""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass

import pytest

# Cheap password hashing for tests: they exercise flows, not the hash cost.
FAST_PASSWORDS = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}
GAZU_PASSWORD = "gazu studio password"
# Tests marked ``ffmpeg`` make or read real movies: skipped where ffmpeg is not installed, unless
# CLAPBOARD_REQUIRE_FFMPEG=1 (CI), where its absence fails them.
FFMPEG_MISSING = shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None


def pytest_configure(config):
    config.addinivalue_line("markers", "ffmpeg: the test makes or reads real movies with ffmpeg and ffprobe")


def pytest_runtest_setup(item):
    if FFMPEG_MISSING and item.get_closest_marker("ffmpeg") is not None:
        if os.environ.get("CLAPBOARD_REQUIRE_FFMPEG") == "1":
            pytest.fail("CLAPBOARD_REQUIRE_FFMPEG=1 but ffmpeg/ffprobe are not installed")
        pytest.skip("ffmpeg is not installed (Debian: apt-get install ffmpeg)")


@dataclass
class GazuSession:
    app: object
    live: object
    client: object  # a logged-in gazu KitsuClient (refreshes its token)
    admin_id: str


@pytest.fixture
def gazu_config() -> dict:
    """Extra settings of gazu_session's app; a module overrides it (e.g. to run on S3 storage)."""

    return {}


@pytest.fixture
def gazu_session(make_app, gazu_config):
    """A real server (waitress) with an admin, and the published gazu client logged in as them."""

    import gazu

    from clapboard.plugins.data.models import Person
    from clapboard.testing import LiveServer

    plugins = {"auth": dict(FAST_PASSWORDS), **gazu_config.get("plugins", {})}
    app = make_app(config={**gazu_config, "plugins": plugins}, actors=False)
    with app.db.connection_context():
        admin = Person.create(id=uuid.uuid4(), first_name="Studio", last_name="Admin", email="studio@example.com",
                              role="admin", password=app.passwords.hash(GAZU_PASSWORD))
    live = LiveServer(app).start()
    client = gazu.client.create_client(live.url + "/api", use_refresh_token=True)
    gazu.log_in("studio@example.com", GAZU_PASSWORD, client=client)
    yield GazuSession(app=app, live=live, client=client, admin_id=str(admin.id))
    live.stop()
