"""The forms for reviewing a submission: a practitioner's note, what was done about a red flag, the article chosen."""

from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ...forms import Form
from ....text import has_control_characters


class NoteForm(Form):
    text = TextAreaField("Note", [DataRequired("Enter the note"), Length(max=2000, message="A note must be 2,000 characters or fewer")],
                         filters=[lambda value: value.strip() if isinstance(value, str) else value])

    def validate_text(self, field):
        if has_control_characters(field.data or "", allow_newlines=True):
            raise ValidationError("A note must not contain special characters")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ActionForm(Form):
    """What was done about a flagged submission (the choices offered depend on the role: see follow_through)."""

    action = RadioField("What was done", choices=[], validate_choice=False,
                        validators=[DataRequired("Choose what was done")])
    note = TextAreaField("Note (optional)",
                         [Optional(), Length(max=2000, message="A note must be 2,000 characters or fewer")],
                         filters=[_strip])

    def validate_note(self, field):
        if has_control_characters(field.data or "", allow_newlines=True):
            raise ValidationError("A note must not contain special characters")


class ArticleChoiceForm(Form):
    """A practitioner's choice of the article for the patient, and why (kept with who and when)."""

    slug = SelectField("Article for the patient", choices=[], validate_choice=False,
                       validators=[DataRequired("Choose an article")])
    reason = TextAreaField("Why this article", [DataRequired("Say why this article suits the patient better"),
                                                Length(max=500, message="The reason must be 500 characters or fewer")],
                           filters=[_strip])

    def validate_reason(self, field):
        if has_control_characters(field.data or "", allow_newlines=True):
            raise ValidationError("The reason must not contain special characters")
