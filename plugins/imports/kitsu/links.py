"""Relation lists of imported rows: a task's assignees, a project's team, a shot's casting (``entities_out``)…

A list replaces what is stored, but only where it differs: link rows still
listed are kept as they are (a project's task type keeps its priority, a
casting link its occurrences and label), those no longer listed go, the new
ones come in sorted by key (the order concurrent writers lock in).
"""

from __future__ import annotations

from clapboard.plugins.data.crud.meta import Relation


def differs(before: set | None, after: list) -> bool:
    return set(before or ()) != set(after)


def replace(relation: Relation, owner, before: set | None, after: list) -> None:
    """Make ``owner``'s ``relation`` list ``after`` (``before``: what is stored)."""

    before = set(before or ())
    gone = before - set(after)
    if gone:
        relation.through.delete().where(relation.own == owner, relation.other.in_(list(gone))).execute()
    new = sorted((other for other in after if other not in before), key=str)
    if new:
        relation.through.insert_many(
            [{relation.own.name: owner, relation.other.name: other} for other in new]).execute()
