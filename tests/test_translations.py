"""The catalogs: every patient-facing string has a translation in every language, with the same placeholders.

The messages are extracted afresh from the sources (as `make translations` does, with
intake/babel.cfg), so a string added without running `make translations` fails here too.
"""

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "intake" / "translations"
# The same keywords as the Makefile's `pybabel extract -k _l -k N_` (N_ is one of Babel's defaults).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None}
PLACEHOLDER_RE = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifr]")
CATALOGS = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def extracted_messages() -> dict[tuple[str | None, str], str]:
    """{(context, msgid): 'file:line'} for every message the patient pages use."""
    with (ROOT / "intake" / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = {}
    for filename, lineno, message, _comments, context in extract_from_dir(ROOT, method_map, options_map,
                                                                          keywords=KEYWORDS):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault((context, msgid), f"{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def messages():
    return extracted_messages()


def load(po: Path):
    with po.open("rb") as source:
        return read_po(source, locale=po.parent.parent.name)


def test_the_spanish_catalog_exists():
    assert TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po" in CATALOGS


def test_extraction_finds_the_patient_pages_and_leaves_staff_pages_out(messages):
    ids = {msgid for _, msgid in messages}
    assert "Tell us about your pain before your visit" in ids  # templates/patient
    assert "Between the shoulder blades" in ids  # N_() labels in intake/questionnaire.py
    assert "Enter your full name" in ids  # _l() form errors in intake/patient
    assert "Stop: you may need help now" in ids  # emergency instructions
    assert not any(where.startswith(("templates/staff", "intake/staff")) for where in messages.values())


@pytest.mark.parametrize("po", CATALOGS, ids=lambda po: po.parent.parent.name)
def test_every_patient_facing_message_is_translated(po, messages):
    catalog = load(po)
    untranslated = []
    for (context, msgid), where in sorted(messages.items(), key=lambda item: item[1]):
        entry = catalog.get(msgid, context=context)
        if entry is None or not entry.string or entry.fuzzy:
            untranslated.append(f"{where}: {msgid!r}")
    assert not untranslated, (f"{len(untranslated)} message(s) lack a translation in {po.relative_to(ROOT)}; "
                              "run `make translations` and translate them:\n" + "\n".join(untranslated))


def placeholder_problems(catalog) -> list[str]:
    """One line per translation whose %(name)s placeholders differ from its English message's."""
    wrong = []
    for entry in catalog:
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        expected = sorted(m.group(0) for m in PLACEHOLDER_RE.finditer(ids[0]))
        for string in strings:
            if sorted(m.group(0) for m in PLACEHOLDER_RE.finditer(string)) != expected:
                wrong.append(f"{ids[0]!r} -> {string!r}")
    return wrong


@pytest.mark.parametrize("po", CATALOGS, ids=lambda po: po.parent.parent.name)
def test_translations_keep_the_same_placeholders(po):
    wrong = placeholder_problems(load(po))
    assert not wrong, "placeholders differ from the English:\n" + "\n".join(wrong)


def test_the_placeholder_check_catches_a_dropped_renamed_or_retyped_placeholder():
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="es")
    catalog.add("Call %(number)s now.", "Llame al %(numero)s ahora.")
    catalog.add("If you are not at the clinic, call %(number)s.", "Si no está en la clínica, llame.")
    catalog.add("Up to %(max)d characters", "Hasta %(max)s caracteres")
    catalog.add("Quote incident %(incident)s.", "Mencione el incidente %(incident)s.")
    assert len(placeholder_problems(catalog)) == 3
