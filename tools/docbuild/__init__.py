"""The builders of the shipped document templates, one module per document.

``python tools/build_templates.py`` writes them into ``templates/``;
tests/test_template_sources.py fails when a committed template differs from its builder.
"""

from __future__ import annotations

from collections.abc import Callable

from .kajian import build_kajian
from .kendali import build_kendali
from .laporan import build_laporan
from .layout import Doc
from .msp import build_msp
from .nota_dinas import build_nota_dinas
from .penyampaian import build_penyampaian
from .permohonan_ttd import build_permohonan_ttd
from .rencana import build_rencana
from .tanda_tangan import build_tanda_tangan
from .undangan import build_undangan

BUILDERS: dict[str, Callable[[], Doc]] = {
    "rencana": build_rencana,
    "penyampaian": build_penyampaian,
    "kajian": build_kajian,
    "nota-dinas": build_nota_dinas,
    "undangan": build_undangan,
    "msp": build_msp,
    "tanda-tangan": build_tanda_tangan,
    "permohonan-ttd": build_permohonan_ttd,
    "laporan": build_laporan,
    "kendali": build_kendali,
}
"""Template id → the function that builds it."""
