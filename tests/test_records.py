"""`quick_init`: the records a run makes by the thousand are made as the dataclass would
make them, only faster."""

from __future__ import annotations

import dataclasses
import importlib
import pickle
import pkgutil
from collections.abc import Callable
from dataclasses import InitVar, dataclass, field
from typing import Any

import pytest

import ksdocs
from ksdocs.records import quick_init


@dataclass(frozen=True)
class Plain:
    kode: str
    self: str  # (a field may be named so)
    items: tuple[int, ...] = ()
    row: int = 0


@quick_init
@dataclass(frozen=True)
class Quick:
    kode: str
    self: str
    items: tuple[int, ...] = ()
    row: int = 0


@pytest.mark.parametrize(("args", "kwargs"), [
    (("A", "b"), {}),
    (("A", "b", (1, 2)), {"row": 7}),
    ((), {"row": 3, "self": "s", "kode": "K"}),
])
def test_a_record_holds_what_the_dataclass_would(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    made, reference = Quick(*args, **kwargs), Plain(*args, **kwargs)
    assert vars(made) == vars(reference)
    assert list(vars(made)) == [f.name for f in dataclasses.fields(Plain)]
    assert repr(made) == repr(reference).replace("Plain", "Quick")
    assert made == Quick(*args, **kwargs) and hash(made) == hash(Quick(*args, **kwargs))
    assert pickle.loads(pickle.dumps(made)) == made
    assert dataclasses.replace(made, row=9).row == 9


@pytest.mark.parametrize(("args", "kwargs"), [
    ((), {}),
    (("A",), {}),
    (("A", "b", (), 0, "extra"), {}),
    (("A", "b"), {"kode": "again"}),
    (("A", "b"), {"unknown": 1}),
])
def test_wrong_arguments_are_refused_as_the_dataclass_refuses_them(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    with pytest.raises(TypeError):
        Plain(*args, **kwargs)
    with pytest.raises(TypeError):
        Quick(*args, **kwargs)


def test_a_record_stays_frozen() -> None:
    made = Quick("A", "b")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.kode = "B"  # type: ignore[misc]


def _initvar() -> type:
    @dataclass(frozen=True)
    class WithInitVar:
        kode: str
        extra: InitVar[int] = 0

        def __post_init__(self, extra: int) -> None: ...

    return WithInitVar


def _factory() -> type:
    @dataclass(frozen=True)
    class WithFactory:
        items: list[int] = field(default_factory=list)

    return WithFactory


def _keyword_only() -> type:
    @dataclass(frozen=True, kw_only=True)
    class KeywordOnly:
        kode: str

    return KeywordOnly


def _mutable() -> type:
    @dataclass
    class Mutable:
        kode: str

    return Mutable


@pytest.mark.parametrize("make", [_initvar, _factory, _keyword_only, _mutable])
def test_a_class_it_cannot_make_as_the_dataclass_would_is_refused(
    make: Callable[[], type]
) -> None:
    with pytest.raises(TypeError, match="quick_init"):
        quick_init(make())


def _quick_classes() -> list[type]:
    found = []
    for module in pkgutil.walk_packages(ksdocs.__path__, "ksdocs."):
        if module.name.endswith("__main__"):
            continue
        for value in vars(importlib.import_module(module.name)).values():
            code = getattr(getattr(value, "__init__", None), "__code__", None)
            if (isinstance(value, type) and value.__module__ == module.name
                    and code is not None and "__dataclass_dict__" in code.co_varnames):
                found.append(value)
    return found


def test_the_records_made_by_the_thousand_are_quick() -> None:
    names = {cls.__name__ for cls in _quick_classes()}
    assert {"Partner", "ScopeItem", "Analysis", "Signatory", "NumberRequest",
            "WrittenDocument", "ManifestEntry", "Inputs"} <= names


@pytest.mark.parametrize("cls", _quick_classes(), ids=lambda cls: cls.__name__)
def test_every_field_of_the_projects_quick_records_is_stored(cls: type) -> None:
    fields = dataclasses.fields(cls)
    values = {f.name: object() for f in fields}
    made = cls(**values)
    assert all(getattr(made, name) is value for name, value in values.items())
    required = [f.name for f in fields if f.default is dataclasses.MISSING]
    defaulted = cls(**{name: values[name] for name in required})
    assert all(getattr(defaulted, f.name) == f.default
               for f in fields if f.default is not dataclasses.MISSING)
