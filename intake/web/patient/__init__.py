"""The patient questionnaire: one topic per page, answers kept in a server-side draft."""

from .blueprint import bp

from . import invitations, views  # noqa: F401  (routes register on bp)
