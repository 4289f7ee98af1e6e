"""Forms for logging in, passwords, two-step sign-in and managing users (choices from fixed lists)."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, ValidationError

from ...accounts import users as accounts
from ...accounts.users import EMAIL_MAX_LENGTH, ROLE_LABELS, ROLES
from ..forms import Form

# Generous for logging in (the policy decides for new passwords); stops megabyte "passwords".
LOGIN_PASSWORD_MAX = 1024


def role_choices():
    return [(role, _l(ROLE_LABELS[role])) for role in ROLES]


class LoginForm(Form):
    email = StringField(_l("Email address"), validators=[
        DataRequired(_l("Enter your email address")),
        Length(max=EMAIL_MAX_LENGTH, message=_l("Email address must be 254 characters or fewer"))])
    password = PasswordField(_l("Password"), validators=[
        DataRequired(_l("Enter your password")),
        Length(max=LOGIN_PASSWORD_MAX, message=_l("Password must be 1024 characters or fewer"))])


class ReauthForm(Form):
    password = PasswordField(_l("Password"), validators=[
        DataRequired(_l("Enter your password")),
        Length(max=LOGIN_PASSWORD_MAX, message=_l("Password must be 1024 characters or fewer"))])


class NewPasswordMixin:
    """A new password typed twice and checked against the policy; `policy_email` is the account's email."""

    policy_email = ""

    def validate_password(self, field):
        problem = accounts.password_problem(field.data or "", email=self.policy_email)
        if problem:
            raise ValidationError(_l(problem))


def _new_password_fields():
    password = PasswordField(_l("New password"), validators=[InputRequired(_l("Enter a new password"))])
    confirm = PasswordField(_l("Type the new password again"), validators=[
        InputRequired(_l("Type the new password again")),
        EqualTo("password", message=_l("The two passwords do not match"))])
    return password, confirm


class ChangePasswordForm(NewPasswordMixin, Form):
    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(_l("Enter your current password")), Length(max=LOGIN_PASSWORD_MAX)])
    password, confirm = _new_password_fields()


class SetPasswordForm(NewPasswordMixin, Form):
    password, confirm = _new_password_fields()


class CreateUserForm(NewPasswordMixin, Form):
    email = StringField(_l("Email address"), validators=[
        DataRequired(_l("Enter an email address")),
        Length(max=EMAIL_MAX_LENGTH, message=_l("Email address must be 254 characters or fewer")),
        Email(_l("Enter an email address in the correct format, like name@example.com"),
              check_deliverability=False)])
    name = StringField(_l("Full name"), validators=[
        DataRequired(_l("Enter the person's name")),
        Length(max=120, message=_l("Name must be 120 characters or fewer"))])
    role = SelectField(_l("Role"), choices=role_choices, validators=[DataRequired(_l("Choose a role"))],
                       validate_choice=True)
    password, confirm = _new_password_fields()

    def validate_name(self, field):
        problem = accounts.name_problem(field.data or "")
        if problem:
            raise ValidationError(_l(problem))

    def validate_email(self, field):
        if accounts.find_user_by_email(field.data):
            raise ValidationError(_l("There is already a user with that email address"))

    def validate(self, extra_validators=None):
        self.policy_email = self.email.data or ""
        return super().validate(extra_validators)


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=role_choices, validators=[DataRequired(_l("Choose a role"))])


class CodeForm(Form):
    """A 6-digit code from the authenticator app, or a recovery code (letters, with or without the dash)."""

    code = StringField(_l("Code"), validators=[
        DataRequired(_l("Enter the 6-digit code from your authenticator app, or a recovery code")),
        Length(max=32, message=_l("Enter the 6-digit code from your authenticator app, or a recovery code"))])


def requirement_choices():
    return [("yes", _l("Required for every account")), ("no", _l("Optional: each person chooses"))]


class RequirementForm(Form):
    required = SelectField(_l("Two-step sign-in"), validate_choice=True, choices=requirement_choices)
