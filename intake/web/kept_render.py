"""A template rendered once per complete context and kept: nothing reaches the kept markup from outside its key.

The key of a kept render is made of everything the template can see:
- the complete context after Flask's context processors (`app.update_template_context`), frozen whole
  (intake/web/render_cache.py): an input that cannot be frozen means the page is rendered in full;
- the request facts a template may read (locale, method, script root, path, query string, endpoint)
  and the settings it may read (KEY_CONFIG);
- the names and shape of the slots, the per-patient pieces filled in on every request.

What a template can reach without going through its context is guarded: every Jinja global is
listed in GLOBALS as depending only on its arguments and the key ("keyed"), or it is wrapped so
that, while a kept render is being built, calling it (or reading `request`, `session`, `g`, or a
setting, beyond what the key holds) raises Uncacheable: the page is then rendered in full on every
request, and a warning says which read did it. A global nobody listed is guarded too.
"""

from collections.abc import Callable
from contextvars import ContextVar
from operator import attrgetter

from flask import current_app, g, render_template, request, session
from flask.globals import request_ctx

from .language import current_locale
from .render_cache import Uncacheable, freeze, store

# Jinja globals whose result depends only on their arguments, the locale and the request facts and
# settings below, all of which are in every key. The translation functions read the locale's catalog;
# url_for reads the script root (guarded for _external, which reads the host); language_switch_links
# the path, query string and LANGUAGES; clinic_time CLINIC_TIMEZONE; format_date EMERGENCY_NUMBER (dates.py).
KEYED = frozenset({
    "range", "dict", "cycler", "joiner", "namespace", "_", "gettext", "ngettext", "pgettext", "npgettext",
    "format_date", "clinic_time", "answer_label", "when_chosen", "role_label", "audit_action_label",
    "body_map", "choice_inputs", "current_locale", "language_switch_links",
    "record_summary", "answers_list", "record_answers", "region_labels",  # the staff record's (staff/record_body.py)
})
# Filters beyond Jinja's own: each depends only on its value, the locale and BABEL_DEFAULT_TIMEZONE
# (Flask-Babel's formats), all in the key. Filters cannot be guarded: tests/test_kept_render.py
# fails when one is added without being listed here.
KEYED_FILTERS = frozenset({"language_name", "tel_href", "currencyformat", "dateformat", "datetimeformat", "decimalformat",
                           "numberformat", "percentformat", "scientificformat", "timedeltaformat", "timeformat"})
# Globals that read what no key holds (the time, the session, the user, the articles library,
# random text): refused while a kept render is built. csrf_token is per request: a slot, or refused.
REFUSED = frozenset({"now_utc", "get_flashed_messages", "has_role", "localized_article", "csrf_meta_tag",
                     "csrf_token", "lipsum"})
# What a kept template may read of the request, all fixed by the facts in the key.
REQUEST_FACTS = ("method", "script_root", "path", "query_string", "endpoint")
REQUEST_READABLE = frozenset({*REQUEST_FACTS, "args", "blueprint", "blueprints", "full_path", "url_rule"})
# The settings a kept template (or a keyed global) may read; their values are in the key.
KEY_CONFIG = ("CLINIC_NAME", "CLINIC_ADDRESS", "CLINIC_PHONE", "EMERGENCY_NUMBER", "CLINIC_TIMEZONE",
              "LANGUAGES", "BABEL_DEFAULT_LOCALE", "BABEL_DEFAULT_TIMEZONE")
# Context processors' values that are per request and read by no kept template: refused if read.
REFUSED_CONTEXT = frozenset({"current_user"})

# While a kept render is built: the slots given for it (name -> function), else None.
_building: ContextVar[dict | None] = ContextVar("intake_kept_render", default=None)
_UNCACHEABLE = object()  # kept under a key whose build read something outside it: render in full at once


class Guard:
    """A per-request object as templates see it: itself, except while a kept render is built.

    Then only the names in `allowed` may be read (their values are in the key); anything else raises.
    """

    __slots__ = ("_name", "_target", "_allowed")

    def __init__(self, name: str, target, allowed=frozenset()):
        self._name, self._target, self._allowed = name, target, allowed

    def _read(self, item):
        if item not in self._allowed and _building.get() is not None:
            raise Uncacheable(f"a kept template read {self._name}.{item}, which its key does not hold")
        return self._target

    def __getattr__(self, item):
        return getattr(self._read(item), item)

    def __getitem__(self, item):
        return self._read(item)[item]

    def __contains__(self, item):
        return item in self._read(item)

    def __iter__(self):
        return iter(self._read("__iter__"))

    def __len__(self):
        return len(self._read("__len__"))

    def __bool__(self):
        return bool(self._read("__bool__"))


class SettingsGuard(Guard):
    """The app's config as templates see it: `config.CLINIC_NAME` found as a key at once."""

    __slots__ = ()

    def __getattr__(self, item):
        # Jinja tries an attribute before a key: without this, each setting read raised an AttributeError first.
        target = self._read(item)
        return target[item] if item in target else getattr(target, item)


def _guarded(name: str, function: Callable) -> Callable:
    def guarded(*args, **kwargs):
        slots = _building.get()
        if slots is None:
            return function(*args, **kwargs)
        if name in slots:
            return slots[name](*args, **kwargs)
        raise Uncacheable(f"a kept template called {name}(), which reads what its key does not hold")
    return guarded


def _url_for(function: Callable) -> Callable:
    def url_for(*args, **kwargs):
        if kwargs.get("_external") and _building.get() is not None:
            raise Uncacheable("a kept template asked for an external URL, which depends on the host")
        return function(*args, **kwargs)
    return url_for


def init_app(app) -> None:
    """Guard every Jinja global that reads request state; call once every global is registered."""
    env = app.jinja_env
    objects = {"request": Guard("request", request, REQUEST_READABLE), "session": Guard("session", session),
               "g": Guard("g", g), "config": SettingsGuard("config", app.config, frozenset(KEY_CONFIG))}
    for name, value in list(env.globals.items()):
        if name in objects:
            env.globals[name] = objects[name]
        elif name == "url_for":
            env.globals[name] = _url_for(value)
        elif name not in KEYED:  # listed as refused, or listed nowhere: guarded either way
            env.globals[name] = _guarded(name, value) if callable(value) else Guard(name, value)
    app.extensions["intake.kept_render"] = {name: env.globals[name] for name in (*objects, *REFUSED)
                                            if name in env.globals}


def render_kept(template: str, finish: Callable[[str], object] = str, shape=(),
                slots: dict[str, Callable] | None = None, **context):
    """finish(`template` rendered with `context`), kept under the complete context; None if it cannot be kept.

    `slots`: name -> function giving the stand-in the build sees under that name (markers the caller
    fills in per request); the names and `shape` (what the stand-ins are made from) are in the key.
    """
    slots = slots or {}
    full = dict(context)
    current_app.update_template_context(full)
    guarded = current_app.extensions["intake.kept_render"]
    try:
        inputs = tuple((name, value) for name, value in full.items()
                       if name not in slots and name not in guarded and name not in REFUSED_CONTEXT)
        # finish (a module's function) in the key too: the same page kept split and kept whole differ.
        key = ("page", template, finish, freeze(inputs), freeze(shape), tuple(slots), _facts())
    except Uncacheable as refused:
        _warn_once(template, refused)
        return None
    entries = store()
    value = entries.get(key)
    if value is None:
        value = _build(template, finish, slots, full, guarded)
        entries.put(key, value)
    return None if value is _UNCACHEABLE else value


_request_facts = attrgetter(*REQUEST_FACTS)


def _facts() -> tuple:
    return (current_locale(), _request_facts(request_ctx.request),
            freeze(tuple(map(current_app.config.get, KEY_CONFIG))))


def _build(template: str, finish: Callable, slots: dict, full: dict, guarded: dict):
    stand_ins = {name: make() for name, make in slots.items()}
    context = {**full, **{name: guard for name, guard in guarded.items() if name in full},
               **{name: Guard(name, None) for name in REFUSED_CONTEXT if name in full}, **stand_ins}
    # Templates imported without context reach globals, not the context: they get the stand-ins here.
    token = _building.set({name: value for name, value in stand_ins.items() if callable(value)})
    try:
        return finish(render_template(template, **context))
    except Uncacheable as refused:
        _warn_once(template, refused)
        return _UNCACHEABLE
    finally:
        _building.reset(token)


def _warn_once(template: str, refused: Uncacheable) -> None:
    """Say (once per template and reason) why a page is rendered in full: it is correct, only slower."""
    warned = current_app.extensions.setdefault("intake.kept_render.warned", set())
    if (template, str(refused)) not in warned:
        warned.add((template, str(refused)))
        current_app.logger.warning("%s is rendered in full on every request: %s", template, refused)
