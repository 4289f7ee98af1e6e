"""A gentle check of two pain scores: the worst pain in the past week below the pain right now is worth a second look."""


def worst_below_now(answers: dict) -> bool:
    """Whether "worst in the past week" was scored lower than "right now" (both 0-10): not an error, only a
    question for the patient, who may confirm both answers and go on."""
    now, worst = answers.get("pain_now"), answers.get("pain_worst")
    if not all(isinstance(score, int) and not isinstance(score, bool) for score in (now, worst)):
        return False
    return worst < now
