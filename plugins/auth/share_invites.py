"""``POST /data/playlists/<id>/share/<token>/invite``: a review link sent by e-mail.

The auth plugin keeps the mail settings, so it sends the invitations of the
data plugin's share links. The same managers as for the links (the data
plugin's ``managed_playlist``); the token must be an active link of that very
playlist (404 otherwise), so a manager cannot send a link of a playlist they
do not manage. Recipients are free-form addresses and persons named by id
(their address looked up; unknown ids and persons without one are skipped),
at most ``MAX_RECIPIENTS``, each sent once. Nothing is recorded, as in Zou;
the answer lists the addresses written to (503 when the SMTP server refuses).
"""

from __future__ import annotations

import re
import uuid

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound
from clapboard.plugins.data.engine import context, validated
from clapboard.plugins.data.models import Person, Project
from clapboard.plugins.data.shared.links import link_of, managed_playlist

from . import mail
from .identity import require_person
from .settings import settings

ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_RECIPIENTS = 50


def recipients(body: dict) -> list[str]:
    found = {}
    for raw in body.get("emails") or []:
        address = raw.strip()
        if not ADDRESS.match(address):
            raise BadRequest(f"Not a valid e-mail address: {raw!r}.")
        local, _, domain = address.rpartition("@")
        address = f"{local}@{domain.lower()}"  # as Zou normalizes it: the domain is case-blind
        found.setdefault(address.lower(), address)
    ids = [uuid.UUID(i) for i in body.get("person_ids") or []]
    if ids:
        for (address,) in Person.select(Person.email).where(Person.id.in_(ids), Person.email.is_null(False),
                                                             Person.is_guest == False).tuples():  # noqa: E712
            if ADDRESS.match(address or ""):
                found[address.lower()] = address
    if len(found) > MAX_RECIPIENTS:
        raise BadRequest(f"At most {MAX_RECIPIENTS} recipients at once.")
    return list(found.values())


def invitation(app, author: str, project: str, playlist: str, url: str, message: str | None) -> tuple[str, str]:
    text = (f"{author} invites you to review the playlist \"{playlist}\" of {project}:\n\n{url}\n\n"
            "No account is needed: open the link and enter your name.\n")
    if message:
        text += f"\n{author} wrote:\n\n{message}\n"
    return f"[Kitsu] Review of {playlist} ({project})", text


class ShareInvite:
    def on_post(self, req, resp, playlist_id, token):
        ctx = context(req)
        app = req.context.app
        playlist = managed_playlist(ctx, playlist_id)
        if not link_of(playlist, token)["is_active"]:
            raise NotFound("Share link not found or expired.")
        body = validated(req, "auth/share-invite")
        addresses = recipients(body)
        author = Person.get_by_id(require_person(ctx.actor))
        project = Project.select(Project.name).where(Project.id == playlist["project_id"]).scalar()
        url = f"{settings(app)['public_url'].rstrip('/')}/playlists/shared/{token}"
        subject, text = invitation(app, author.full_name, project, playlist["name"], url, body.get("message"))
        for address in addresses:
            mail.send(app, address, subject, text)
        resp.media = {"sent": addresses}


def routes() -> list[Route]:
    return [Route("/data/playlists/{playlist_id}/share/{token}/invite", ShareInvite(), tags=("data",),
                  operations={"POST": Operation(
                      summary="E-mail a playlist's guest review link (its production's managers)",
                      description="`emails` and/or `person_ids`, an optional `message`; answers the addresses "
                                  "written to.", request_schema="auth/share-invite",
                      response_schema="data/shared/answers#/$defs/invitations",
                      operation_id="invite_to_playlist_share_link")})]
