"""The education library pages: an index of the clinic's articles and one page per article."""

from flask import abort, render_template

from ..language import localized_article, localized_articles
from . import bp


@bp.get("/")
def index():
    articles = sorted(localized_articles(), key=lambda article: article.title.casefold())
    return render_template("learn/index.html", articles=articles)


@bp.get("/<slug>")
def article(slug):
    found = localized_article(slug)
    if found is None:
        abort(404)
    return render_template("learn/article.html", article=found)
