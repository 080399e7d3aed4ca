"""Writes of the followup app, each one transaction:

- ``reports``: the company space and the reports (save, submit, copy, evidence);
- ``review``: the committee's review and the company's right of reply.
"""

from .reports import (
    EvidenceNotRemovable,
    ReportClosed,
    StaleReport,
    TransitionNotAllowed,
    certification_save,
    commitments_update,
    evidence_attach,
    evidence_remove,
    measures_for,
    previous_report,
    receipt_send,
    register_receipt_sender,
    report_copy_previous,
    report_save,
    report_submit,
    report_url,
)

__all__ = [
    "EvidenceNotRemovable",
    "ReportClosed",
    "StaleReport",
    "TransitionNotAllowed",
    "certification_save",
    "commitments_update",
    "evidence_attach",
    "evidence_remove",
    "measures_for",
    "previous_report",
    "receipt_send",
    "register_receipt_sender",
    "report_copy_previous",
    "report_save",
    "report_submit",
    "report_url",
]
