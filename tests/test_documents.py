"""The shipped templates, rendered with the example workbook: what a reader of the pack sees.

Each test reads the rendered document's text (body, tables, headers) the way a reviewer
would check a letter before it is signed: the partner, the number, the date, the
signatory, the scope, and nothing left over from the template.
"""

from __future__ import annotations

import io
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from document_text import DocumentXml
from docx import Document
from docx.oxml.ns import qn
from helpers import example, row, write_sheets

from ksdocs import template_cache
from ksdocs.catalog import TEMPLATES
from ksdocs.context import Context, build_context, for_document
from ksdocs.models import Workbook
from ksdocs.pack import sha256_of
from ksdocs.render import CompiledTemplate
from ksdocs.validate import load_workbook

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "contoh-kerjasama.xlsx"
TODAY = date(2026, 11, 25)
NUMBERS = {
    "rencana": "PPE-HM.04.01-101",
    "penyampaian": "PPE-HM.04.01-102",
    "nota-dinas": "PPE-HM.04.01-103",
    "undangan": "PPE-HM.04.01-104",
    "laporan": "PPE-HM.04.01-105",
}
IDS = [info.id for info in TEMPLATES]
LETTERS = ("rencana", "penyampaian", "undangan", "laporan")
"""Documents signed by the head of the sending unit."""

ONE_UNIT = "KS-2027-003"  # DJPP alone, Eselon I counterpart: the Direktur Jenderal signs
SEVERAL_UNITS = "KS-2027-002"  # DJPP and BPHN, an NGO named with "&": the Sekjen signs
MINISTER = "KS-2027-001"  # Minister of Justice as counterpart: the Menteri signs
NO_ANALYSIS = "KS-2027-005"  # no row on sheet Kajian


@cache
def _compiled(template_id: str) -> CompiledTemplate:
    """The shipped template, compiled as generate compiles it (and kept as it keeps it)."""
    path = ROOT / "templates" / f"{template_id}.docx"
    return template_cache.load(path, sha256_of(path), path.name)[0]


@cache
def _example() -> Workbook:
    workbook, _report = load_workbook(EXAMPLE)
    return workbook


def context(kode: str, workbook: Workbook | None = None) -> Context:
    """The pack context of partner `kode` (example workbook unless given)."""
    workbook = workbook or _example()
    return build_context(workbook, workbook.partner(kode), NUMBERS, TODAY)


def render(template_id: str, ctx: Context) -> Any:
    """The python-docx document of `template_id` rendered with `ctx`."""
    return Document(io.BytesIO(render_bytes(template_id, ctx)))


def render_bytes(template_id: str, ctx: Context) -> bytes:
    """The .docx of `template_id` rendered with `ctx`."""
    return _compiled(template_id).render(for_document(ctx, template_id))


def paragraphs(document: Any) -> list[str]:
    """Every paragraph's text, body (tables included) first, then headers and footers."""
    elements = [document.element.body]
    for section in document.sections:
        for part in (section.first_page_header, section.header, section.footer):
            if not part.is_linked_to_previous:
                elements.append(part._element)
    return [paragraph_text(p) for element in elements for p in element.iter(qn("w:p"))]


def text_lines(template_id: str, ctx: Context) -> list[str]:
    """`text_lines(template_id, ctx)`, read without python-docx (which parses
    every part of the package, styles and all, several times slower)."""
    document = DocumentXml.read(render_bytes(template_id, ctx))
    elements = [document.body]
    for section in document.sections:
        elements.extend(part for label, part in section.items()
                        if part is not None and label != "kaki halaman pertama")
    return [paragraph_text(p) for element in elements for p in element.iter(qn("w:p"))]


def paragraph_text(p: Any) -> str:
    """A paragraph's text as Word shows it: tabs as ``\\t``, line breaks as ``\\n``, a
    non-breaking hyphen as a hyphen."""
    pieces = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if node.tag == qn("w:t"):
            pieces.append(node.text or "")
        elif node.tag == qn("w:tab") and node.getparent().tag == qn("w:r"):
            pieces.append("\t")
        elif node.tag == qn("w:br"):
            pieces.append("\n")
    return "".join(pieces).replace("\u2011", "-")


def text(template_id: str, kode: str) -> str:
    """The whole text of one rendered document, one paragraph a line."""
    return text_of(template_id, context(kode))


def text_of(template_id: str, ctx: Context) -> str:
    """The whole text of `template_id` rendered with `ctx`, one paragraph a line."""
    return "\n".join(text_lines(template_id, ctx))


def nonblank(lines: list[str]) -> list[str]:
    """`lines` without the empty ones (a bilingual table's gutter, spacing paragraphs)."""
    return [line for line in lines if line.strip()]


# ------------------------------------------------------------------- nothing left over


@pytest.mark.parametrize("template_id", IDS)
def test_no_tag_or_none_is_left_in_any_document(template_id: str) -> None:
    for partner in _example().partners:
        body = text(template_id, partner.kode)
        for leftover in ("{{", "}}", "{%", "%}", "None", "&amp;", "&lt;"):
            assert leftover not in body, (template_id, partner.kode, leftover)


def test_ampersand_in_a_partner_name_comes_out_as_written() -> None:
    name = "Yayasan Asia untuk Hukum & Pembangunan"
    name_en = "Asia Foundation for Law & Development"
    assert _example().partner(SEVERAL_UNITS).nama == name
    for template_id in IDS:
        body = text(template_id, SEVERAL_UNITS)
        assert name in body or name.upper() in body, template_id
    msp = text("msp", SEVERAL_UNITS)
    assert name_en in msp
    assert f"FOR THE {name_en.upper()}" in msp
    assert "penelitian bersama mengenai kualitas regulasi & partisipasi publik." in msp


# ------------------------------------------------------------------- letters


@pytest.mark.parametrize("template_id", [*LETTERS, "nota-dinas"])
def test_letter_has_its_number_date_and_letterhead(template_id: str) -> None:
    document = render(template_id, context(SEVERAL_UNITS))
    lines = paragraphs(document)
    header = [paragraph_text(p)
              for p in document.sections[0].first_page_header._element.iter(qn("w:p"))]
    assert header[:2] == ["KEMENTERIAN HUKUM REPUBLIK INDONESIA",
                          "DIREKTORAT JENDERAL PERATURAN PERUNDANG-UNDANGAN"]
    assert NUMBERS[template_id] in "\n".join(lines)
    assert any("25 November 2026" in line for line in lines)
    assert not any("2026-11-25" in line for line in lines)


@pytest.mark.parametrize("template_id", ["penyampaian", "undangan", "laporan"])
def test_letter_layout_follows_tata_naskah_dinas(template_id: str) -> None:
    lines = text_lines(template_id, context(ONE_UNIT))
    labels = [line for line in lines if line in ("Nomor", "Sifat", "Lampiran", "Hal")]
    assert labels == ["Nomor", "Sifat", "Lampiran", "Hal"]
    # The final report of an MSP not signed yet is dated by hand, never with the letter date.
    dated = "Jakarta, ........................" if template_id == "laporan" else \
        "Jakarta, 25 November 2026"
    assert dated in lines
    assert "1 (satu) berkas" in lines
    assert any(line.startswith("Yth.") for line in lines)
    assert "Demikian kami sampaikan, atas perhatian dan kerja sama Bapak/Ibu, kami ucapkan " \
           "terima kasih." in lines
    assert lines.index("Direktur Jenderal Peraturan Perundang-undangan,") < lines.index(
        "Hendra Wijayakusuma") < lines.index("NIP 197203152000031002")
    assert any(line.startswith("Tembusan:") for line in lines)


def test_penyampaian_goes_to_the_sekjen_through_the_bureau_and_cites_the_plan() -> None:
    lines = text_lines("penyampaian", context(ONE_UNIT))
    assert "Yth. Sekretaris Jenderal Kementerian Hukum" in lines
    assert "c.q. Kepala Biro Hukum, Komunikasi Publik, dan Kerja Sama" in lines
    body = "\n".join(lines)
    assert ("Penyampaian Rencana Kerja Sama dengan Pusat Regional Asia Tenggara untuk "
            "Reformasi Regulasi (SEARCRR)") in body
    assert f"Rencana Kerja Sama Nomor {NUMBERS['rencana']}" in body
    assert "Organisasi Internasional sebagaimana dimaksud dalam Pasal 7 huruf b" in body


def test_a_letter_date_given_in_the_workbook_is_used() -> None:
    lines = text_lines("penyampaian", context(MINISTER))
    assert "Jakarta, 15 Februari 2027" in lines


def test_the_final_report_is_not_dated_before_the_signing() -> None:
    """KS-2027-001's letters are dated 15 February 2027 and its MSP signed 10 June 2027."""
    report = text_lines("laporan", context(MINISTER))
    assert "Jakarta, 10 Juni 2027" in report
    assert "Jakarta, 15 Februari 2027" in text_lines("undangan", context(MINISTER))


@pytest.mark.parametrize("kode", [SEVERAL_UNITS, ONE_UNIT, NO_ANALYSIS])
def test_the_final_report_of_an_msp_not_signed_yet_is_dated_by_hand(kode: str) -> None:
    assert _example().partner(kode).tanggal_ttd is None
    report = text_lines("laporan", context(kode))
    assert "Jakarta, ........................" in report
    assert not any(line.startswith("Jakarta, 25 November 2026") for line in report)


def test_the_final_report_recalls_the_date_of_the_letter_it_follows() -> None:
    body = text("laporan", MINISTER)
    assert (f"Menindaklanjuti surat kami Nomor {NUMBERS['penyampaian']} tanggal 15 Februari "
            "2027 hal Penyampaian Rencana Kerja Sama") in body


def test_nota_dinas_from_the_kabag_to_the_head_of_the_unit() -> None:
    lines = text_lines("nota-dinas", context(SEVERAL_UNITS))
    assert lines[:2] == ["NOTA DINAS", f"NOMOR {NUMBERS['nota-dinas']}"]
    for label, value in (("Yth.", "Direktur Jenderal Peraturan Perundang-undangan"),
                         ("Dari", "Kepala Bagian Hubungan Masyarakat dan Kerja Sama"),
                         ("Tanggal", "25 November 2026")):
        assert lines[lines.index(label) + 2] == value
    body = "\n".join(lines)
    assert "Dapat ditindaklanjuti dengan catatan" in body
    assert "ditandatangani oleh Sekretaris Jenderal Kementerian Hukum" in body
    signed = lines.index("Kepala Bagian Hubungan Masyarakat dan Kerja Sama,")
    assert lines[signed + 1:signed + 3] == ["Rina Kartikasari", "NIP 198203262006042001"]


def test_undangan_invites_the_other_units_and_leaves_date_time_place_to_fill() -> None:
    lines = text_lines("undangan", context("KS-2027-007"))
    assert "Direktur Jenderal Administrasi Hukum Umum" in lines
    assert "Kepala Kantor Wilayah Kementerian Hukum DKI Jakarta" in lines
    # The sending unit does not invite itself.
    assert "Direktur Jenderal Peraturan Perundang-undangan" not in lines
    for label in ("hari, tanggal", "waktu", "tempat"):
        assert lines[lines.index(label) + 2].startswith("....")


def test_rencana_lists_scope_units_duration_and_funding() -> None:
    lines = text_lines("rencana", context(SEVERAL_UNITS))
    body = "\n".join(lines)
    assert f"Nomor {NUMBERS['rencana']}" in lines
    assert "Kerja sama berlaku untuk jangka waktu 3 (tiga) tahun" in body
    assert "Organisasi Internasional Nonpemerintah (Pasal 7 huruf c" in body
    units = [line for line in lines if line in ("Direktorat Jenderal Peraturan Perundang-undangan",
                                                 "Badan Pembinaan Hukum Nasional")]
    assert units == ["Direktorat Jenderal Peraturan Perundang-undangan",
                     "Badan Pembinaan Hukum Nasional"]
    assert "Biaya pelaksanaan kerja sama ditanggung oleh Yayasan Asia untuk Hukum & " \
           "Pembangunan" in body
    assert "Dimas Ardiansyah, 0812 3456 7890" in lines


def test_blank_background_and_contact_become_lines_to_fill() -> None:
    lines = text_lines("rencana", context("KS-2027-004"))
    heading = lines.index("Latar Belakang dan Urgensi")
    assert lines[heading + 1].startswith("\t")
    assert lines[lines.index("Narahubung") + 1].startswith("\t")


def test_a_multi_line_value_keeps_its_line_breaks() -> None:
    ctx = context(ONE_UNIT)
    ctx["mitra"] = dict(ctx["mitra"], latar_belakang="Baris pertama.\nBaris kedua.")
    assert "Baris pertama.\nBaris kedua." in text_lines("rencana", ctx)


# ------------------------------------------------------------------- signatory (SPEC §5)


@pytest.mark.parametrize(("kode", "party", "name", "title"), [
    (ONE_UNIT, "DIREKTORAT JENDERAL PERATURAN PERUNDANG-UNDANGAN, KEMENTERIAN HUKUM REPUBLIK "
     "INDONESIA", "Hendra Wijayakusuma", "Direktur Jenderal Peraturan Perundang-undangan"),
    (SEVERAL_UNITS, "KEMENTERIAN HUKUM REPUBLIK INDONESIA", "Ratna Dewi Kusumawardani",
     "Sekretaris Jenderal Kementerian Hukum"),
    (MINISTER, "KEMENTERIAN HUKUM REPUBLIK INDONESIA", "Bramantyo Adi Nugroho",
     "Menteri Hukum Republik Indonesia"),
])
def test_signing_page_names_the_signatory_of_spec_5(kode: str, party: str, name: str,
                                                     title: str) -> None:
    for template_id in ("tanda-tangan", "msp"):
        lines = text_lines(template_id, context(kode))
        assert f"UNTUK {party}" in lines
        assert lines.index(f"UNTUK {party}") < lines.index(name) < lines.index(title)
        assert "NIP" not in "\n".join(lines)
    heading = nonblank(text_lines("msp", context(kode)))
    between = heading.index("ANTARA")
    assert heading[between:between + 3] == ["ANTARA", "BETWEEN", party]
    assert heading[between + 3].startswith("DIRECTORATE GENERAL" if kode == ONE_UNIT
                                           else "MINISTRY OF LAW")


def test_the_kajian_and_kendali_name_the_signatory() -> None:
    assert ("Memorandum Saling Pengertian ditandatangani oleh Menteri Hukum Republik Indonesia "
            "sesuai dengan Pasal 14 ayat (1) huruf a") in text("kajian", MINISTER)
    assert "Sekretaris Jenderal Kementerian Hukum" in text("kendali", SEVERAL_UNITS)
    override = text("kajian", "KS-2027-006")
    assert "sebagai pejabat penandatangan pengganti" in override
    assert "kunjungan kerja Sekretaris Jenderal ke Den Haag" in override


@pytest.mark.parametrize(("kode", "huruf"), [
    (ONE_UNIT, "b"), ("KS-2027-004", "c"), (NO_ANALYSIS, "d"), (MINISTER, "a"),
])
def test_the_forms_cite_the_huruf_of_pasal_14_naming_the_signer(kode: str, huruf: str) -> None:
    for template_id in ("kajian", "nota-dinas"):
        assert f"Pasal 14 ayat (1) huruf {huruf} " in text(template_id, kode), template_id


@pytest.mark.parametrize("template_id", IDS)
def test_no_software_words_on_an_official_form(template_id: str) -> None:
    for partner in _example().partners:
        body = text(template_id, partner.kode)
        assert "Aturan " not in body, (template_id, partner.kode)
        assert "Humas" not in body, (template_id, partner.kode)


def test_signature_without_nip_leaves_the_nip_line_out(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Unit", "DJPP")["NIP Pimpinan"] = None
    workbook, _report = load_workbook(write_sheets(tmp_path, sheets))
    for template_id in LETTERS:
        lines = text_lines(template_id, context(ONE_UNIT, workbook))
        assert "Hendra Wijayakusuma" in lines
        assert not any(line.startswith("NIP") for line in lines), template_id


def test_partner_signatory_without_a_name_is_a_line_to_fill() -> None:
    lines = text_lines("tanda-tangan", context("KS-2027-004"))
    title = lines.index("Parliamentary Counsel")
    assert set(lines[title - 1]) == {"."}


# ------------------------------------------------------------------- the MSP


def test_msp_is_a_bilingual_draft_with_the_eleven_articles_in_order() -> None:
    document = render("msp", context(ONE_UNIT))
    header = "\n".join(paragraph_text(p)
                       for p in document.sections[0].header._element.iter(qn("w:p")))
    assert "DRAF" in header
    lines = nonblank(paragraphs(document))
    # It travels as the attachment of the invitation: the heading of that letter first.
    assert lines[:3] == ["Lampiran Surat Direktur Jenderal Peraturan Perundang-undangan",
                         f"Nomor\t:\t{NUMBERS['undangan']}", "Tanggal\t:\t25 November 2026"]
    assert lines[3:5] == ["MEMORANDUM SALING PENGERTIAN", "MEMORANDUM OF UNDERSTANDING"]
    titles = [
        ("TUJUAN", "OBJECTIVE"), ("RUANG LINGKUP", "SCOPE OF COOPERATION"),
        ("BENTUK KERJA SAMA", "FORMS OF COOPERATION"),
        ("LEMBAGA PELAKSANA", "IMPLEMENTING AGENCIES"),
        ("PELAKSANAAN", "IMPLEMENTING ARRANGEMENTS"),
        ("PEMBIAYAAN", "FINANCIAL ARRANGEMENTS"), ("KERAHASIAAN", "CONFIDENTIALITY"),
        ("HAK KEKAYAAN INTELEKTUAL", "INTELLECTUAL PROPERTY RIGHTS"),
        ("PENYELESAIAN PERBEDAAN", "SETTLEMENT OF DIFFERENCES"), ("AMANDEMEN", "AMENDMENT"),
        ("MULAI BERLAKU, JANGKA WAKTU DAN PENGAKHIRAN",
         "ENTRY INTO FORCE, DURATION AND TERMINATION"),
    ]
    position = 0
    for number, (judul, title) in enumerate(titles, start=1):
        found = lines.index(f"PASAL {number}", position)
        assert lines[found + 1:found + 4] == [f"ARTICLE {number}", judul, title]
        position = found + 1
    body = "\n".join(lines)
    for phrase in ("(selanjutnya secara bersama-sama disebut", "MENYADARI", "BERKEINGINAN",
                   "MENGINGAT", "TELAH MENCAPAI PENGERTIAN SEBAGAI BERIKUT:", "RECOGNIZING",
                   "DESIRING", "PURSUANT TO", "HAVE REACHED THE FOLLOWING UNDERSTANDING:",
                   "KERJA SAMA DI BIDANG HARMONISASI DAN SINKRONISASI PERATURAN",
                   "COOPERATION IN THE FIELD OF HARMONISATION AND SYNCHRONISATION OF LEGISLATION",
                   "untuk jangka waktu 5 (lima) tahun", "for a period of 5 (five) years"):
        assert phrase in body, phrase


def test_msp_scope_items_in_order_in_both_languages() -> None:
    lines = nonblank(text_lines("msp", context("KS-2027-006")))
    items = [item for item in _example().partner("KS-2027-006").ruang_lingkup]
    assert [item.no for item in items] == [1, 2, 3, 4]
    indonesian = [lines.index(item.teks) for item in items]
    english = [lines.index(item.teks_en) for item in items]
    assert indonesian == sorted(indonesian)
    assert english == sorted(english)
    # Side by side: each item's English follows its Indonesian in the same row.
    assert all(e == i + 1 for i, e in zip(indonesian, english, strict=True))


def test_a_unit_naming_the_ministry_is_not_followed_by_it_again() -> None:
    body = text("msp", "KS-2027-004")
    assert "Kantor Wilayah Kementerian Hukum DKI Jakarta, Kementerian Hukum" not in body
    assert "UNTUK KANTOR WILAYAH KEMENTERIAN HUKUM DKI JAKARTA" in body
    assert "Ministry of Law for DKI Jakarta, Ministry of Law" not in body


@pytest.mark.parametrize("template_id", ["msp", "tanda-tangan", "undangan", "laporan"])
def test_several_units_make_the_ministry_the_party_even_when_a_units_head_signs(
    tmp_path: Path, template_id: str
) -> None:
    sheets = example()
    partner = row(sheets, "Mitra", "KS-2027-007")
    partner["Penandatangan Pengganti"] = "DJPP"
    partner["Alasan Penggantian"] = "Substansi utama kerja sama di bidang perundang-undangan"
    workbook, _report = load_workbook(write_sheets(tmp_path, sheets))
    body = text_of(template_id, context("KS-2027-007", workbook))
    assert "Direktorat Jenderal Peraturan Perundang-undangan, Kementerian Hukum" not in body
    assert "Kementerian Hukum Republik Indonesia" in body or \
        "KEMENTERIAN HUKUM REPUBLIK INDONESIA" in body
    if template_id == "msp":
        assert ("Lembaga pelaksana Memorandum Saling Pengertian ini untuk Kementerian Hukum "
                "Republik Indonesia adalah:") in body
    nota = text_of("nota-dinas", context("KS-2027-007", workbook))
    assert "Alasan penggantian: Substansi utama kerja sama di bidang perundang-undangan." in nota
    assert "Pasal 14" not in nota



def _on_behalf(tmp_path: Path, setting: str | None, override: str = "") -> Workbook:
    """The example with `Atas Nama Menteri` set (None: the key left out), and KS-2027-007
    (three units) signed by `override` when given."""
    sheets = example()
    if setting is None:
        sheets["Pengaturan"].remove(row(sheets, "Pengaturan", "Atas Nama Menteri"))
    else:
        row(sheets, "Pengaturan", "Atas Nama Menteri")["Nilai"] = setting
    if override:
        partner = row(sheets, "Mitra", "KS-2027-007")
        partner["Penandatangan Pengganti"] = override
        partner["Alasan Penggantian"] = "Substansi utama kerja sama di bidang perundang-undangan"
    workbook, report = load_workbook(write_sheets(tmp_path, sheets))
    assert not report.errors
    return workbook


def _signer_block(template_id: str, ctx: Context) -> list[str]:
    """The ministry's signature block: from the signer's name to the end of the cell."""
    document = render(template_id, ctx)
    cell = document.tables[-1].rows[-1].cells[0]
    return nonblank([paragraph_text(p) for p in cell._tc.iter(qn("w:p"))])


@pytest.mark.parametrize("template_id", ["msp", "tanda-tangan"])
@pytest.mark.parametrize(("setting", "kode", "override", "expected"), [
    # The Sekretaris Jenderal signs for the ministry: a.n. the Menteri where delegated.
    ("Ya", SEVERAL_UNITS, "", [
        "Ratna Dewi Kusumawardani", "a.n. Menteri Hukum Republik Indonesia",
        "Sekretaris Jenderal Kementerian Hukum",
        "on behalf of the Minister of Law of the Republic of Indonesia",
        "Secretary General of the Ministry of Law"]),
    # A unit's head signing for the ministry (three units, by override) too.
    ("ya", "KS-2027-007", "DJPP", [
        "Hendra Wijayakusuma", "a.n. Menteri Hukum Republik Indonesia",
        "Direktur Jenderal Peraturan Perundang-undangan",
        "on behalf of the Minister of Law of the Republic of Indonesia",
        "Director General of Legislation"]),
    # The Menteri signs himself: nobody to sign for.
    ("Ya", MINISTER, "", [
        "Bramantyo Adi Nugroho", "Menteri Hukum Republik Indonesia",
        "Minister of Law of the Republic of Indonesia"]),
    # A unit's head signing for the unit that is the party: the unit signs, no a.n.
    ("Ya", ONE_UNIT, "", [
        "Hendra Wijayakusuma", "Direktur Jenderal Peraturan Perundang-undangan",
        "Director General of Legislation"]),
    # Off by default, and when set to Tidak.
    (None, SEVERAL_UNITS, "", [
        "Ratna Dewi Kusumawardani", "Sekretaris Jenderal Kementerian Hukum",
        "Secretary General of the Ministry of Law"]),
    ("Tidak", SEVERAL_UNITS, "", [
        "Ratna Dewi Kusumawardani", "Sekretaris Jenderal Kementerian Hukum",
        "Secretary General of the Ministry of Law"]),
])
def test_the_signer_for_the_ministry_signs_on_behalf_of_the_menteri_when_the_office_says_so(
    tmp_path: Path, template_id: str, setting: str | None, kode: str, override: str,
    expected: list[str],
) -> None:
    workbook = _on_behalf(tmp_path, setting, override)
    assert _signer_block(template_id, context(kode, workbook)) == expected

@pytest.mark.parametrize("kode", [partner.kode for partner in _example().partners])
def test_the_partner_is_never_named_its_own_implementing_agency(kode: str) -> None:
    body = text("msp", kode)
    partner = _example().partner(kode)
    assert f"untuk {partner.nama} adalah {partner.nama}" not in body
    assert f"for the {partner.nama_en} shall be the {partner.nama_en}" not in body
    pihak = context(kode)["penandatangan"]["pihak"]
    assert f"untuk {pihak} adalah:\n{pihak}" not in body


def test_msp_implementing_agencies_list_every_unit_in_both_languages() -> None:
    body = text("msp", "KS-2027-007")
    for name in ("Direktorat Jenderal Peraturan Perundang-undangan;",
                 "Direktorat Jenderal Administrasi Hukum Umum;",
                 "Kantor Wilayah Kementerian Hukum DKI Jakarta.",
                 "Directorate General of Legislation;",
                 "Regional Office of the Ministry of Law for DKI Jakarta."):
        assert name in body, name


@pytest.mark.parametrize(("kode", "indonesian", "english"), [
    (MINISTER, "Setiap Pihak menanggung biayanya sendiri",
     "Each Party shall bear its own costs"),
    (SEVERAL_UNITS, "ditanggung oleh Yayasan Asia untuk Hukum & Pembangunan",
     "shall be borne by the Asia Foundation for Law & Development"),
    (ONE_UNIT, "ditanggung bersama oleh Para Pihak", "shall be jointly borne by the Parties"),
    ("KS-2027-007", "dibebankan pada Anggaran Pendapatan dan Belanja Negara",
     "shall be charged to the State Budget"),
])
def test_msp_financing_follows_the_workbook(kode: str, indonesian: str, english: str) -> None:
    body = text("msp", kode)
    assert indonesian in body
    assert english in body
    assert body.count("PASAL 6") == 1


def test_signing_page_date_place_and_prevailing_text() -> None:
    signed = text("tanda-tangan", MINISTER)
    assert "di Seoul pada tanggal 10 Juni 2027" in signed
    assert "at Seoul on 10 June 2027" in signed
    assert "naskah bahasa Inggris yang berlaku" in signed
    assert "the English text shall prevail" in signed
    blank = text("tanda-tangan", "KS-2027-003")
    assert re.search(r"di Jakarta pada tanggal \.{10,},", blank)
    assert re.search(r"at Jakarta on \.{10,},", blank)


def test_the_english_text_names_the_place_in_english() -> None:
    """KS-2027-006 signs in Den Haag: the English column says The Hague."""
    signed = text("tanda-tangan", "KS-2027-006")
    assert "di Den Haag pada tanggal" in signed
    assert "in duplicate at The Hague on" in signed


def test_indonesian_text_prevails_when_the_setting_says_id() -> None:
    ctx = context(MINISTER)
    ctx["naskah_berlaku"] = "ID"
    body = "\n".join(text_lines("tanda-tangan", ctx))
    assert "naskah bahasa Indonesia yang berlaku" in body
    assert "the Indonesian text shall prevail" in body


# ------------------------------------------------------------------- analysis form


def _form_values(kode: str) -> list[tuple[str, str]]:
    document = render("kajian", context(kode))
    values = []
    for table_row in document.tables[0].rows[1:]:
        cells = table_row.cells
        if cells[0].text.strip().endswith("."):
            values.append((cells[1].text, cells[2].text))
    return values


def test_analysis_form_filled_from_the_kajian_row() -> None:
    values = dict(_form_values(MINISTER))
    assert values["Manfaat"].startswith("Peningkatan keterampilan perancang")
    assert values["Jenis mitra"] == ("Lembaga Pemerintahan Asing (Pasal 7 huruf a "
                                     "Permenkumham Nomor 65 Tahun 2016)")
    assert "\u2612  Dapat ditindaklanjuti" in values["Rekomendasi"]
    body = text("kajian", MINISTER)
    assert "Mengetahui," in body
    assert "Yohanes Bayu Setiadi\nNIP 199004122015031003" in body
    assert "Jakarta, 1 Maret 2027" in body
    assert "Peraturan Pemerintah Nomor 59 Tahun 2016" not in body


def test_analysis_form_without_a_kajian_row_has_lines_to_fill_never_an_empty_cell() -> None:
    values = _form_values(NO_ANALYSIS)
    assert len(values) == 21
    for aspect, value in values:
        assert value.strip(), aspect
    filled = dict(values)
    assert filled["Mitra"].startswith("Kantor Wali Amanat Publik Kerajaan Belanda")
    assert filled["Negara"] == "Kerajaan Belanda"
    for aspect in ("Manfaat", "Kedudukan dan kelayakan mitra", "Catatan"):
        assert set(filled[aspect]) <= {"\t", "\u200b", "\n"}, aspect
    assert "\u2612" not in filled["Rekomendasi"]


def test_a_blank_field_in_a_kajian_row_is_lines_to_fill() -> None:
    filled = dict(_form_values(ONE_UNIT))  # has no Kesesuaian Renstra nor Catatan
    assert filled["Kesesuaian dengan tugas dan fungsi Ditjen PP"].startswith("Sesuai")
    assert filled["Kesesuaian dengan Rencana Strategis Kementerian"].startswith("\t")


def test_ngo_partner_cites_pp_59_2016() -> None:
    assert "Peraturan Pemerintah Nomor 59 Tahun 2016" in text("kajian", SEVERAL_UNITS)


# ------------------------------------------------------------------- control sheet


def test_control_sheet_keeps_the_sop_step_numbers() -> None:
    document = render("kendali", context(ONE_UNIT))
    steps = document.tables[-1]
    header = [cell.text for cell in steps.rows[0].cells]
    assert header == ["No.", "Kegiatan", "Pelaksana", "Kelengkapan", "Waktu", "Output",
                      "Tanggal", "Paraf"]
    numbers = [table_row.cells[0].text for table_row in steps.rows[1:]]
    assert numbers[:6] == ["1", "2", "4", "5", "6", "7"]
    times = [table_row.cells[4].text for table_row in steps.rows[1:7]]
    assert times == ["tentatif", "tentatif", "tentatif", "1 hari", "tentatif", "10 menit"]
    assert all(not table_row.cells[6].text.strip() and not table_row.cells[7].text
               for table_row in steps.rows[1:])
    assert "Pusat Regional Asia Tenggara untuk Reformasi Regulasi (SEARCRR)" in text(
        "kendali", ONE_UNIT)



def test_markup_characters_in_every_field_come_out_as_written() -> None:
    ctx = context(SEVERAL_UNITS)
    odd = 'Smith & Lee <Asia> "Centre" {{ x }}'
    ctx["mitra"] = dict(ctx["mitra"], nama=odd, nama_en=odd, latar_belakang=odd,
                        narahubung=odd)
    ctx["ruang_lingkup"] = [dict(item, teks=odd, teks_en=odd) for item in ctx["ruang_lingkup"]]
    for template_id in IDS:
        body = "\n".join(text_lines(template_id, ctx))
        assert odd in body or odd.upper() in body, template_id
        assert "&amp;" not in body and "&lt;" not in body, template_id


# ------------------------------------------------------------------- sentences and lines


@pytest.mark.parametrize(("catatan", "expected"), [
    ("Tidak ada", None),
    ("tidak ada.", None),
    ("-", None),
    ("Mitra melengkapi izin prinsip", "Catatan: Mitra melengkapi izin prinsip."),
    ("Mitra melengkapi izin prinsip.", "Catatan: Mitra melengkapi izin prinsip."),
    ("Mitra melengkapi izin prinsip;", "Catatan: Mitra melengkapi izin prinsip."),
])
def test_the_nota_dinas_sentence_on_the_analysis_ends_once_and_leaves_out_an_empty_note(
    tmp_path: Path, catatan: str, expected: str | None
) -> None:
    sheets = example()
    row(sheets, "Kajian", SEVERAL_UNITS)["Catatan"] = catatan
    workbook, _report = load_workbook(write_sheets(tmp_path, sheets))
    body = text_of("nota-dinas", context(SEVERAL_UNITS, workbook))
    sentence = next(line for line in body.splitlines() if "dinilai:" in line)
    if expected is None:
        assert sentence.endswith("dinilai: Dapat ditindaklanjuti dengan catatan.")
        assert "Catatan" not in sentence
    else:
        assert sentence.endswith(f"dinilai: Dapat ditindaklanjuti dengan catatan. {expected}")
    assert ".." not in sentence


def test_a_purpose_typed_with_its_full_stop_ends_with_one(tmp_path: Path) -> None:
    sheets = example()
    partner = row(sheets, "Mitra", ONE_UNIT)
    partner["Tujuan"] = str(partner["Tujuan"]) + "."
    partner["Tujuan (EN)"] = str(partner["Tujuan (EN)"]) + "."
    workbook, _report = load_workbook(write_sheets(tmp_path, sheets))
    for template_id in ("rencana", "msp"):
        body = text_of(template_id, context(ONE_UNIT, workbook))
        assert "diterapkan secara nasional." in body
        assert ".." not in body.replace("....", ""), template_id


@pytest.mark.parametrize("template_id", sorted(NUMBERS))
def test_letter_numbers_and_the_letterhead_never_break_at_a_hyphen(template_id: str) -> None:
    document = render(template_id, context(ONE_UNIT))
    raw = "".join(node.text or "" for node in document.element.body.iter(qn("w:t")))
    assert NUMBERS[template_id].replace("-", "\u2011") in raw
    assert NUMBERS[template_id] not in raw
    header = document.sections[0].first_page_header._element
    kop = "".join(node.text or "" for node in header.iter(qn("w:t")))
    assert "PERUNDANG\u2011UNDANGAN" in kop


@pytest.mark.parametrize("template_id",
                         ["penyampaian", "nota-dinas", "undangan", "laporan", "permohonan-ttd"])
def test_the_signature_block_is_kept_with_the_tembusan(template_id: str) -> None:
    """The closing sentence keeps with the next block, and the signature, the paraf box
    and the tembusan share one table whose rows cannot split and whose paragraphs keep
    with the next: a page never starts with the tembusan alone (tests/test_pdf_pages.py
    checks the printed pages)."""
    document = render(template_id, context(SEVERAL_UNITS))
    body = document.element.body
    closing = next(p for p in body.iterchildren(qn("w:p"))
                   if paragraph_text(p).startswith("Demikian"))
    assert closing.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
    block = closing.getnext()
    assert block.tag == qn("w:tbl")
    rows = block.findall(qn("w:tr"))
    assert all(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in rows)
    for tr in rows[:-1]:
        for p in tr.iter(qn("w:p")):
            assert p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None, paragraph_text(p)
    assert paragraph_text(next(rows[-1].iter(qn("w:p")))).startswith("Tembusan:")




# ------------------------------------------------------------------- the request to sign


def test_the_request_to_sign_goes_to_the_menteri_through_the_sekjen() -> None:
    lines = text_lines("permohonan-ttd", context(MINISTER))
    assert lines[lines.index("Yth.") + 2] == "Menteri Hukum Republik Indonesia"
    assert lines[lines.index("Melalui") + 2] == "Sekretaris Jenderal Kementerian Hukum"
    assert lines[lines.index("Dari") + 2] == "Direktur Jenderal Peraturan Perundang-undangan"
    body = "\n".join(lines)
    assert ("Permohonan Penandatanganan Memorandum Saling Pengertian antara Kementerian Hukum "
            "Republik Indonesia dan Kementerian Kehakiman Republik Korea (MOJ Korea)") in body
    assert "ditandatangani di Seoul pada tanggal 10 Juni 2027" in body
    assert f"undangan Nomor {NUMBERS['undangan']}" in body
    assert "1 (satu) berkas" in lines


def test_the_request_to_sign_goes_to_the_sekjen_directly() -> None:
    lines = text_lines("permohonan-ttd", context(SEVERAL_UNITS))
    assert lines[lines.index("Yth.") + 2] == "Sekretaris Jenderal Kementerian Hukum"
    assert "Melalui" not in lines
    assert "pada tanggal ........................" in "\n".join(lines)


def test_the_plan_carries_the_heading_of_the_letter_it_is_attached_to() -> None:
    lines = nonblank(text_lines("rencana", context(MINISTER)))
    assert lines[:3] == ["Lampiran Surat Direktur Jenderal Peraturan Perundang-undangan",
                         f"Nomor\t:\t{NUMBERS['penyampaian']}",
                         "Tanggal\t:\t15 Februari 2027"]


@pytest.mark.parametrize(("template_id", "officials"), [
    ("penyampaian", ["Kepala Bagian Hubungan Masyarakat dan Kerja Sama",
                     "Subkoordinator Kerja Sama"]),
    ("undangan", ["Kepala Bagian Hubungan Masyarakat dan Kerja Sama",
                  "Subkoordinator Kerja Sama"]),
    ("laporan", ["Kepala Bagian Hubungan Masyarakat dan Kerja Sama",
                 "Subkoordinator Kerja Sama"]),
    ("permohonan-ttd", ["Kepala Bagian Hubungan Masyarakat dan Kerja Sama",
                        "Subkoordinator Kerja Sama"]),
    ("nota-dinas", ["Subkoordinator Kerja Sama"]),
])
def test_a_draft_letter_has_a_paraf_koordinasi_box_beside_the_signature(
    template_id: str, officials: list[str]
) -> None:
    document = render(template_id, context(SEVERAL_UNITS))
    box = next(tbl for tbl in document.element.body.iter(qn("w:tbl"))
               if "Paraf" in [paragraph_text(p) for p in tbl.iter(qn("w:p"))])
    rows = [[paragraph_text(tc) for tc in tr.iterchildren(qn("w:tc"))]
            for tr in box.iterchildren(qn("w:tr"))]
    assert rows[0][:4] == ["No.", "Jabatan", "Paraf", "Tanggal"]
    assert rows[0][5].startswith(("Direktur Jenderal", "Kepala Bagian"))  # the signer
    assert [row[:2] for row in rows[1:1 + len(officials)]] == [
        [f"{number}.", official] for number, official in enumerate(officials, start=1)]


# ------------------------------------------------------------------- the letterhead


def _kop(template_id: str, ctx: Context) -> list[str]:
    document = render(template_id, ctx)
    header = document.sections[0].first_page_header._element
    return [line for line in (paragraph_text(p) for p in header.iter(qn("w:p"))) if line]


def test_the_letterhead_gives_address_telephone_website_and_email_on_their_lines() -> None:
    assert _kop("penyampaian", context(ONE_UNIT))[2:] == [
        "Jalan H.R. Rasuna Said Kav. 6-7, Kuningan, Jakarta Selatan 12940",
        "Telepon (021) 5221618",
        "Laman www.peraturan.go.id, Surel kerjasama@peraturan.go.id",
    ]


def test_a_blank_letterhead_setting_leaves_its_words_out(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Pengaturan", "Telepon Kop")["Nilai"] = None
    row(sheets, "Pengaturan", "Laman Kop")["Nilai"] = None
    workbook, _report = load_workbook(write_sheets(tmp_path, sheets))
    assert _kop("undangan", context(ONE_UNIT, workbook))[2:] == [
        "Jalan H.R. Rasuna Said Kav. 6-7, Kuningan, Jakarta Selatan 12940",
        "Surel kerjasama@peraturan.go.id",
    ]
