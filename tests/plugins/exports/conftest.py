import pytest

from clapboard.testing import AppFactory, make_client

from .production import build


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """One app with the production of ``production.py``, shared by a module's read-only tests."""

    app = AppFactory(tmp_path_factory.mktemp("exports"), [])()
    client = make_client(app)
    production = build(app, client)
    yield app, client, production
    app.close()


def rows(answer) -> list[str]:
    """The answer's lines, decoded as UTF-8 (Zou's ``text/csv`` names no charset)."""

    return answer.content.decode("utf-8").split("\r\n")
