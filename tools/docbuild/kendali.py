"""09 kendali: the control sheet of the SOP's steps."""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from .layout import (
    ALIGN,
    SMALL,
    Doc,
    Part,
    _twips,
    bold,
    italic,
    page_number,
    para,
    row,
    shade,
    table,
)
from .phrases import (
    MITRA,
    UNIT_NAMES,
)

KENDALI_WIDTHS = (1.0, 5.7, 4.9, 4.4, 1.8, 3.3, 1.8, 1.8)

STEPS: tuple[tuple[str, str, str, Sequence[str], str, str], ...] = (
    ("1", "Membuat rencana kerja sama sesuai kewenangannya (Pasal 9 ayat (1) Permenkumham "
     "65/2016).", "{{ pengirim.jabatan }}", ["Surat rencana kerja sama"], "tentatif",
     "Permohonan kerja sama (dokumen 01)"),
    ("2", "Menyampaikan rencana kerja sama kepada Sekretaris Jenderal melalui Biro selaku "
     "pusat fasilitator dan koordinator kerja sama Kementerian.",
     "{{ pengirim.jabatan }}; {{ pejabat.kabiro.jabatan }}", ["Surat rencana kerja sama"],
     "tentatif", "Surat (dokumen 02)"),
    ("4", "Melakukan pengkajian dan analisis dengan memperhatikan tugas dan fungsi Ditjen PP "
     "dan rencana strategis Kementerian.", "{{ pejabat.subkoor.jabatan }}",
     ["Rencana kerja sama", "Berkas laporan", "Komputer", "Akses internet"], "tentatif",
     "Hasil kajian dan analisis (dokumen 03)"),
    ("5", "Menyampaikan hasil kajian dan analisis kepada Pimpinan Unit Utama untuk dibahas "
     "dalam rapat dengan unit terkait.", "{{ pejabat.kabag.jabatan }}",
     ["Rencana kerja sama", "Berkas laporan", "Komputer", "Akses internet"], "1 hari",
     "Hasil kajian dan analisis (dokumen 04, 05)"),
    ("6", "Membahas konsep naskah kerja sama dengan mengikutsertakan pemangku kepentingan "
     "terkait sesuai kewenangannya.", "{{ pejabat.kabag.jabatan }}",
     ["Rencana kerja sama", "Berkas laporan hasil kajian", "Komputer", "Akses internet"],
     "tentatif", "Draf naskah kerja sama (dokumen 06)"),
    ("7", "Menandatangani MSP yang telah dibahas dan disepakati (Pasal 14 ayat (1) "
     "Permenkumham 65/2016).",
     "{{ penandatangan.jabatan }}; {{ mitra.penandatangan_jabatan }}", ["Naskah kerja sama"],
     "10 menit", "Naskah kerja sama (dokumen 07)"),
    ("\u2013", "Pencatatan: laporan akhir kepada Kepala Biro; arsip digital dan fisik.",
     "{{ pengirim.jabatan }}", ["Naskah kerja sama yang telah ditandatangani"], "\u2013",
     "Laporan akhir (dokumen 08)"),
)


def build_kendali() -> Doc:
    """09: the control sheet: the SOP's steps with columns for date and initials."""
    doc = Doc("Lembar Kendali", landscape=True)
    footer = doc.docx.sections[0].footer.paragraphs[0]
    footer.paragraph_format.alignment = ALIGN["center"]
    page_number(footer, size=10)
    para(doc.body, bold("LEMBAR KENDALI PELAKSANAAN KERJA SAMA LUAR NEGERI"), align="center")
    para(doc.body, "Kode {{ mitra.kode }} \u2013 SOP Nomor PPE.136.OT.02.02 Tahun 2025",
         align="center", after=10, size=SMALL)
    half = doc.text_width / 2
    identity = table(doc.body, (2.6, 0.4, half - 3.3, 0.3, 3.6, 0.4, half - 4.0))
    left: tuple[tuple[str, Part], ...] = (
        ("Mitra", MITRA),
        ("", italic("{{ mitra.nama_en }}")),
        ("Jenis mitra", "{{ mitra.jenis }} (Pasal 7 huruf {{ mitra.jenis_huruf }})"),
    )
    right: tuple[tuple[str, Part], ...] = (
        ("Negara", "{{ mitra.negara }}"),
        ("Bidang", "{{ mitra.bidang }}"),
        ("Unit pelaksana", UNIT_NAMES),
    )
    for (label_l, value_l), (label_r, value_r) in zip(left, right, strict=True):
        cells = row(identity)
        for offset, label, value in ((0, label_l, value_l), (4, label_r, value_r)):
            para(cells[offset], label, size=SMALL)
            para(cells[offset + 1], ":" if label else "", size=SMALL)
            para(cells[offset + 2], value, size=SMALL)
    para(doc.body, "", after=6)
    tbl = table(doc.body, KENDALI_WIDTHS, borders=True)
    head = row(tbl, header=True)
    for cell, text in zip(head, ("No.", "Kegiatan", "Pelaksana", "Kelengkapan", "Waktu",
                                 "Output", "Tanggal", "Paraf"), strict=True):
        shade(cell)
        para(cell, bold(text), align="center", size=SMALL)
    for number, activity, actor, needs, time, output in STEPS:
        cells = row(tbl)
        para(cells[0], number, align="center", size=SMALL)
        para(cells[1], activity, size=SMALL)
        para(cells[2], actor, size=SMALL)
        if len(needs) == 1:
            para(cells[3], needs[0], size=SMALL)
        else:
            listed = doc.new_list(left=0.5, hanging=0.5)
            for need in needs:
                para(cells[3], need, size=SMALL, num=listed, line=0.95)
        para(cells[4], time, align="center", size=SMALL)
        para(cells[5], output, size=SMALL)
        step = "laporan" if number == "\u2013" else number
        done = f'langkah["{step}"]'
        para(cells[6], f"{{% if {done}.tanggal %}}{{{{ {done}.tanggal|tanggal }}}}{{% endif %}}",
             align="center", size=SMALL)
        para(cells[6], f"{{{{ {done}.oleh }}}}", align="center", size=SMALL)
        para(cells[7], "", size=SMALL)
        cells[0]._tc.getparent().get_or_add_trPr().append(parse_xml(
            f'<w:trHeight {nsdecls("w")} w:val="{_twips(1.2)}" w:hRule="atLeast"/>'
        ))
    para(doc.body, "Kolom Tanggal dan Paraf diisi oleh petugas Bagian Hubungan Masyarakat dan "
         "Kerja Sama pada saat setiap langkah selesai; tanggal yang sudah dicatat dengan "
         "ksdocs track tercetak bersama nama pencatatnya. Langkah 3 tidak ada dalam SOP.",
         before=6, size=9)
    return doc
