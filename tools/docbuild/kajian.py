"""03 kajian: the analysis form."""

from __future__ import annotations

from docx.table import _Cell

from .layout import (
    SMALL,
    Doc,
    Part,
    bold,
    dotted,
    italic,
    para,
    row,
    shade,
    span,
    table,
    tag,
)
from .parts import (
    kop,
    signature,
)
from .phrases import (
    DASAR_PENANDATANGAN,
    DATE_DOTS,
    MITRA,
    PEMBIAYAAN_SINGKAT,
    PERMEN_65,
)

KAJIAN_WIDTHS = (1.0, 4.6, 10.4)


def build_kajian() -> Doc:
    """03: the analysis form; blank assessments become dotted lines to fill by hand."""
    doc = Doc("Formulir Kajian dan Analisis")
    kop(doc)
    para(doc.body, bold("FORMULIR KAJIAN DAN ANALISIS"), align="center")
    para(doc.body, bold("RENCANA KERJA SAMA LUAR NEGERI"), align="center", after=12)
    uraian = KAJIAN_WIDTHS[2] - 0.2
    tbl = table(doc.body, KAJIAN_WIDTHS, borders=True)
    head = row(tbl, header=True)
    for cell, text in zip(head, ("No.", "Aspek", "Uraian"), strict=True):
        shade(cell)
        para(cell, bold(text), align="center", size=SMALL)

    counter = 0

    def section(title: str) -> None:
        cells = row(tbl)
        cell = span(cells, 0, 3)
        shade(cell, "F2F2F2")
        para(cell, bold(title), size=SMALL)

    def line(aspect: str) -> _Cell:
        nonlocal counter
        counter += 1
        # A long background may run over a page: the row must be allowed to break.
        cells = row(tbl, cant_split=False)
        para(cells[0], f"{counter}.", align="center", size=SMALL)
        para(cells[1], aspect, size=SMALL)
        return cells[2]

    def value(cell: _Cell, *parts: Part, before: float = 0) -> None:
        para(cell, *parts, size=SMALL, before=before)

    def assessed(aspect: str, field: str, lines: int = 3) -> None:
        cell = line(aspect)
        tag(cell, f"if {field}")
        value(cell, f"{{{{ {field} }}}}")
        tag(cell, "else")
        dotted(cell, uraian, lines, size=SMALL)
        tag(cell, "endif")

    section("A. IDENTITAS USULAN")
    value(line("Surat usulan"), "Nomor {{ surat.nomor_penyampaian|utuh }} tanggal "
          "{{ surat.tanggal|tanggal }} hal Penyampaian Rencana Kerja Sama dengan "
          "{{ mitra.nama }} (Rencana Kerja Sama Nomor {{ surat.nomor_rencana|utuh }})")
    value(line("Unit pengusul"), "{{ pengirim.nama }}")
    cell = line("Mitra")
    value(cell, MITRA)
    value(cell, italic("{{ mitra.nama_en }}"))
    value(line("Jenis mitra"), "{{ mitra.jenis }} (Pasal 7 huruf {{ mitra.jenis_huruf }} "
          "Permenkumham Nomor 65 Tahun 2016)")
    value(line("Negara"), "{{ mitra.negara }}")
    value(line("Bidang kerja sama"), "{{ mitra.bidang }}")
    value(line("Penandatangan mitra"), "{% if mitra.penandatangan_nama %}"
          "{{ mitra.penandatangan_nama }}, {% endif %}{{ mitra.penandatangan_jabatan }} "
          "(setingkat {{ mitra.penandatangan_tingkat }})")

    section("B. SUBSTANSI")
    cell = line("Latar belakang dan urgensi")
    tag(cell, "if mitra.latar_belakang")
    value(cell, "{{ mitra.latar_belakang }}")
    tag(cell, "else")
    dotted(cell, uraian, 3, size=SMALL)
    tag(cell, "endif")
    value(line("Tujuan"), "{{ mitra.tujuan }}")
    cell = line("Dasar hukum")
    legal = doc.new_list(left=0.6, hanging=0.6)
    for text, condition in (
        ("Undang-Undang Nomor 24 Tahun 2000 tentang Perjanjian Internasional;", None),
        ("Peraturan Pemerintah Nomor 59 Tahun 2016 tentang Organisasi Kemasyarakatan yang "
         "Didirikan oleh Warga Negara Asing;", 'mitra.jenis_huruf == "c"'),
        (PERMEN_65 + ";", None),
        ("Peraturan Menteri Hukum Nomor 1 Tahun 2024 tentang Organisasi dan Tata Kerja "
         "Kementerian Hukum.", None),
    ):
        if condition:
            tag(cell, f"if {condition}")
        para(cell, text, size=SMALL, num=legal)
        if condition:
            tag(cell, "endif")
    assessed("Kesesuaian dengan tugas dan fungsi Ditjen PP", "kajian.kesesuaian_tusi")
    assessed("Kesesuaian dengan Rencana Strategis Kementerian", "kajian.kesesuaian_renstra")
    cell = line("Ruang lingkup dan bentuk kegiatan")
    scope = doc.new_list("lowerLetter", "%1.", left=0.6, hanging=0.6)
    tag(cell, "for item in ruang_lingkup")
    para(cell, "{{ item.teks }}", size=SMALL, num=scope)
    tag(cell, "endfor")
    value(cell, "dalam bentuk Memorandum Saling Pengertian.")
    assessed("Manfaat", "kajian.manfaat")
    assessed("Risiko (politik, hukum, keamanan, reputasi, data dan kekayaan intelektual)",
             "kajian.risiko")
    assessed("Kedudukan dan kelayakan mitra", "kajian.kelayakan_mitra")
    cell = line("Pembiayaan")
    value(cell, "Biaya " + PEMBIAYAAN_SINGKAT)
    cell = line("Jangka waktu")
    value(cell, "{{ mitra.jangka_waktu|terbilang }} tahun")
    tag(cell, 'if mitra.jenis_huruf == "c" and mitra.jangka_waktu > 3')
    value(cell, italic("Perhatian: izin prinsip organisasi internasional nonpemerintah "
                       "berlaku paling lama 3 (tiga) tahun (PP Nomor 59 Tahun 2016)."))
    tag(cell, "endif")
    cell = line("Unit pelaksana dan penandatangan MSP")
    units = doc.new_list(left=0.6, hanging=0.6)
    tag(cell, "for unit in unit_pelaksana")
    para(cell, "{{ unit.nama }} ({{ unit.jenis }})", size=SMALL, num=units)
    tag(cell, "endfor")
    value(cell, DASAR_PENANDATANGAN, before=3)

    section("C. KESIMPULAN")
    cell = line("Rekomendasi")
    for choice in ("Dapat ditindaklanjuti", "Dapat ditindaklanjuti dengan catatan",
                   "Tidak dapat ditindaklanjuti"):
        para(cell, f'{{% if kajian.rekomendasi == "{choice}" %}}\u2612{{% else %}}\u2610'
             f"{{% endif %}}  {choice}", size=SMALL)
    assessed("Catatan", "kajian.catatan", lines=2)

    sign = table(doc.body, (doc.text_width / 2, doc.text_width / 2))
    cells = row(sign)
    tag(cells[0], "if kajian.analis != pejabat.subkoor.nama")
    signature(cells[0], "pejabat.subkoor.jabatan", "pejabat.subkoor.nama",
              "pejabat.subkoor.nip", indent=0.0, lead="Mengetahui,", before=18)
    tag(cells[0], "endif")
    para(cells[0], "")
    signature(cells[1], "'Analis' if kajian.analis != pejabat.subkoor.nama else "
              "pejabat.subkoor.jabatan", "kajian.analis", "kajian.nip_analis", indent=0.5,
              place_date="{{ kota }}, {% if kajian.tanggal %}{{ kajian.tanggal|tanggal }}"
              "{% else %}" + DATE_DOTS + "{% endif %}", before=18)
    return doc
