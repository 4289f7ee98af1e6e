"""The package layout is the design: layers import only downwards, no cycles, short modules.

Layers, lowest first (a module may import its own layer and those below it):
- core: intake.config, intake.extensions, intake.database, intake.deployment, intake.i18n, intake.text
- questionnaire: the questionnaire's pages, questions, codes and body map
- rules: triage, matching, summary, trend (plain Python: no Flask)
- models: the tables
- content, records, accounts: the articles; submissions, drafts and exports; staff users, sessions, audit
- web: the blueprints (patient, learn, staff, fhir) and what only pages need (shells, kiosk, language…)
The app factory (intake/__init__.py), the `flask` commands (intake/cli/) and gunicorn's settings wire them.
"""

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "intake"
LAYERS = {
    "core": 0, "questionnaire": 1, "rules": 2, "models": 3, "content": 4, "records": 4, "accounts": 4, "web": 5,
}
CORE = {"config", "extensions", "database", "deployment", "i18n", "text"}
# What wires every layer together: the app factory, the `flask` commands, gunicorn's settings.
WIRING = {"intake", "intake.gunicorn_conf"}
WIRING_PACKAGES = ("intake.cli",)
MAX_LINES = 300


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports_of(name: str) -> set[str]:
    """Every intake module `name` imports, at the top or inside a function."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.add(target if target in MODULES else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {target for target in found if target in MODULES and target != name}


def wiring(name: str) -> bool:
    return name in WIRING or name.startswith(WIRING_PACKAGES)


def layer_of(name: str) -> int | None:
    parts = name.split(".")
    if wiring(name) or len(parts) < 2:
        return None
    if parts[1] in CORE:
        return LAYERS["core"]
    return LAYERS[parts[1]]


def test_every_module_belongs_to_a_layer():
    strays = [name for name in MODULES if not wiring(name) and layer_of(name) is None]
    assert not strays


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_import_only_their_own_layer_and_those_below(name):
    own = layer_of(name)
    if own is None:
        return
    upward = [target for target in imports_of(name) if not wiring(target) and layer_of(target) > own]
    assert not upward, f"{name} imports from a higher layer: {upward}"


def test_no_import_cycles():
    graph = {name: imports_of(name) for name in MODULES}
    # A package's __init__ importing its own submodules to register them is not a cycle when the
    # submodules never import the package back; anything else that loops is.
    cycles, index, low, stack, on_stack, counter = [], {}, {}, [], set(), [0]

    def visit(node):  # Tarjan's strongly connected components
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in graph:
        if name not in index:
            visit(name)
    assert not cycles


def test_rules_and_the_questionnaire_import_no_flask():
    for name, path in MODULES.items():
        if layer_of(name) in (LAYERS["questionnaire"], LAYERS["rules"]):
            source = path.read_text()
            assert "import flask" not in source and "from flask" not in source, name

    # Nor through i18n, the one module they import that templates' _() lives in: Flask only inside its functions.
    assert not re.search(r"^(import flask|from flask)", MODULES["intake.i18n"].read_text(), re.M)


def test_translation_is_defined_in_one_module():
    """N_ (the marker) and the templates' _() are defined in intake.i18n and nowhere else."""
    definitions = {name for name, path in MODULES.items()
                   if re.search(r"^def N_\(|^def template_gettext\(|jinja_env\.globals\[\"_\"\]", path.read_text(), re.M)}
    assert definitions == {"intake.i18n"}


BLUEPRINTS = ("patient", "learn", "staff", "fhir")
# The staff workspace (intake/web/staff): one blueprint per job, each a package, by blueprint name.
STAFF_BLUEPRINTS = {"account": "staff", "review": "review", "admin": "admin", "exports": "exports",
                    "waiting_room": "waiting_room"}
ENDPOINT_PREFIXES = ("patient", "learn", "fhir", *STAFF_BLUEPRINTS.values())
# A comparison of the request's blueprint or endpoint with a literal name (Flask's own "static" aside),
# or a literal "<blueprint>.<view>" anywhere.
NAMING = re.compile(r"""request\.(blueprint|endpoint)\s*(==|!=|in\b|not in\b)\s*[("'{\[](?!static["'])"""
                    r"""|["'](%s)\.[a-z_]+["']""" % "|".join(ENDPOINT_PREFIXES))


@pytest.mark.parametrize("name", sorted(MODULES))
def test_nothing_below_the_blueprints_names_a_blueprint_or_endpoint(name):
    # Each blueprint declares what the app-wide hooks need to know about its pages (intake/web/pages.py).
    if wiring(name) or any(name.startswith(f"intake.web.{blueprint}") for blueprint in BLUEPRINTS):
        return
    found = NAMING.search(MODULES[name].read_text())
    assert found is None, f"{name} names a blueprint or endpoint: {found.group(0)}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_are_short_enough_to_read_in_one_sitting(name):
    lines = MODULES[name].read_text().count("\n")
    assert lines <= MAX_LINES, f"{name}: {lines} lines"


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_blueprints_never_import_one_another(blueprint):
    own = f"intake.web.{blueprint}"
    others = tuple(f"intake.web.{other}" for other in BLUEPRINTS if other != blueprint)
    for name in MODULES:
        if name == own or name.startswith(own + "."):
            assert not [target for target in imports_of(name) if target.startswith(others)], name


def test_the_staff_workspace_is_one_blueprint_per_job_all_under_staff(app):
    registered = {name: blueprint for name, blueprint in app.blueprints.items()}
    for package, name in STAFF_BLUEPRINTS.items():
        assert f"intake.web.staff.{package}" in MODULES, package
        assert registered[name].url_prefix == "/staff", name
    # Every staff page still answers at /staff/…: nothing a clinic bookmarked breaks.
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in STAFF_BLUEPRINTS.values():
            assert rule.rule.startswith("/staff/"), rule.rule


@pytest.mark.parametrize("package", sorted(STAFF_BLUEPRINTS))
def test_staff_blueprints_never_import_one_another(package):
    own = f"intake.web.staff.{package}"
    others = [f"intake.web.staff.{other}" for other in STAFF_BLUEPRINTS if other != package]
    for name in MODULES:
        if name == own or name.startswith(own + "."):
            assert not [target for target in imports_of(name) for other in others
                        if target == other or target.startswith(other + ".")], name


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_outside_the_web_and_the_app_factory_names_an_endpoint(name):
    if name == "intake" or name.startswith("intake.web."):
        return
    found = NAMING.search(MODULES[name].read_text())
    assert found is None, f"{name} names a blueprint or endpoint: {found.group(0)}"
