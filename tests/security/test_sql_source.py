"""No SQL built from strings: every statement is a SQLAlchemy construct or a fixed literal.

Sort and filter values come from fixed lists: tests/test_staff_queue.py::test_bad_filter_values_are_refused_with_a_message
and test_search_treats_sql_wildcards_as_text, tests/test_staff_users.py::test_bad_filter_values_get_a_message_never_a_500.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(ROOT / "intake").rglob("*.py"), *(ROOT / "migrations").rglob("*.py")])

# Functions whose first argument is raw SQL.
RAW_SQL = {"text", "exec_driver_sql", "literal_column", "execute", "executescript", "executemany"}
# (file, the call's source) reviewed and allowed: each builds SQL only from a fixed choice or an int().
ALLOWED = {
    ("intake/database.py", 'cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")'),
    ("intake/database.py", 'cursor.execute(f"PRAGMA journal_size_limit={int(WAL_SIZE_LIMIT)}")'),
    ("intake/database.py", "connection.exec_driver_sql(f\"BEGIN {'IMMEDIATE' if mode == 'IMMEDIATE' else 'DEFERRED'}\")"),
}
SQL_WORDS = ("SELECT ", "INSERT ", "UPDATE ", "DELETE ", "PRAGMA ", "BEGIN", "CREATE ", "DROP ", "ALTER ",
             " WHERE ", " ORDER BY ")


def _name(func) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _is_built_string(node) -> bool:
    """An f-string, "..." % x, "..." + x or "...".format(x)."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return any(isinstance(side, (ast.Constant, ast.JoinedStr)) and not isinstance(getattr(side, "value", ""), (int, float))
                   for side in (node.left, node.right))
    return isinstance(node, ast.Call) and _name(node.func) == "format"


def _literal_text(node) -> str:
    """The fixed text a built string starts with."""
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left)
    if isinstance(node, ast.Call):
        return _literal_text(node.func.value) if isinstance(node.func, ast.Attribute) else ""
    parts = node.values if isinstance(node, ast.JoinedStr) else [node]
    return "".join(p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str))


def find_string_built_sql(relative: str, source: str):
    allowed = [call for name, call in ALLOWED if name == relative]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _name(node.func) in RAW_SQL and node.args:
            segment = ast.get_source_segment(source, node)
            first = node.args[0]
            # text() and friends take SQL text: only a literal written out in full, never a variable.
            opaque = _name(node.func) in ("text", "exec_driver_sql", "literal_column") and not (
                isinstance(first, ast.Constant) and isinstance(first.value, str))
            if (_is_built_string(first) or opaque) and segment not in allowed:
                yield f"{relative}:{node.lineno}: {segment}"
        elif _is_built_string(node) and _literal_text(node).upper().lstrip().startswith(SQL_WORDS):
            segment = ast.get_source_segment(source, node)
            if not any(segment in call for call in allowed):
                yield f"{relative}:{node.lineno}: {segment}"


def test_no_sql_is_built_from_strings_in_the_app_or_its_migrations():
    assert len(SOURCES) > 20
    problems = [problem for path in SOURCES
                for problem in find_string_built_sql(path.relative_to(ROOT).as_posix(), path.read_text())]
    assert problems == []


def test_the_check_catches_the_usual_ways_of_building_sql():
    """The scanner itself: each of these lines would let a value into the SQL text."""
    bad = (
        'db.session.execute(text(f"SELECT * FROM submission ORDER BY {sort}"))\n'
        'conn.exec_driver_sql("DELETE FROM draft WHERE id = %s" % draft_id)\n'
        'cursor.execute("SELECT * FROM staff_user WHERE email = \'" + email + "\'")\n'
        'query = "SELECT * FROM submission WHERE name = \'{}\'".format(name)\n'
        'db.session.execute(text(statement))\n'
        'db.session.execute(select(Submission).where(Submission.name_key == key))\n'
        'db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": 1})\n'
    )
    found = {int(line.split(":")[1]) for line in find_string_built_sql("intake/bad.py", bad)}
    assert found == {1, 2, 3, 4, 5}
