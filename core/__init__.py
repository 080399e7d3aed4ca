"""What every app uses and no app owns: the history kept of changes (``history``,
``history_admin``), e-mails (``emails``), text typed by users inside the interface's text
(``bidi`` and its template library), form widgets (``widgets``), server-side SVG charts
(``charts``) and reads from a read replica (``routers``). It imports no app of the
project."""
