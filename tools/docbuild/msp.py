"""06 msp: the bilingual draft MoU, and the closing clause and signature blocks it
shares with the signing page."""

from __future__ import annotations

from collections.abc import Sequence

from docx.shared import Pt

from .layout import (
    ALIGN,
    SMALL,
    Doc,
    Part,
    Span,
    bold,
    italic,
    page_number,
    para,
    row,
    row_tag,
    table,
    tag,
)
from .parts import lampiran_heading
from .phrases import (
    DOTS,
    MITRA,
    MITRA_EN,
    TTD_DATE_EN,
    TTD_TANGGAL,
)

MSP_SIZE = SMALL
COLUMN = 7.8
GUTTER = 16.0 - 2 * COLUMN


class Bilingual:
    """The two-column table of a bilingual text: Indonesian left, English right."""

    def __init__(self, doc: Doc, size: float = MSP_SIZE) -> None:
        self.doc = doc
        self.size = size
        self.tbl = table(doc.body, (COLUMN, GUTTER, COLUMN))

    def pair(self, left: Sequence[Part] | Part, right: Sequence[Part] | Part, *,
             align: str = "justify", bold_all: bool = False, before: float = 0,
             after: float = 6, num: tuple[int, int] | None = None,
             indent: float = 0.0, keep: bool = False) -> None:
        """One row: the same paragraph in both languages, side by side."""
        cells = row(self.tbl)
        for cell, parts, number in ((cells[0], left, num[0] if num else None),
                                    (cells[2], right, num[1] if num else None)):
            seq: Sequence[Part] = [parts] if isinstance(parts, str | Span) else parts
            para(cell, *seq, align=align, bold_all=bold_all, before=before, after=after,
                 size=self.size, num=number, indent=indent, keep=keep)

    def heading(self, left: str, right: str, *, before: float = 12) -> None:
        """``PASAL n`` beside ``ARTICLE n`` or a title line, centred and bold."""
        self.pair(left, right, align="center", bold_all=True, before=before, after=0,
                  keep=True)

    def article(self, number: int, left: str, right: str) -> None:
        """An article's number and title in both languages."""
        self.heading(f"PASAL {number}", f"ARTICLE {number}")
        self.heading(left.upper(), right.upper(), before=0)
        cells = row(self.tbl)
        para(cells[0], "", size=4, keep=True)

    def lists(self, fmt: str = "decimal", text: str = "(%1)") -> tuple[int, int]:
        """A pair of Word lists, one per column."""
        return (self.doc.new_list(fmt, text, left=0.8, hanging=0.8),
                self.doc.new_list(fmt, text, left=0.8, hanging=0.8))

    def row_tag(self, code: str) -> None:
        """A ``{%tr %}`` row."""
        row_tag(self.tbl, code)

    def blank(self, height: float = 6) -> None:
        """An empty row."""
        cells = row(self.tbl)
        para(cells[0], "", size=height)


PEMBIAYAAN_EN = {
    "Masing-masing Pihak": (
        "Each Party shall bear its own costs in implementing this Memorandum of "
        "Understanding, subject to the availability of funds and in accordance with the "
        "laws and regulations in force in their respective countries."
    ),
    "APBN": (
        "The costs of implementing this Memorandum of Understanding shall be charged to "
        "the State Budget of the Republic of Indonesia, subject to the availability of funds "
        "and in accordance with the laws and regulations in force."
    ),
    "Mitra": (
        "The costs of implementing this Memorandum of Understanding shall be borne by "
        "the {{ mitra.nama_en }}, in accordance with its applicable rules, without creating "
        "any financial obligation on the State Budget of the Republic of Indonesia."
    ),
    "Bersama": (
        "The costs of implementing this Memorandum of Understanding shall be jointly borne "
        "by the Parties as mutually agreed for each activity, subject to the availability "
        "of funds and in accordance with the laws and regulations in force in their "
        "respective countries."
    ),
}
PEMBIAYAAN_MSP_ID = {
    "Masing-masing Pihak": (
        "Setiap Pihak menanggung biayanya sendiri dalam pelaksanaan Memorandum Saling "
        "Pengertian ini, sesuai dengan ketersediaan anggaran dan hukum serta peraturan "
        "perundang-undangan yang berlaku di negara masing-masing."
    ),
    "APBN": (
        "Biaya pelaksanaan Memorandum Saling Pengertian ini dibebankan pada Anggaran "
        "Pendapatan dan Belanja Negara Republik Indonesia, sesuai dengan ketersediaan "
        "anggaran dan ketentuan peraturan perundang-undangan yang berlaku."
    ),
    "Mitra": (
        "Biaya pelaksanaan Memorandum Saling Pengertian ini ditanggung oleh {{ mitra.nama }} "
        "sesuai dengan ketentuan yang berlaku baginya, tanpa menimbulkan kewajiban "
        "keuangan bagi Anggaran Pendapatan dan Belanja Negara Republik Indonesia."
    ),
    "Bersama": (
        "Biaya pelaksanaan Memorandum Saling Pengertian ini ditanggung bersama oleh Para "
        "Pihak sesuai dengan kesepakatan untuk setiap kegiatan, ketersediaan anggaran, dan "
        "hukum serta peraturan perundang-undangan yang berlaku di negara masing-masing."
    ),
}


def closing_clause(doc: Doc, size: float = MSP_SIZE) -> None:
    """The bilingual closing clause with place, date and the prevailing text."""
    text = Bilingual(doc, size)
    text.pair(
        [bold("SEBAGAI BUKTI,"), " yang bertanda tangan di bawah ini, yang diberi kuasa oleh "
         "institusi masing-masing, telah menandatangani Memorandum Saling Pengertian ini."],
        [bold("IN WITNESS WHEREOF,"), " the undersigned, being duly authorized by their "
         "respective institutions, have signed this Memorandum of Understanding."],
        before=12, keep=True,
    )
    text.pair(
        [bold("DIBUAT"), " dalam rangkap 2 (dua) di {{ ttd.tempat }} pada tanggal "
         + TTD_TANGGAL + ", dalam bahasa Indonesia dan bahasa Inggris, semua naskah sama "
         "autentiknya. Dalam hal terjadi perbedaan penafsiran, naskah "
         '{% if naskah_berlaku == "ID" %}bahasa Indonesia{% else %}bahasa Inggris{% endif %}'
         " yang berlaku."],
        [bold("DONE"), " in duplicate at {{ ttd.tempat_en }} on " + TTD_DATE_EN + ", in the "
         "Indonesian and English languages, all texts being equally authentic. In case of "
         "any divergence of interpretation, the "
         '{% if naskah_berlaku == "ID" %}Indonesian{% else %}English{% endif %}'
         " text shall prevail."],
        after=24, keep=True,
    )


def signature_blocks(doc: Doc, size: float = MSP_SIZE) -> None:
    """Both parties' signature blocks side by side."""
    blocks = table(doc.body, (COLUMN, GUTTER, COLUMN))
    cells = row(blocks)
    for cell, ours in ((cells[0], True), (cells[2], False)):
        party = "{{ penandatangan.pihak|upper }}" if ours else "{{ mitra.nama|upper }}"
        party_en = ("{{ penandatangan.pihak_en|upper }}" if ours
                    else "{{ mitra.nama_en|upper }}")
        para(cell, bold("UNTUK " + party), align="center", size=size, keep=True)
        para(cell, Span("FOR THE " + party_en, bold=True, italic=True), align="center",
             size=size, keep=True)
    cells = row(blocks)
    for cell in (cells[0], cells[2]):
        for _ in range(5):
            para(cell, "", size=size, keep=True)
    cells = row(blocks)
    para(cells[0], bold("{{ penandatangan.nama }}"), align="center", size=size)
    # Signing for the ministry below the Menteri, where the office delegates so (the
    # Atas Nama Menteri setting): "a.n." and the Menteri's title above the signer's.
    tag(cells[0], "if penandatangan.atas_nama_menteri")
    para(cells[0], "a.n. {{ pejabat.menteri.jabatan }}", align="center", size=size)
    tag(cells[0], "endif")
    para(cells[0], "{{ penandatangan.jabatan }}", align="center", size=size)
    tag(cells[0], "if penandatangan.atas_nama_menteri")
    para(cells[0], italic("on behalf of the {{ pejabat.menteri.jabatan_en }}"), align="center",
         size=size)
    tag(cells[0], "endif")
    para(cells[0], italic("{{ penandatangan.jabatan_en }}"), align="center", size=size)
    para(cells[2], bold("{% if mitra.penandatangan_nama %}{{ mitra.penandatangan_nama }}"
                        "{% else %}" + DOTS + "{% endif %}"), align="center", size=size)
    para(cells[2], "{{ mitra.penandatangan_jabatan }}", align="center", size=size)


def build_msp() -> Doc:
    """06: the draft MoU, Indonesian beside English, articles in the usual order."""
    doc = Doc("Draf Memorandum Saling Pengertian")
    section = doc.docx.sections[0]
    header = section.header.paragraphs[0]
    header.paragraph_format.alignment = ALIGN["right"]
    run = header.add_run("DRAF / DRAFT")
    run.bold = True
    run.font.size = Pt(10)
    para(section.header, Span("Draf untuk pembahasan / Draft for discussion",
                              italic=True, size=9), align="right")
    footer = section.footer.paragraphs[0]
    footer.paragraph_format.alignment = ALIGN["center"]
    page_number(footer, size=10)

    lampiran_heading(doc, "pengirim.jabatan", "surat.nomor_undangan", "surat.tanggal")
    msp = Bilingual(doc)
    for left, right in (
        ("MEMORANDUM SALING PENGERTIAN", "MEMORANDUM OF UNDERSTANDING"),
        ("ANTARA", "BETWEEN"),
        ("{{ penandatangan.pihak|upper }}", "{{ penandatangan.pihak_en|upper }}"),
        ("DAN", "AND"),
        ("{{ mitra.nama|upper }}", "{{ mitra.nama_en|upper }}"),
        ("TENTANG", "ON"),
        ("KERJA SAMA DI BIDANG {{ mitra.bidang|upper }}",
         "COOPERATION IN THE FIELD OF {{ mitra.bidang_en|upper }}"),
    ):
        msp.pair(left, right, align="center", bold_all=True, after=4)
    msp.blank(12)
    msp.pair("{{ penandatangan.pihak }} dan " + MITRA + " (selanjutnya secara bersama-sama "
             "disebut \u201cPara Pihak\u201d dan secara sendiri-sendiri disebut "
             "\u201cPihak\u201d);",
             "The {{ penandatangan.pihak_en }} and the " + MITRA_EN + " (hereinafter referred "
             "to "
             "collectively as \u201cthe Parties\u201d and individually as "
             "\u201ca Party\u201d);")
    msp.pair([bold("MENYADARI"), " pentingnya kerja sama di bidang {{ mitra.bidang }} bagi "
              "kepentingan bersama Para Pihak;"],
             [bold("RECOGNIZING"), " the importance of cooperation in the field of "
              "{{ mitra.bidang_en }} for the mutual benefit of the Parties;"])
    msp.pair([bold("BERKEINGINAN"), " untuk memperkuat dan mengembangkan kerja sama atas "
              "dasar kesetaraan dan saling menguntungkan;"],
             [bold("DESIRING"), " to strengthen and develop cooperation on the basis of "
              "equality and mutual benefit;"])
    msp.pair([bold("MENGINGAT"), " hukum dan peraturan perundang-undangan yang berlaku di "
              "negara masing-masing;"],
             [bold("PURSUANT TO"), " the laws and regulations in force in their respective "
              "countries;"])
    msp.pair(bold("TELAH MENCAPAI PENGERTIAN SEBAGAI BERIKUT:"),
             bold("HAVE REACHED THE FOLLOWING UNDERSTANDING:"), before=6, align="left")

    msp.article(1, "Tujuan", "Objective")
    msp.pair("Memorandum Saling Pengertian ini bertujuan untuk {{ mitra.tujuan|kalimat }}",
             "The objective of this Memorandum of Understanding is {{ mitra.tujuan_en|kalimat }}")

    msp.article(2, "Ruang Lingkup", "Scope of Cooperation")
    msp.pair("Ruang lingkup kerja sama berdasarkan Memorandum Saling Pengertian ini "
             "meliputi:",
             "The scope of cooperation under this Memorandum of Understanding shall cover:",
             after=2, keep=True)
    letters = msp.lists("lowerLetter", "%1.")
    msp.row_tag("for item in ruang_lingkup")
    msp.pair("{{ item.teks }}", "{{ item.teks_en }}", num=letters, after=2)
    msp.row_tag("endfor")

    msp.article(3, "Bentuk Kerja Sama", "Forms of Cooperation")
    msp.pair("Kerja sama sebagaimana dimaksud dalam Pasal 2 dapat dilaksanakan dalam "
             "bentuk:",
             "The cooperation referred to in Article 2 may be carried out in the following "
             "forms:", after=2, keep=True)
    forms = msp.lists("lowerLetter", "%1.")
    for left, right in (
        ("pertukaran informasi, dokumen, dan publikasi;",
         "exchange of information, documents and publications;"),
        ("seminar, lokakarya, dan diskusi;", "seminars, workshops and discussions;"),
        ("pelatihan dan peningkatan kapasitas sumber daya manusia;",
         "training and human resources capacity building;"),
        ("kunjungan kerja dan pertukaran tenaga ahli; dan",
         "study visits and exchange of experts; and"),
        ("bentuk kerja sama lain yang disepakati oleh Para Pihak.",
         "other forms of cooperation as mutually agreed by the Parties."),
    ):
        msp.pair(left, right, num=forms, after=2)

    msp.article(4, "Lembaga Pelaksana", "Implementing Agencies")
    agencies = msp.lists()
    # A unit that is itself the party is not its own implementing agency.
    msp.row_tag("if penandatangan.pihak_kementerian")
    msp.pair("Lembaga pelaksana Memorandum Saling Pengertian ini untuk "
             "{{ penandatangan.pihak }} adalah:",
             "The implementing agencies of this Memorandum of Understanding for the "
             "{{ penandatangan.pihak_en }} shall be:", num=agencies, after=2, keep=True)
    units = (doc.new_list("lowerLetter", "%1.", left=1.4, hanging=0.6),
             doc.new_list("lowerLetter", "%1.", left=1.4, hanging=0.6))
    msp.row_tag("for unit in unit_pelaksana")
    end = "{% if loop.last %}.{% else %};{% endif %}"
    msp.pair("{{ unit.nama }}" + end, "{{ unit.nama_en }}" + end, num=units, after=2)
    msp.row_tag("endfor")
    msp.row_tag("else")
    msp.pair("{{ penandatangan.pihak }} melaksanakan Memorandum Saling Pengertian ini "
             "melalui satuan kerja di lingkungannya.",
             "The {{ penandatangan.pihak_en }} shall implement this Memorandum of "
             "Understanding through its own working units.", num=agencies)
    msp.row_tag("endif")
    msp.pair("{{ mitra.nama }} menunjuk satuan kerja pelaksana Memorandum Saling Pengertian "
             "ini di lingkungannya dan memberitahukannya secara tertulis kepada "
             "{{ penandatangan.pihak }}.",
             "The {{ mitra.nama_en }} shall designate its implementing units for this "
             "Memorandum of Understanding and notify the {{ penandatangan.pihak_en }} "
             "thereof in writing.", num=agencies)

    msp.article(5, "Pelaksanaan", "Implementing Arrangements")
    steps = msp.lists()
    msp.pair("Para Pihak akan menyusun rencana kegiatan yang memuat jenis kegiatan, jadwal, "
             "tempat, dan pembiayaan untuk melaksanakan Memorandum Saling Pengertian ini.",
             "The Parties shall draw up activity plans setting out the activities, schedule, "
             "venue and financing to implement this Memorandum of Understanding.", num=steps)
    msp.pair("Setiap kegiatan yang memerlukan pengaturan lebih rinci dituangkan dalam "
             "pengaturan pelaksanaan yang disepakati secara tertulis oleh Para Pihak.",
             "Any activity requiring more detailed arrangements shall be set out in "
             "implementing arrangements agreed in writing by the Parties.", num=steps)
    msp.pair("Para Pihak akan melakukan evaluasi pelaksanaan Memorandum Saling Pengertian "
             "ini secara berkala.",
             "The Parties shall periodically evaluate the implementation of this Memorandum "
             "of Understanding.", num=steps)

    msp.article(6, "Pembiayaan", "Financial Arrangements")
    first = True
    for kind in PEMBIAYAAN_MSP_ID:
        msp.row_tag(f'{"if" if first else "elif"} mitra.pembiayaan == "{kind}"')
        msp.pair(PEMBIAYAAN_MSP_ID[kind], PEMBIAYAAN_EN[kind])
        first = False
    msp.row_tag("endif")

    msp.article(7, "Kerahasiaan", "Confidentiality")
    secret = msp.lists()
    msp.pair("Setiap Pihak menjaga kerahasiaan dokumen, data, dan informasi yang diterima "
             "dari Pihak lainnya dalam pelaksanaan Memorandum Saling Pengertian ini.",
             "Each Party shall maintain the confidentiality of documents, data and "
             "information received from the other Party in the implementation of this "
             "Memorandum of Understanding.", num=secret)
    msp.pair("Dokumen, data, dan informasi tersebut tidak akan diungkapkan kepada pihak "
             "ketiga tanpa persetujuan tertulis sebelumnya dari Pihak yang memberikan.",
             "Such documents, data and information shall not be disclosed to any third "
             "party without the prior written consent of the Party providing them.",
             num=secret)
    msp.pair("Ketentuan dalam pasal ini tetap berlaku walaupun Memorandum Saling Pengertian "
             "ini telah berakhir.",
             "The provisions of this Article shall remain in force notwithstanding the "
             "termination of this Memorandum of Understanding.", num=secret)

    msp.article(8, "Hak Kekayaan Intelektual", "Intellectual Property Rights")
    rights = msp.lists()
    msp.pair("Perlindungan hak kekayaan intelektual yang timbul dari pelaksanaan "
             "Memorandum Saling Pengertian ini dilaksanakan sesuai dengan hukum dan peraturan "
             "perundang-undangan yang berlaku di negara masing-masing Pihak serta perjanjian "
             "internasional yang mengikat Para Pihak.",
             "The protection of intellectual property rights arising from the implementation "
             "of this Memorandum of Understanding shall be in accordance with the laws and "
             "regulations in force in the respective countries of the Parties and the "
             "international agreements binding on the Parties.", num=rights)
    msp.pair("Penggunaan nama, logo, dan lambang resmi salah satu Pihak memerlukan "
             "persetujuan tertulis sebelumnya dari Pihak tersebut.",
             "The use of the name, logo and official emblem of either Party shall require "
             "the prior written consent of that Party.", num=rights)

    msp.article(9, "Penyelesaian Perbedaan", "Settlement of Differences")
    msp.pair("Setiap perbedaan yang timbul dari penafsiran atau pelaksanaan Memorandum "
             "Saling Pengertian ini akan diselesaikan secara damai melalui konsultasi "
             "dan/atau negosiasi antara Para Pihak.",
             "Any difference arising from the interpretation or implementation of this "
             "Memorandum of Understanding shall be settled amicably through consultation "
             "and/or negotiation between the Parties.")

    msp.article(10, "Amandemen", "Amendment")
    msp.pair("Memorandum Saling Pengertian ini dapat diubah setiap saat atas persetujuan "
             "tertulis Para Pihak. Perubahan tersebut merupakan bagian yang tidak terpisahkan "
             "dari Memorandum Saling Pengertian ini.",
             "This Memorandum of Understanding may be amended at any time by mutual written "
             "consent of the Parties. Such amendments shall form an integral part of this "
             "Memorandum of Understanding.")

    msp.article(11, "Mulai Berlaku, Jangka Waktu dan Pengakhiran",
                "Entry into Force, Duration and Termination")
    term = msp.lists()
    msp.pair("Memorandum Saling Pengertian ini mulai berlaku pada tanggal penandatanganan "
             "dan berlaku untuk jangka waktu {{ mitra.jangka_waktu|terbilang }} tahun.",
             "This Memorandum of Understanding shall enter into force on the date of its "
             "signing and shall remain in force for a period of "
             "{{ mitra.jangka_waktu|in_words }} years.", num=term)
    msp.pair("Memorandum Saling Pengertian ini dapat diperpanjang atas persetujuan tertulis "
             "Para Pihak.",
             "This Memorandum of Understanding may be extended by mutual written consent of "
             "the Parties.", num=term)
    msp.pair("Setiap Pihak dapat mengakhiri Memorandum Saling Pengertian ini dengan "
             "memberitahukan secara tertulis kepada Pihak lainnya paling lambat 6 (enam) "
             "bulan sebelum tanggal pengakhiran yang dikehendaki.",
             "Either Party may terminate this Memorandum of Understanding by giving written "
             "notice to the other Party at least 6 (six) months prior to the intended date of "
             "termination.", num=term)
    msp.pair("Pengakhiran Memorandum Saling Pengertian ini tidak memengaruhi kegiatan yang "
             "sedang berjalan, yang tetap dilaksanakan sampai selesai kecuali disepakati lain "
             "oleh Para Pihak.",
             "The termination of this Memorandum of Understanding shall not affect ongoing "
             "activities, which shall continue until their completion unless otherwise "
             "agreed by the Parties.", num=term)

    closing_clause(doc)
    signature_blocks(doc)
    return doc
