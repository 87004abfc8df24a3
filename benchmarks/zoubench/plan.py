"""What a seeded production contains, per size: names, counts and the deterministic choices.

Counts (TV show; a feature film has the same sequences without episodes):

=======  ========  =====  ======  ======  =======  ========  =======
size     episodes  shots  assets  tasks   casting  persons   comments
=======  ========  =====  ======  ======  =======  ========  =======
small    2         24     10      160     96       4         16
medium   5         500    200     3,300   2,000    20        330
large    10        5,000  1,000   29,000  20,000   40        2,900
=======  ========  =====  ======  ======  =======  ========  =======

Every shot gets the five shot task types, every asset the four asset task
types, every shot casts four assets; one task in two is assigned, one in ten
gets a comment that changes its status.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# (name, for_entity, colour) — Zou's and Clapboard's default data both have these names.
SHOT_TASK_TYPES = (("Layout", "#4DB6AC"), ("Animation", "#81C784"), ("FX", "#FF8A65"),
                   ("Lighting", "#FFD54F"), ("Compositing", "#E57373"))
ASSET_TASK_TYPES = (("Concept", "#8D6E63"), ("Modeling", "#78909C"), ("Shading", "#64B5F6"),
                    ("Rigging", "#9575CD"))
# (short name, name, colour); the seeder reuses statuses by short name.
TASK_STATUSES = (("todo", "Todo", "#f5f5f5"), ("wip", "Work In Progress", "#3273dc"),
                 ("wfa", "Waiting For Approval", "#ab26ff"), ("retake", "Retake", "#ff3860"),
                 ("done", "Done", "#22d160"))
# Statuses a comment moves a task to, in turn.
COMMENT_STATUSES = ("wip", "wfa", "retake", "wip", "done")
# (asset type name, name prefix, share of the assets)
ASSET_TYPES = (("Character", "chr", 0.3), ("Prop", "prp", 0.4), ("Environment", "env", 0.2), ("FX", "fx", 0.1))
CAST_PER_SHOT = 4
INSTANCED_SHOTS = 4  # shots that use each instanced asset
FIRST_FRAME = 1001


@dataclass(frozen=True)
class Size:
    episodes: int
    sequences_per_episode: int
    shots_per_sequence: int
    assets: int
    persons: int
    instanced_assets: int
    previews: int

    @property
    def shots(self) -> int:
        return self.episodes * self.sequences_per_episode * self.shots_per_sequence


SIZES = {
    "small": Size(episodes=2, sequences_per_episode=2, shots_per_sequence=6, assets=10, persons=4,
                  instanced_assets=3, previews=2),
    "medium": Size(episodes=5, sequences_per_episode=4, shots_per_sequence=25, assets=200, persons=20,
                   instanced_assets=40, previews=3),
    "large": Size(episodes=10, sequences_per_episode=10, shots_per_sequence=50, assets=1000, persons=40,
                  instanced_assets=200, previews=3),
}


def expected_counts(size: Size) -> dict:
    shots = size.shots
    tasks = shots * len(SHOT_TASK_TYPES) + size.assets * len(ASSET_TASK_TYPES)
    return {"shots": shots, "assets": size.assets, "tasks": tasks, "casting_links": shots * CAST_PER_SHOT,
            "comments": tasks // 10, "assigned_tasks": (tasks + 1) // 2}


def episode_names(size: Size) -> list[str]:
    return [f"E{e:02d}" for e in range(1, size.episodes + 1)]


def sequence_names(size: Size, episode_index: int, with_episodes: bool) -> list[str]:
    """Sequence names of one episode (or, for a feature film, of its block of sequences)."""

    if with_episodes:
        return [f"SQ{s * 10:03d}" for s in range(1, size.sequences_per_episode + 1)]
    first = episode_index * size.sequences_per_episode
    return [f"SQ{(first + s) * 10:03d}" for s in range(1, size.sequences_per_episode + 1)]


def shot_bodies(size: Size, sequence_id: str, sequence_number: int) -> list[dict]:
    """Shot creation bodies for one sequence, with frame ranges (``data.frame_in/out``, ``nb_frames``)."""

    rng = random.Random(sequence_number)
    bodies, frame = [], FIRST_FRAME
    for s in range(1, size.shots_per_sequence + 1):
        frames = rng.randint(24, 240)
        bodies.append({"name": f"SH{s * 10:04d}", "sequence_id": sequence_id, "nb_frames": frames,
                       "description": f"Shot {s} of sequence {sequence_number}",
                       "data": {"frame_in": frame, "frame_out": frame + frames - 1}})
        frame += frames
    return bodies


def asset_plan(size: Size) -> list[tuple[str, str]]:
    """``(asset type name, asset name)`` for every asset, spread over the asset types."""

    plan = []
    for type_name, prefix, share in ASSET_TYPES:
        count = round(size.assets * share)
        plan += [(type_name, f"{prefix}_{i:04d}") for i in range(1, count + 1)]
    while len(plan) < size.assets:  # rounding
        plan.append((ASSET_TYPES[1][0], f"{ASSET_TYPES[1][1]}_{len(plan) + 1:04d}x"))
    return plan[:size.assets]


def casting_for(shot_index: int, asset_ids: list[str]) -> list[dict]:
    """The assets a shot casts: ``CAST_PER_SHOT`` distinct ones, chosen from the shot's index."""

    rng = random.Random(shot_index)
    chosen = rng.sample(asset_ids, min(CAST_PER_SHOT, len(asset_ids)))
    return [{"asset_id": a, "nb_occurences": rng.randint(1, 3), "label": ""} for a in chosen]
