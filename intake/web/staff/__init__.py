"""The staff review workspace: /staff/."""

from .blueprint import bp

# Accounts, sessions and roles (login, logout, users, audit log); the review pages register in views.
from . import admin_views, auth_views, export_views, follow_views, two_factor_views, views  # noqa: F401
# The waiting room: the QR poster and kiosk tablets.
from . import kiosk_views, poster_views  # noqa: F401
# The front desk's day: invitations and who is expected.
from . import today_views  # noqa: F401
