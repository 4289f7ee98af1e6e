"""The waiting room: the kiosk tablet and the QR poster."""

from .blueprint import bp
from . import kiosk_views, poster_views  # noqa: F401
