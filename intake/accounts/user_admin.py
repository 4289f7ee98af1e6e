"""An administrator's changes to a staff account (disable, enable, role): each one write, audited.

Shared by the admin pages and `flask users …`. Kept apart from users.py because the audit trail
imports users.py (its rows point at a user), so users.py cannot import the audit trail back.
"""

from . import audit
from .users import User, end_sessions
from ..database import write_transaction


def disable_user(user: User) -> int:
    """Disable the account and end every session it has open, audited; returns how many sessions ended."""
    with write_transaction() as session:
        user.active = False
        ended = end_sessions(session, user, "disabled")
        audit.record("user.disable", object_type="user", object_id=user.public_id)
    return ended


def enable_user(user: User) -> None:
    """Let a disabled account log in again, audited."""
    with write_transaction():
        user.active = True
        audit.record("user.enable", object_type="user", object_id=user.public_id)


def set_role(user: User, role: str) -> None:
    """Change what the account may do, audited."""
    with write_transaction():
        user.role = role
        audit.record("user.role", object_type="user", object_id=user.public_id)
