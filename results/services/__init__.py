"""Writes of the published results, each one transaction:

- ``palmares``: a new version of the scoring method;
- ``publication``: publishing the barometer and the palmarès as frozen snapshots, and
  withdrawing them.
"""
