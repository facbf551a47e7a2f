"""The inputs a document is recorded with: a re-run compares them with the register's,
so they must come out as earlier versions stored them, or every document would look
stale after an upgrade."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from ksdocs.context import FIELDS as FIELD_NAMES
from ksdocs.context import RUN_KEYS, build_context, part_of
from ksdocs.digest import PAPER_KEY, TEMPLATE_KEY, WHOLE_KEY, changed_columns, document_inputs
from ksdocs.validate import load_workbook

EXAMPLE = Path(__file__).parent.parent / "data" / "contoh-kerjasama.xlsx"

MITRA = {"nama": "Smith & Lee <Asia>", "kode": "K1"}
CONTEXT = {
    "mitra": MITRA,
    "surat": {"nomor": "PPE.4-HN.01.01-12", "tanggal": date(2026, 11, 25)},
    "ruang_lingkup": [{"teks": "Pertukaran informasi"}, {"teks": "Pelatihan"}],
}
FIELDS = frozenset({"mitra.nama", "surat.nomor", "surat.tanggal", "ruang_lingkup[].teks",
                    "langkah.7.tanggal"})


def test_stored_inputs_are_the_sorted_json_of_their_values() -> None:
    inputs = document_inputs("ab" * 32, FIELDS, CONTEXT, "A4")
    values = json.loads(inputs.values)
    assert inputs.values == json.dumps(values, sort_keys=True)
    assert set(values) == {*FIELDS, TEMPLATE_KEY, PAPER_KEY}
    assert values[TEMPLATE_KEY] == "ab" * 8
    assert inputs.digest == hashlib.sha256(inputs.values.encode()).hexdigest()


def test_a_pack_shares_digests_without_changing_them() -> None:
    alone = document_inputs("ab" * 32, FIELDS, CONTEXT, "F4")
    shared: dict[str, str] = {}
    document_inputs("cd" * 32, FIELDS, CONTEXT, "F4", shared)
    in_pack = document_inputs("ab" * 32, FIELDS, CONTEXT, "F4", shared)
    assert in_pack == alone
    assert "surat.nomor" not in shared  # a document's own number is never shared


def test_a_run_shares_the_digests_of_its_settings_without_changing_them() -> None:
    """The fields of the workbook's settings, units and officials are the same in every
    pack of a run (`RUN_KEYS`): digested once in a run, with the same result; a
    partner's own values and the letter's are never shared between packs."""
    workbook, report = load_workbook(EXAMPLE)
    assert report.ok
    fields = frozenset(FIELD_NAMES)
    run: dict[str, str] = {}
    for partner in workbook.partners:
        context = build_context(workbook, partner, {"rencana": "R-1"}, date(2026, 11, 25))
        alone = document_inputs("ab" * 32, fields, context, "F4")
        assert document_inputs("ab" * 32, fields, context, "F4", {}, run) == alone
    assert run and {part_of(name) for name in run} == RUN_KEYS
    contexts = [build_context(workbook, partner, {}, date(2026, 11, 25))
                for partner in workbook.partners]
    assert all(context[key] == contexts[0][key] for context in contexts for key in RUN_KEYS)
    assert all(context["mitra"] != contexts[0]["mitra"] for context in contexts[1:])


def test_a_changed_value_names_its_column_only() -> None:
    before = document_inputs("ab" * 32, FIELDS, CONTEXT, "A4")
    changed = {**CONTEXT, "mitra": {**MITRA, "nama": "Smith & Lee"}}
    after = document_inputs("ab" * 32, FIELDS, changed, "A4")
    assert after.digest != before.digest
    assert changed_columns(before.values, after.values) == ["Nama Mitra"]


def test_a_template_of_unknown_fields_is_digested_over_its_whole_context() -> None:
    inputs = document_inputs("ab" * 32, None, CONTEXT, "A4")
    assert set(json.loads(inputs.values)) == {TEMPLATE_KEY, PAPER_KEY, WHOLE_KEY}
    other = document_inputs("ab" * 32, None, {**CONTEXT, "kota": "Jakarta"}, "A4")
    assert other.digest != inputs.digest


def test_odd_contexts_are_digested_as_earlier_versions_stored_them() -> None:
    # Names a template may use that the context lacks, or meets a text or a list where
    # a mapping is expected: the stored digests below are those of the earlier version's
    # inputs; a different walk down the context would make such documents look stale.
    context = {
        "mitra": {"nama": "A", "alamat": None}, "kota": "Jakarta", "angka": 7,
        "daftar": [{"teks": "x", "sub": [{"b": 1}, "lepas"]}, "polos", {"lain": 2}],
        "kosong": None, "teks": "bukan peta",
        "langkah": {"7": {"tanggal": date(2026, 1, 2)}},
    }
    fields = frozenset({
        "mitra.nama", "mitra.alamat", "mitra.tidak_ada", "kota", "kota.x", "angka.x",
        "daftar[].teks", "daftar[].sub[].b", "kosong[].x", "teks[].x", "hilang[].x",
        "hilang.x[].y", "teks.x[].y", "langkah.7.tanggal", "langkah.8.tanggal",
    })
    none = "74234e98afe7498f"  # (null)
    empty = "4f53cda18c2baa0c"  # []
    assert json.loads(document_inputs("ab" * 32, fields, context, "A4").values) == {
        TEMPLATE_KEY: "abababababababab", PAPER_KEY: "423d96365c8728a4",
        "mitra.nama": "798640599597df7a", "mitra.alamat": none, "mitra.tidak_ada": none,
        "kota": "d918e21e68453597", "kota.x": none, "angka.x": none,
        "daftar[].teks": "e5e7e166c591ddaa", "daftar[].sub[].b": "9568d08aeebfd0de",
        "kosong[].x": empty, "hilang[].x": empty, "hilang.x[].y": none, "teks.x[].y": none,
        "teks[].x": "7324c82da3f967a9",  # (a text is a list of its letters)
        "langkah.7.tanggal": "5dfe28dc54020181", "langkah.8.tanggal": none,
    }
