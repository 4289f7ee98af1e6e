"""The hooks every staff blueprint shares, registered by each one as it is made (staff_blueprint)."""

from flask import Blueprint

from ..pages import declare
from .record_body import TEMPLATE_GLOBALS

URL_PREFIX = "/staff"  # every staff page's address, whichever blueprint serves it: bookmarks never break


def staff_blueprint(name: str, import_name: str) -> Blueprint:
    """A staff blueprint under /staff: English pages, never kiosk pages, the record body's template globals."""
    bp = Blueprint(name, import_name, url_prefix=URL_PREFIX)
    # Staff pages are English, never kiosk pages (a member of staff may log in on a kiosk tablet).
    declare(bp, language="en", kiosk=False)
    # For the record body's template (review pages and the PDF export render it).
    for template_name, function in TEMPLATE_GLOBALS.items():
        bp.add_app_template_global(function, template_name)
    return bp
