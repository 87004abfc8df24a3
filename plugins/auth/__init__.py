"""The ``auth`` plugin: login, tokens, passwords, second factors, bots, and the permission policy."""

from __future__ import annotations

from clapboard import Migration, create_models, hookimpl
from clapboard import schemas as schema_files

__version__ = "0.1.0"
title = "Authentication and permissions"
description = "Logins, tokens, passwords, second factors, bots, and the permission policy of every role."
requires = ("data",)


@hookimpl
def add_hookspecs(pm):
    from . import hookspecs

    pm.add_hookspecs(hookspecs)


@hookimpl
def register_config_schema():
    from .settings import CONFIG_SCHEMA

    return {"auth": CONFIG_SCHEMA}


@hookimpl
def register_schemas():
    return schema_files.root() / "auth"


@hookimpl
def register_models():
    from .models import MODELS, SessionFloor

    return [*MODELS, SessionFloor]


@hookimpl
def register_migrations():
    from .models import MODELS, SessionFloor

    return [
        Migration(1, "revoked tokens and challenges", create_models(*MODELS)),
        Migration(2, "session floors (a password reset ends every session)", create_models(SessionFloor)),
    ]


@hookimpl
def register_routes():
    from . import extra_routes, resources, share_invites

    routes = resources.routes() + extra_routes.routes() + share_invites.routes()
    for route in routes:  # answers about sessions and secrets: never kept
        route.cache = False
    return routes


@hookimpl
def register_commands(cli):
    from .commands import register

    register(cli)


@hookimpl
def startup(app):
    from clapboard.caching import LRU

    from .passwords import Passwords
    from .settings import settings

    app.passwords = Passwords(settings(app))
    app.verified_tokens = LRU(4096)  # access token -> claims, entries of size 1


@hookimpl
def authenticate(app, req):
    from .identity import authenticate as identify

    return identify(app, req)


@hookimpl
def permission_allowed(app, actor, action, resource):
    from . import policy

    return policy.permission_allowed(app, actor, action, resource)


@hookimpl
def query_filters(app, actor, model, action):
    from . import policy

    return policy.query_filters(app, actor, model, action)


@hookimpl(optionalhook=True)
def data_visible_fields(app, actor, model):
    from . import policy

    return policy.visible_fields(app, actor, model)


@hookimpl(optionalhook=True)
def data_after_write(app, actor, model, verb, row, changes):
    from .bots import after_person_write

    after_person_write(app, model, verb, row, changes)


@hookimpl(optionalhook=True)
def data_secret_values(app, actor, model, verb, body):
    from .bots import person_password

    return person_password(app, actor, model, body)


@hookimpl(optionalhook=True)
def data_instance_config(app):
    from .settings import settings

    return {"enforce_2fa": settings(app)["enforce_2fa"]}
