"""PDF documents made in the background: the committee's campaign report, a company's
report card and its adhesion certificate. A request records a ``models.Document`` and
queues ``tasks.build_document``; ``pdf`` renders with WeasyPrint from what ``selectors``
reads; ``access`` says who may read a document."""
