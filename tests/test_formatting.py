"""Template helpers: a template's _() translates, escapes what it is given and reads %% as a percent sign."""

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
