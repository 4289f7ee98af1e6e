"""The daily work: the queue, a submission's record and print view, follow-through, handouts, today's patients."""

from .blueprint import bp
from . import follow_views, today_views, views  # noqa: F401
