"""The instance settings of ``[plugins.data]`` that ``GET /config`` and the admin check read.

They are what Zou reads from its environment (``DEFAULT_LOCALE``, ``CRISP_TOKEN``,
``SENTRY_KITSU_*``, ``MOVIE_*_BITRATE``, ``ADMIN_TOKEN``…); each can be set in
the TOML file or overridden with ``CLAPBOARD_PLUGINS__DATA__<KEY>``.
"""

from __future__ import annotations

CONFIG_PROPERTIES = {
    "is_self_hosted": {"type": "boolean", "default": True,
                       "description": "Told to Kitsu, which hides its hosted-service features when true."},
    "default_locale": {"type": "string", "minLength": 2, "default": "en_US",
                       "description": "Locale Kitsu uses for people who did not choose one."},
    "default_timezone": {"type": "string", "minLength": 1, "default": "Europe/Paris",
                         "description": "Time zone Kitsu uses for people who did not choose one."},
    "crisp_token": {"type": "string", "default": "",
                    "description": "Crisp support-chat website id shown in Kitsu (empty: no chat)."},
    "preview_accounts_enabled": {"type": "boolean", "default": True,
                                 "description": "Whether Kitsu offers guest review accounts on shared playlists."},
    "movie_highdef_bitrate": {"type": "integer", "minimum": 1, "default": 28,
                              "description": "Bitrate (Mbit/s) of high definition movie previews."},
    "movie_lowdef_bitrate": {"type": "integer", "minimum": 1, "default": 6,
                             "description": "Bitrate (Mbit/s) of low definition movie previews."},
    "sentry_dsn": {"type": "string", "default": "",
                   "description": "Sentry DSN Kitsu reports its errors to (empty: Kitsu reports nothing)."},
    "sentry_sample_rate": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.1,
                           "description": "Share of Kitsu errors sent to Sentry."},
    "admin_token": {"type": "string", "default": "",
                    "description": "Bearer token of GET /admin/config/check; the route exists only when set."},
}
# Settings the admin check compares between the configuration source and the running process.
CHECKED = ("default_timezone", "default_locale")


def instance_settings(app) -> dict:
    return app.config.plugin("data")
