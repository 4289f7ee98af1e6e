"""Staff follow-through: recording what was done about a red flag, choosing the patient's article, article handouts."""

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import update

from ....accounts import audit
from ....rules import follow_through
from ....content.article import EMERGENCY_NUMBER_PLACEHOLDER
from ....database import write_transaction
from ....models import ArticleChoice, Submission, SubmissionAction
from ....questionnaire import N_
from .blueprint import bp
from ..auth import has_role, role_required
from .forms import ActionForm, ArticleChoiceForm
from ..reading import articles, load_submission
from .views import submission_page

audit.register_action("submission.action", N_("Recorded what was done about a red flag"))
audit.register_action("submission.article", N_("Chose the article for a patient"))


@bp.post("/submissions/<uuid:submission_id>/actions")
@role_required("front_desk")
def record_action(submission_id):
    item = load_submission(submission_id)
    practitioner = has_role(current_user, "practitioner")
    form = ActionForm()
    decision = None
    if form.validate_on_submit():
        decision = follow_through.decide(form.action.data, item.triage_level, practitioner)
        if not decision.allowed:
            form.action.errors = [decision.problem]
    if decision is None or not decision.allowed:
        return submission_page(item, action_form=form), 400
    closes = decision.closes_flag and item.flag_open
    with write_transaction() as tx:
        tx.add(SubmissionAction(submission_id=item.id, action=form.action.data, note=form.note.data or "",
                                author_id=current_user.id, closed_flag=closes))
        if closes:
            tx.execute(update(Submission).where(Submission.id == item.id).values(flag_open=False))
        audit.record("submission.action", object_type="submission", object_id=item.id)
    if item.flag_open and not closes and item.triage_level == "emergency":
        flash("Recorded. The emergency stays at the top of the queue until a practitioner records an action.",
              "warning")
    else:
        flash("Recorded what was done", "success")
    return redirect(url_for("review.submission", submission_id=submission_id) + "#follow-through")


@bp.post("/submissions/<uuid:submission_id>/article")
@role_required("practitioner")
def choose_article(submission_id):
    item = load_submission(submission_id)
    form = ArticleChoiceForm()
    valid = form.validate_on_submit()
    chosen = articles().get(form.slug.data or "")
    if valid and chosen is None:  # a tampered value: refused, never stored
        form.slug.errors = ["Choose an article from the list"]
    if not valid or chosen is None:
        return submission_page(item, article_form=form), 400
    with write_transaction() as tx:
        tx.add(ArticleChoice(submission_id=item.id, slug=chosen.slug, title=chosen.title, reason=form.reason.data,
                             author_id=current_user.id))
        audit.record("submission.article", object_type="submission", object_id=item.id)
    flash(f"The article for this patient is now \u201c{chosen.title}\u201d", "success")
    return redirect(url_for("review.submission", submission_id=submission_id) + "#article")


@bp.get("/articles/<slug>/handout")
@role_required("front_desk")
def article_handout(slug):
    """Any education article as a one-page printout for the patient, in the language asked for (?lang=es)."""
    languages = current_app.config["LANGUAGES"]
    language = request.args.get("lang", current_app.config["BABEL_DEFAULT_LOCALE"])
    if language not in languages:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    library = current_app.extensions["intake.articles"]
    if slug not in library.articles:
        abort(404)
    article = library.localized(slug, language)
    # As on /learn: the clinic's own number; body_html was sanitized by nh3 when the library was loaded.
    body = Markup(article.body_html).replace(  # nosec B704 - see above
        EMERGENCY_NUMBER_PLACEHOLDER, current_app.config["EMERGENCY_NUMBER"])
    # The patient's language for the handout's own words too (staff pages are otherwise English).
    with force_locale(language):
        g.pop("_intake_translations", None)
        g.pop("_intake_locale", None)
        page = render_template("staff/handout.html", title=article.title, article=article, body=body,
                               language=language, languages=languages)
    g.pop("_intake_translations", None)
    g.pop("_intake_locale", None)
    return page
