"""``GET /export/csv/persons.csv``: the studio's people, as Zou's ``PersonsCsvExport``.

Columns: First Name, Last Name, Email, Phone, Role, Departments (names,
sorted, ``,``-joined), Studio, Country, Contract Type, Position, Seniority,
Daily Salary, Active (``yes``/``no``). Bots, guests and the accounts made to
preview a production are left out; rows by first then last name, case
ignored. Attachment ``kitsu_people_export.csv``; admins and managers only.
"""

from __future__ import annotations

from collections import defaultdict

from peewee import JOIN, fn

from clapboard.plugins.data.models import Department, DepartmentLink, Person, Studio

from . import csvfile
from .access import require_studio
from .batches import Among, BatchReader
from .http import route

HEADERS = ["First Name", "Last Name", "Email", "Phone", "Role", "Departments", "Studio", "Country",
           "Contract Type", "Position", "Seniority", "Daily Salary", "Active"]
FIELDS = [Person.id, Person.first_name, Person.last_name, Person.email, Person.phone, Person.role, Studio.name,
          Person.country, Person.contract_type, Person.position, Person.seniority, Person.daily_salary, Person.active]


def departments(db) -> Among:
    link = DepartmentLink
    return Among(db, lambda batch: (
        link.select(link.person, Department.name).join(Department, on=(link.department == Department.id))
        .where(link.person.in_(batch))))


def export(ctx):
    """The studio's people (not bots nor guests), as CSV."""

    require_studio(ctx)
    query = (Person.select(*FIELDS).join(Studio, JOIN.LEFT_OUTER, on=(Person.studio == Studio.id))
             .where(fn.COALESCE(Person.is_bot, False) == False, fn.COALESCE(Person.is_guest, False) == False,  # noqa: E712
                    Person.preview_project_id.is_null())
             .order_by(fn.LOWER(Person.first_name), fn.LOWER(Person.last_name), Person.id))
    reader = BatchReader(ctx.app.db, query)
    teams = departments(ctx.app.db)

    def batches():
        for batch in reader:
            named = defaultdict(list)
            for person_id, name in teams.rows([values[0] for values in batch]):
                named[person_id].append(name)
            yield [[first, last, email, phone, role, ",".join(sorted(named.get(person_id, ()))), studio or "",
                    country or "", contract, position or "", seniority or "", "" if salary is None else salary,
                    "yes" if active else "no"]
                   for person_id, first, last, email, phone, role, studio, country, contract, position, seniority,
                   salary, active in batch]

    return csvfile.build("people_export", csvfile.STUDIO_CSV, [HEADERS], batches(), csvfile.escaping(ctx.app),
                         total=query.count, source=reader)


def routes():
    return [route("/export/csv/persons.csv", export, "Export the studio's people as CSV")]
