"""Caching: the content version every cache is keyed by, what each worker
remembers, the full-page cache for anonymous visitors, Cache-Control, and the
signals that move the version on when content changes."""
