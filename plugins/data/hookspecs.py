"""Hooks the data plugin offers to other plugins (added through ``add_hookspecs``)."""

from clapboard import hookspec


@hookspec
def data_visible_fields(app, actor, model):
    """Return the set of API keys ``actor`` may see on rows of ``model``, or ``None`` for all.

    Answers are intersected. Hidden keys are left out of every answer and
    cannot be used as filters (a 400, as in Zou).
    """


@hookspec
def data_after_write(app, actor, model, verb, row, changes):
    """Called inside the transaction after a generic create/update (``verb``) of ``row``.

    ``row`` is the serialized answer and may be extended in place (the auth
    plugin adds a bot's ``access_token``); ``changes`` is the validated body.
    """


@hookspec
def data_secret_values(app, actor, model, verb, body):
    """Turn secret keys of a write body into column values (``{field: value}``) or ``None``.

    Called before validation for ``verb`` "create"/"update"; an implementation
    removes from ``body`` the keys it consumes (a password it hashes). Secret
    keys left in the body are refused with a 400 "protected field"; keys sent
    as ``null`` are dropped (gazu sends every parameter).
    """


@hookspec
def data_instance_config(app):
    """Return keys for ``GET /config``, the instance settings Kitsu reads before login.

    Answers are merged over the data plugin's defaults (``is_self_hosted``,
    ``default_locale``…); the auth plugin says, for example, whether 2FA is
    enforced and which single sign-on providers are on. Return ``{}`` or ``None``
    for nothing.
    """


@hookspec
def data_store_attachment(app, attachment_id, upload):
    """Keep the bytes of a file attached to a comment or a chat message, whose row ``attachment_id``
    was just written.

    Called inside the transaction that writes the row; ``upload`` has ``path`` (a
    temporary file, gone after the request), ``filename``, ``extension``, ``size`` and
    ``content_type``. Raise a ``ClapboardError`` to refuse the file: the row is not kept.
    When no plugin implements this hook, form files are only measured.
    """


@hookspec
def data_validate_values(app, actor, model, project_id, writes):
    """Check the ``data`` dicts about to be written on rows of ``model``; raise to refuse.

    Called inside the transaction, after the permission check and before the
    write, by the write paths of ``data`` that store a ``data`` dict (so far:
    generic CRUD create and update, and the production routes built on them).
    ``project_id`` is the project of the rows (the row itself for Project);
    ``writes`` is a list of ``crud.values.ValueWrite`` (``before``, ``after``,
    ``row_id``, ``entity_type_id``, ``task_type_id``). Raise a ``ClapboardError``
    (a ``BadRequest`` naming the field and the rule) to refuse the whole
    request; the return value is ignored. Without an implementation, ``data``
    is stored as sent (Zou's behaviour).
    """


@hookspec
def data_descriptors(app, project_ids):
    """Return the metadata descriptors of ``project_ids`` as ``{project_id (str): [descriptor, …]}``, or ``None``.

    Each descriptor in Zou's shape (``id``, ``name``, ``field_name``,
    ``data_type``, ``choices``, ``for_client``, ``entity_type``,
    ``task_type_id``, ``position``, ``departments``), ordered by position then
    name, not narrowed for any actor: the routes narrow them (clients, vendors)
    before answering. ``data`` puts them on project rows (``descriptors``) and
    so in the user context; answers of several plugins are concatenated.
    Without an implementation (``metadata`` disabled) every project carries
    ``descriptors: []``.
    """


@hookspec
def data_hidden_values(app, actor):
    """Return ``hidden(project_id, kind, task_type_id) -> set of data keys`` the actor may not see, or ``None``.

    ``kind`` is what the row is: "Asset" (every asset type), "Shot", "Sequence",
    "Episode", "Edit", "Scene", "Concept", "Project" or "Task" (then
    ``task_type_id`` says which task type; ``None`` otherwise); ids are text.
    ``data`` leaves these keys out of the ``data`` dicts of every row it
    answers (lists, items, boards, to-do rows, versions) and keeps them as
    stored when the actor writes ``data`` back without them (an actor who
    sends a hidden key changed is refused with a 403). Return ``None`` when
    the actor sees every key (the usual case, checked first: it costs
    nothing). Answers are combined: a key hidden by one is hidden.
    """


@hookspec
def data_add_descriptors(app, actor, project_id, descriptors):
    """Create on ``project_id`` the metadata descriptors of ``descriptors`` that it lacks; return those created.

    ``descriptors`` come from a project template (``name``, ``field_name``,
    ``entity_type``, ``data_type``, ``choices``, ``for_client``,
    ``departments``, ``position``, ``task_type_id``). One the project already
    has (same entity type and name, and task type for ``Task``) is left alone,
    as is one the implementation cannot create (an unknown task type):
    applying a template only adds. Called inside the applying transaction, by
    an admin. Without an implementation (``metadata`` disabled) the
    descriptors are not applied and the answer says so.
    """
