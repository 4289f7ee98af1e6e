"""Administration: staff users, the audit log, the two-step sign-in requirement."""

from .blueprint import bp
from . import admin_views, two_factor_admin  # noqa: F401
