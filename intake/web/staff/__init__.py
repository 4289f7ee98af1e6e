"""The staff workspace at /staff/: one blueprint per job, and what they share.

- account (blueprint `staff`): logging in and out, your password, two-step sign-in
- review: the queue, a submission's record, follow-through, handouts, the front desk's day
- admin: users, the audit log, the two-step sign-in requirement
- exports: CSV, FHIR and PDF records out, the CSV's data dictionary
- waiting_room: the kiosk tablet and the QR poster

Shared here, below them (the blueprints never import one another): the session check and roles
(auth), the hooks every staff blueprint registers (blueprint), the queue's filters and a submission's
record (queue, record, record_body, reading), and the account forms.
"""
