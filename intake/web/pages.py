"""What each blueprint declares about its pages, so the app-wide hooks beneath them never name a blueprint."""

from flask import current_app, has_request_context, request

STORE = "intake.page_traits"


def declare(blueprint, **traits) -> None:
    """Record `traits` for every page of `blueprint` (e.g. staff pages: language="en", kiosk=False)."""
    blueprint.record_once(lambda state: state.app.extensions.setdefault(STORE, {}).update({blueprint.name: traits}))


def trait(name: str, default=None):
    """The trait `name` of the blueprint serving this request, or `default` (outside a request too)."""
    if not has_request_context():
        return default
    return current_app.extensions.get(STORE, {}).get(request.blueprint, {}).get(name, default)


def app_trait(name: str, default=None):
    """The first value any blueprint declared for `name` (a blueprint-wide fact the app needs, e.g. an endpoint)."""
    for traits in current_app.extensions.get(STORE, {}).values():
        if name in traits:
            return traits[name]
    return default
