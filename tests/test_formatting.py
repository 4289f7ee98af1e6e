"""Template helpers: a template's _() translates, escapes what it is given and reads %% as a percent sign."""

from datetime import datetime

import pytest
from flask import render_template_string


def render(app, source, language="en", **context):
    with app.test_request_context("/", headers={"Accept-Language": language}):
        return render_template_string(source, **context)


def test_template_gettext_translates_for_the_reader(app):
    source = '{{ _("%(label)s must be a real date", label=label) }}'
    assert render(app, source, "es", label="Fecha") == "Fecha: escriba una fecha que exista"
    assert render(app, source, "en", label="Date") == "Date must be a real date"


def test_template_gettext_escapes_the_values_it_is_given(app):
    # A patient's typed name in a translated sentence must come out as text, never as markup.
    page = render(app, '{{ _("%(label)s must be a real date", label=label) }}', label='<img src=x onerror="1">')
    assert page == "&lt;img src=x onerror=&#34;1&#34;&gt; must be a real date"


def test_template_gettext_reads_a_message_as_a_format_string(app):
    # As Jinja's own newstyle gettext: "%%" is one percent sign, with or without values.
    assert render(app, '{{ _("100%% sure") }}') == "100% sure"
    assert render(app, '{{ _("%(n)s%% sure", n=n) }}', n=90) == "90% sure"


@pytest.mark.parametrize("zone, stored, shown", [
    ("America/New_York", datetime(2026, 1, 15, 14, 41), "2026-01-15 09:41 EST"),
    ("America/New_York", datetime(2026, 7, 15, 13, 41), "2026-07-15 09:41 EDT"),
    ("America/Sao_Paulo", datetime(2026, 1, 15, 12, 41), "2026-01-15 09:41 UTC-3"),
    ("Asia/Kathmandu", datetime(2026, 1, 15, 3, 56), "2026-01-15 09:41 UTC+5:45"),
    ("UTC", datetime(2026, 1, 15, 9, 41), "2026-01-15 09:41 UTC"),
])
def test_staff_times_are_in_the_clinics_zone_and_say_which(app, zone, stored, shown):
    from intake.web.formatting import clinic_time

    app.config["CLINIC_TIMEZONE"] = zone
    with app.app_context():
        assert clinic_time(stored) == shown
