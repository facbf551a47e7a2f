"""Who signs the MSP, and which rule decided it (SPEC §5).

Permenkumham 65/2016 Pasal 14 ayat (1) and SOP step 7: the Menteri, a Pimpinan Unit
Utama, a Kepala Kantor Wilayah or a Kepala UPT signs; one unit's cooperation may be
signed by that unit's head, two or more units' by the Menteri or the Sekretaris
Jenderal; the signatory may follow the partner's level.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from ksdocs.models import Official, Partner, Settings, Unit

DASAR = "Pasal 14 ayat (1) Permenkumham 65/2016 dan langkah 7 SOP"

HEAD_BY_UNIT_TYPE = {
    "Unit Utama": "Pimpinan Unit Utama",
    "Kantor Wilayah": "Kepala Kantor Wilayah",
    "UPT": "Kepala Unit Pelaksana Teknis",
}


class Rule(Enum):
    """The four rules of SPEC §5, in the order they are tried."""

    OVERRIDE = 1
    COUNTERPART_MINISTER = 2
    SEVERAL_UNITS = 3
    ONE_UNIT = 4


@dataclass(frozen=True)
class Signatory:
    """The official who signs the MSP and the party the MSP names for the ministry."""

    jabatan: str
    jabatan_en: str
    nama: str
    nip: str
    rule: Rule
    reason: str
    pihak: str
    """The party in Indonesian: the ministry, or the unit with the ministry after it."""
    pihak_en: str
    unit: Unit | None = None
    """The unit whose head signs, when a unit's head signs."""


def _ministry(
    official: Official, rule: Rule, reason: str, settings: Settings
) -> Signatory:
    return Signatory(
        official.jabatan, official.jabatan_en, official.nama, official.nip, rule, reason,
        settings.nama_kementerian, settings.nama_kementerian_en,
    )


def _unit_head(unit: Unit, rule: Rule, reason: str, settings: Settings) -> Signatory:
    return Signatory(
        unit.jabatan, unit.jabatan_en, unit.nama_pimpinan, unit.nip, rule, reason,
        f"{unit.nama}, {settings.nama_kementerian}",
        f"{unit.nama_en}, {settings.nama_kementerian_en}",
        unit,
    )


def choose_signatory(
    partner: Partner,
    units: Mapping[str, Unit],
    officials: Mapping[str, Official],
    settings: Settings,
) -> Signatory:
    """Apply SPEC §5 to a validated partner; `KeyError` means the workbook was not validated."""
    if partner.pengganti:
        reason = f"Aturan 1 (penandatangan pengganti): {partner.alasan_pengganti}"
        code = partner.pengganti
        if code in officials:
            official = officials[code]
            if code not in ("MENTERI", "SEKJEN") and len(partner.unit_pelaksana) == 1:
                unit = units[partner.unit_pelaksana[0]]
                return Signatory(
                    official.jabatan, official.jabatan_en, official.nama, official.nip,
                    Rule.OVERRIDE, reason,
                    f"{unit.nama}, {settings.nama_kementerian}",
                    f"{unit.nama_en}, {settings.nama_kementerian_en}",
                )
            return _ministry(official, Rule.OVERRIDE, reason, settings)
        return _unit_head(units[code], Rule.OVERRIDE, reason, settings)
    if partner.penandatangan_tingkat == "Menteri":
        return _ministry(
            officials["MENTERI"], Rule.COUNTERPART_MINISTER,
            "Aturan 2: penandatangan mitra setingkat Menteri, maka MSP ditandatangani "
            f"Menteri ({DASAR}: pejabat penandatangan dapat disesuaikan dengan pihak mitra).",
            settings,
        )
    count = len(partner.unit_pelaksana)
    if count >= 2:
        return _ministry(
            officials["SEKJEN"], Rule.SEVERAL_UNITS,
            f"Aturan 3: dilaksanakan oleh {count} unit, maka MSP ditandatangani Sekretaris "
            f"Jenderal ({DASAR}: kerja sama 2 unit atau lebih ditandatangani Menteri atau "
            "Sekretaris Jenderal).",
            settings,
        )
    unit = units[partner.unit_pelaksana[0]]
    head = HEAD_BY_UNIT_TYPE.get(unit.jenis, "Pimpinan unit")
    return _unit_head(
        unit, Rule.ONE_UNIT,
        f"Aturan 4: dilaksanakan oleh 1 unit ({unit.nama}, {unit.jenis}), maka MSP "
        f"ditandatangani {head} ({DASAR}).",
        settings,
    )
