"""Time logged and day offs taken in the tasks tests' production (helpers only, no tests here).

Project P (team: manager, supervisor of Animation, artist ``user``, client,
vendor) and project Q (nobody of P's team but the artist, who logs time on
one of its tasks). Time and day offs are created through the API as admin,
so they go through the same checks and events as any client's.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..production.tasks.world import World, build_world

# (task key, role, date, minutes)
TIME = (
    ("ANIM", "user", "2026-11-28", 120),      # Saturday of ISO week 48
    ("ANIM", "user", "2026-11-30", 30),       # Monday of ISO week 49
    ("LAYOUT", "user", "2026-11-30", 60),
    ("QTASK", "user", "2026-12-31", 45),      # Thursday of ISO week 53 of 2026, project Q
    ("ANIM", "user", "2027-01-01", 15),       # Friday, still ISO week 53 of 2026
    ("ANIM", "manager", "2026-11-28", 10),
)

# (key, role, first day, last day, description)
DAY_OFFS = (
    ("D1", "user", "2026-11-27", "2026-11-27", "Doctor"),
    ("D2", "user", "2026-11-30", "2026-12-02", "Trip"),        # across a month end
    ("D3", "user", "2026-12-28", "2027-01-04", "Winter"),      # across a year end and ISO weeks 53 / 1
    ("D4", "outsider", "2026-11-10", "2026-11-10", "Outsider off"),
    ("D5", "manager", "2026-11-16", "2026-11-16", "Manager off"),
    ("D6", "supervisor", "2026-12-01", "2026-12-01", "Supervisor off"),  # the day after November
)


@dataclass
class Timesheet:
    w: World
    tasks: dict  # key -> task id
    time: dict  # (task key, role, date) -> time spent id
    day_offs: dict  # key -> day off row

    def person(self, role) -> str:
        return self.w.person(role)


def log(w: World, task: str, role: str, day: str, minutes: float) -> dict:
    answer = w.admin.simulate_post(f"/actions/tasks/{task}/time-spents/{day}/persons/{w.person(role)}",
                                   json={"duration": minutes})
    assert answer.status_code == 201, answer.text
    return answer.json


def day_off(w: World, role: str, first: str, last: str, text: str) -> dict:
    answer = w.admin.simulate_post("/data/day-offs", json={
        "person_id": w.person(role), "date": first, "end_date": last, "description": text})
    assert answer.status_code == 201, answer.text
    return answer.json


def build_timesheet(tmp_path_factory, name: str) -> Timesheet:
    w = build_world(tmp_path_factory, name)
    tasks = {
        "ANIM": w.new_task("SH1", "Animation", assignees=("user", "manager")),
        "LAYOUT": w.new_task("SH2", "Layout", assignees=("user",)),
        "QTASK": w.new_task("EQ", "Layout", assignees=("user",), project="Q"),
    }
    time = {(key, role, day): log(w, tasks[key], role, day, minutes)["id"] for key, role, day, minutes in TIME}
    offs = {key: day_off(w, role, first, last, text) for key, role, first, last, text in DAY_OFFS}
    return Timesheet(w=w, tasks=tasks, time=time, day_offs=offs)
