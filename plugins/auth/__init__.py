"""The ``auth`` plugin: login, tokens, passwords, second factors, bots, and the permission policy."""

from __future__ import annotations

from clapboard import Migration, create_models, hookimpl
from clapboard import schemas as schema_files

__version__ = "0.1.0"
requires = ("data",)


@hookimpl
def register_config_schema():
    from .settings import CONFIG_SCHEMA

    return {"auth": CONFIG_SCHEMA}


@hookimpl
def register_schemas():
    return schema_files.root() / "auth"


@hookimpl
def register_models():
    from .models import MODELS

    return MODELS


@hookimpl
def register_migrations():
    from .models import MODELS

    return [Migration(1, "revoked tokens and challenges", create_models(*MODELS))]


@hookimpl
def register_routes():
    from . import resources

    return resources.routes()


@hookimpl
def register_commands(cli):
    from .commands import register

    register(cli)


@hookimpl
def startup(app):
    from .passwords import Passwords
    from .settings import settings

    app.passwords = Passwords(settings(app))


@hookimpl
def authenticate(app, req):
    from .identity import authenticate as identify

    return identify(app, req)
