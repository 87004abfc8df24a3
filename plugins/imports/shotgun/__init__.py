"""ShotGrid (Shotgun) import: Zou's ``/import/shotgun/…`` routes and ``clapboard import shotgun``.

Each import takes a JSON array of ShotGrid entity dicts exactly as the ShotGrid
Python API returns them (``shotgun_api3``'s ``find``), and upserts one row per
item keyed by ``shotgun_id``: the first import creates, the next ones update
what changed (nothing is duplicated; an item whose values did not change is
answered as stored, without an event). When no row holds the ShotGrid id yet,
a row with the same natural key and no ShotGrid id of its own is adopted (a
task type "Animation", a status "wip", a project of the same name).

How items go, as Zou does and more precisely:

- The body must be a JSON array (400 otherwise) of at most
  ``[plugins.imports] max_items`` items (400 above).
- Each item is checked against ``schemas/imports/shotgun/<kind>.json``, then
  written in a savepoint of its own: an item that cannot be imported leaves no
  row behind and no event, is recorded in ``data_import_error`` (``source``
  "shotgun", ``event_data`` ``{kind, index, entry, message, errors}``) and the
  other items are imported. ``GET /import/shotgun/errors`` lists those records.
- The answer is the list of rows imported, in the order sent (Zou's answer).
- Links (``{"type", "id", "name"}``) are resolved by ShotGrid id among rows
  imported before (projects also by name, as Zou finds them). A link that
  places or defines the row (project, episode, sequence, scene, entity, step,
  task, cast assets, parents, assignees, a note's author) must resolve, or the
  item is refused with the reason, so import in ShotGrid's order: persons,
  projects, project connections, steps, status, episodes, sequences, scenes,
  assets, shots, tasks, versions, notes. Links that only say who did something
  (a task's creator, a version's author) are left empty when unknown, and
  users that are not people (``ApiUser``, ``Group``) are never resolved.

Writes go through the data plugin's service (validation, the policy, the
``data_validate_values`` checks of custom fields, events). The routes are for
admins only (action ``imports.shotgun``); the command runs as the system.
"""
