"""Outgoing email as stored, retried jobs: a message is queued in the same
transaction as what it is about, and a worker sends it, retrying with backoff
until the mail server takes it."""
