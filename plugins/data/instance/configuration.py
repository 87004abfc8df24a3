"""``GET /config``: the instance settings Kitsu reads before anyone logs in.

Kitsu's start-up asks it for the default locale and time zone, the dark theme,
the support chat, error reporting, the search bar and which login options to
show. The values come from ``[plugins.data]``, the organisation row and, through
the ``data_instance_config`` hook, from other plugins (the auth plugin says
whether second factors are enforced and which single sign-on providers are on).
"""

from __future__ import annotations

from clapboard import Operation, Route

from ..models import Organisation
from .settings import instance_settings

# Route whose presence means Kitsu's search bar has something to ask.
SEARCH_ROUTE = ("/data/search", "POST")


def dark_theme_by_default() -> bool:
    """The organisation's choice; the column default when no organisation exists yet (no write on a read)."""

    found = (Organisation.select(Organisation.dark_theme_by_default)
             .order_by(Organisation.created_at).limit(1).scalar())
    return Organisation.dark_theme_by_default.default if found is None else bool(found)


def instance_config(app) -> dict:
    conf = instance_settings(app)
    answer = {
        "is_self_hosted": conf["is_self_hosted"],
        "crisp_token": conf["crisp_token"],
        "dark_theme_by_default": dark_theme_by_default(),
        # Search runs on the database: it is "configured" whenever its route is served.
        "indexer_configured": app.operation_for(*SEARCH_ROUTE) is not None,
        # Login options stay off unless a plugin that provides them says otherwise.
        "saml_enabled": False,
        "saml_idp_name": "",
        "oidc_enabled": False,
        "oidc_idp_name": "",
        "default_locale": conf["default_locale"],
        "default_timezone": conf["default_timezone"],
        "enforce_2fa": False,
        "movie_highdef_bitrate": conf["movie_highdef_bitrate"],
        "movie_lowdef_bitrate": conf["movie_lowdef_bitrate"],
        "preview_accounts_enabled": conf["preview_accounts_enabled"],
    }
    for contributed in app.hook.data_instance_config(app=app):
        answer.update(contributed or {})
    if conf["sentry_dsn"]:
        answer["sentry"] = {"dsn": conf["sentry_dsn"], "sampleRate": conf["sentry_sample_rate"]}
    return answer


class ConfigResource:
    def on_get(self, req, resp):
        resp.media = instance_config(req.context.app)


def routes() -> list[Route]:
    return [Route("/config", ConfigResource(), public=True, tags=("data",), operations={"GET": Operation(
        summary="Instance settings Kitsu reads at start-up (no login needed)",
        description="Default locale and time zone, dark theme, support chat, movie bitrates, which login "
                    "options are on, whether search is available; `sentry` only when error reporting is set.",
        response_schema="data/instance/answers#/$defs/config", operation_id="get_instance_config")})]
