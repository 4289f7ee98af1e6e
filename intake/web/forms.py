"""The base of every form: the CSRF token is checked once per POST, by CSRFProtect, before any view runs."""

from flask_wtf import FlaskForm


class Form(FlaskForm):
    """A FlaskForm without a CSRF field of its own.

    CSRFProtect (extensions.csrf) refuses every POST whose token is missing, wrong or expired before
    the view is called, and pages put the token in with csrf_token(). A per-form field would only
    sign a fresh token for each form built and check the same token a second time.
    """

    class Meta:
        csrf = False
