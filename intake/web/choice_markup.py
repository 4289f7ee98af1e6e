"""The inputs of a radio or checkbox group as HTML, built once per field and language, then kept (render_cache).

A questionnaire page holds up to ~90 such inputs. Rendering each through Jinja macros and gettext
was most of a page's cost (see `make bench`); their markup never changes except for "checked".
"""

from flask_babel import gettext as _
from markupsafe import Markup

from .language import current_locale
from .render_cache import kept
from .shells import Chosen

_EMPTY = Markup("")


def choice_inputs(name: str, kind: str, choices, data, exclusive: str | None = None) -> Markup:
    """Every choice of one field as `<div class="radios__item">…</div>`, the answers given checked."""
    # Kept under all that _build reads: the choices themselves (codes and labels) and the language.
    choices = tuple(choices)
    parts = kept("choice inputs", (name, kind, choices, exclusive, current_locale()),
                 lambda: _build(name, kind, choices, exclusive))
    if isinstance(data, Chosen):  # a page shell: the patient's choices are filled in later
        return Markup("".join(f"{before}{data.mark(code, ' checked')}{after}" for code, before, after in parts))  # nosec B704 - as below
    chosen = {str(v) for v in data} if isinstance(data, (list, tuple, set, frozenset)) else {str(data)}
    html = "".join(f"{before}{' checked' if code in chosen else ''}{after}" for code, before, after in parts)
    return Markup(html)  # nosec B704 - every value in it was escaped by Markup.format in _build


def _build(name: str, kind: str, choices, exclusive: str | None) -> tuple[tuple[str, str, str], ...]:
    group = "radios" if kind == "radio" else "checkboxes"
    divider = Markup('<div class="{}__divider">{}</div>\n').format(group, _("or"))
    parts = []
    for choice in choices:
        # Markup.format escapes every value it is given: codes, names and translated labels.
        input_id = f"{name}-{choice.code.replace('.', '-')}"
        hint = getattr(choice, "hint", None)
        # "None of these": static/js/exclusive.js unticks the others when it is ticked, and the other way round.
        before = Markup('{}<div class="{}__item">\n<input class="{}__input" id="{}" name="{}" type="{}" '
                        'value="{}"{}{}').format(divider if exclusive and choice.code == exclusive else _EMPTY,
                                                 group, group, input_id, name, kind, choice.code,
                                                 Markup(' data-behaviour="exclusive"') if exclusive == choice.code
                                                 and kind == "checkbox" else _EMPTY,
                                                 Markup(' aria-describedby="{}-hint"').format(input_id) if hint
                                                 else _EMPTY)
        label = Markup('<label class="label {}__label" for="{}">{}</label>').format(group, input_id, _(choice.label))
        if hint:
            label = Markup('<div class="{}__text">{}\n<div class="hint {}__hint" id="{}-hint">{}</div></div>').format(
                group, label, group, input_id, _(hint))
        after = Markup('>\n{}\n</div>\n').format(label)
        parts.append((choice.code, str(before), str(after)))
    return tuple(parts)
