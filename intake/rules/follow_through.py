"""Staff follow-through on red flags: which actions each role may record, and which of them close the flag.

A flagged submission (emergency or urgent) stays flagged at the top of the queue until a member
of staff records what was done about it (docs/domain.md, red-flag triage). Plain Python: no Flask.

- The front desk's part is to make sure a red flag reaches the practitioner at once: it records
  "practitioner told". That closes an urgent flag, never an emergency.
- Only a practitioner (or an admin, who may do everything a practitioner may) closes an emergency:
  any action a practitioner records closes the flag.
- "Mark reviewed" is not an action and closes nothing.
"""

from typing import NamedTuple

ACTIONS = (
    ("called_patient", "Called the patient"),
    ("sent_to_emergency", "Sent to emergency care"),
    ("practitioner_told", "Practitioner told"),
    ("seen_in_person", "Seen in person"),
)
ACTION_LABELS = dict(ACTIONS)
FRONT_DESK_ACTIONS = ("practitioner_told",)
NOTE_MAX_LENGTH = 2000


class Decision(NamedTuple):
    allowed: bool
    closes_flag: bool
    problem: str | None  # why it is refused, in words for the person who tried


def actions_for(is_practitioner: bool) -> tuple[tuple[str, str], ...]:
    """The actions a member of staff may record (code, label)."""
    return ACTIONS if is_practitioner else tuple(a for a in ACTIONS if a[0] in FRONT_DESK_ACTIONS)


def decide(action: str, triage_level: str, is_practitioner: bool) -> Decision:
    """Whether this member of staff may record `action`, and whether it closes the submission's flag."""
    if action not in ACTION_LABELS:
        return Decision(False, False, "Choose what was done from the list")
    if not is_practitioner and action not in FRONT_DESK_ACTIONS:
        return Decision(False, False, "Only a practitioner can record that. Record \u201cPractitioner told\u201d "
                                      "once you have told them.")
    if triage_level == "emergency":
        return Decision(True, is_practitioner, None)
    return Decision(True, triage_level == "urgent", None)


def flag_status(triage_level: str, flag_open: bool) -> str:
    """What the queue and the record say about the flag: "open", "closed" or "none" (no red flag)."""
    if triage_level not in ("emergency", "urgent"):
        return "none"
    return "open" if flag_open else "closed"
