"""Reads of the published results:

- ``barometer``: the employment barometer, its groups and what is hidden;
- ``palmares``: the palmarès's scores, ranks and open data;
- ``scorecards``: the signatories' scorecards, as published.
"""
