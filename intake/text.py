"""Checks on free text typed by patients and staff, shared by every form."""

import unicodedata


def has_control_characters(text: str, allow_newlines: bool = False) -> bool:
    """NUL bytes, escape codes and lone surrogates break exports and logs: refuse them."""
    allowed = {"\n", "\r", "\t"} if allow_newlines else set()
    return any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in allowed for ch in text)
