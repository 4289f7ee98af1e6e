"""Your own account (blueprint `staff`): logging in and out, changing your password, two-step sign-in."""

from .blueprint import bp
from . import auth_views, two_factor_views  # noqa: F401
