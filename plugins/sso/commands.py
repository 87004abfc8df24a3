"""Commands of the sso plugin: ``clapboard sso identities|unbind`` and each method's own."""

from __future__ import annotations

import click

from clapboard.cli.context import startup_errors


def register(cli) -> None:
    from .ldap import commands as ldap_commands

    @cli.group("sso")
    def sso():
        """Single sign-on: identities bound to accounts."""

    @sso.command("identities")
    @click.option("--email", default=None, help="Only this account's.")
    @click.pass_obj
    @startup_errors
    def identities(obj, email):
        """List the provider identities bound to accounts."""
        from .identities import listed

        app = obj.app()
        with app.db.connection_context():
            for row in listed(email):
                click.echo(f"{row['email'] or '-':30} {row['method']:5} {row['issuer']} {row['subject']}")

    @sso.command("unbind")
    @click.argument("email")
    @click.option("--method", type=click.Choice(["oidc", "saml", "ldap"]), default=None)
    @click.pass_obj
    @startup_errors
    def unbind(obj, email, method):
        """Unbind an account from its provider identities (its next sign-on binds it again by e-mail)."""
        from .identities import unbind_email

        app = obj.app()
        with app.db.connection_context(), app.transaction():
            count = unbind_email(email, method)
        if count is None:
            raise click.ClickException(f"no person with e-mail {email!r}")
        click.echo(f"{count} identit{'y' if count == 1 else 'ies'} unbound from {email}.")

    ldap_commands.register(cli)
