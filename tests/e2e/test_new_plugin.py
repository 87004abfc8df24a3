"""`clapboard new-plugin`: the package it writes installs into a fresh virtual environment,
passes its own tests there and is served by a real `clapboard serve`.

The fresh environment sees the running one's packages through a ``.pth`` file
(Clapboard's editable install included) instead of downloading them again; only
the generated package is installed into it.
"""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clapboard.testing import test_database_url

from .conftest import Http

NAME = "jotter"
ITEMS = f"/plugins/{NAME}/items"
EMAIL, PASSWORD = "admin@jotter.example", "a long enough password 1"
# pip can build the package without fetching anything when setuptools can make wheels by itself.
OFFLINE_BUILD_PROBE = ("import importlib.util as u, sys; sys.exit(not (u.find_spec('setuptools') and "
                       "(u.find_spec('wheel') or u.find_spec('setuptools.command.bdist_wheel'))))")


def _run(args, timeout=300, **kwargs):
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, args))}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _fresh_venv(root: Path) -> Path:
    """A new virtual environment whose ``sys.path`` ends with the running one's site directories."""

    _run([sys.executable, "-m", "venv", root])
    python = root / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip()
    parents = [p for p in sys.path if p.endswith(("site-packages", "dist-packages")) and os.path.isdir(p)]
    assert parents, sys.path
    Path(purelib, "clapboard-parent.pth").write_text(
        "".join(f"import site; site.addsitedir({p!r})\n" for p in parents))
    return python


def _environment(**values) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("CLAPBOARD_CONFIG", "PYTHONPATH")}
    env.update(values)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(fresh venv's python, package folder): the plugin generated, then installed editable."""

    root = tmp_path_factory.mktemp("new-plugin")
    _run([sys.executable, "-m", "clapboard.cli", "new-plugin", NAME, "--dir", root], env=_environment())
    package = root / f"clapboard-{NAME}"
    python = _fresh_venv(root / "venv")
    offline = subprocess.run([python, "-c", OFFLINE_BUILD_PROBE]).returncode == 0
    isolation = ["--no-build-isolation"] if offline else []  # else pip fetches setuptools from the registry
    _run([python, "-m", "pip", "install", "-q", "--no-deps", *isolation, "-e", package], env=_environment())
    return python, package


def test_generated_tests_pass_in_the_fresh_environment(installed):
    python, package = installed
    expected = sum(text.count("\ndef test_") for text in
                   (p.read_text() for p in (package / "tests").glob("test_*.py")))
    output = _run([python, "-m", "pytest", "-q"], cwd=package, env=_environment())
    assert re.search(rf"\b{expected} passed\b", output) and "failed" not in output and "skipped" not in output, output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(http: Http, proc, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("server stopped: " + log.read_text())
        try:
            if http.request("GET", "/")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail("server did not answer: " + log.read_text())


def test_served_by_the_fresh_environment(installed, tmp_path):
    python, _package = installed
    env = _environment(CLAPBOARD_DATA_DIR=str(tmp_path / "data"), CLAPBOARD_DATABASE_URL=test_database_url(tmp_path))
    clapboard = [python, "-m", "clapboard.cli"]
    assert f"Applied {NAME} #1: items" in _run(clapboard + ["init-db"], env=env)
    _run(clapboard + ["create-admin", EMAIL, "--password", PASSWORD], env=env)
    line = next(line for line in _run(clapboard + ["plugins"], env=env).splitlines() if line.startswith(NAME + " "))
    assert {"0.1.0", "third-party", "enabled"} <= set(line.split()), line

    port, log = _free_port(), tmp_path / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([str(a) for a in clapboard + ["serve", "--port", port, "--workers", 1]],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        http = Http(f"http://127.0.0.1:{port}")
        _wait_until_up(http, proc, log)
        status, login = http.json("POST", "/auth/login", body={"email": EMAIL, "password": PASSWORD})
        assert status == 200, login
        auth = {"Authorization": f"Bearer {login['access_token']}"}
        assert http.json("GET", ITEMS)[0] == 401
        status, item = http.json("POST", ITEMS, body={"name": "Over HTTP"}, headers=auth)
        assert status == 201 and item["name"] == "Over HTTP", item
        assert http.json("GET", "/api" + ITEMS, headers=auth) == (200, [item])
        assert http.json("GET", f"{ITEMS}/{item['id']}", headers=auth) == (200, item)
        status, bad = http.json("POST", ITEMS, body={"name": ""}, headers=auth)
        assert status == 400 and bad["error"] is True
        paths = http.json("GET", "/openapi.json")[1]["paths"]
        assert {ITEMS, ITEMS + "/{item_id}"} <= set(paths)
        assert paths[ITEMS]["post"]["requestBody"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert _run(clapboard + [NAME, "count"], env=env).strip() == "1"
