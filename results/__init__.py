"""The published results: the palmarès's scoring method (``models.ScoringMethod``), the
barometer and the palmarès computed from validated reports (``selectors.barometer``,
``selectors.palmares``), which groups of a published table are hidden (``disclosure``),
their publication as frozen, versioned snapshots (``services.publication``) and the pages
that show them (``views``). The demo data set is made here (``demo``, ``seed_demo``): it
ends with the results of the closed campaigns."""
