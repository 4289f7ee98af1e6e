"""What an audit row is about, in words an administrator can use: the submission's reference and the patient's initials.

The audit rows hold ids only (never patient values); this reads the names at display time, so
"who opened Mrs X's record?" can be answered from the log without the log holding her name.
"""

from sqlalchemy import select

from ....extensions import db
from ....records.invitations import Invitation
from ....models import Submission
from ..queue import REFERENCE_PATTERN


def initials(full_name: str) -> str:
    """ "Marguerite Okonkwo-Lindqvist" -> "M. O." : enough to recognise, not to identify from a screen glance."""
    return " ".join(f"{word[0].upper()}." for word in full_name.split() if word[:1].isalpha())


def normal_reference(text: str) -> str | None:
    upper = (text or "").upper().replace(" ", "")
    if not REFERENCE_PATTERN.match(upper):
        return None
    return upper if "-" in upper else f"{upper[:4]}-{upper[4:]}"


def submission_id_for(reference: str) -> str | None:
    return db.session.scalar(select(Submission.id).where(Submission.reference == reference))


def describe(events) -> dict[tuple[str, str], str]:
    """(object type, object id) -> "Submission ABCD-EFGH (M. O.)" for the submissions and invitations on the page."""
    wanted = {"submission": set(), "invitation": set()}
    for event in events:
        if event.object_type in wanted and event.object_id:
            wanted[event.object_type].add(event.object_id)
    found = {}
    if wanted["submission"]:
        for row in db.session.execute(select(Submission.id, Submission.reference, Submission.full_name)
                                      .where(Submission.id.in_(wanted["submission"]))):
            found[("submission", row.id)] = f"Submission {row.reference} ({initials(row.full_name)})"
    if wanted["invitation"]:
        for row in db.session.execute(select(Invitation.id, Invitation.full_name)
                                      .where(Invitation.id.in_(wanted["invitation"]))):
            found[("invitation", row.id)] = f"Invitation ({initials(row.full_name)})"
    return found
