"""Every route of the app, from app.url_map, with its URL arguments filled in from real rows."""

import uuid

from flask import url_for
from werkzeug.routing import UUIDConverter


def rules(app, method):
    """The app's rules answering `method`, in a stable order."""
    return sorted((rule for rule in app.url_map.iter_rules() if method in rule.methods),
                  key=lambda rule: (rule.rule, rule.endpoint))


def url_for_rule(app, rule, submission=None, user=None):
    """A URL for the rule: UUID arguments name the given submission or user (a fresh UUID otherwise),
    text arguments an existing article; static files a real stylesheet."""
    args = {}
    for name in rule.arguments:
        converter = rule._converters.get(name)
        if isinstance(converter, UUIDConverter):
            if "submission" in name and submission is not None:
                args[name] = submission.id
            elif user is not None and ("user" in name or name == "public_id"):
                args[name] = user.public_id
            else:
                args[name] = uuid.uuid4()
        elif name == "filename":
            args[name] = "css/intake.css"
        else:
            args[name] = "neck-pain"
    with app.test_request_context():
        return url_for(rule.endpoint, **args)
