"""E-mail one-time codes (written by the 2FA work)."""


def verify(app, person, code):
    return False
