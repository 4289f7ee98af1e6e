"""The order of the questionnaire pages and which page comes next (no Flask routing here)."""

from ..questionnaire import QUESTIONS
from .forms import PAGE_QUESTIONS

# (page, endpoint, title) in the order a patient meets them.
PAGES = (
    ("about", "patient.about"),
    ("regions", "patient.regions"),
    ("primary", "patient.primary"),
    ("symptoms", "patient.symptoms"),
    ("history", "patient.history"),
    ("safety", "patient.safety"),
)
ENDPOINTS = dict(PAGES)
ORDER = [page for page, _ in PAGES]


def page_needed(page: str, answers: dict) -> bool:
    """The main-area page is only asked when more than one area was chosen."""
    if page == "primary":
        return len(answers.get("regions") or ()) > 1
    return True


def previous_page(page: str, answers: dict) -> str | None:
    index = ORDER.index(page)
    for candidate in reversed(ORDER[:index]):
        if page_needed(candidate, answers):
            return candidate
    return None


def next_page(page: str, answers: dict) -> str | None:
    index = ORDER.index(page)
    for candidate in ORDER[index + 1:]:
        if page_needed(candidate, answers):
            return candidate
    return None


def missing_pages(answers: dict) -> list[str]:
    """Pages with a required answer still missing, in questionnaire order."""
    missing = []
    for page in ORDER:
        if not page_needed(page, answers):
            continue
        for code in PAGE_QUESTIONS[page]:
            if QUESTIONS[code].required and answers.get(code) in (None, "", []):
                missing.append(page)
                break
    return missing


def after_regions_change(answers: dict) -> tuple[dict, tuple[str, ...]]:
    """Keep the main area consistent with the areas chosen: set it, or ask again."""
    regions = answers.get("regions") or []
    if len(regions) == 1:
        return {"primary_region": regions[0]}, ()
    if answers.get("primary_region") not in regions:
        return {}, ("primary_region",)
    return {}, ()
