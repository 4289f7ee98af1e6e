"""The education library pages: an index of the clinic's articles and one page per article."""

from flask import abort, current_app, render_template

from . import bp


def _library():
    return current_app.extensions["intake.articles"]


@bp.get("/")
def index():
    articles = sorted(_library().articles.values(), key=lambda article: article.title.casefold())
    return render_template("learn/index.html", articles=articles)


@bp.get("/<slug>")
def article(slug):
    found = _library().articles.get(slug)
    if found is None:
        abort(404)
    return render_template("learn/article.html", article=found)
