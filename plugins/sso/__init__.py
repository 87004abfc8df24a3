"""The ``sso`` plugin: single sign-on by OpenID Connect and SAML 2.0, and accounts from an LDAP directory.

Zou's four routes (``/auth/oidc/login``, ``/auth/oidc/callback``,
``/auth/saml/login``, ``/auth/saml/sso``) are always served; a method that is
not enabled answers them with a 400, as Zou does. The parts: ``oidc/``
(Authlib), ``saml/`` (pysaml2), ``ldap/`` (ldap3: ``clapboard sync-ldap``, a
periodic sync, and optional password checks by LDAP bind through the auth
plugin's ``auth_verify_password`` hook); ``accounts.py`` turns any provider's
verified answer into a session exactly like a browser password login
(``flows.py`` keeps sign-ons in progress in the database so any process
answers the provider's redirect; ``second_factor.py`` asks for the studio's
own second factor when the provider's MFA does not count). ``docs/sso.md``
tells how to configure each provider.
"""

from __future__ import annotations

from clapboard import hookimpl
from clapboard import schemas as schema_files

__version__ = "0.1.0"
title = "Single sign-on"
description = "Sign-on through OpenID Connect and SAML providers, and accounts synced from an LDAP directory."
requires = ("data", "auth")


@hookimpl
def register_config_schema():
    from .settings import CONFIG_SCHEMA

    return {"sso": CONFIG_SCHEMA}


@hookimpl
def register_schemas():
    return schema_files.root() / "sso"


@hookimpl
def register_models():
    from .models import MODELS

    return list(MODELS)


@hookimpl
def register_migrations():
    from .models import MIGRATIONS

    return list(MIGRATIONS)


@hookimpl
def register_routes():
    from . import identities, second_factor
    from .oidc import routes as oidc_routes
    from .saml import routes as saml_routes

    routes = oidc_routes.routes() + saml_routes.routes() + second_factor.routes() + identities.routes()
    for route in routes:  # sign-on answers carry sessions: never kept
        route.cache = False
    return routes


@hookimpl
def register_permissions():
    from .identities import PERMISSIONS

    return list(PERMISSIONS)


@hookimpl
def register_commands(cli):
    from .commands import register

    register(cli)


@hookimpl
def startup(app):
    from .settings import check

    check(app)


@hookimpl
def permission_allowed(app, actor, action, resource):
    from .identities import permission_allowed as allowed

    return allowed(actor, action)


@hookimpl(optionalhook=True)
def data_instance_config(app):
    from .settings import settings

    conf = settings(app)
    return {"saml_enabled": conf["saml"]["enabled"], "saml_idp_name": conf["saml"]["idp_name"],
            "oidc_enabled": conf["oidc"]["enabled"], "oidc_idp_name": conf["oidc"]["idp_name"]}


@hookimpl(optionalhook=True)
def auth_verify_password(app, person, password):
    from .settings import settings

    if not settings(app)["ldap"]["enabled"]:
        return None  # ldap3 is not even imported
    from .ldap import login

    return login.verify_password(app, person, password)


@hookimpl
def serve_started(app):
    from .ldap import periodic

    periodic.start(app)


@hookimpl
def shutdown(app):
    from .ldap import periodic

    periodic.stop(app)
