"""SPEC §5, branch by branch: who signs the MSP and which party the MSP names."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ksdocs.models import Official, Partner, Settings, Unit
from ksdocs.signatory import Rule, choose_signatory

UNITS = {
    "DJPP": Unit("DJPP", "Direktorat Jenderal Peraturan Perundang-undangan",
                 "Directorate General of Legislation", "Unit Utama",
                 "Direktur Jenderal Peraturan Perundang-undangan",
                 "Director General of Legislation", "Andi Wiratama", "197001011995031001"),
    "BPHN": Unit("BPHN", "Badan Pembinaan Hukum Nasional", "National Law Development Agency",
                 "Unit Utama", "Kepala Badan Pembinaan Hukum Nasional",
                 "Head of the National Law Development Agency", "Rina Kusuma",
                 "197205052000032001"),
    "KANWIL-DKI": Unit("KANWIL-DKI", "Kantor Wilayah Kementerian Hukum DKI Jakarta",
                       "Regional Office of the Ministry of Law for Jakarta", "Kantor Wilayah",
                       "Kepala Kantor Wilayah Kementerian Hukum DKI Jakarta",
                       "Head of the Regional Office", "Dodi Pratama", "197507072001121003"),
    "BALAI-DIKLAT": Unit("BALAI-DIKLAT", "Balai Pendidikan dan Pelatihan Hukum",
                         "Legal Training Centre", "UPT", "Kepala Balai Pendidikan dan "
                         "Pelatihan Hukum", "Head of the Legal Training Centre",
                         "Sari Lestari", ""),
}
OFFICIALS = {
    "MENTERI": Official("MENTERI", "Menteri Hukum Republik Indonesia",
                        "Minister of Law of the Republic of Indonesia", "Bagus Hartono"),
    "SEKJEN": Official("SEKJEN", "Sekretaris Jenderal Kementerian Hukum",
                       "Secretary General of the Ministry of Law", "Citra Ananda",
                       "196808081994032002"),
    "KABIRO": Official("KABIRO", "Kepala Biro", "Head of Bureau", "Eko Saputra", "1"),
    "KABAG": Official("KABAG", "Kepala Bagian", "Head of Division", "Fajar Nugroho", "2"),
    "SUBKOOR": Official("SUBKOOR", "Subkoordinator", "Sub-coordinator", "Gita Maharani", "3"),
}
SETTINGS = Settings()
MINISTRY = "Kementerian Hukum Republik Indonesia"

BASE = Partner(
    kode="KS-1", nama="Badan Kerja Sama Internasional Jepang",
    nama_en="Japan International Cooperation Agency", jenis="Lembaga Pemerintahan Asing",
    negara="Jepang", bidang="b", bidang_en="b", tujuan="t", tujuan_en="t",
    unit_pelaksana=("DJPP",), penandatangan_jabatan="Chief Representative",
    penandatangan_tingkat="Eselon I", jangka_waktu=3, pembiayaan="Masing-masing Pihak",
)

CASES = [
    # (what, changes, rule, signer's name, party)
    ("one Unit Utama", {}, Rule.ONE_UNIT, "Andi Wiratama",
     f"Direktorat Jenderal Peraturan Perundang-undangan, {MINISTRY}"),
    # A unit whose name already names the ministry is not followed by it again.
    ("one Kantor Wilayah", {"unit_pelaksana": ("KANWIL-DKI",)}, Rule.ONE_UNIT, "Dodi Pratama",
     "Kantor Wilayah Kementerian Hukum DKI Jakarta"),
    ("one UPT", {"unit_pelaksana": ("BALAI-DIKLAT",)}, Rule.ONE_UNIT, "Sari Lestari",
     f"Balai Pendidikan dan Pelatihan Hukum, {MINISTRY}"),
    ("two units", {"unit_pelaksana": ("DJPP", "BPHN")}, Rule.SEVERAL_UNITS, "Citra Ananda",
     MINISTRY),
    ("three units", {"unit_pelaksana": ("DJPP", "BPHN", "KANWIL-DKI")}, Rule.SEVERAL_UNITS,
     "Citra Ananda", MINISTRY),
    ("Menteri-level counterpart, one unit", {"penandatangan_tingkat": "Menteri"},
     Rule.COUNTERPART_MINISTER, "Bagus Hartono", MINISTRY),
    ("Menteri-level counterpart, several units",
     {"penandatangan_tingkat": "Menteri", "unit_pelaksana": ("DJPP", "BPHN")},
     Rule.COUNTERPART_MINISTER, "Bagus Hartono", MINISTRY),
    ("override by role, several units",
     {"pengganti": "MENTERI", "alasan_pengganti": "Kunjungan kenegaraan",
      "unit_pelaksana": ("DJPP", "BPHN")}, Rule.OVERRIDE, "Bagus Hartono", MINISTRY),
    ("override by unit, beats Menteri level",
     {"pengganti": "BPHN", "alasan_pengganti": "Substansi di bidang pembinaan hukum",
      "penandatangan_tingkat": "Menteri"}, Rule.OVERRIDE, "Rina Kusuma",
     f"Badan Pembinaan Hukum Nasional, {MINISTRY}"),
    # With several implementing units the ministry is the party, whoever signs.
    ("override by a unit's head, three units",
     {"pengganti": "DJPP", "alasan_pengganti": "Substansi utama di bidang perundang-undangan",
      "unit_pelaksana": ("DJPP", "BPHN", "KANWIL-DKI")}, Rule.OVERRIDE, "Andi Wiratama",
     MINISTRY),
    ("override by another official, two units",
     {"pengganti": "KABIRO", "alasan_pengganti": "Penugasan",
      "unit_pelaksana": ("DJPP", "BPHN")}, Rule.OVERRIDE, "Eko Saputra", MINISTRY),
    ("override by another official, one unit",
     {"pengganti": "KABIRO", "alasan_pengganti": "Penugasan"}, Rule.OVERRIDE, "Eko Saputra",
     f"Direktorat Jenderal Peraturan Perundang-undangan, {MINISTRY}"),
]


@pytest.mark.parametrize(("what", "changes", "rule", "name", "party"), CASES,
                         ids=[case[0] for case in CASES])
def test_signatory_rule(
    what: str, changes: dict[str, object], rule: Rule, name: str, party: str
) -> None:
    partner = replace(BASE, **changes)  # type: ignore[arg-type]
    chosen = choose_signatory(partner, UNITS, OFFICIALS, SETTINGS)
    assert (chosen.rule, chosen.nama, chosen.pihak) == (rule, name, party)


def test_every_reason_cites_the_legal_basis_or_the_users_reason() -> None:
    for _what, changes, _rule, _name, _party in CASES:
        partner = replace(BASE, **changes)  # type: ignore[arg-type]
        reason = choose_signatory(partner, UNITS, OFFICIALS, SETTINGS).reason
        if partner.pengganti:
            assert partner.alasan_pengganti in reason
        else:
            assert "Pasal 14 ayat (1) Permenkumham 65/2016" in reason
            assert "langkah 7 SOP" in reason


def test_unit_head_signs_with_unit_titles_in_both_languages() -> None:
    chosen = choose_signatory(BASE, UNITS, OFFICIALS, SETTINGS)
    assert chosen.jabatan == "Direktur Jenderal Peraturan Perundang-undangan"
    assert chosen.jabatan_en == "Director General of Legislation"
    assert chosen.nip == "197001011995031001"
    assert chosen.pihak_en == (
        "Directorate General of Legislation, Ministry of Law of the Republic of Indonesia"
    )


def test_minister_has_no_nip() -> None:
    partner = replace(BASE, penandatangan_tingkat="Menteri")
    assert choose_signatory(partner, UNITS, OFFICIALS, SETTINGS).nip == ""


def test_the_english_party_of_a_unit_naming_the_ministry_names_it_once() -> None:
    partner = replace(BASE, unit_pelaksana=("KANWIL-DKI",))
    chosen = choose_signatory(partner, UNITS, OFFICIALS, SETTINGS)
    assert chosen.pihak_en == "Regional Office of the Ministry of Law for Jakarta"


@pytest.mark.parametrize(("changes", "huruf"), [
    ({}, "b"),
    ({"unit_pelaksana": ("KANWIL-DKI",)}, "c"),
    ({"unit_pelaksana": ("BALAI-DIKLAT",)}, "d"),
    ({"penandatangan_tingkat": "Menteri"}, "a"),
    ({"unit_pelaksana": ("DJPP", "BPHN")}, ""),
], ids=["Unit Utama", "Kantor Wilayah", "UPT", "Menteri", "Sekretaris Jenderal"])
def test_the_huruf_of_pasal_14_names_the_signing_official(
    changes: dict[str, object], huruf: str
) -> None:
    partner = replace(BASE, **changes)  # type: ignore[arg-type]
    assert choose_signatory(partner, UNITS, OFFICIALS, SETTINGS).huruf == huruf
