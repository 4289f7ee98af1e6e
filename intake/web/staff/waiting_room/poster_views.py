"""The waiting-room QR poster: /staff/poster, a printable page (A4 and US Letter) pointing at PUBLIC_URL."""

import segno
from flask import current_app, render_template
from flask_babel import gettext as _
from markupsafe import Markup

from .blueprint import bp
from ..auth import role_required

# Level M survives a scuffed or partly covered poster (15 % of the code); the border is the
# four-module quiet zone that phone cameras need to find the code.
QR_ERROR_LEVEL = "m"
QR_BORDER = 4


def qr_code(url: str):
    return segno.make(url, error=QR_ERROR_LEVEL, micro=False)


def qr_svg(url: str) -> Markup:
    """The QR code as inline SVG, drawn here: the page makes no request to any other site.

    Sized by CSS (no width/height), one user unit per module, so it prints sharp at any size.
    """
    svg = qr_code(url).svg_inline(scale=1, border=QR_BORDER, omitsize=True, svgclass="poster__qr-svg",
                                  lineclass=None, dark="#000", light="#fff")
    # Safe to mark up: segno's output is only path data and our fixed attributes, never the URL's text.
    return Markup(svg)  # nosec B704: segno's SVG of modules, holding no text from any user


@bp.get("/poster")
@role_required("front_desk")
def poster():
    url = current_app.config.get("PUBLIC_URL")
    return render_template("staff/poster.html", title=_("QR poster"), public_url=url,
                           qr=qr_svg(url) if url else None)
