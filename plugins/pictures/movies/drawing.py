"""Kitsu's annotation drawings burnt into a still picture with Pillow.

Kitsu stores a frame's drawing as Fabric.js objects
(``annotation["drawing"]["objects"]``) in the coordinates of the canvas it
was drawn on (``canvasWidth`` × ``canvasHeight``, the picture's own size
when absent); they are scaled to the picture. Drawn: free-hand ``path``
(straight, quadratic and cubic segments), pressure strokes (``psstroke``,
one width per segment), ``line``, ``arrow`` (with its head), ``rect``,
``circle``/``ellipse``, ``polyline``/``polygon`` and text (``text``,
``i-text``, ``textbox``, in DejaVu Sans when installed), with their stroke,
fill and width, ``group`` members one by one. Not drawn: rotation
(``angle``), skew, opacity of a whole object, shadows, gradients, images,
and any other type — an approximation of Kitsu's player, as Zou's own is.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf")
_RGBA = re.compile(r"^\s*rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)\s*$", re.I)
_PATH = re.compile(r"([MLQCZ])([^MLQCZ]*)", re.I)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")
MAX_OBJECTS = 5000  # a drawing is made by hand: past this, it is not one


def burn(picture: Path, annotation: dict | None, out: Path) -> None:
    """Write ``picture`` with ``annotation``'s drawing over it to ``out`` (PNG, RGB)."""

    with Image.open(picture) as opened:
        image = opened.convert("RGBA")
    objects = ((annotation or {}).get("drawing") or {}).get("objects") or []
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(layer)
    for item in objects[:MAX_OBJECTS]:
        _draw(pen, item, image.size)
    Image.alpha_composite(image, layer).convert("RGB").save(out, "PNG")


def _draw(pen, item, size) -> None:
    if not isinstance(item, dict):
        return
    kind = str(item.get("type") or "").lower()
    if kind == "group":
        for child in (item.get("objects") or [])[:MAX_OBJECTS]:
            _draw(pen, child, size)
        return
    shape = _SHAPES.get(kind)
    if shape is not None:
        try:
            shape(pen, item, _Scale(item, size))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            return  # one malformed object does not spoil the others


class _Scale:
    def __init__(self, item: dict, size):
        self.x = size[0] / (_num(item.get("canvasWidth")) or size[0])
        self.y = size[1] / (_num(item.get("canvasHeight")) or size[1])

    def point(self, x, y) -> tuple[float, float]:
        return _num(x) * self.x, _num(y) * self.y

    def width(self, item: dict) -> int:
        return max(1, round((_num(item.get("strokeWidth"), 1)) * self.x))


def _num(value, default: float = 0.0) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


def _colour(value):
    if not isinstance(value, str) or value in ("", "transparent"):
        return None
    match = _RGBA.match(value)
    if match:
        alpha = _num(match.group(4), 1.0)
        return (*(min(255, int(v)) for v in match.groups()[:3]), round(min(max(alpha, 0.0), 1.0) * 255))
    try:
        found = ImageColor.getrgb(value)
    except ValueError:
        return None
    return found if len(found) == 4 else (*found, 255)


def _ink(item: dict):
    """The colour of a shape that is all line (black when the drawing names none)."""

    return _colour(item.get("stroke")) or _colour(item.get("fill")) or (0, 0, 0, 255)


def _box(item: dict, scale: _Scale) -> tuple[float, float, float, float]:
    left, top = scale.point(item.get("left"), item.get("top"))
    width = _num(item.get("width")) * _num(item.get("scaleX"), 1) * scale.x
    height = _num(item.get("height")) * _num(item.get("scaleY"), 1) * scale.y
    return left, top, width, height


def _outline(item: dict, scale: _Scale) -> dict:
    stroke = _colour(item.get("stroke"))
    return {"outline": stroke, "width": scale.width(item) if stroke else 0}


def _rect(pen, item, scale) -> None:
    left, top, width, height = _box(item, scale)
    if width > 0 and height > 0:
        pen.rectangle([left, top, left + width, top + height], fill=_colour(item.get("fill")),
                      **_outline(item, scale))


def _ellipse(pen, item, scale) -> None:
    left, top, width, height = _box(item, scale)
    if item.get("rx") is not None or item.get("radius") is not None:
        across = _num(item.get("rx", item.get("radius"))) * 2 * _num(item.get("scaleX"), 1) * scale.x
        down = _num(item.get("ry", item.get("radius"))) * 2 * _num(item.get("scaleY"), 1) * scale.y
        width, height = across, down
    if width > 0 and height > 0:
        pen.ellipse([left, top, left + width, top + height], fill=_colour(item.get("fill")),
                    **_outline(item, scale))


def _ends(item, scale):
    return scale.point(item.get("x1"), item.get("y1")), scale.point(item.get("x2"), item.get("y2"))


def _line(pen, item, scale) -> None:
    pen.line(list(_ends(item, scale)), fill=_ink(item), width=scale.width(item))


def _arrow(pen, item, scale) -> None:
    start, tip = _ends(item, scale)
    head = _num(item.get("arrowHeadSize"), 15) * scale.x
    angle = math.atan2(tip[1] - start[1], tip[0] - start[0])
    shaft = (tip[0] - 0.7 * head * math.cos(angle), tip[1] - 0.7 * head * math.sin(angle))
    pen.line([start, shaft], fill=_ink(item), width=scale.width(item))
    if head > 0:
        wings = [(tip[0] - head * math.cos(angle + side), tip[1] - head * math.sin(angle + side))
                 for side in (-math.pi / 6, math.pi / 6)]
        pen.polygon([tip, *wings], fill=_ink(item))


def _points(item, scale) -> list:
    return [scale.point(p.get("x"), p.get("y")) for p in (item.get("points") or []) if isinstance(p, dict)]


def _polyline(pen, item, scale) -> None:
    points = _points(item, scale)
    if len(points) >= 2:
        pen.line(points, fill=_ink(item), width=scale.width(item), joint="curve")


def _polygon(pen, item, scale) -> None:
    points = _points(item, scale)
    if len(points) >= 3:
        pen.polygon(points, fill=_colour(item.get("fill")), **_outline(item, scale))


def _text(pen, item, scale) -> None:
    text = str(item.get("text") or "")
    if not text:
        return
    left, top = scale.point(item.get("left"), item.get("top"))
    font = _font(max(1, round(_num(item.get("fontSize"), 16) * _num(item.get("scaleY"), 1) * scale.y)))
    background = _colour(item.get("backgroundColor"))
    if background is not None:
        pen.rectangle(pen.textbbox((left, top), text, font=font), fill=background)
    pen.text((left, top), text, fill=_colour(item.get("fill")) or _ink(item), font=font)


def _font(size: int):
    for path in FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size=size)
    return ImageFont.load_default()


def _pressure_stroke(pen, item, scale) -> None:
    points = [p for p in (item.get("strokePoints") or []) if isinstance(p, dict)]
    base = _num(item.get("strokeWidth"), 1) * scale.x
    colour = _ink(item)
    for here, there in zip(points, points[1:]):
        width = max(1, round(_num(here.get("pressure"), 1) * base))
        a, b = scale.point(here.get("x"), here.get("y")), scale.point(there.get("x"), there.get("y"))
        pen.line([a, b], fill=colour, width=width)
        pen.ellipse([a[0] - width / 2, a[1] - width / 2, a[0] + width / 2, a[1] + width / 2], fill=colour)


def _path(pen, item, scale) -> None:
    """Path commands are in canvas coordinates (Fabric keeps them absolute)."""

    runs: list[list] = []
    here = start = None
    for command in _commands(item.get("path")):
        op, values = command[0], [_num(v) for v in command[1:]]
        if op == "M" and len(values) >= 2:
            here = start = scale.point(*values[:2])
            runs.append([here])
        elif op == "Z" and runs and start is not None:
            runs[-1].append(start)
            here = start
        elif here is not None and op in _CURVES and len(values) >= _CURVES[op]:
            controls = [scale.point(values[i], values[i + 1]) for i in range(0, _CURVES[op], 2)]
            runs[-1].extend(_bezier([here, *controls]))
            here = controls[-1]
    for run in runs:
        if len(run) >= 2:
            pen.line(run, fill=_ink(item), width=scale.width(item), joint="curve")


_CURVES = {"L": 2, "Q": 4, "C": 6}


def _commands(raw) -> list:
    if isinstance(raw, list):
        return [[str(c[0]).upper(), *c[1:]] for c in raw if isinstance(c, list) and c]
    if isinstance(raw, str):
        return [[op.upper(), *_NUMBER.findall(rest)] for op, rest in _PATH.findall(raw)]
    return []


def _bezier(points: list, steps: int = 10) -> list:
    """Points along a Bézier curve of any degree (a line for two points), without its start."""

    if len(points) == 2:
        return [points[1]]
    found = []
    for step in range(1, steps + 1):
        t, level = step / steps, points
        while len(level) > 1:
            level = [((1 - t) * a[0] + t * b[0], (1 - t) * a[1] + t * b[1]) for a, b in zip(level, level[1:])]
        found.append(level[0])
    return found


_SHAPES = {"path": _path, "psstroke": _pressure_stroke, "rect": _rect, "circle": _ellipse, "ellipse": _ellipse,
           "line": _line, "arrow": _arrow, "polyline": _polyline, "polygon": _polygon, "text": _text,
           "i-text": _text, "textbox": _text}
