"""Every gazu route of the production families is registered and documented."""

from pathlib import Path

import pytest

from ..route_coverage import documented, normal, served

LISTED = [line.split() for line in (Path(__file__).parent / "gazu_routes_issue5.txt").read_text().splitlines()
          if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def routes(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("coverage"), [])(init=False)
    yield served(app), documented(app)
    app.close()


# Families still being written are expected to fail (strict: a family that passes must leave this set).
IN_PROGRESS: set[str] = set()


@pytest.mark.parametrize("family", [pytest.param(f, marks=pytest.mark.xfail(strict=True, reason="being written"))
                                    if f in IN_PROGRESS else f for f in sorted({e[2] for e in LISTED})])
def test_every_gazu_route_of_the_family_is_served_and_in_openapi(routes, family):
    served_routes, documented_routes = routes
    wanted = {(method, normal(path)) for method, path, fam in LISTED if fam == family}
    assert not wanted - served_routes, sorted(wanted - served_routes)
    assert not wanted - documented_routes, sorted(wanted - documented_routes)
