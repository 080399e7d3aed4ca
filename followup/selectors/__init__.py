"""Aggregating reads of the followup app, each with a known number of queries:

- ``space``: the company space;
- ``dashboard``: the committee's dashboard, company, measure and certification pages;
- ``review``: the committee's review queue;
- ``history``: a report's history, change by change;
- ``registry``: certifications checked against the company directory's figures;
- ``scorecards``: a signatory's scorecard, campaign by campaign.
"""

from .space import (
    comments_by_measure,
    committee_space,
    company_space,
    evidence_by_measure,
    has_answers,
    last_return,
    report_with_answers,
    signatory_space,
)

__all__ = [
    "comments_by_measure",
    "committee_space",
    "company_space",
    "evidence_by_measure",
    "has_answers",
    "last_return",
    "report_with_answers",
    "signatory_space",
]
