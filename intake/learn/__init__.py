"""Public education articles: /learn and /learn/<slug>."""

from flask import Blueprint

bp = Blueprint("learn", __name__, url_prefix="/learn")

from . import views  # noqa: E402,F401  (routes register on bp)
