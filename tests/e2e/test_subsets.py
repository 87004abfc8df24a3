"""Studio subsets, proven with the real command line and a real server.

For each first-party plugin (read from the ``clapboard`` entry points, so a
plugin added later is covered without editing this file) disabled in turn,
with the plugins that need it; for "only data + auth"; and for
``examples/studio-small.toml``: ``init-db``, ``create-admin`` and ``serve`` run
as processes on a fresh database (SQLite, or the PostgreSQL database of
``CLAPBOARD_TEST_DATABASE_URL``, emptied between subsets); a smoke set of
requests goes through what remains; and what the disabled plugins brought is
gone: routes (``clapboard routes --json`` and over HTTP), tables and migration
records, commands (``clapboard --help``), permissions and events
(``clapboard permissions/events --json``), OpenAPI paths (``/openapi.json``).
The full application's inventory is computed once for the module.
"""

from __future__ import annotations

import importlib.metadata
import io
import json
import os
import re
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import click
import pytest
import requests
from PIL import Image

from clapboard.config import load_config
from clapboard.db import open_database
from clapboard.pluginhost import ENTRY_POINT_GROUP, FIRST_PARTY_PREFIX, PluginHost
from clapboard.routing import Route
from clapboard.testing import TEST_DATABASE_ENV, TEST_SECRET, reset_database

from .test_cli_server import _free_port

FIRST_PARTY = sorted(ep.name for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
                     if ep.value.startswith(FIRST_PARTY_PREFIX))
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "studio-small.toml"
ADMIN, PASSWORD = "lead@studio.example", "subset admin password"
CHEAP_HASHES = {"CLAPBOARD_PLUGINS__AUTH__ARGON2_TIME_COST": "1", "CLAPBOARD_PLUGINS__AUTH__ARGON2_MEMORY_KIB": "1024"}
INTROSPECTION = {"routes": ["routes", "--json"], "permissions": ["permissions", "--json"],
                 "events": ["events", "--json"], "help": ["--help"]}


def _base_env(data_dir: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAPBOARD_")}
    # A given secret key: processes started together would otherwise race to write one.
    env.update(CHEAP_HASHES, CLAPBOARD_DATA_DIR=str(data_dir), CLAPBOARD_DATABASE_URL=database_url,
               CLAPBOARD_LOG_LEVEL="WARNING", CLAPBOARD_SECRET_KEY=TEST_SECRET)
    return env


def _start(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "clapboard.cli", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "clapboard.cli", *args], env=env, capture_output=True,
                          text=True, timeout=180)


def _finish(proc: subprocess.Popen) -> str:
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err
    return out


def _commands(help_text: str) -> set[str]:
    lines = help_text.split("Commands:", 1)[1].splitlines()
    return {line.split()[0] for line in lines if line.startswith("  ") and line.split()}


def _operations(doc: dict) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in doc["paths"].items() for method in item}


@dataclass
class Inventory:
    """What a set of plugins brings, as the command line and the plugins themselves tell it."""

    routes: list[dict]
    permissions: list[dict]
    events: list[dict]
    commands: set[str]
    openapi: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def collect(cls, procs: dict[str, subprocess.Popen]) -> "Inventory":
        outputs = {name: _finish(proc) for name, proc in procs.items()}
        return cls(json.loads(outputs["routes"]), json.loads(outputs["permissions"]),
                   json.loads(outputs["events"]), _commands(outputs["help"]))


@dataclass
class Full:
    inventory: Inventory
    requires: dict[str, tuple[str, ...]]
    tables: dict[str, set[str]]  # plugin -> tables of its models
    plugin_commands: dict[str, set[str]]  # plugin -> top-level commands it adds
    data_dir: Path
    database_url: str | None  # PostgreSQL: the one test database

    def dependants(self, plugin: str) -> set[str]:
        """Every plugin that needs ``plugin``, directly or not."""

        found: set[str] = set()
        todo = [plugin]
        while todo:
            needed = todo.pop()
            for name, requires in self.requires.items():
                if needed in requires and name not in found:
                    found.add(name)
                    todo.append(name)
        return found


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Full:
    """The inventory of the application with every installed plugin (no database needed)."""

    tmp = tmp_path_factory.mktemp("full")
    env = _base_env(tmp / "data", "sqlite:///" + str(tmp / "unused.db"))
    procs = {name: _start(env, *args) for name, args in INTROSPECTION.items()}
    procs["openapi"] = _start(env, "openapi")
    plugins = json.loads(_run(env, "plugins", "--json").stdout)
    openapi = json.loads(_finish(procs.pop("openapi")))
    inventory = Inventory.collect(procs)
    inventory.openapi = _operations(openapi)

    host = PluginHost(load_config(env={}, overrides={"data_dir": str(tmp / "data")})).load()
    tables = {name: set() for name in host.infos}
    for plugin, models in host.collect("register_models"):
        tables[plugin] |= {model._meta.table_name for model in models}
    plugin_commands = {}
    for impl in host.pm.hook.register_commands.get_hookimpls():
        group = click.Group()
        impl.function(cli=group)
        plugin_commands[impl.plugin_name] = set(group.commands)
    assert set(FIRST_PARTY) <= {p["name"] for p in plugins if p["status"] == "enabled"}
    return Full(inventory, {p["name"]: tuple(p["requires"]) for p in plugins}, tables, plugin_commands,
                tmp, os.environ.get(TEST_DATABASE_ENV))


class Api:
    """A logged-in (or anonymous) client of the server under test."""

    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()

    def call(self, method: str, path: str, expect: int | tuple = 200, **kwargs):
        answer = self.session.request(method, self.base + path, timeout=20, **kwargs)
        expected = expect if isinstance(expect, tuple) else (expect,)
        assert answer.status_code in expected, f"{method} {path}: {answer.status_code} {answer.text[:300]}"
        return answer

    def json(self, method: str, path: str, expect: int | tuple = 200, **kwargs):
        return self.call(method, path, expect, **kwargs).json()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 80, 30)).save(out, "PNG")
    return out.getvalue()


def smoke(api: Api, enabled: set[str]) -> None:
    """Requests through what the enabled plugins serve (each plugin's part only when it is there)."""

    assert api.json("GET", "/")["api"] == "Clapboard"
    assert api.json("GET", "/status")["database-up"] is True
    if "data" not in enabled:
        return
    if "auth" not in enabled:  # nobody can log in: data's routes are there, and closed
        api.call("GET", "/data/projects", 401)
        return
    login = api.json("POST", "/api/auth/login", json={"email": ADMIN, "password": PASSWORD})
    api.session.headers["Authorization"] = "Bearer " + login["access_token"]
    me = api.json("GET", "/api/auth/authenticated")["user"]
    assert me["email"] == ADMIN and me["role"] == "admin"
    context = api.json("GET", "/api/data/user/context")
    assert {"projects", "task_types", "task_status"} <= set(context)
    assert "is_self_hosted" in api.json("GET", "/api/config")
    project = api.json("POST", "/api/data/projects", 201, json={"name": "Subset Film"})
    assert "Subset Film" in [p["name"] for p in api.json("GET", "/api/data/projects")]
    asset_type = api.json("POST", "/api/data/entity-types", 201, json={"name": "Subset Creature"})
    asset = api.json("POST", f"/api/data/projects/{project['id']}/asset-types/{asset_type['id']}/assets/new", 201,
                     json={"name": "Bob", "description": "the hero"})
    task_type = api.json("GET", "/api/data/task-types")[0]
    status = next(s for s in api.json("GET", "/api/data/task-status") if s["is_default"])
    task = api.json("POST", "/api/data/tasks", 201, json={
        "project_id": project["id"], "task_type_id": task_type["id"], "entity_id": asset["id"],
        "task_status_id": status["id"], "name": "main"})
    assert task["id"] in [t["id"] for t in api.json("GET", f"/api/data/assets/{asset['id']}/tasks")]
    if "exports" in enabled:
        csv = api.call("GET", "/api/export/csv/projects.csv")
        assert csv.headers["Content-Type"].startswith("text/csv") and "Subset Film" in csv.text
    if "pictures" in enabled:
        api.json("POST", f"/api/pictures/thumbnails/persons/{me['id']}", (200, 201),
                 files={"file": ("face.png", _png(), "image/png")})
        avatar = api.call("GET", f"/api/pictures/thumbnails/persons/{me['id']}.png")
        assert avatar.headers["Content-Type"] == "image/png"
    if "metadata" in enabled:
        base = f"/api/data/projects/{project['id']}/metadata-descriptors"
        api.json("POST", base, (200, 201), json={"name": "Look", "entity_type": "Asset", "data_type": "string"})
        assert "Look" in [d["name"] for d in api.json("GET", base)]
    if "imports" in enabled:
        sheet = "Type,Name,Description\nSubset Creature,Alice,the villain\n"
        api.json("POST", f"/api/import/csv/projects/{project['id']}/assets", (200, 201),
                 files={"file": ("assets.csv", sheet.encode(), "text/csv")})
        names = [a["name"] for a in api.json("GET", "/api/data/assets", params={"project_id": project["id"]})]
        assert "Alice" in names


@dataclass
class Subset:
    full: Full
    name: str
    enabled: set[str]
    env: dict
    args: tuple[str, ...] = ()

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return _run(self.env, *self.args, *args)

    def start(self, *args: str) -> subprocess.Popen:
        return _start(self.env, *self.args, *args)


def _subset(full: Full, name: str, enabled: set[str], env: dict, config: Path | None = None) -> Subset:
    """A fresh database and data folder for one subset."""

    data_dir = full.data_dir / name
    url = full.database_url
    if url:
        reset_database(url)
    else:
        url = "sqlite:///" + str(data_dir / "clapboard.db")
    return Subset(full, name, set(enabled), {**_base_env(data_dir, url), **env},
                  ("--config", str(config)) if config else ())


def _wait_until_up(base: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"serve stopped ({proc.returncode}): {proc.stderr.read()}")
        try:
            if requests.get(base + "/status", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    pytest.fail("the server did not answer within 60 s")


def _tables_and_records(url: str) -> tuple[set[str], set[str]]:
    db = open_database(url, max_connections=2)
    try:
        db.connect()
        plugins = {p for (p,) in db.execute_sql("SELECT DISTINCT plugin FROM clapboard_migration").fetchall()}
        return set(db.get_tables()), plugins
    finally:
        db.close()
        db.close_all()


def prove(subset: Subset) -> None:
    """Initialise, serve, smoke-test, and check that what the other plugins bring is gone."""

    full = subset.full
    disabled = set(FIRST_PARTY) - subset.enabled
    init = subset.run("init-db")
    assert init.returncode == 0, init.stderr
    if "auth" in subset.enabled:
        admin = subset.run("create-admin", ADMIN, "--password", PASSWORD)
        assert admin.returncode == 0, admin.stderr
    port = _free_port()
    # A configuration file keeps its own workers and threads; otherwise one small process is enough.
    sizing = () if subset.args else ("--workers", "1", "--threads", "4")
    server = subset.start("serve", "--host", "127.0.0.1", "--port", str(port), *sizing)
    procs = {name: subset.start(*args) for name, args in INTROSPECTION.items()}
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server)
        api = Api(base)
        smoke(api, subset.enabled)
        inventory = Inventory.collect(procs)
        inventory.openapi = _operations(api.json("GET", "/openapi.json"))
        _check_gone(full, subset, disabled, inventory, api)
    finally:
        server.terminate()
        server.communicate(timeout=20)
        for proc in procs.values():
            if proc.poll() is None:  # the smoke set failed before their output was read
                proc.kill()
                proc.communicate()
    tables, records = _tables_and_records(subset.env["CLAPBOARD_DATABASE_URL"])
    kept = set().union(*(full.tables.get(p, set()) for p in subset.enabled | {"core"}))
    for plugin in disabled:
        assert not (full.tables.get(plugin, set()) - kept) & tables, f"tables of {plugin} were created"
        assert plugin not in records, f"migrations of {plugin} were recorded"
    for plugin in subset.enabled | {"core"}:
        assert full.tables.get(plugin, set()) <= tables, f"tables of {plugin} are missing"


def _check_gone(full: Full, subset: Subset, disabled: set[str], inventory: Inventory, api: Api) -> None:
    def owned(rows, key):
        return {row[key] for row in rows if row["plugin"] in disabled}

    routes = {(r["method"], r["path"]) for r in inventory.routes}
    gone = {(r["method"], r["path"]) for r in full.inventory.routes if r["plugin"] in disabled}
    # An enabled plugin may leave out a route built on a disabled one's models (imports' Kitsu
    # descriptors without metadata): nothing appears that the full application does not serve.
    assert routes <= {(r["method"], r["path"]) for r in full.inventory.routes} - gone
    assert not {r["plugin"] for r in inventory.routes} & disabled
    for method, path in sorted(gone)[:: max(1, len(gone) // 6)]:  # a sample over HTTP, under both prefixes
        concrete = re.sub(r"\{[^}]*\}", str(uuid.UUID(int=7)), path)
        for prefix in ("", "/api"):
            answer = api.session.request(method, api.base + prefix + concrete, timeout=20)
            assert answer.status_code in (404, 405), f"{method} {prefix}{concrete}: {answer.status_code}"
    for operation in gone:
        assert (operation[0], Route(operation[1], None).openapi_path()) not in inventory.openapi
    assert inventory.openapi <= full.inventory.openapi
    assert not owned(full.inventory.permissions, "action") & {p["action"] for p in inventory.permissions}
    assert not {p["plugin"] for p in inventory.permissions} & disabled
    assert not owned(full.inventory.events, "name") & {e["name"] for e in inventory.events}
    assert not {e["plugin"] for e in inventory.events} & disabled
    for plugin in disabled:
        assert full.plugin_commands.get(plugin, set()) <= full.inventory.commands
        assert not full.plugin_commands.get(plugin, set()) & inventory.commands, f"commands of {plugin} remain"
    for plugin in subset.enabled:
        assert full.plugin_commands.get(plugin, set()) <= inventory.commands


@pytest.mark.parametrize("plugin", FIRST_PARTY)
def test_a_studio_without_one_plugin(full, plugin):
    """Disabled with the plugins that need it; alone, when others need it, the start is refused."""

    dependants = full.dependants(plugin)
    if dependants:
        alone = _subset(full, f"{plugin}-alone", set(FIRST_PARTY) - {plugin},
                        {"CLAPBOARD_DISABLED_PLUGINS": plugin})
        for command in (["init-db"], ["serve", "--port", str(_free_port())]):
            refused = alone.run(*command)
            assert refused.returncode != 0, refused.stdout
            assert repr(plugin) in refused.stderr or plugin in refused.stderr
            assert any(name in refused.stderr for name in dependants), refused.stderr
            assert "Traceback" not in refused.stderr
    disabled = {plugin} | dependants
    prove(_subset(full, f"without-{plugin}", set(FIRST_PARTY) - disabled,
                  {"CLAPBOARD_DISABLED_PLUGINS": ",".join(sorted(disabled))}))


def test_only_data_and_auth(full):
    prove(_subset(full, "data-auth", {"data", "auth"}, {"CLAPBOARD_ENABLED_PLUGINS": "data,auth"}))


def test_the_small_studio_example(full):
    """``examples/studio-small.toml`` as the README shows it (its folder and database redirected)."""

    enabled = set(load_config(EXAMPLE, env={}).enabled_plugins)
    assert {"data", "auth"} <= enabled < set(FIRST_PARTY)
    prove(_subset(full, "studio-small", enabled, {}, config=EXAMPLE))
