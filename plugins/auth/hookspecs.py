"""Hooks the auth plugin offers to other plugins (added through ``add_hookspecs``)."""

from clapboard import hookspec


@hookspec(firstresult=True)
def auth_verify_password(app, person, password):
    """Check ``password`` for ``person`` somewhere else than the local hash (a directory's bind).

    Return ``True`` or ``False``, or ``None`` to leave the account to the local
    password. The first answer that is not ``None`` decides; lockout, the
    second factor and the inactive check apply either way.
    """
