"""Tasks, their assignees, time spent and subscriptions, and production planning: schedule items,
milestones, schedule-version task links and budgets."""

from __future__ import annotations

import peewee

from .base import BaseModel, LinkModel, choice, fk
from .entities import Entity
from .people import POSITIONS, SENIORITIES, Department, Person
from .projects import ProductionScheduleVersion, Project, TaskStatus, TaskType


class Task(BaseModel):
    name = peewee.CharField(max_length=80)
    description = peewee.TextField(null=True)
    priority = peewee.IntegerField(default=0)
    difficulty = peewee.IntegerField(default=3)
    duration = peewee.DoubleField(default=0)
    estimation = peewee.DoubleField(default=0)
    completion_rate = peewee.IntegerField(default=0)
    retake_count = peewee.IntegerField(default=0)
    sort_order = peewee.IntegerField(default=0)
    start_date = peewee.DateTimeField(null=True)
    due_date = peewee.DateTimeField(null=True)
    real_start_date = peewee.DateTimeField(null=True)
    end_date = peewee.DateTimeField(null=True)
    done_date = peewee.DateTimeField(null=True)
    last_comment_date = peewee.DateTimeField(null=True)
    nb_assets_ready = peewee.IntegerField(default=0)
    data = peewee.JSONField(null=True)
    nb_drawings = peewee.IntegerField(default=0)
    shotgun_id = peewee.IntegerField(null=True)
    last_preview_file_id = peewee.UUIDField(null=True)
    project = fk(Project)
    task_type = fk(TaskType)
    task_status = fk(TaskStatus)
    entity = fk(Entity)
    assigner = fk(Person)
    assignees = peewee.ManyToManyField(Person, backref="+", through_model=peewee.DeferredThroughModel())

    class Meta:
        table_name = "task"
        type_name = "Task"
        crud_path = "tasks"
        indexes = ((("name", "project", "task_type", "entity"), True),)
        constraints = [peewee.SQL("CHECK (difficulty > 0 AND difficulty < 6)")]


class TaskPersonLink(LinkModel):
    """Task assignment."""

    task = fk(Task, null=False, link=True)
    person = fk(Person, null=False, link=True)

    class Meta:
        table_name = "task_person_link"
        primary_key = peewee.CompositeKey("task", "person")


Task.assignees.through_model.set_model(TaskPersonLink)


class TimeSpent(BaseModel):
    duration = peewee.DoubleField()
    date = peewee.DateField()
    task = fk(Task)
    person = fk(Person)

    class Meta:
        table_name = "time_spent"
        type_name = "TimeSpent"
        crud_path = "time-spents"
        indexes = ((("person", "task", "date"), True),)
        constraints = [peewee.SQL("CHECK (duration > 0)")]


class Subscription(BaseModel):
    """Notifications wanted for one task, or for a task type within an entity (sequence)."""

    person = fk(Person, null=False)
    task = fk(Task)
    entity = fk(Entity)
    task_type = fk(TaskType)

    class Meta:
        table_name = "subscription"
        type_name = "Subscription"
        crud_path = "subscriptions"
        indexes = (
            (("person", "task"), True),
            (("person", "task_type", "entity"), True),
        )


class ProductionScheduleVersionTaskLink(BaseModel):
    """A task's dates and assignees as planned in one schedule version."""

    production_schedule_version = fk(ProductionScheduleVersion, null=False, link=True)
    task = fk(Task, null=False, link=True)
    start_date = peewee.DateTimeField(null=True)
    due_date = peewee.DateTimeField(null=True)
    estimation = peewee.DoubleField(null=True)
    assignees = peewee.ManyToManyField(Person, backref="+", through_model=peewee.DeferredThroughModel())

    class Meta:
        table_name = "production_schedule_version_task_link"
        type_name = "ProductionScheduleVersionTaskLink"
        crud_path = "production-schedule-version-task-links"
        indexes = ((("production_schedule_version", "task"), True),)


class ProductionScheduleVersionTaskLinkPersonLink(LinkModel):
    production_schedule_version_task_link = fk(ProductionScheduleVersionTaskLink, null=False, link=True)
    person = fk(Person, null=False, link=True)

    class Meta:
        table_name = "production_schedule_version_task_link_person_link"
        primary_key = peewee.CompositeKey("production_schedule_version_task_link", "person")


ProductionScheduleVersionTaskLink.assignees.through_model.set_model(ProductionScheduleVersionTaskLinkPersonLink)


class ScheduleItem(BaseModel):
    """Planned dates of a task type for a project (or for one entity given by ``object_id``)."""

    start_date = peewee.DateField(null=True)
    end_date = peewee.DateField(null=True)
    man_days = peewee.IntegerField(null=True)
    project = fk(Project)
    task_type = fk(TaskType)
    object_id = peewee.UUIDField(null=True)

    class Meta:
        table_name = "schedule_item"
        type_name = "ScheduleItem"
        crud_path = "schedule-items"
        indexes = ((("project", "task_type", "object_id"), True),)


class Milestone(BaseModel):
    date = peewee.DateField(null=True)
    name = peewee.CharField(max_length=40)
    project = fk(Project)
    task_type = fk(TaskType)

    class Meta:
        table_name = "milestone"
        type_name = "Milestone"
        crud_path = "milestones"


class Budget(BaseModel):
    project = fk(Project)
    revision = peewee.IntegerField()
    name = peewee.CharField(max_length=255)
    currency = peewee.CharField(max_length=3, null=True)

    class Meta:
        table_name = "budget"
        type_name = "Budget"
        crud_path = "budgets"


class BudgetEntry(BaseModel):
    budget = fk(Budget, null=False)
    department = fk(Department, null=False)
    person = fk(Person)
    start_date = peewee.DateField()
    months_duration = peewee.IntegerField()
    daily_salary = peewee.DoubleField()
    position = choice(POSITIONS, default="artist")
    seniority = choice(SENIORITIES, default="mid")
    exceptions = peewee.JSONField(null=True, default=dict)

    class Meta:
        table_name = "budget_entry"
        type_name = "BudgetEntry"
        crud_path = "budget-entries"
