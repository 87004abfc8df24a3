"""The ``[plugins.auth]`` settings and their defaults."""

CONFIG_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "access_token_minutes": {
            "type": "integer", "minimum": 1, "default": 10080,
            "description": "Lifetime of browser access tokens (cookies). Kitsu never refreshes them, so a short "
                           "lifetime logs people out mid-work; a week, as Zou. Logout and password changes "
                           "still end a session at once: revocation is checked on every request."},
        "script_access_token_minutes": {
            "type": "integer", "minimum": 1, "default": 1440,
            "description": "Lifetime of access tokens given to scripts (JSON logins): gazu's default client "
                           "does not refresh, so a day keeps scripts working (Zou: 7 days)."},
        "refresh_token_days": {"type": "integer", "minimum": 1, "default": 15},
        "lockout_attempts": {"type": "integer", "minimum": 1, "default": 5,
                             "description": "Failed logins before the account is locked."},
        "lockout_seconds": {"type": "integer", "minimum": 1, "default": 60},
        "min_password_length": {"type": "integer", "minimum": 6, "default": 8},
        # OWASP's recommended argon2id settings (19 MiB, 2 passes, 1 lane): a burst of logins on
        # several processes stays within tens of MB. Hashes made with other settings still verify
        # and are redone with these at the next login.
        "argon2_time_cost": {"type": "integer", "minimum": 1, "default": 2},
        "argon2_memory_kib": {"type": "integer", "minimum": 1024, "default": 19456},
        "argon2_parallelism": {"type": "integer", "minimum": 1, "default": 1},
        "enforce_2fa": {"type": "boolean", "default": False},
        "two_fa_exempt": {"type": "array", "items": {"type": "string"}, "default": []},
        "cookie_secure": {"type": "boolean", "default": False,
                          "description": "Mark cookies Secure (serve over HTTPS)."},
        "public_url": {"type": "string", "default": "http://localhost:8080",
                       "description": "Base URL of the Kitsu front end, for links in e-mails."},
        "smtp_host": {"type": "string", "default": "localhost"},
        "smtp_port": {"type": "integer", "default": 25},
        "smtp_user": {"type": "string", "default": ""},
        "smtp_password": {"type": "string", "default": ""},
        "smtp_tls": {"type": "boolean", "default": False},
        "smtp_from": {"type": "string", "default": "no-reply@clapboard.local"},
        "email_otp_minutes": {"type": "integer", "minimum": 1, "default": 5},
        "reset_token_minutes": {"type": "integer", "minimum": 5, "default": 120},
        "fido_rp_id": {"type": "string", "default": "localhost"},
        "fido_rp_name": {"type": "string", "default": "Clapboard"},
        "fido_origins": {"type": "array", "items": {"type": "string"}, "default": ["http://localhost:8080"]},
    },
}


def settings(app) -> dict:
    return app.config.plugin("auth")
