"""Zou's ``persons`` and ``departments`` routes: a person's time spent and day offs by
period, their tasks, presence logs, quotas, department membership and equipment.

Each module of this package exposes ``routes() -> list[Route]``; ``MODULES``
lists them. ``PERMISSIONS`` and ``EVENTS`` declare the actions the family
checks and the events it emits (``{name: description}``).
"""

from __future__ import annotations

from ..families import gather_routes

MODULES: tuple[str, ...] = (
    "person_time", "time_tables", "day_offs", "presence_logs", "project_time", "quotas", "quota_shots",
    "person_tasks", "task_dates", "desktop_logins", "department_members", "avatars", "department_equipment",
)
PERMISSIONS: dict[str, str] = {
    "data.persons.read-time": "read a person's time spent by date or period (oneself; managers, supervisors)",
    "data.persons.read-time-log": "read a person's whole time spent log or a date range of it (admins)",
    "data.persons.read-month-time": "read a person's time spent rows of a month (oneself)",
    "data.persons.read-presence-logs": "read the presence logs CSV (admins)",
    "data.persons.read-day-offs": "read the dates of a person's day offs",
    "data.persons.read-day-off-details": "read the descriptions of a person's day offs",
    "data.persons.read-quota-shots": "read the shots counted in a person's quotas",
    "data.time-spents.read-table": "read the studio time tables (with their filters)",
    "data.projects.read-day-offs": "read the day offs of a production's team",
    "data.projects.read-day-off-details": "read the descriptions of a production team's day offs",
    "data.projects.read-task-type-time": "read the time spent on a task type of a production",
    "data.projects.read-person-quotas": "read a person's quotas on a production",
    "data.projects.read-budget-time": "read a production's time by department, person and month (admins)",
    "data.entities.read-time": "read the time spent on an entity's tasks",
    "data.persons.read-tasks": "ask for a person's open, done and related tasks (vendors: only their own)",
    "data.persons.see-tasks": "find tasks in a person's task lists (clients and vendors find none, as in Zou)",
    "data.persons.read-task-dates": "read the studio's task dates per person (the team schedule)",
    "data.persons.read-desktop-logs": "read a person's desktop login logs",
    "data.persons.log-desktop-login": "record a desktop login for a person",
    "data.persons.change-departments": "add a person to a department or remove them from it",
    "data.persons.clear-avatar": "clear another person's avatar",
    "data.persons.clear-own-avatar": "clear one's own avatar (/actions/user/clear-avatar)",
    "data.persons.change-avatar": "upload a person's avatar (the person themself; admins anybody's)",
    "data.departments.read-equipment": "read the software licenses and hardware items of departments",
    "data.departments.change-equipment": "add or remove the software licenses and hardware items of departments",
}
EVENTS: dict[str, str] = {
    "person:clear-avatar": "a person's avatar was cleared (the plugin storing pictures removes the files)",
}


def routes() -> list:
    return gather_routes(__package__, MODULES)
