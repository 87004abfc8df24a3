"""``POST /import/csv/persons`` (admins): people by e-mail.

Columns as Zou reads them: First Name, Last Name, Email (required), Phone,
Role, Contract Type, Position, Seniority (each a code or Kitsu's label, case
aside: "Production Manager" or "manager"), Country (ISO 3166-1 alpha-2),
Daily Salary, Studio (a studio's name), Departments (names, comma-separated;
they replace the person's), Active (yes/no). A person is found by e-mail
(case aside, bots never); without ``?update=true`` a known person is
answered as stored. Rows are written by the data plugin's generic create and
update (validation, ``person:new`` / ``person:update``), so a refused value
is that path's message, with the line. People come without a password: they
set one through the reset flow, or an admin gives them one.
"""

from __future__ import annotations

import peewee

from clapboard.errors import BadRequest
from clapboard.plugins.data.crud import rows, service
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.engine import require
from clapboard.plugins.data.models import Department, Person, Studio

from .lookups import truth
from .reader import CsvError

required = ("First Name", "Last Name", "Email")
CHOICES = {
    "Role": ("role", {"user": "Artist", "admin": "Studio Manager", "supervisor": "Supervisor",
                      "manager": "Production Manager", "client": "Client", "vendor": "Vendor"}),
    "Contract Type": ("contract_type", {"open-ended": "Open-ended", "fixed-term": "Fixed-term",
                                        "short-term": "Short-term", "freelance": "Freelance",
                                        "apprentice": "Apprentice", "internship": "Internship"}),
    "Position": ("position", {"supervisor": "Supervisor", "lead": "Lead", "artist": "Artist"}),
    "Seniority": ("seniority", {"senior": "Senior", "mid": "Mid", "junior": "Junior"}),
}


def check(job) -> None:
    require(job.ctx, Person, "create")


def _choice(label: str, value: str, codes: dict, line: int) -> str:
    folded = value.casefold()
    for code, name in codes.items():
        if folded in (code.casefold(), name.casefold()):
            return code
    raise CsvError(f"A value is invalid: {label}: {value} (accepted values: {', '.join(codes.values())})", line)


def _names(model) -> dict:
    found = {}
    for row_id, name in model.select(model.id, model.name).tuples():
        found[name] = row_id
        found.setdefault(name.casefold(), row_id)
    return found


class Columns:
    def __init__(self, table):
        self.table = table
        self.studios = _names(Studio) if table.has("Studio") else {}
        self.departments = _names(Department) if table.has("Departments") else {}

    def _named(self, names: dict, value: str, what: str, line: int):
        found = names.get(value, names.get(value.casefold()))
        if found is None:
            raise CsvError(f"{what} not found: {value}", line)
        return str(found)

    def body(self, row) -> dict:
        """The person body a row gives (what the generic create and update accept)."""

        line = row.line_number
        body = {"first_name": row.values["First Name"].strip(), "last_name": row.values["Last Name"].strip()}
        for label, (key, codes) in CHOICES.items():
            if row.get(label):
                body[key] = _choice(label, row.get(label), codes, line)
        if row.get("Phone"):
            body["phone"] = row.get("Phone")
        if row.get("Country"):
            country = row.get("Country").upper()
            if len(country) != 2 or not country.isascii() or not country.isalpha():
                raise CsvError(f"A value is invalid: Country: {row.get('Country')} (a two-letter ISO code)", line)
            body["country"] = country
        if row.get("Daily Salary"):
            try:
                body["daily_salary"] = int(row.get("Daily Salary"))
            except ValueError as exc:
                raise CsvError(f"A value is invalid: Daily Salary: {row.get('Daily Salary')}", line) from exc
        if row.get("Studio"):
            body["studio_id"] = self._named(self.studios, row.get("Studio"), "Studio", line)
        if row.get("Departments"):
            body["departments"] = list(dict.fromkeys(
                self._named(self.departments, name.strip(), "Department", line)
                for name in row.get("Departments").split(",") if name.strip()))
        if row.get("Active"):
            body["active"] = truth(row.get("Active"), line, "Active")
        return body


def _known() -> dict:
    query = Person.select(Person.id, Person.email).where(Person.is_bot == False, Person.email.is_null(False))  # noqa: E712
    found = {}
    for person_id, email in query.order_by(Person.created_at.desc()).tuples():
        found[email.strip().lower()] = person_id
    return found


def _stored(ctx, person_id) -> dict:
    model_info = info(Person)
    row = rows.fetch_one(model_info, person_id, True, derived_mode=None)
    return service.only_keys(service.masked(ctx, model_info, [row])[0], service.visible_keys(ctx, model_info))


def run(job) -> list[dict]:
    columns, known, answers = Columns(job.table), _known(), []
    model_info = info(Person)
    for row in job.table.rows:
        line, email = row.line_number, row.get("Email").lower()
        if not email:
            raise CsvError("An e-mail is required in the Email column.", line)
        body = columns.body(row)
        person_id = known.get(email)
        try:
            if person_id is None:
                answer = service.create_row(job.ctx, model_info, {**body, "email": email})
                known[email] = answer["id"]
                job.stats.update(created=1)
            elif job.update:
                answer = service.update_row(job.ctx, model_info, person_id, body)
                job.stats.update(updated=1)
            else:
                answer = _stored(job.ctx, person_id)
                job.stats.update(unchanged=1)
        except (BadRequest, peewee.IntegrityError) as exc:
            details = getattr(exc, "details", {})
            raise CsvError(getattr(exc, "message", str(exc)), line,
                           **{k: v for k, v in details.items() if k not in ("line_number", "imported_rows")}) from exc
        answers.append(answer)
        job.advance()
    return answers
