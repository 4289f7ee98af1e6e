"""A patient's pain across visits as SVG polyline points (pain now and worst), drawn server-side."""

from dataclasses import dataclass
from datetime import datetime

PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 28, 12, 10, 22


@dataclass(frozen=True)
class Dot:
    x: float
    y_now: float | None
    y_worst: float | None
    label: str
    now: int | None
    worst: int | None


@dataclass(frozen=True)
class Trend:
    width: int
    height: int
    now_points: str
    worst_points: str
    dots: tuple[Dot, ...]
    gridlines: tuple[tuple[int, float], ...]  # (score, y) for 0, 5 and 10
    description: str


def pain_trend(visits: list[tuple[datetime, int | None, int | None]], width: int = 320,
               height: int = 120) -> Trend | None:
    """Visits oldest first, evenly spaced by visit (so close visits stay readable); None under 2 visits."""
    if len(visits) < 2:
        return None
    plot_w = width - PAD_LEFT - PAD_RIGHT
    plot_h = height - PAD_TOP - PAD_BOTTOM

    def y(score):
        return None if score is None else round(PAD_TOP + plot_h * (10 - score) / 10, 1)

    step = plot_w / (len(visits) - 1)
    dots = tuple(Dot(round(PAD_LEFT + i * step, 1), y(now), y(worst), when.strftime("%Y-%m-%d"), now, worst)
                 for i, (when, now, worst) in enumerate(visits))
    now_points = " ".join(f"{d.x},{d.y_now}" for d in dots if d.y_now is not None)
    worst_points = " ".join(f"{d.x},{d.y_worst}" for d in dots if d.y_worst is not None)
    described = (f"Pain now: {', '.join(str(d.now) for d in dots if d.now is not None)} across {len(dots)} visits; "
                 f"worst: {', '.join(str(d.worst) for d in dots if d.worst is not None)}")
    return Trend(width, height, now_points, worst_points, dots, tuple((s, y(s)) for s in (0, 5, 10)), described)
