"""The audit log's filter form, read from the query string."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from ...forms import Form
from .audit_subjects import normal_reference


def _filter_date(label):
    return DateField(label, validators=[Optional(), _plausible_date],
                     invalid_value_message=_l("Enter a real date in the form YYYY-MM-DD, like 2026-03-31"))


def _plausible_date(form, field):
    if field.data and not (date(2000, 1, 1) <= field.data <= date(2100, 12, 31)):
        raise ValidationError(_l("Enter a date between the years 2000 and 2100"))


class AuditFilterForm(Form):
    """Read from the query string: every value from a fixed list or a date."""

    user = SelectField(_l("User"), default="", validate_choice=True)
    action = SelectField(_l("Action"), default="", validate_choice=True)
    reference = StringField(_l("Submission reference"), validators=[Optional(), Length(max=12)])
    date_from = _filter_date(_l("From"))
    date_to = _filter_date(_l("To"))

    def validate_reference(self, field):
        if field.data and normal_reference(field.data) is None:
            raise ValidationError(_l("Enter a reference like ABCD-2345, as on the submission"))

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date must be the same as or after the start date"))
