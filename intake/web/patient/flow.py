"""The order of the questionnaire pages and which page comes next (no Flask routing here)."""

from ...questionnaire import FINAL_PAGE, PAGES, QUESTIONS

# The question pages in the order a patient meets them ("Confirm and send" comes after checking).
ORDER = [code for code in PAGES if code != FINAL_PAGE]
ENDPOINTS = {page: f"patient.{page}" for page in ORDER}


def page_needed(page: str, answers: dict) -> bool:
    """Whether the page is asked (the main-area page only when more than one area was chosen)."""
    return PAGES[page].needed(answers)


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
        for q in PAGES[page].questions:
            if QUESTIONS[q.code].required and answers.get(q.code) in (None, "", []):
                missing.append(page)
                break
    return missing


def unsaved_pages(pending: dict) -> list[str]:
    """Question pages left with typed input not saved as answers yet (Back, the language switch, an error)."""
    return [page for page in ORDER if page in pending]


def first_to_finish(answers: dict, pending: dict) -> str | None:
    """The first page still to answer or to finish, in questionnaire order (None: ready to send)."""
    pages = set(missing_pages(answers)) | set(unsaved_pages(pending))
    return next((page for page in ORDER if page in pages), None)


def after_regions_change(answers: dict) -> tuple[dict, tuple[str, ...]]:
    """Keep the main area consistent with the areas chosen: set it, or ask again."""
    regions = answers.get("regions") or []
    if len(regions) == 1:
        return {"primary_region": regions[0]}, ()
    if answers.get("primary_region") not in regions:
        return {}, ("primary_region",)
    return {}, ()
