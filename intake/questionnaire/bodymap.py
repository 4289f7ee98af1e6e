"""The body map's geometry as plain data: a front and a back view, each a list of region shapes.

Coordinates are SVG user units in a 200 × 440 box per view, x to the viewer's right and y down.
Left and right codes are the patient's own: seen from the front, the patient's right side is on
the viewer's left; seen from the back, the patient's left side is on the viewer's left. Paired
parts are drawn once, on the viewer's left, and mirrored, so both sides are always symmetrical.
Paths use only absolute M, L, Q, C and Z commands, which keeps mirroring and testing simple.
"""

import re
from typing import NamedTuple

from . import REGION_CODES

WIDTH, HEIGHT = 200, 440
VIEW_BOX = f"0 0 {WIDTH} {HEIGHT}"


class Shape(NamedTuple):
    region: str  # a code from questionnaire.REGIONS
    d: str  # SVG path data


class View(NamedTuple):
    name: str  # "front" or "back"
    shapes: tuple[Shape, ...]

    @property
    def view_box(self) -> str:
        return VIEW_BOX


# Parts seen alike from the front and the back. "*" marks a pair, drawn on the viewer's left.
_ARM = (
    ("arm.upper.*", "M39 136Q49 133 60 137Q58 164 54 189L30 186Q32 160 39 136Z"),
    ("arm.lower.*", "M30 186L54 189Q49 219 41 248L21 245Q24 214 30 186Z"),
    ("hand.*", "M21 245L41 248Q45 266 39 285Q30 294 20 285Q15 265 21 245Z"),
)
_LOWER_LEG = (
    ("leg.knee.*", "M66 320L94 320Q96 336 93 351L68 351Q63 336 66 320Z"),
    ("leg.lower.*", "M68 351L93 351Q96 373 89 403L75 403Q60 375 68 351Z"),
    ("foot.*", "M75 403L89 403Q92 414 95 424Q92 432 80 432Q66 432 64 426Q68 414 75 403Z"),
)

# Head to toe: once the map is enhanced the keyboard reaches the shapes in this order.
_FRONT = (
    ("head.front", "M72 40C72 22 85 7 100 7C115 7 128 22 128 40Q122 52 100 52Q78 52 72 40Z"),
    ("jaw.*", "M72 40Q78 52 100 52L100 73C85 73 72 58 72 40Z"),
    ("neck.front", "M87 69Q93 73 100 73Q107 73 113 69L115 94Q100 101 85 94Z"),
    ("shoulder.*", "M85 94Q70 98 54 102C44 105 38 113 38 124L39 136Q49 133 60 137Q68 112 85 94Z"),
    ("chest", "M85 94Q100 101 115 94Q132 112 140 137L140 155Q126 159 112 161Q100 163 88 161Q74 159 60 155L60 137Q68 112 85 94Z"),
    *_ARM,
    ("ribs.*", "M60 155Q74 159 88 161Q84 182 89 204L67 204Q63 179 60 155Z"),
    ("abdomen", "M88 161Q100 163 112 161Q116 182 111 204Q106 234 100 255Q94 234 89 204Q84 182 88 161Z"),
    ("hip.*", "M67 204L89 204Q94 234 100 255Q80 249 58 253Q58 226 67 204Z"),
    ("leg.upper.*", "M58 253Q80 249 100 255Q98 288 94 320L66 320Q56 288 58 253Z"),
    *_LOWER_LEG,
)
_BACK = (
    ("head.back", "M72 40C72 22 85 7 100 7C115 7 128 22 128 40C128 45 127 49 126 53Q100 60 74 53C73 49 72 45 72 40Z"),
    ("neck.upper", "M74 53Q100 60 126 53C120 62 114 68 114 79L86 79C86 68 80 62 74 53Z"),
    ("neck.lower", "M86 79L114 79L115 94Q118 101 121 106L79 106Q82 101 85 94Z"),
    ("shoulder.*", "M85 94Q82 101 79 106Q68 114 60 137Q49 133 39 136L38 124C38 113 44 105 54 102Q70 98 85 94Z"),
    ("back.upper", "M79 106L121 106Q132 114 140 137L140 155L60 155L60 137Q68 114 79 106Z"),
    *_ARM,
    ("ribs.*", "M60 155L86 155Q84 179 88 204L67 204Q63 179 60 155Z"),
    ("back.mid", "M86 155L114 155Q116 179 112 204L88 204Q84 179 86 155Z"),
    ("back.low", "M67 204L133 204Q137 218 141 232L114 230L86 230L59 232Q63 218 67 204Z"),
    ("pelvis.back", "M86 230L114 230Q108 249 100 265Q92 249 86 230Z"),
    ("hip.*", "M59 232L86 230Q92 249 100 265L100 273Q80 279 58 271Q56 249 59 232Z"),
    ("leg.upper.*", "M58 271Q80 279 100 273Q98 296 94 320L66 320Q56 294 58 271Z"),
    *_LOWER_LEG,
)

_TOKEN = re.compile(r"[MLQCZ]|-?\d+(?:\.\d+)?")
_PATH = re.compile(r"M[MLQCZ\d. -]*Z")


def mirror(d: str) -> str:
    """The same path reflected about the figure's vertical midline (x becomes WIDTH - x)."""
    out, index = [], 0
    for token in _TOKEN.findall(d):
        if token.isalpha():
            out.append(token)
            index = 0
            continue
        value = float(token)
        if index % 2 == 0:
            value = WIDTH - value
        index += 1
        out.append(f"{value:g}")
    return re.sub(r" ?([MLQCZ]) ?", r"\1", " ".join(out))


def _view(name: str, parts, viewers_left: str, viewers_right: str) -> View:
    """A view's shapes; each pair's drawn shape goes on the viewer's left, its mirror image on the right."""
    shapes = []
    for code, d in parts:
        if code.endswith(".*"):
            area = code[:-2]
            shapes += [Shape(f"{area}.{viewers_left}", d), Shape(f"{area}.{viewers_right}", mirror(d))]
        else:
            shapes.append(Shape(code, d))
    return View(name, tuple(shapes))


# Facing us, the patient's right is on our left; from behind, their left is on our left.
FRONT = _view("front", _FRONT, viewers_left="right", viewers_right="left")
BACK = _view("back", _BACK, viewers_left="left", viewers_right="right")
VIEWS = (FRONT, BACK)


def outline(d: str, steps: int = 8) -> list[tuple[float, float]]:
    """The path as a polygon (curves sampled), for measuring areas, centres and overlaps."""
    points: list[tuple[float, float]] = []
    tokens = _TOKEN.findall(d)
    i, command = 0, ""
    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command == "Z":
                continue
        arity = {"M": 2, "L": 2, "Q": 4, "C": 6}[command]
        args = [float(t) for t in tokens[i:i + arity]]
        i += arity
        controls = [points[-1]] if points else []
        controls += list(zip(args[0::2], args[1::2]))
        if command in "ML":
            points.append(controls[-1])
            continue
        for step in range(1, steps + 1):
            points.append(_bezier(controls, step / steps))
    return points


def _bezier(controls, t):
    while len(controls) > 1:
        controls = [((1 - t) * a[0] + t * b[0], (1 - t) * a[1] + t * b[1]) for a, b in zip(controls, controls[1:])]
    return controls[0]


def validate() -> None:
    """Raise ValueError unless every region code has a shape, no code is unknown and all fits the box."""
    used = {shape.region for view in VIEWS for shape in view.shapes}
    problems = []
    if missing := REGION_CODES - used:
        problems.append(f"regions without a shape: {sorted(missing)}")
    if unknown := used - REGION_CODES:
        problems.append(f"shapes for unknown regions: {sorted(unknown)}")
    for view in VIEWS:
        codes = [shape.region for shape in view.shapes]
        if len(codes) != len(set(codes)):
            problems.append(f"{view.name} view has a region twice")
        for shape in view.shapes:
            if not _PATH.fullmatch(shape.d):
                problems.append(f"{view.name} {shape.region} uses path commands other than M, L, Q, C, Z")
                continue
            if not all(0 <= x <= WIDTH and 0 <= y <= HEIGHT for x, y in outline(shape.d)):
                problems.append(f"{view.name} {shape.region} leaves the {VIEW_BOX} box")
    if problems:
        raise ValueError("; ".join(problems))
