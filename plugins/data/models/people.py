"""People and the studio around them: persons, departments, studios, organisation, day offs, salaries."""

from __future__ import annotations

import peewee

from .base import BaseModel, LinkModel, choice, fk

CONTRACT_TYPES = ("open-ended", "fixed-term", "short-term", "freelance", "apprentice", "internship")
ROLES = ("user", "admin", "supervisor", "manager", "client", "vendor")
POSITIONS = ("supervisor", "lead", "artist")
SENIORITIES = ("senior", "mid", "junior")
TWO_FACTOR_METHODS = ("totp", "email_otp", "fido")


class Department(BaseModel):
    name = peewee.CharField(max_length=80, unique=True)
    color = peewee.CharField(max_length=7)
    archived = peewee.BooleanField(default=False)

    class Meta:
        table_name = "department"
        type_name = "Department"
        crud_path = "departments"


class Studio(BaseModel):
    name = peewee.CharField(max_length=80, unique=True)
    color = peewee.CharField(max_length=7)
    archived = peewee.BooleanField(default=False)

    class Meta:
        table_name = "studio"
        type_name = "Studio"
        crud_path = "studios"


class Person(BaseModel):
    first_name = peewee.CharField(max_length=80)
    last_name = peewee.CharField(max_length=80)
    email = peewee.CharField(max_length=255, null=True)
    phone = peewee.CharField(max_length=30, null=True)
    country = peewee.CharField(max_length=2, null=True)
    contract_type = choice(CONTRACT_TYPES, null=False, default="open-ended")
    active = peewee.BooleanField(default=True)
    archived = peewee.BooleanField(default=False)
    last_presence = peewee.DateField(null=True)
    password = peewee.BlobField(null=True)
    desktop_login = peewee.CharField(max_length=80, null=True)
    login_failed_attemps = peewee.IntegerField(default=0)
    last_login_failed = peewee.DateTimeField(null=True)
    totp_enabled = peewee.BooleanField(default=False)
    totp_secret = peewee.CharField(max_length=32, null=True)
    email_otp_enabled = peewee.BooleanField(default=False)
    email_otp_secret = peewee.CharField(max_length=32, null=True)
    fido_enabled = peewee.BooleanField(default=False)
    fido_credentials = peewee.JSONField(null=True)
    otp_recovery_codes = peewee.JSONField(null=True)
    preferred_two_factor_authentication = choice(TWO_FACTOR_METHODS)
    shotgun_id = peewee.IntegerField(null=True, unique=True)
    timezone = peewee.CharField(max_length=64, default="Europe/Paris")
    locale = peewee.CharField(max_length=10, default="en_US")
    use_12_hour_clock = peewee.BooleanField(default=False)
    display_date_format = peewee.CharField(max_length=20, default="YYYY-MM-DD")
    data = peewee.JSONField(null=True)
    role = choice(ROLES, null=False, default="user")
    position = choice(POSITIONS, default="artist")
    seniority = choice(SENIORITIES, default="mid")
    daily_salary = peewee.IntegerField(default=0)
    has_avatar = peewee.BooleanField(default=False)
    notifications_enabled = peewee.BooleanField(default=False)
    notifications_slack_enabled = peewee.BooleanField(default=False)
    notifications_slack_userid = peewee.CharField(max_length=60, default="")
    notifications_mattermost_enabled = peewee.BooleanField(default=False)
    notifications_mattermost_userid = peewee.CharField(max_length=60, default="")
    notifications_discord_enabled = peewee.BooleanField(default=False)
    notifications_discord_userid = peewee.CharField(max_length=60, default="")
    is_bot = peewee.BooleanField(default=False)
    is_guest = peewee.BooleanField(default=False)
    preview_project_id = peewee.UUIDField(null=True)
    preview_opened_at = peewee.DateTimeField(null=True)
    preview_open_until = peewee.DateTimeField(null=True)
    jti = peewee.CharField(max_length=60, null=True, unique=True)
    expiration_date = peewee.DateField(null=True)
    is_generated_from_ldap = peewee.BooleanField(default=False)
    ldap_uid = peewee.CharField(max_length=60, null=True, unique=True)
    studio = fk(Studio)
    departments = peewee.ManyToManyField(Department, backref="+", through_model=peewee.DeferredThroughModel())

    class Meta:
        table_name = "person"
        type_name = "Person"
        crud_path = "persons"
        secret_fields = (
            "password", "totp_secret", "email_otp_secret", "fido_credentials", "otp_recovery_codes",
            "jti", "login_failed_attemps", "last_login_failed",
        )
        read_only_fields = ("full_name", "fido_devices")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


Person.add_index(Person.index(
    Person.email, Person.is_bot, unique=True, where=peewee.SQL("is_bot IS NOT TRUE"), name="person_email_is_bot",
))


class DepartmentLink(LinkModel):
    """Person <-> department membership (Zou's ``department_link``)."""

    person = fk(Person, null=False, link=True)
    department = fk(Department, null=False, link=True)

    class Meta:
        table_name = "department_link"
        primary_key = peewee.CompositeKey("person", "department")


Person.departments.through_model.set_model(DepartmentLink)


class Organisation(BaseModel):
    name = peewee.CharField(max_length=80, unique=True)
    hours_by_day = peewee.DoubleField(default=8.0)
    has_avatar = peewee.BooleanField(default=False)
    use_original_file_name = peewee.BooleanField(default=False)
    timesheets_locked = peewee.BooleanField(default=False)
    format_duration_in_hours = peewee.BooleanField(default=False)
    hd_by_default = peewee.BooleanField(default=False)
    chat_token_slack = peewee.CharField(max_length=80, default="")
    chat_webhook_mattermost = peewee.CharField(max_length=80, default="")
    chat_token_discord = peewee.CharField(max_length=80, default="")
    dark_theme_by_default = peewee.BooleanField(default=False)

    class Meta:
        table_name = "organisation"
        type_name = "Organisation"
        crud_path = "organisations"


class DayOff(BaseModel):
    date = peewee.DateField()
    end_date = peewee.DateField()
    description = peewee.TextField(null=True)
    person = fk(Person)

    class Meta:
        table_name = "day_off"
        type_name = "DayOff"
        crud_path = "day-offs"
        indexes = ((("person", "date"), True),)
        constraints = [peewee.SQL("CHECK (date <= end_date)")]


class SalaryScale(BaseModel):
    """One cell of a department's salary grid; the grid goes with its department, as in Zou
    (databases made before the cascade get the same from the department's delete behaviour)."""

    department = fk(Department, null=False, link=True)
    position = choice(POSITIONS, default="artist")
    seniority = choice(SENIORITIES, default="mid")
    salary = peewee.IntegerField(default=0)

    class Meta:
        table_name = "salary_scale"
        type_name = "SalaryScale"
        crud_path = "salary-scales"


class DesktopLoginLog(BaseModel):
    person = fk(Person, null=False)
    date = peewee.DateTimeField()

    class Meta:
        table_name = "desktop_login_log"
        type_name = "DesktopLoginLog"


class LoginLog(BaseModel):
    person = fk(Person, null=False)
    ip_address = peewee.CharField(max_length=45, null=True)
    origin = choice(("web", "script"), default="web")

    class Meta:
        table_name = "login_log"
        type_name = "LoginLog"
