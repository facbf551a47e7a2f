"""Compiled templates kept between runs: the same documents, from the right entry."""

from __future__ import annotations

import functools
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers import NoProcessLeft

from ksdocs import forked, template_cache
from ksdocs.catalog import TEMPLATES, TemplateInfo
from ksdocs.context import build_context, for_document
from ksdocs.lint import fields_used
from ksdocs.pack import sha256_of
from ksdocs.render import CompiledTemplate
from ksdocs.validate import load_workbook

EXAMPLE = Path(__file__).parent.parent / "data" / "contoh-kerjasama.xlsx"


@functools.cache
def sample_context() -> dict[str, Any]:
    """The first partner of the example workbook, as every shipped template sees it."""
    workbook, _report = load_workbook(EXAMPLE)
    return build_context(workbook, workbook.partners[0], {}, date(2026, 11, 25))


SMALL, OTHER = (next(info for info in TEMPLATES if info.id == name)
                for name in ("tanda-tangan", "kendali"))
"""The two quickest templates to compile, for what does not depend on the template."""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(template_cache.CACHE_ENV, str(folder))
    return folder


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again although the cache holds it")

    monkeypatch.setattr(CompiledTemplate, "load", refuse)


@pytest.mark.parametrize("info", [
    # the MSP (tables, headers, the most tags) in the fast loop; every template in CI
    pytest.param(info, id=info.id, marks=() if info.id == "msp" else pytest.mark.slow)
    for info in TEMPLATES
])
def test_a_template_read_back_from_the_cache_renders_the_same_document(
    info: TemplateInfo, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = for_document(sample_context(), info.id)
    sha = sha256_of(info.path)
    first, first_fields = template_cache.load(info.path, sha, info.filename)  # compiled
    _no_compiling(monkeypatch)
    cached, cached_fields = template_cache.load(info.path, sha, info.filename)
    assert cached.render(context) == first.render(context)
    assert cached_fields == first_fields == frozenset(fields_used(info.path) or ())
    assert cached.name == info.filename


def test_a_changed_template_is_compiled_again(cache: Path, tmp_path: Path) -> None:
    template = tmp_path / "surat.docx"
    shutil.copy(SMALL.path, template)
    template_cache.load(template, sha256_of(template), "surat.docx")
    shutil.copy(OTHER.path, template)
    compiled, _ = template_cache.load(template, sha256_of(template), "surat.docx")
    context = for_document(sample_context(), OTHER.id)
    assert compiled.render(context) == CompiledTemplate.load(OTHER.path).render(context)
    assert len(list(cache.glob("*.pickle"))) == 2


def test_a_damaged_entry_is_compiled_again_and_replaced(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = SMALL
    sha = sha256_of(info.path)
    template_cache.load(info.path, sha, info.filename)
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:100])
    compiled, _ = template_cache.load(info.path, sha, info.filename)
    context = for_document(sample_context(), info.id)
    assert compiled.render(context) == CompiledTemplate.load(info.path).render(context)
    _no_compiling(monkeypatch)
    template_cache.load(info.path, sha, info.filename)  # the entry was written again


def test_an_entry_of_another_program_version_is_not_used(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = SMALL
    sha = sha256_of(info.path)
    template_cache.load(info.path, sha, info.filename)
    monkeypatch.setattr(template_cache, "fingerprint", lambda: "versi-lain")
    calls: list[Path] = []
    compile_ = template_cache._compile

    def counted(path: Path, name: str) -> template_cache.Loaded:
        calls.append(path)
        return compile_(path, name)

    monkeypatch.setattr(template_cache, "_compile", counted)
    template_cache.load(info.path, sha, info.filename)
    assert calls == [info.path]


def test_the_cache_can_be_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(template_cache.CACHE_ENV, template_cache.OFF)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    info = SMALL
    template_cache.load(info.path, sha256_of(info.path), info.filename)
    assert template_cache.cache_folder() is None
    assert not (tmp_path / "xdg").exists()


def test_a_cache_folder_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "berkas"
    blocked.write_text("bukan folder")
    monkeypatch.setenv(template_cache.CACHE_ENV, str(blocked / "cache"))
    info = SMALL
    compiled, _ = template_cache.load(info.path, sha256_of(info.path), info.filename)
    context = for_document(sample_context(), info.id)
    assert compiled.render(context) == CompiledTemplate.load(info.path).render(context)


def test_templates_the_cache_lacks_are_compiled_side_by_side(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first run compiles its templates in worker processes; each keeps its entry, so
    this process reads them back without compiling any. A template that does not
    compile is left to `load`, which names its problem."""
    monkeypatch.setattr(forked, "may_fork", lambda: True)  # whatever threads tests left
    broken = tmp_path / "rusak.docx"
    broken.write_bytes(b"bukan docx")
    templates = [(info.path, sha256_of(info.path), info.filename) for info in (SMALL, OTHER)]
    contexts = [for_document(sample_context(), info.id) for info in (SMALL, OTHER)]
    expected = [CompiledTemplate.load(info.path).render(context)
                for info, context in zip((SMALL, OTHER), contexts, strict=True)]
    template_cache.fill([*templates, (broken, sha256_of(broken), broken.name)], workers=2)
    assert len(list(cache.glob("*.pickle"))) == 2
    _no_compiling(monkeypatch)
    for template, context, document in zip(templates, contexts, expected, strict=True):
        compiled, _fields = template_cache.load(*template)
        assert compiled.render(context) == document


def test_a_first_run_without_a_second_process_compiles_here(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no process can be started, the templates are compiled in this one."""
    monkeypatch.setattr(template_cache, "ProcessPoolExecutor", NoProcessLeft)
    templates = [(info.path, sha256_of(info.path), info.filename) for info in (SMALL, OTHER)]
    template_cache.fill(templates, workers=2)
    assert list(cache.glob("*.pickle")) == []
    compiled, _fields = template_cache.load(*templates[0])
    context = for_document(sample_context(), SMALL.id)
    assert compiled.render(context) == CompiledTemplate.load(SMALL.path).render(context)
