"""The schema registry: every JSON Schema of every plugin, checked at start.

Schemas are named by their path under a plugin's schema directory
(``data/project`` for ``data/project.json``). Each gets the ``$id``
``https://clapboard.invalid/schemas/<name>.json`` unless it declares one, so
files can reference each other with relative ``$ref`` ("common.json#/$defs/uuid").
Validation reports every error with its JSON path, never only the first.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Mapping
from uuid import UUID

import jsonschema
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .errors import StartupError, ValidationFailed

BASE_URI = "https://clapboard.invalid/schemas/"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")

format_checker = FormatChecker()


@format_checker.checks("uuid", raises=ValueError)
def _is_uuid(value) -> bool:
    if not isinstance(value, str):
        return True
    UUID(value)
    return True


@format_checker.checks("date", raises=ValueError)
def _is_date(value) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.match(value):
        raise ValueError(value)
    date.fromisoformat(value)
    return True


@format_checker.checks("date-time", raises=ValueError)
def _is_datetime(value) -> bool:
    if not isinstance(value, str):
        return True
    # Zou accepts a plain date where a date-time is stored (due dates from Kitsu).
    if not value[:4].isdigit():
        raise ValueError(value)
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


@format_checker.checks("color")
def _is_color(value) -> bool:
    return not isinstance(value, str) or bool(_COLOR.match(value))


class SchemaError(StartupError):
    """A schema file is not a valid JSON Schema 2020-12 document."""


def _json_path(error: jsonschema.ValidationError) -> str:
    parts = list(error.absolute_path)
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        parts += missing[:1]
    elif error.validator in ("additionalProperties", "unevaluatedProperties"):
        extra = re.findall(r"'([^']+)'", error.message)
        parts += extra[:1]
    return ".".join(str(p) for p in parts)


def _default_text(error: jsonschema.ValidationError) -> str:
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        return "unknown field"
    if error.validator == "required":
        return "required field missing"
    if error.validator == "format":
        return f"not a valid {error.validator_value}"
    return error.message


_CHECKED: set[str] = set()  # digests of schemas found valid in this process


def _checked_digests(record: Path | None) -> set[str]:
    known = set(_CHECKED)
    if record is not None:
        try:
            known |= set(record.read_text().split())
        except OSError:
            pass
    return known


def _remember_digests(new: set[str], record: Path | None) -> None:
    _CHECKED.update(new)
    if new and record is not None:
        try:
            record.parent.mkdir(parents=True, exist_ok=True)
            with record.open("a") as out:
                out.write("".join(f"{digest}\n" for digest in sorted(new)))
        except OSError:  # a read-only data directory only costs the check next time
            pass


class SchemaRegistry:
    def __init__(self):
        self._schemas: dict[str, dict] = {}
        self._origins: dict[str, str] = {}
        self._validators: dict[str, Draft202012Validator] = {}
        self._registry: Registry | None = None

    def __contains__(self, name: str) -> bool:
        return name in self._schemas

    def names(self) -> list[str]:
        return sorted(self._schemas)

    def get(self, name: str) -> dict:
        return self._schemas[name]

    def uri(self, name: str) -> str:
        return self._schemas[name]["$id"]

    def name_for_uri(self, uri: str) -> str | None:
        for name, schema in self._schemas.items():
            if schema["$id"] == uri:
                return name
        return None

    def add(self, name: str, schema: Mapping[str, Any], origin: str = "") -> None:
        if name in self._schemas:
            raise SchemaError(f"schema {name!r} is defined twice ({self._origins[name]} and {origin})")
        schema = dict(schema)
        schema.setdefault("$schema", "https://json-schema.org/draft/2020-12/schema")
        schema.setdefault("$id", BASE_URI + name + ".json")
        self._schemas[name] = schema
        self._origins[name] = origin or name
        self._registry = None
        self._validators.clear()

    def add_directory(self, root, origin: str = "") -> None:
        for path, name in _walk_json(root):
            try:
                schema = json.loads(path.read_text())
            except ValueError as exc:
                raise SchemaError(f"{origin or ''}{name}.json is not valid JSON: {exc}") from exc
            self.add(name, schema, origin=f"{origin}{name}.json")

    def add_from_hook(self, result, plugin: str) -> None:
        if isinstance(result, Mapping):
            for name, schema in result.items():
                self.add(name, schema, origin=f"plugin {plugin}")
        else:
            self.add_directory(result, origin=f"plugin {plugin}: ")

    def check_all(self, record: Path | None = None) -> None:
        """Raise ``SchemaError`` naming the first file that is not a valid schema.

        Checking a schema against the 2020-12 meta-schema is slow (seconds for all
        of them), so the digests of schemas found valid are remembered for the
        process and in ``record`` (a file under the data directory): a start with
        unchanged schemas only checks that every ``$ref`` resolves.
        """

        known = _checked_digests(record)
        found = set()
        for name, schema in self._schemas.items():
            digest = hashlib.sha256(json.dumps(schema, sort_keys=True).encode()).hexdigest()
            found.add(digest)
            if digest in known:
                continue
            try:
                Draft202012Validator.check_schema(schema)
            except jsonschema.SchemaError as exc:
                where = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
                raise SchemaError(f"{self._origins[name]}: invalid JSON Schema at {where}: {exc.message}") from exc
        _remember_digests(found - known, record)
        registry = self._build_registry()
        for name in self._schemas:  # every $ref must resolve
            self._check_refs(name, self._schemas[name], registry)

    def _build_registry(self) -> Registry:
        if self._registry is None:
            resources = [
                (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012))
                for schema in self._schemas.values()
            ]
            self._registry = Registry().with_resources(resources)
        return self._registry

    def _check_refs(self, name: str, node, registry: Registry) -> None:
        resolver = registry.resolver(base_uri=self._schemas[name]["$id"])
        for ref in _refs(node):
            try:
                resolver.lookup(ref)
            except Exception as exc:
                raise SchemaError(f"{self._origins[name]}: $ref {ref!r} does not resolve") from exc

    def validator(self, name: str) -> Draft202012Validator:
        """A cached validator for ``name`` or ``name#/json/pointer`` (a sub-schema)."""

        validator = self._validators.get(name)
        if validator is None:
            base, _, pointer = name.partition("#")
            schema = self._schemas[base]
            if pointer:
                schema = {"$ref": schema["$id"] + "#" + pointer}
            validator = Draft202012Validator(schema, registry=self._build_registry(), format_checker=format_checker)
            self._validators[name] = validator
        return validator

    def errors(self, name: str, instance: Any) -> list[dict]:
        found = []
        for error in self.validator(name).iter_errors(instance):
            found.extend(_flatten(error))
        found.sort(key=lambda e: (e["path"], e["message"]))
        return found

    def validate(self, name: str, instance: Any) -> Any:
        """Return ``instance`` or raise ``ValidationFailed`` listing every error."""

        errors = self.errors(name, instance)
        if errors:
            raise ValidationFailed(errors)
        return instance


def _flatten(error: jsonschema.ValidationError) -> list[dict]:
    # oneOf/anyOf failures are clearer as their most specific branch.
    if error.context and error.validator in ("anyOf", "oneOf"):
        best = jsonschema.exceptions.best_match(error.context)
        if best is not None and best is not error:
            return _flatten(best)
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        # One entry per unknown key, each with its own path.
        extra = re.findall(r"'([^']+)'", error.message.split("(")[-1])
        base = ".".join(str(p) for p in error.absolute_path)
        if len(extra) > 1:
            return [{"path": f"{base}.{key}" if base else key, "message": "unknown field",
                     "detail": f"{key!r} is not an accepted field"} for key in extra]
    return [{"path": _json_path(error), "message": _default_text(error), "detail": error.message}]


def _refs(node) -> Iterable[str]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _walk_json(root):
    """Yield ``(file, name)`` for every ``*.json`` below ``root`` (Path or Traversable).

    Names start with the directory's own name: ``data/project`` for ``<root=data>/project.json``.
    """

    def walk(node, prefix):
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir():
                if child.name != "__pycache__":
                    yield from walk(child, prefix + child.name + "/")
            elif child.name.endswith(".json"):
                yield child, prefix + child.name[: -len(".json")]

    root = Path(root) if isinstance(root, str) else root
    yield from walk(root, root.name + "/")
