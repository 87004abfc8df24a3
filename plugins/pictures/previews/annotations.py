"""Merging annotation changes into a preview's drawings, as Kitsu sends them and Zou applies them.

A preview's ``annotations`` is a list of frames, one per ``time``, each holding
``drawing.objects`` (the shapes, addressed by ``id``). Kitsu never sends the
whole list back, only what one reviewer changed: ``additions`` (new frames, or
new objects on a frame), ``updates`` (objects replaced by id on a frame) and
``deletions`` (object ids removed from a frame). Applying those to the stored
list under a row lock lets several reviewers draw on one preview at once
without losing each other's strokes. A frame left without objects is dropped;
an object without an id gets one, so that it can be changed later.
"""

from __future__ import annotations

import copy
import uuid


def merge(stored: list | None, additions=(), updates=(), deletions=()) -> list:
    """The annotations ``stored`` with the changes applied (``stored`` is left untouched)."""

    frames = [frame for frame in copy.deepcopy(stored or []) if isinstance(frame, dict)]
    for frame in frames:
        for shape in _objects(frame):
            _name(shape)
    _add(frames, copy.deepcopy(list(additions)))
    _update(frames, copy.deepcopy(list(updates)))
    _delete(frames, deletions)
    return [frame for frame in frames if _objects(frame)]


def _objects(frame: dict) -> list:
    drawing = frame.get("drawing")
    if not isinstance(drawing, dict):
        drawing = frame["drawing"] = {}
    shapes = drawing.get("objects")
    if not isinstance(shapes, list):
        shapes = drawing["objects"] = []
    return shapes


def _name(shape: dict) -> None:
    if not shape.get("id"):
        shape["id"] = str(uuid.uuid4())


def _by_time(frames: list) -> dict:
    return {frame.get("time"): frame for frame in frames}


def _add(frames: list, additions: list) -> None:
    """New frames are appended; on a frame already drawn, only objects of unknown ids are added."""

    at = _by_time(frames)
    for addition in additions:
        new = _objects(addition)
        for shape in new:
            _name(shape)
        frame = at.get(addition.get("time"))
        if frame is None:
            frames.append(addition)
            at[addition.get("time")] = addition
            continue
        shapes = _objects(frame)
        known = {shape["id"] for shape in shapes}
        for shape in new:
            if shape["id"] not in known:
                shapes.append(shape)
                known.add(shape["id"])


def _update(frames: list, updates: list) -> None:
    """Objects are replaced by id; an update naming an object the frame lacks adds nothing."""

    at = _by_time(frames)
    for update in updates:
        frame = at.get(update.get("time"))
        if frame is None:
            continue
        shapes = _objects(frame)
        existing = {shape.get("id") for shape in shapes}
        changed = [shape for shape in _objects(update) if shape.get("id") in existing]
        ids = {shape["id"] for shape in changed}
        frame["drawing"]["objects"] = [shape for shape in shapes if shape.get("id") not in ids] + changed


def _delete(frames: list, deletions) -> None:
    at = _by_time(frames)
    for deletion in deletions:
        frame = at.get(deletion.get("time"))
        if frame is None:
            continue
        gone = set(deletion.get("objects") or [])
        frame["drawing"]["objects"] = [shape for shape in _objects(frame) if shape.get("id") not in gone]
