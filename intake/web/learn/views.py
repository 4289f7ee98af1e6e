"""The education library pages: an index of the clinic's articles and one page per article."""

from flask import abort, current_app, render_template
from markupsafe import Markup

from ...content.article import EMERGENCY_NUMBER_PLACEHOLDER
from ..language import localized_article, localized_articles
from .blueprint import bp


@bp.get("/")
def index():
    articles = sorted(localized_articles(), key=lambda article: article.title.casefold())
    return render_template("learn/index.html", articles=articles)


@bp.get("/<slug>")
def article(slug):
    found = localized_article(slug)
    if found is None:
        abort(404)
    # The clinic's own emergency number wherever the article says {emergency_number}; Markup.replace
    # escapes the number, and body_html was sanitized by nh3 when the library was loaded.
    number = current_app.config["EMERGENCY_NUMBER"]
    body = Markup(found.body_html).replace(EMERGENCY_NUMBER_PLACEHOLDER, number)  # nosec B704 - see above
    return render_template("learn/article.html", article=found, body=body)
