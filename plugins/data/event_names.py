"""Zou's event names the production routes emit, beyond ``<model>:new|update|delete`` (reference §9.2)."""

KINDS = ("asset", "shot", "sequence", "episode", "scene", "edit", "concept")

PRODUCTION_EVENTS = {
    **{f"{kind}:{verb}": f"a {kind} was {done}" for kind in KINDS
       for verb, done in (("new", "created"), ("update", "updated"), ("delete", "deleted"))},
    **{f"{kind}:casting-update": f"the casting of a {kind} changed" for kind in ("asset", "shot", "episode")},
    "asset_instance:new": "an asset instance was created",
    "asset_instance:add-to-shot": "an asset instance was added to a shot",
    "asset_instance:remove-from-shot": "an asset instance was removed from a shot",
    "shot:add-to-scene": "a shot was linked to a scene",
    "shot:remove-from-scene": "a shot was unlinked from its scene",
    "task:assign": "a person was assigned to a task",
    "task:unassign": "a person was unassigned from a task",
    "task:status-changed": "a comment changed a task's status",
    "task:to-review": "a task was sent for review",
    "comment:reply": "a reply was added to a comment",
    "comment:delete-reply": "a reply was deleted",
    "comment:acknowledge": "a person acknowledged a comment",
    "comment:unacknowledge": "a person withdrew an acknowledgement",
    "budget:create": "a budget was created",
    "budget:update": "a budget was updated",
    "budget:delete": "a budget was deleted",
    "budget-entry:create": "a budget entry was created",
    "budget-entry:update": "a budget entry was updated",
    "budget-entry:delete": "a budget entry was deleted",
    "playlist:add_entity": "an entity (with the preview it shows) was added to a playlist",
    "production_schedule_version:update": "a schedule version was filled or applied (Zou's name, with underscores)",
}
