"""Whose code failed: an unexpected exception traced back to the plugin that raised it.

A 500 names no plugin to the client (its text and traceback stay in the log),
but the log line must say whose code to look at, or a studio running ten
plugins cannot tell which one to report. The traceback's frames are read
innermost first and each frame's module is matched against the modules of the
registered plugins: a module plugin owns its module and everything under it
(``clapboard.plugins.data`` owns ``clapboard.plugins.data.crud.routes``), an
object plugin owns its class's module and every frame whose ``self`` is the
object itself. The first frame that belongs to a plugin names it, so a hook a
plugin implements for another plugin's code (``metadata``'s
``data_validate_values``, called by ``data``) is blamed on its implementer.
"""

from __future__ import annotations

import inspect
from types import TracebackType

import pluggy


class Owners:
    """Maps code (modules, plugin objects) to the name of the plugin that registered it."""

    def __init__(self, pm: pluggy.PluginManager):
        self._packages: list[tuple[str, str]] = []  # (module prefix, plugin), longest first
        self._modules: dict[str, str] = {}
        self._objects: dict[int, str] = {}
        for name, plugin in pm.list_name_plugin():
            if plugin is None:
                continue
            if inspect.ismodule(plugin):
                self._packages.append((plugin.__name__, name))
                continue
            self._objects[id(plugin)] = name
            module = plugin.__module__ if inspect.isclass(plugin) else type(plugin).__module__
            self._modules.setdefault(module, name)
        self._packages.sort(key=lambda item: len(item[0]), reverse=True)
        self._cache: dict[str, str | None] = {}

    def of_module(self, module: str | None) -> str | None:
        if not module:
            return None
        if module not in self._cache:
            found = self._modules.get(module)
            for prefix, name in self._packages if found is None else ():
                if module == prefix or module.startswith(prefix + "."):
                    found = name
                    break
            self._cache[module] = found
        return self._cache[module]

    def of_traceback(self, tb: TracebackType | None) -> str | None:
        frames = []
        while tb is not None:
            frames.append(tb.tb_frame)
            tb = tb.tb_next
        for frame in reversed(frames):
            owner = self._objects.get(id(frame.f_locals.get("self"))) if "self" in frame.f_code.co_varnames else None
            owner = owner or self.of_module(frame.f_globals.get("__name__"))
            if owner is not None:
                return owner
        return None

    def of_exception(self, exc: BaseException) -> str | None:
        """The plugin whose frame is innermost, looking first at what ``exc`` was raised from.

        Only an explicit cause (``raise … from err``) is followed: an exception
        merely raised while another was being handled may be unrelated to it.
        """

        chain: list[BaseException] = []
        current: BaseException | None = exc
        while current is not None and current not in chain and len(chain) < 10:
            chain.append(current)
            current = current.__cause__
        for link in reversed(chain):
            owner = self.of_traceback(link.__traceback__)
            if owner is not None:
                return owner
        return None
