"""Public education articles: /learn and /learn/<slug>."""

from .blueprint import bp

from . import views  # noqa: F401  (routes register on bp)
