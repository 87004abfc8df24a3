"""Guest review (Zou's ``shared`` blueprint and the share links of ``playlists``).

A manager makes a link to a playlist (``links``); whoever holds its token
opens that playlist without an account (``views``), names themselves
(``guests``) and comments on what it shows (``comments``, ``attachments``). ``access`` decides
what a token opens. The bytes (pictures, movies, attachments) and drawings
are served by the pictures plugin (``clapboard.plugins.pictures.shared``),
the invitations sent by the auth plugin, which keeps the mail settings.
"""

from __future__ import annotations

from ..families import gather_routes

MODULES = ("links", "guests", "views", "comments", "attachments")


def routes() -> list:
    return gather_routes(__name__, MODULES)
