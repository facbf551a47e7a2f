"""The inputs a document is recorded with: a re-run compares them with the register's,
so they must come out as earlier versions stored them, or every document would look
stale after an upgrade."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from ksdocs.digest import PAPER_KEY, TEMPLATE_KEY, WHOLE_KEY, changed_columns, document_inputs

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
