r"""Zou's naming convention of clips: ``${project_name}_${sequence_name}-${shot_name}`` and the like.

A convention does two things: it names each existing shot (the key a clip
name is looked up under) and, for a clip naming no shot, it reads the
sequence and shot names out of the clip name. Zou turns the template into a
regular expression without escaping its literal parts, each placeholder
reading a word (``\w*``); here literal parts are escaped (a ``.`` or ``+``
means itself), and the production's and episode's own names are read too
when they are not one word ("Big Buck Bunny_SQ010-SH010").
"""

from __future__ import annotations

import re
from string import Template

from clapboard.errors import BadRequest

PLACEHOLDERS = ("project_name", "episode_name", "sequence_name", "shot_name")
PROJECT_DEFAULT = "${project_name}_${sequence_name}-${shot_name}"
EPISODE_DEFAULT = "${project_name}_${episode_name}-${sequence_name}-${shot_name}"


class NamingConvention:
    """A checked template: the names it may use, and the expression that reads a clip name."""

    def __init__(self, template: str, match_case: bool, known: dict[str, str]):
        """``known``: the names the clips' own names may carry (``project_name``, ``episode_name`` for an
        episode's import)."""

        self.template = Template(template)
        self.match_case = match_case
        pieces, names = [], []
        end = 0
        for found in self.template.pattern.finditer(template):
            pieces.append(re.escape(template[end:found.start()]))
            end = found.end()
            if found.group("escaped") is not None:
                pieces.append(re.escape("$"))
                continue
            name = found.group("named") or found.group("braced")
            if name is None or name not in PLACEHOLDERS:
                raise BadRequest(f"naming_convention: unknown placeholder {found.group(0)!r}; use "
                                 + ", ".join(f"${{{p}}}" for p in PLACEHOLDERS) + ".")
            if name in names:
                raise BadRequest(f"naming_convention: ${{{name}}} appears more than once.")
            if name == "episode_name" and "episode_name" not in known:
                raise BadRequest("naming_convention: ${episode_name} needs an episode (import into "
                                 "/import/otio/projects/{project_id}/episodes/{episode_id}).")
            names.append(name)
            literal = f"{re.escape(known[name])}|" if known.get(name) else ""
            pieces.append(rf"(?P<{name}>{literal}\w*)")
        pieces.append(re.escape(template[end:]))
        missing = [p for p in ("sequence_name", "shot_name") if p not in names]
        if missing:
            raise BadRequest(f"naming_convention: ${{{missing[0]}}} is missing; it names the shots to create.")
        self.expression = re.compile("".join(pieces), 0 if match_case else re.IGNORECASE)

    def fold(self, name: str) -> str:
        """``name`` as keys are compared: itself, or lower-cased when case does not matter."""

        return name if self.match_case else name.casefold()

    def key(self, **names: str) -> str:
        """The clip name that designates the shot of these names."""

        return self.fold(self.template.substitute(names))

    def read(self, clip_name: str) -> dict | None:
        """``{sequence_name, shot_name, …}`` read from a clip name, ``None`` when it does not follow."""

        found = self.expression.match(clip_name)
        if found is None or not found.group("sequence_name") or not found.group("shot_name"):
            return None
        return found.groupdict()
