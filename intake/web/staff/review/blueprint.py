"""The review blueprint: the staff hooks come with staff_blueprint; it names its record page for e-mails."""

from ..blueprint import staff_blueprint

bp = staff_blueprint("review", __name__)
# New-submission e-mails link to the record page.
bp.record_once(lambda state: state.app.extensions.update({"intake.submission_record_endpoint": "review.submission"}))
