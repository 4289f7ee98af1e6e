"""The form for reviewing a submission: a practitioner's note."""

from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from ..forms import Form
from ..text import has_control_characters


class NoteForm(Form):
    text = TextAreaField("Note", [DataRequired("Enter the note"), Length(max=2000, message="A note must be 2,000 characters or fewer")],
                         filters=[lambda value: value.strip() if isinstance(value, str) else value])

    def validate_text(self, field):
        if has_control_characters(field.data or "", allow_newlines=True):
            raise ValidationError("A note must not contain special characters")
