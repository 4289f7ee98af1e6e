"""Education matching: answers + articles to ranked matches, each with its score, reasons and section to link.

Plain Python, no Flask. An article's rules come from its front matter (see
intake/content/README.md). A rule names one or more questions, each with the answer
codes that satisfy it (any one of them); the rule scores its points when every question
it names is satisfied. "regions: {back.upper: 3}" is a rule of one question and one code;
a combination such as burning + between the shoulder blades is a rule of two questions.

Ranking is deterministic: highest score first, ties broken by slug. Only articles that
score above 0 are returned; when none does, the general article `upper-cervical-care`
is returned alone with score 0.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from ..questionnaire import label_for

FALLBACK_SLUG = "upper-cervical-care"
FALLBACK_REASON = "no specific match: general article"

# Questions a rule may name, in the order their words appear in a reason.
MATCHABLE_QUESTIONS = ("qualities", "regions", "primary_region", "frequency", "duration", "onset",
                       "aggravators", "related", "past")
# Words that make bare answer labels read right in a reason ("worse when sitting and bending").
REASON_PREFIX = {
    "primary_region": "main area: ",
    "duration": "for ",
    "aggravators": "worse when ",
    "past": "past: ",
}


@dataclass(frozen=True)
class Rule:
    when: tuple[tuple[str, tuple[str, ...]], ...]  # (question code, answer codes any of which satisfy it)
    points: int
    section: str | None = None  # an anchor of the article's sections, linked when this rule decides


@dataclass(frozen=True)
class Match:
    slug: str
    title: str
    score: int
    reasons: tuple[str, ...]
    section: str | None
    version: str


def reason_words(question: str, codes) -> str:
    """One question's answer codes as words, e.g. "between the shoulder blades and base of the neck"."""
    return REASON_PREFIX.get(question, "") + " and ".join(_lower_first(label_for(question, c)) for c in codes)


def _lower_first(label: str) -> str:
    first_word = label.split(" ", 1)[0]
    # Keep "I woke up with it" and acronyms ("TMJ") as written.
    if first_word == "I" or (len(first_word) > 1 and first_word.isupper()):
        return label
    return label[:1].lower() + label[1:]


def chosen_codes(answers: dict, question: str) -> set[str]:
    """The answer codes chosen for one question, whether it is multi-select or single choice."""
    value = answers.get(question)
    if value is None:
        return set()
    if isinstance(value, str):
        return {value}
    return {code for code in value if isinstance(code, str)}


def score_article(answers: dict, article, chosen: dict[str, set[str]] | None = None) -> Match:
    """One article's score against the answers, with the reasons and the section to link."""
    if chosen is None:
        chosen = chosen_by_question(answers)
    hits = _hits(article, chosen)
    return _explained(article, hits, _points(hits))


def _hits(article, chosen: dict[str, set[str]]) -> list:
    """The rules the answers satisfy: (rule index, rule, the codes that satisfied it per question)."""
    hits = []
    for index, rule in enumerate(article.rules):
        found = []
        for question, codes in rule.when:
            satisfied = tuple(c for c in codes if c in chosen[question])
            if not satisfied:
                break  # a rule scores only when every question it names is satisfied
            found.append((question, satisfied))
        else:
            hits.append((index, rule, tuple(found)))
    return hits


def _points(hits: list) -> int:
    return sum(rule.points for _, rule, _ in hits)


def _explained(article, hits: list, score: int) -> Match:
    """The article's match from its satisfied rules and their score: reasons in words, and the section to link."""
    # Strongest rules first; in file order when equal, so an author can order their rules.
    hits = sorted(hits, key=lambda hit: (-hit[1].points, hit[0]))
    covered = [frozenset((q, c) for q, codes in found for c in codes) for _, _, found in hits]
    reasons = []
    for (_, rule, found), pairs in zip(hits, covered):
        # "burning + between the shoulder blades" already says "burning": skip the single reason.
        if any(pairs < other for other in covered):
            continue
        reason = " + ".join(reason_words(question, codes)
                            for question, codes in sorted(found, key=lambda f: MATCHABLE_QUESTIONS.index(f[0])))
        if reason not in reasons:
            reasons.append(reason)
    section = next((rule.section for _, rule, _ in hits if rule.section), None)
    return Match(article.slug, article.title, score, tuple(reasons), section, article.version)


def chosen_by_question(answers: dict) -> dict[str, set[str]]:
    return {question: chosen_codes(answers, question) for question in MATCHABLE_QUESTIONS}


def match(answers: dict, articles: Iterable, limit: int | None = None) -> list[Match]:
    """Matches best first (score, then slug); the general article alone when nothing scores.

    `limit`: only the best that many, whose reasons alone are then put into words (a submission
    keeps three of the library's matches).
    """
    articles = list(articles)
    chosen = chosen_by_question(answers)  # once for all articles
    scored = []
    for article in articles:
        hits = _hits(article, chosen)
        score = _points(hits)
        if score > 0:
            scored.append((article, hits, score))
    if scored:
        scored.sort(key=lambda entry: (-entry[2], entry[0].slug))
        return [_explained(article, hits, score) for article, hits, score in scored[:limit]]
    for article in articles:
        if article.slug == FALLBACK_SLUG:
            return [Match(article.slug, article.title, 0, (FALLBACK_REASON,), None, article.version)]
    return []
