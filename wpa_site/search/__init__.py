"""Site search: the search page, and the Snowball stems that let Spanish word
forms find one another (stemming.py)."""
