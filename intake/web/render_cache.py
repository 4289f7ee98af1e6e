"""The one store of kept markup (page shells, record bodies, choice groups) and the one way to key it.

Markup that is expensive to render and the same for many requests is kept per app in a single
bounded store, least recently used out first (RENDER_CACHE_SIZE entries). A key is never written by
hand from a few chosen values: `freeze` turns the *inputs themselves* (a whole template context, a
whole record) into a hashable value, so two inputs that differ anywhere have different keys, and an
input it cannot hold (a function, an open object) raises Uncacheable instead of being left out.
"""

import dataclasses
import enum
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from flask import current_app
from markupsafe import Markup

EXTENSION = "intake.render_cache"


class Uncacheable(Exception):
    """An input that no key can hold (or a read a kept render cannot account for): render in full instead.

    Deliberately not a LookupError or AttributeError: Jinja would turn those into an empty Undefined.
    """


class Store:
    """At most `limit` entries, the least recently used dropped first; shared by a worker's threads."""

    def __init__(self, limit: int):
        self.limit = limit
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._generation = _generation

    def get(self, key):
        with self._lock:
            if self._generation != _generation:
                self._entries.clear()
                self._generation = _generation
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.limit:
                self._entries.popitem(last=False)

    def keys(self) -> list:
        with self._lock:
            return list(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def store(app=None) -> Store:
    """The app's store (made on first use, sized by RENDER_CACHE_SIZE)."""
    app = app or current_app
    found = app.extensions.get(EXTENSION)
    if found is None:
        found = app.extensions.setdefault(EXTENSION, Store(int(app.config["RENDER_CACHE_SIZE"])))
    return found


def kept(kind: str, inputs, build: Callable[[], object]):
    """What build() returns for `inputs`, built once and kept; `inputs` must hold all build() reads."""
    key = (kind, freeze(inputs))
    entries = store()
    value = entries.get(key)
    if value is None:
        value = build()
        entries.put(key, value)
    return value


# Values shown as themselves whose type changes what a template prints: True vs 1, 1 vs 1.0, Markup vs
# str (a str is escaped, Markup is not). Each is kept with its type, so none can stand for another.
_SCALARS = frozenset({int, float, complex, bool, type(None), bytes, Markup, Decimal, date, datetime, time,
                      timedelta})
# Deeply immutable records met again and again (module constants: the questions, their choices) are
# frozen once; the entry holds the object, so its id cannot be reused while it is here. A dict of such
# values (QUESTIONS) is remembered with its items: reused only while they are the very same objects.
# Plain tuples and lists are never remembered: most are made afresh for each request.
_MEMO: dict[int, tuple] = {}
_MEMO_LIMIT = 65536
# Counts the times _MEMO was emptied: keys made before hold other (equal) frozen objects, slow to
# compare with new ones, so each store empties itself when it sees the count change.
_generation = 0


class _Hashed:
    """A remembered frozen value with its hash worked out once: a tuple's is recomputed on every lookup,
    and the frozen questions are thousands of items."""

    __slots__ = ("value", "hash")

    def __init__(self, value):
        self.value, self.hash = value, hash(value)

    def __hash__(self):
        return self.hash

    def __eq__(self, other):
        return self is other or (type(other) is _Hashed and self.hash == other.hash and self.value == other.value)


def _remember(value, frozen, items=None):
    global _generation
    if len(_MEMO) >= _MEMO_LIMIT:
        _MEMO.clear()
        _generation += 1
    hashed = _Hashed(frozen)
    _MEMO[id(value)] = (value, hashed, items)
    return hashed


def freeze(value):
    """`value` as a hashable key: equal keys only for equal values of the same types, in the same order.

    Holds str, numbers, dates, Markup, None, enums, classes, and lists, tuples, sets, dicts and
    dataclasses of those. Anything else (a function, a form, a request) raises Uncacheable.
    """
    return _freeze(value)[0]


def _freeze(value) -> tuple[object, bool]:
    """(the frozen value, whether `value` can never change)."""
    kind = type(value)
    if kind is str:
        return value, True
    if kind in _SCALARS or isinstance(value, (type, enum.Enum)):
        return (kind, value), True
    memo = _MEMO.get(id(value))
    if isinstance(value, dict):
        # Its keys and values by identity (not ==, for which 1 == True): the very same objects, each
        # never changing, freeze the same. The entry holds them, so none of their ids can be reused.
        same = (tuple(map(id, value)), tuple(map(id, value.values())))
        if memo is not None and memo[0] is value and memo[2][0] == same:
            return memo[1], False
        flat, fixed = _each(part for pair in value.items() for part in pair)
        frozen = (kind, flat)
        if fixed:
            frozen = _remember(value, frozen, (same, tuple(value.items())))
        return frozen, False  # the dict itself can change: never "fixed" for a container holding it
    if memo is not None and memo[0] is value:  # remembered (dicts were handled above)
        return memo[1], True
    if isinstance(value, (tuple, list, set, frozenset)):
        # Sets in their iteration order, which is the order a template loops over them in.
        items, fixed = _each(value)
        frozen, fixed = (kind, items), fixed and isinstance(value, (tuple, frozenset))
    elif dataclasses.is_dataclass(value):
        fields, fixed = _each(getattr(value, f.name) for f in dataclasses.fields(value))  # named by the type
        frozen, fixed = (kind, fields), fixed and kind.__dataclass_params__.frozen
    else:
        raise Uncacheable(f"a value of type {kind.__name__} cannot be part of a key")
    # Remembered: named tuples, dataclasses, and long plain tuples (module constants such as the check
    # page's rows); short plain tuples are mostly made afresh per request and cheap to freeze again.
    if fixed and (kind is not tuple or len(value) >= 8):
        frozen = _remember(value, frozen)
    return frozen, fixed


def _each(items) -> tuple[tuple, bool]:
    out, fixed = [], True
    memo = _MEMO
    for item in items:
        # The two commonest items without a call: a str, and a remembered record (a dict's entry, which
        # holds its items, needs them compared first: that is left to _freeze).
        if type(item) is str:
            out.append(item)
            continue
        known = memo.get(id(item))
        if known is not None and known[0] is item and known[2] is None:
            out.append(known[1])
            continue
        frozen, item_fixed = _freeze(item)
        out.append(frozen)
        fixed = fixed and item_fixed
    return tuple(out), fixed
