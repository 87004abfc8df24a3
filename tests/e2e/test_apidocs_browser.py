"""/apidocs in a real headless Chromium: Swagger UI renders our operations."""

import os
import re
import shutil
import subprocess

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = os.environ.get("CLAPBOARD_REQUIRE_BROWSER") == "1"


def _dump_dom(url: str, profile) -> str:
    args = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
        "--virtual-time-budget=15000", "--dump-dom", url,
    ]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.skipif(CHROMIUM is None and not REQUIRED, reason="chromium is not installed")
@pytest.mark.parametrize("path", ["/apidocs", "/api/apidocs/"])
def test_swagger_ui_renders_the_operations(live_server, tmp_path, path):
    assert CHROMIUM, "CLAPBOARD_REQUIRE_BROWSER=1 but chromium is not installed"
    dom = _dump_dom(live_server.url + path, tmp_path / "profile")
    assert "Clapboard API" in dom
    # Swagger UI turns each operation into an "opblock" holding its path.
    blocks = re.findall(r'class="opblock opblock-(get|post|put|delete|head)', dom)
    assert len(blocks) >= 4, dom[:2000]
    for route in ("/status", "/openapi.json", "/apidocs"):
        assert f'data-path="{route}"' in dom
