"""Patient pages rendered once per language and layout with slots, then filled in with one patient's answers.

A questionnaire page is mostly text that never changes while the app runs: headings, labels, hints,
about ninety inputs, the body map, the header and footer, all translated. Rendering it through Jinja
macros and gettext cost 3-7 ms a page (`make bench`). Here a page is rendered once with *slots* in
place of everything that belongs to the patient (typed values, ticked choices, the CSRF token), split
at the slots, and kept in the app's render store; each request only joins the pieces with its own
escaped values. Pages with errors are always rendered in full. Nothing a patient typed is ever kept
here: typed values and choices are slots, filled in per request, never part of the context.
"""

import re
from collections.abc import Callable

from flask import current_app, render_template
from markupsafe import Markup, escape

from .kept_render import render_kept

# Private-use characters: no template or translation of ours contains them. A patient may type them,
# but typed values are only ever inserted into a split shell, never searched for slots.
_START, _SEP, _END = "\ue000", "\ue002", "\ue001"
_SLOT = re.compile(f"{_START}([^{_END}]*){_END}")


def slot(name: str) -> Markup:
    """Where the value named `name` goes (escaped when filled in)."""
    return Markup(f"{_START}{name}{_END}")  # nosec B704 - a name of ours, no markup in it


class Chosen:
    """Stands for the codes a patient chose in one field while a shell is rendered."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __contains__(self, code) -> bool:
        return False  # not known yet: templates ask `.mark()` for the text to show when it is

    def mark(self, code: str, text: str) -> Markup:
        """`text` where `code` was chosen, nothing elsewhere (code "": where the field is ticked at all)."""
        return Markup(f"{_START}{self.name}{_SEP}{code}{_SEP}{text}{_END}")  # nosec B704 - our codes and markup


def when_chosen(code: str, chosen, text: str) -> Markup | str:
    """For templates: `text` if `code` is among the chosen codes (or a mark for it, in a shell)."""
    if isinstance(chosen, Chosen):
        return chosen.mark(code, text)
    return Markup(text) if chosen and (code == "" or code in chosen) else ""  # nosec B704 - markup of ours


def render_page(template: str, form=None, static: dict | None = None, fills: dict | None = None,
                **context) -> str:
    """`template` rendered for `form` through its kept shell (in full when the form has errors).

    The shell is kept under the page's complete context (intake/web/kept_render.py): `static` and
    `context` alike, with the context processors' values, the language and the request facts; a
    value no key can hold means the page is rendered in full. `fills` holds this patient's pieces
    (HTML or text), which the template shows as `filled[name]`.
    """
    static, fills = static or {}, fills or {}
    if current_app.config["PAGE_SHELLS"] and (form is None or not form.errors):
        # The shell's form is made from the real one's class and choices: both are in the key.
        shape = (type(form), tuple(field.choices for field in _answer_fields(form) if hasattr(field, "choices")),
                 tuple(fills))
        parts = render_kept(template, finish=_split, shape=shape, slots={
            "form": lambda: _shell_of(form), "csrf_token": lambda: _csrf_slot,
            "filled": lambda: {name: slot(f"filled:{name}") for name in fills}}, **static, **context)
        if parts is not None:
            values = _values_of(form)
            values.update((f"filled:{name}", value) for name, value in fills.items())
            return _fill(parts, values, _chosen_of(form))
    return render_template(template, form=form, filled=fills, **static, **context)


def _csrf_slot() -> Markup:
    return slot("csrf_token")


def _answer_fields(form):
    return () if form is None else iter(form)


def _shell_of(form):
    if form is None:
        return None
    shell = type(form)(data={})
    for field in _answer_fields(shell):
        real = form[field.name]
        if hasattr(real, "choices"):
            field.choices = real.choices
        if hasattr(real, "parts"):  # a date: three boxes
            field.parts = {part: slot(f"{field.name}-{part}") for part in real.parts}
        elif hasattr(real, "choices") or isinstance(real.data, bool):
            field.data = Chosen(field.name)
        else:
            field.data = slot(field.name)
    return shell


def _values_of(form) -> dict[str, Callable[[], str] | str]:
    from flask_wtf.csrf import generate_csrf

    # The token only where the page has a form: generating it puts it in the session.
    values: dict = {"csrf_token": generate_csrf}
    for field in _answer_fields(form):
        if hasattr(field, "parts"):
            values.update((f"{field.name}-{part}", value) for part, value in field.parts.items())
        elif not hasattr(field, "choices") and not isinstance(field.data, bool):
            values[field.name] = field.data or ""
    return values


def _chosen_of(form) -> dict[str, set[str]]:
    chosen = {}
    for field in _answer_fields(form):
        data = field.data
        if isinstance(data, bool):
            chosen[field.name] = {""} if data else set()
        elif isinstance(data, (list, tuple, set)):
            chosen[field.name] = {str(code) for code in data} | ({""} if data else set())
        elif data not in (None, ""):
            chosen[field.name] = {str(data), ""}
    return chosen


def _split(html: str) -> tuple:
    """Text and slots in turn: str pieces, (name,) for a value, (name, code, text) for a choice mark."""
    pieces = _SLOT.split(html)
    return tuple(piece if i % 2 == 0 else tuple(piece.split(_SEP)) for i, piece in enumerate(pieces))


def _fill(parts: tuple, values: dict, chosen: dict) -> str:
    out = []
    for part in parts:
        if type(part) is str:
            out.append(part)
        elif len(part) == 1:
            value = values.get(part[0], "")
            out.append(str(escape(value() if callable(value) else value)))
        else:
            name, code, text = part
            if code in chosen.get(name, ()):
                out.append(text)
    return "".join(out)
