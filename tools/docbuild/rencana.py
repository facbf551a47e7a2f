"""01 rencana: the cooperation plan."""

from __future__ import annotations

from .layout import (
    Doc,
    Part,
    bold,
    dotted,
    italic,
    para,
    row,
    row_tag,
    table,
    tag,
)
from .parts import (
    kop,
    lampiran_heading,
    pembiayaan_paragraphs,
    scope_list,
    signature,
    unit_list,
)
from .phrases import (
    MITRA,
    PERMEN_65,
    TANGGAL_SURAT,
)

PEMBIAYAAN_ID = {
    "Masing-masing Pihak": (
        "Biaya pelaksanaan kerja sama ditanggung oleh masing-masing Pihak sesuai dengan "
        "ketersediaan anggaran dan ketentuan peraturan perundang-undangan yang berlaku di "
        "negara masing-masing."
    ),
    "APBN": (
        "Biaya pelaksanaan kerja sama dibebankan pada Anggaran Pendapatan dan Belanja Negara "
        "melalui Daftar Isian Pelaksanaan Anggaran unit pelaksana, sesuai dengan "
        "ketersediaan anggaran dan ketentuan peraturan perundang-undangan."
    ),
    "Mitra": (
        "Biaya pelaksanaan kerja sama ditanggung oleh {{ mitra.nama }} sesuai dengan "
        "ketentuan yang berlaku bagi {{ mitra.nama }}, tanpa menimbulkan kewajiban "
        "pembiayaan bagi Anggaran Pendapatan dan Belanja Negara."
    ),
    "Bersama": (
        "Biaya pelaksanaan kerja sama ditanggung bersama oleh Para Pihak sesuai dengan "
        "kesepakatan untuk setiap kegiatan, ketersediaan anggaran, dan ketentuan peraturan "
        "perundang-undangan yang berlaku di negara masing-masing."
    ),
}

def build_rencana() -> Doc:
    """01: the cooperation plan (Permenkumham 65/2016 Pasal 9), signed by the unit's head."""
    doc = Doc("Rencana Kerja Sama")
    kop(doc)
    lampiran_heading(doc, "pengirim.jabatan", "surat.nomor_penyampaian",
                     "surat.tanggal_penyampaian")
    for title in ("RENCANA KERJA SAMA LUAR NEGERI", "{{ pengirim.nama|upper }}", "DENGAN",
                  "{{ mitra.nama|upper }}", "TENTANG",
                  "KERJA SAMA DI BIDANG {{ mitra.bidang|upper }}"):
        para(doc.body, bold(title), align="center", keep=True)
    para(doc.body, "Nomor {{ surat.nomor|utuh }}", align="center", before=6, after=18)

    sections = doc.new_list("upperLetter", "%1.", left=0.75, hanging=0.75)

    def heading(text: str) -> None:
        para(doc.body, bold(text), num=sections, before=8, after=4, keep=True, bold_all=True)

    def text(*parts: Part, after: float = 4) -> None:
        para(doc.body, *parts, align="justify", indent=0.75, after=after)

    heading("Latar Belakang dan Urgensi")
    tag(doc.body, "if mitra.latar_belakang")
    text("{{ mitra.latar_belakang }}")
    tag(doc.body, "else")
    dotted(doc.body, doc.text_width, 3, indent=0.75)
    tag(doc.body, "endif")
    text("Kerja sama ini diusulkan sejalan dengan tugas dan fungsi " "{{ pengirim.nama }} "
         "dalam " "pembentukan peraturan perundang-undangan dan dilaksanakan sesuai dengan "
         + PERMEN_65 + ".")

    heading("Maksud dan Tujuan")
    text("Kerja sama dengan " + MITRA + " di bidang {{ mitra.bidang }} bertujuan untuk "
         "{{ mitra.tujuan|kalimat }}")

    heading("Bentuk Kerja Sama")
    text("Kerja sama dituangkan dalam Memorandum Saling Pengertian (",
         italic("Memorandum of Understanding"),
         ") yang dilaksanakan melalui kegiatan berupa pertukaran informasi dan "
         "dokumen, seminar, lokakarya dan diskusi, pelatihan dan peningkatan kapasitas, "
         "kunjungan kerja, serta bentuk kegiatan lain yang disepakati oleh Para Pihak.")

    heading("Substansi Pokok")
    text("Ruang lingkup kerja sama meliputi:", after=0)
    scope_list(doc, left=1.35)

    heading("Jangka Waktu")
    text("Kerja sama berlaku untuk jangka waktu {{ mitra.jangka_waktu|terbilang }} tahun "
         "sejak tanggal penandatanganan Memorandum Saling Pengertian dan dapat diperpanjang "
         "atas kesepakatan tertulis Para Pihak.")

    heading("Mitra Kerja Sama")
    kv = table(doc.body, (0.75, 5.7, 0.4, doc.text_width - 6.85))
    for label, value in (
        ("Nama", MITRA),
        ("Nama dalam bahasa Inggris", "{{ mitra.nama_en }}"),
        ("Jenis mitra", "{{ mitra.jenis }} (Pasal 7 huruf {{ mitra.jenis_huruf }} "
         "Permenkumham Nomor 65 Tahun 2016)"),
        ("Negara", "{{ mitra.negara }}"),
        ("Penandatangan mitra", "{% if mitra.penandatangan_nama %}"
         "{{ mitra.penandatangan_nama }}, {% endif %}{{ mitra.penandatangan_jabatan }}"),
    ):
        cells = row(kv)
        para(cells[1], label)
        para(cells[2], ":")
        para(cells[3], value)
    row_tag(kv, "if mitra.alamat")
    cells = row(kv)
    para(cells[1], "Alamat")
    para(cells[2], ":")
    para(cells[3], "{{ mitra.alamat }}")
    row_tag(kv, "endif")

    heading("Unit Pelaksana")
    text("Kerja sama dilaksanakan oleh:", after=0)
    unit_list(doc, left=1.35)

    heading("Pembiayaan")
    pembiayaan_paragraphs(doc.body, PEMBIAYAAN_ID, indent=0.75)

    heading("Narahubung")
    tag(doc.body, "if mitra.narahubung")
    text("{{ mitra.narahubung }}")
    tag(doc.body, "else")
    dotted(doc.body, doc.text_width, 2, indent=0.75)
    tag(doc.body, "endif")

    signature(doc.body, "pengirim.jabatan", "pengirim.nama_pimpinan", "pengirim.nip",
              place_date=TANGGAL_SURAT, before=18)
    return doc
