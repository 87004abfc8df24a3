"""Account commands: create-admin, create-bot, change-password, disable-2fa, clean-auth-tokens."""

from __future__ import annotations

import uuid

import click

from clapboard.cli.context import startup_errors


def _checked_password(app, password: str) -> str:
    from clapboard.errors import BadRequest

    try:
        return app.passwords.check_new(password)
    except BadRequest as exc:
        raise click.ClickException(exc.message) from exc


def _person_by_email(email: str):
    from .accounts import find_by_login

    person = find_by_login(email)
    if person is None:
        raise click.ClickException(f"no person with e-mail or desktop login {email!r}")
    return person


def register(cli) -> None:
    @cli.command("create-admin")
    @click.argument("email")
    @click.option("--password", required=True, help="At least the configured minimum length.")
    @click.option("--first-name", default="Super")
    @click.option("--last-name", default="Admin")
    @click.pass_obj
    @startup_errors
    def create_admin(obj, email, password, first_name, last_name):
        """Create an admin account (or make an existing one admin and reset its password)."""
        from clapboard.plugins.data.models import Person

        from .accounts import find_by_login

        app = obj.app()
        _checked_password(app, password)
        with app.db.connection_context(), app.transaction():

            person = find_by_login(email)
            hashed = app.passwords.hash(password)
            if person is None:
                Person.create(id=uuid.uuid4(), first_name=first_name, last_name=last_name,
                              email=email.strip().lower(), role="admin", password=hashed, active=True)
                click.echo(f"Admin {email} created.")
            else:
                Person.update(role="admin", password=hashed, active=True, login_failed_attemps=0).where(
                    Person.id == person.id).execute()
                click.echo(f"{email} exists: it is now an admin with the given password.")

    @cli.command("create-bot")
    @click.argument("name")
    @click.option("--role", default="user", type=click.Choice(["user", "admin", "supervisor", "manager",
                                                               "client", "vendor"]))
    @click.option("--expiration-date", default=None, help="YYYY-MM-DD; the token stops working after it.")
    @click.pass_obj
    @startup_errors
    def create_bot(obj, name, role, expiration_date):
        """Create a bot account and print its API token (shown once)."""
        from clapboard.plugins.data.models import Person

        from .accounts import issue_bot_token

        app = obj.app()
        with app.db.connection_context(), app.transaction():
            bot = Person.create(id=uuid.uuid4(), first_name=name, last_name="", role=role, is_bot=True,
                                expiration_date=expiration_date, active=True)
            token = issue_bot_token(app, bot)
        click.echo(f"Bot {name} ({bot.id}) created. API token:\n{token}")

    @cli.command("change-password")
    @click.argument("email")
    @click.option("--password", required=True)
    @click.pass_obj
    @startup_errors
    def change_password(obj, email, password):
        """Set a person's password, clear a login lockout and end their earlier sessions."""
        from .accounts import set_password

        app = obj.app()
        _checked_password(app, password)
        with app.db.connection_context(), app.transaction():
            set_password(app, _person_by_email(email).id, password)
        click.echo(f"Password of {email} changed.")

    @cli.command("disable-2fa")
    @click.argument("email")
    @click.pass_obj
    @startup_errors
    def disable_2fa(obj, email):
        """Turn off every second factor of an account."""
        from .twofactor.admin import disable_all

        app = obj.app()
        with app.db.connection_context(), app.transaction():
            disable_all(_person_by_email(email).id)
        click.echo(f"Two-factor authentication disabled for {email}.")

    @cli.command("clean-auth-tokens")
    @click.pass_obj
    @startup_errors
    def clean_auth_tokens(obj):
        """Forget revocations of tokens that have expired anyway, and stale challenges."""
        from .accounts import utcnow
        from .models import Challenge, RevokedToken

        app = obj.app()
        with app.db.connection_context(), app.transaction():
            now = utcnow()
            revoked = RevokedToken.delete().where(RevokedToken.expires_at < now).execute()
            challenges = Challenge.delete().where(Challenge.expires_at < now).execute()
        click.echo(f"Removed {revoked} expired revocations and {challenges} stale challenges.")
