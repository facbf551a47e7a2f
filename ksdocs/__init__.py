"""ksdocs: one Excel workbook in, the signature-ready document pack of the SOP out."""

__version__ = "0.1.0"
