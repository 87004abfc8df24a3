"""OpenTimelineIO imports: sequences and shots with their frame ranges, made from an edit.

``POST /import/otio/projects/{project_id}[/episodes/{episode_id}]`` takes a
timeline in any format the installed OpenTimelineIO reads (``.otio``, and
``.edl`` when its CMX 3600 adapter is installed) and, clip by clip, updates
the shot the clip names or creates it (and its sequence), as Zou does.
"""
