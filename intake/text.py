"""Checks on free text typed by patients and staff, shared by every form."""

import unicodedata


def has_control_characters(text: str, allow_newlines: bool = False) -> bool:
    """NUL bytes, escape codes and lone surrogates break exports and logs: refuse them."""
    allowed = {"\n", "\r", "\t"} if allow_newlines else set()
    return any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in allowed for ch in text)


# Characters that change how the text around them is displayed (right-to-left overrides and isolates):
# a name could show to staff as something other than what is stored.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_hidden_characters(text: str, names: bool = False) -> bool:
    """Bidi overrides and isolates anywhere; in a name, every invisible formatting character as well
    (zero-width space, joiners, word joiner, byte-order mark, soft hyphen: Unicode category Cf), so
    two names that look the same are the same."""
    if names:
        return any(unicodedata.category(ch) == "Cf" for ch in text)
    return any(ch in BIDI_CONTROLS for ch in text)
