"""Making the records of a run by the thousand, fast: frozen dataclasses made without a
call per field (`quick_init`), and Python's cycle collector paused meanwhile
(`collector_paused`).

A frozen dataclass's own ``__init__`` stores each field through ``object.__setattr__``
(the class's ``__setattr__`` refuses), a lookup and a call per field: a `Partner` of
31 fields took 12 µs, and a run of 5,000 partners makes tens of thousands of such
records before its first document. `quick_init` gives such a class an ``__init__``
that writes the fields into the new instance's ``__dict__`` directly, as attrs does
for its frozen classes. Everything else (the fields, equality, hashing, refusing
assignment, ``dataclasses.replace``) stays the dataclass's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Iterator
from typing import Any, TypeVar

T = TypeVar("T")

_SELF = "__dataclass_self__"
_DICT = "__dataclass_dict__"
"""The names `quick_init`'s ``__init__`` gives the instance and its dict (as dataclasses
does, so that a field may be named ``self``)."""


def quick_init(cls: type[T]) -> type[T]:
    """`cls` (a frozen dataclass of plain fields, each a parameter of ``__init__``, no
    default factory, no ``__post_init__``, no slots) with an ``__init__`` that takes the
    same arguments and stores them directly. Put it above ``@dataclass(frozen=True)``."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen:
        raise TypeError(f"{cls.__name__}: quick_init is for frozen dataclasses")
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    odd = [f.name for f in fields
           if not f.init or f.kw_only or f.default_factory is not dataclasses.MISSING]
    if odd or hasattr(cls, "__post_init__") or hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__}: quick_init cannot make an __init__ for "
                        f"{odd or 'a class with __post_init__ or slots'}")
    names = [f.name for f in fields]
    own = cls.__init__.__code__
    if own.co_varnames[1:own.co_argcount] != tuple(names) or own.co_kwonlyargcount:
        raise TypeError(f"{cls.__name__}: quick_init cannot take its init's parameters")
    if {_SELF, _DICT} & set(names):
        raise TypeError(f"{cls.__name__}: a field is named {_SELF} or {_DICT}")
    source = (
        f"def __init__({', '.join([_SELF, *names])}):\n"
        f"    {_DICT} = {_SELF}.__dict__\n"
        + "".join(f"    {_DICT}[{name!r}] = {name}\n" for name in names)
    )
    namespace: dict[str, Any] = {}
    exec(source, {}, namespace)  # (made above from the dataclass's field names)
    init = namespace["__init__"]
    init.__defaults__ = tuple(f.default for f in fields
                              if f.default is not dataclasses.MISSING) or None
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


@contextlib.contextmanager
def collector_paused(keep: bool = False) -> Iterator[None]:
    """Python's cycle collector off inside: reading and checking a workbook, or a whole
    run, makes hundreds of thousands of objects, none in a cycle, and the collector
    walked them all again and again (a fifth of validating 5,000 partners). Back as it
    was after.

    Back on, its first collection walks every object made meanwhile once more (0.05 s
    for 5,000 partners). With `keep` (the objects are kept to the end of the run, whose
    owner then calls ``gc.unfreeze``), they are first put out of its reach
    (``gc.freeze``)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if was_enabled:
            gc.enable()
