"""The ``metadata`` plugin (issue 12, in progress): metadata descriptors and typed ``data`` values.

It contributes no hook yet: so far it holds only the pure value checks
(``values``); the descriptor model, routes and rules still live in ``data``
and ``auth``. ``docs/metadata-design.md`` says what moves here next.
"""

from __future__ import annotations

__version__ = "0.1.0"
requires = ("data",)
