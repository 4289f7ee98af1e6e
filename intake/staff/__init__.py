"""The staff review workspace: /staff/."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

# Accounts, sessions and roles (login, logout, users, audit log); the review pages register in views.
from . import admin_views, auth_views, export_views, follow_views, two_factor_views, views  # noqa: E402,F401
# The waiting room: the QR poster and kiosk tablets.
from . import kiosk_views, poster_views  # noqa: E402,F401
# The front desk's day: invitations and who is expected.
from . import today_views  # noqa: E402,F401
