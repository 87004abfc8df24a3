"""The plugin host: finds, filters, registers and checks plugins.

First-party and third-party plugins arrive the same way: entry points of the
group ``clapboard`` (first-party ones are declared in Clapboard's own
``pyproject.toml``). Objects passed as ``extra`` (tests, embedding apps) are
registered after them. A plugin that fails to import is recorded as broken
and skipped; a hook implementation with no matching spec (a misspelled hook)
stops the start with a message naming the plugin and hook.

A plugin declares the plugins it needs with ``requires = ("data", ...)`` on
its module (or object). The start is refused, naming both plugins, when one
it needs is not enabled (disabled, broken or not installed), and when plugins
require each other in a cycle. Each plugin's distribution metadata (``package``)
is recorded for the plugins that publish a registry.
"""

from __future__ import annotations

import importlib.metadata
import logging
from dataclasses import dataclass, field
from typing import Any, Iterable

import pluggy

from . import hookspecs
from .config import Config
from .errors import PluginError, StartupError
from .packages import package_facts

log = logging.getLogger("clapboard.plugins")

ENTRY_POINT_GROUP = "clapboard"
FIRST_PARTY_PREFIX = "clapboard.plugins."


@dataclass
class PluginInfo:
    name: str
    source: str  # "builtin", "first-party", "third-party", "local"
    version: str | None = None
    module: str | None = None
    status: str = "enabled"  # "enabled", "disabled", "broken"
    error: str | None = None
    hooks: list[str] = field(default_factory=list)
    requires: tuple[str, ...] = ()
    required_by: tuple[str, ...] = ()
    # The facts of the distribution providing the entry point (``clapboard.packages``); None for local plugins.
    package: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "source": self.source,
            "module": self.module,
            "status": self.status,
            "error": self.error,
            "hooks": self.hooks,
            "requires": list(self.requires),
            "required_by": list(self.required_by),
            "package": self.package,
        }


def plugin_name(obj) -> str:
    """The name of a plugin object passed in code: ``__clapboard_name__`` or its module/class name."""

    name = getattr(obj, "__clapboard_name__", None) or getattr(obj, "__name__", None) or type(obj).__name__
    return name.rsplit(".", 1)[-1]


def _dist_version(ep: importlib.metadata.EntryPoint) -> str | None:
    dist = getattr(ep, "dist", None)
    return dist.version if dist is not None else None


def _declared_requires(plugin, name: str) -> tuple[str, ...]:
    declared = getattr(plugin, "requires", ()) or ()
    if isinstance(declared, str):
        declared = (declared,)
    if not all(isinstance(item, str) and item for item in declared):
        raise PluginError(f"plugin {name!r}: `requires` must be a tuple of plugin names, got {declared!r}")
    return tuple(dict.fromkeys(declared))


class PluginHost:
    def __init__(self, config: Config, pm: pluggy.PluginManager | None = None, extra: Iterable = ()):
        self.config = config
        self.pm = pm or pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self.pm.add_hookspecs(hookspecs)
        self.extra = list(extra)
        self.infos: dict[str, PluginInfo] = {}
        self.problems: list[str] = []

    @property
    def hook(self):
        return self.pm.hook

    def load(self, strict: bool = True) -> "PluginHost":
        """Find and register the plugins; ``strict=False`` records unmet requirements in
        ``problems`` instead of raising (``clapboard plugins`` shows them)."""

        from . import builtin

        self._register(builtin, PluginInfo("core", "builtin", module=builtin.__name__))
        for ep in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            self._load_entry_point(ep)
        for obj in self.extra:
            name = plugin_name(obj)
            info = PluginInfo(name, "local", module=getattr(obj, "__module__", None) or str(obj))
            if not self.config.plugin_enabled(name):
                info.status = "disabled"
                self.infos[name] = info
                continue
            self._register(obj, info)
        self.pm.hook.add_hookspecs(pm=self.pm)
        # Requirements first: a hook "unknown" because the plugin offering it is disabled is explained by them.
        self._link_requirements()
        self.problems = self.requirement_problems()
        if self.problems:
            if strict:
                raise PluginError("; ".join(self.problems))
            return self
        self._check_hooks()
        return self

    def _load_entry_point(self, ep) -> None:
        source = "first-party" if ep.value.startswith(FIRST_PARTY_PREFIX) else "third-party"
        info = PluginInfo(ep.name, source, version=_dist_version(ep), module=ep.value,
                          package=package_facts(getattr(ep, "dist", None)))
        if ep.name in self.infos:
            raise PluginError(f"two plugins are named {ep.name!r} ({self.infos[ep.name].module} and {ep.value})")
        if not self.config.plugin_enabled(ep.name):
            info.status = "disabled"
            self.infos[ep.name] = info
            return
        try:
            plugin = ep.load()
        except Exception as exc:  # report a broken plugin, keep serving the rest
            info.status = "broken"
            info.error = f"{type(exc).__name__}: {exc}"
            self.infos[ep.name] = info
            log.error("plugin %s (%s) failed to load and is skipped: %s", ep.name, ep.value, info.error)
            return
        self._register(plugin, info)

    def _register(self, plugin, info: PluginInfo) -> None:
        if info.name in self.infos and self.infos[info.name].status != "disabled":
            raise PluginError(f"two plugins are named {info.name!r}")
        info.requires = _declared_requires(plugin, info.name)
        if info.version is None:
            info.version = getattr(plugin, "__version__", None)
        try:
            self.pm.register(plugin, name=info.name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(f"plugin {info.name!r}: {exc}") from exc
        info.hooks = sorted(
            hook.name for hook in self.pm.get_hookcallers(plugin) or []
        )
        self.infos[info.name] = info

    def _check_hooks(self) -> None:
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            name = self.pm.get_name(exc.plugin) if exc.plugin is not None else "?"
            raise PluginError(f"plugin {name!r}: {exc}; check the hook's spelling") from exc

    def _link_requirements(self) -> None:
        for info in self.infos.values():
            info.required_by = tuple(sorted(other.name for other in self.enabled() if info.name in other.requires))

    def _unmet(self, needed: str) -> str | None:
        found = self.infos.get(needed)
        if found is None:
            return "not installed"
        if found.status == "broken":
            return f"broken ({found.error})"
        return None if found.status == "enabled" else found.status

    def requirement_problems(self) -> list[str]:
        """Why the enabled plugins cannot start together: unmet requirements, then cycles."""

        needing: dict[str, list[str]] = {}
        for info in sorted(self.enabled(), key=lambda i: i.name):
            for needed in info.requires:
                needing.setdefault(needed, []).append(info.name)
        problems = []
        for needed, names in sorted(needing.items()):
            state = self._unmet(needed)
            if state is None:
                continue
            remedy = "install it" if state == "not installed" else f"enable {needed!r}"
            who = ", ".join(map(repr, names))
            if len(names) == 1:
                problems.append(f"plugin {who} requires plugin {needed!r}, which is {state}: "
                                f"{remedy} or disable {who}")
            else:
                problems.append(f"plugins {who} require plugin {needed!r}, which is {state}: "
                                f"{remedy} or disable them")
        cycle = self.cycle()
        if cycle:
            problems.append(f"plugins require each other in a cycle: {' -> '.join(cycle)}; "
                            "remove one of these requirements")
        return problems

    def cycle(self) -> list[str] | None:
        """A requirement cycle among the enabled plugins (``["a", "b", "a"]``), or ``None``."""

        requires = {info.name: info.requires for info in self.enabled()}
        done: set[str] = set()

        def visit(name: str, path: list[str]) -> list[str] | None:
            if name in path:
                return path[path.index(name):] + [name]
            if name in done or name not in requires:
                return None
            for needed in requires[name]:
                found = visit(needed, path + [name])
                if found:
                    return found
            done.add(name)
            return None

        for name in sorted(requires):
            found = visit(name, [])
            if found:
                return found
        return None

    def enabled(self) -> list[PluginInfo]:
        return [i for i in self.infos.values() if i.status == "enabled"]

    def broken(self) -> list[PluginInfo]:
        return [i for i in self.infos.values() if i.status == "broken"]

    def collect(self, hook_name: str, **kwargs) -> list[tuple[str, Any]]:
        """Call a build-time hook plugin by plugin; return ``[(plugin_name, result)]``.

        Unlike a plain hook call, results keep the name of the plugin that gave
        them (routes, tables and migrations belong to a plugin).
        """

        caller = getattr(self.pm.hook, hook_name)
        results = []
        for impl in caller.get_hookimpls():
            result = call_impl(impl, hook_name, kwargs)
            if result is not None:
                results.append((impl.plugin_name, result))
        return results

    def call_each(self, hook_name: str, **kwargs) -> None:
        """Call a hook whose results are ignored (``startup``) in pluggy's order, failures named."""

        for impl in reversed(getattr(self.pm.hook, hook_name).get_hookimpls()):
            call_impl(impl, hook_name, kwargs)


def call_impl(impl, hook_name: str, kwargs: dict) -> Any:
    """Call one plugin's implementation of a build-time hook.

    A failure that is not already a start-up message becomes a ``PluginError``
    naming the plugin and the hook, so a broken plugin stops the start with one
    line that says whose code to look at rather than a bare traceback.
    """

    try:
        return impl.function(*[kwargs[name] for name in impl.argnames])
    except StartupError:
        raise
    except Exception as exc:
        raise PluginError(f"plugin {impl.plugin_name!r} failed in its {hook_name} hook: "
                          f"{type(exc).__name__}: {exc}") from exc
