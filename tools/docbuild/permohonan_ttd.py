"""07a permohonan-ttd: the head of the sending unit asks the Menteri (through the
Sekretaris Jenderal) or the Sekretaris Jenderal to sign the agreed MSP."""

from __future__ import annotations

from .layout import Doc, bold, para, row, row_tag, table
from .parts import body, closing, item, kop, sign_off
from .phrases import DASAR_PENANDATANGAN, MITRA, TTD_TANGGAL

HAL = ("Permohonan Penandatanganan Memorandum Saling Pengertian antara "
       "{{ penandatangan.pihak }} dan " + MITRA)


def build_permohonan_ttd() -> Doc:
    """07a: nota dinas asking the signer to sign, with the agreed MSP attached."""
    doc = Doc("Nota Dinas Permohonan Penandatanganan MSP")
    kop(doc)
    para(doc.body, bold("NOTA DINAS"), align="center")
    para(doc.body, "NOMOR {{ surat.nomor|utuh }}", align="center", after=12)
    widths = (2.3, 0.4, doc.text_width - 2.7)
    tbl = table(doc.body, widths)

    def line(label: str, value: str) -> None:
        cells = row(tbl)
        para(cells[0], label)
        para(cells[1], ":")
        para(cells[2], value, align="justify" if len(value) > 60 else "left")

    line("Yth.", "{{ penandatangan.jabatan }}")
    row_tag(tbl, 'if penandatangan.peran == "MENTERI"')
    line("Melalui", "{{ pejabat.sekjen.jabatan }}")
    row_tag(tbl, "endif")
    line("Dari", "{{ pengirim.jabatan }}")
    line("Sifat", "{{ surat.sifat }}")
    line("Lampiran", "1 (satu) berkas")
    line("Hal", HAL)
    line("Tanggal", "{{ surat.tanggal|tanggal }}")
    para(doc.body, "", rule=12, after=12, size=6)
    body(doc, "Dengan hormat kami sampaikan bahwa naskah Memorandum Saling Pengertian antara "
         "{{ penandatangan.pihak }} dan " + MITRA + " tentang kerja sama di bidang "
         "{{ mitra.bidang }} telah disepakati, dengan penjelasan sebagai berikut:")
    points = doc.new_list(left=0.75, hanging=0.75)
    item(doc, points, "Rencana Kerja Sama Nomor {{ surat.nomor_rencana|utuh }} telah "
         "disampaikan dengan surat Nomor {{ surat.nomor_penyampaian|utuh }} tanggal "
         "{{ surat.tanggal_penyampaian|tanggal }}, dikaji dan dianalisis oleh "
         "{{ pejabat.kabag.jabatan }}, dan draf Memorandum Saling Pengertian telah dibahas "
         "bersama unit terkait dalam rapat berdasarkan undangan Nomor "
         "{{ surat.nomor_undangan|utuh }}.", after=4)
    item(doc, points, "Memorandum Saling Pengertian akan ditandatangani oleh "
         "{{ mitra.penandatangan_jabatan }}{% if mitra.penandatangan_nama %} "
         "({{ mitra.penandatangan_nama }}){% endif %} untuk " + MITRA + ", dan direncanakan "
         "ditandatangani di {{ ttd.tempat }} pada tanggal " + TTD_TANGGAL + ".", after=4)
    item(doc, points, DASAR_PENANDATANGAN, after=4)
    body(doc, "Sehubungan dengan hal tersebut, kami mohon kesediaan Bapak/Ibu untuk "
         "menandatangani Memorandum Saling Pengertian tersebut. Naskah Memorandum Saling "
         "Pengertian dalam bahasa Indonesia dan bahasa Inggris kami lampirkan.", before=6)
    closing(doc)
    sign_off(doc, "pengirim.jabatan", "pengirim.nama_pimpinan", "pengirim.nip",
             ["{{ pejabat.kabiro.jabatan }}", "{{ pejabat.kabag.jabatan }}"],
             paraf=["{{ pejabat.kabag.jabatan }}", "{{ pejabat.subkoor.jabatan }}"])
    return doc
