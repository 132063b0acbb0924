"""Counting the SQL queries of a request, the budgets pages are held to,
and making every query fail as if the database were down.

The budgets are for a page rendered with the full-page cache off, on the
first request after a change (nothing remembered); a warm request makes no
more queries than that.
"""

from unittest import mock

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.test.utils import CaptureQueriesContext

# The home page gathers programs, press quotes, statistics and the promotion.
# Every page finds where Get help leads (the Connect page in its language):
# one query, remembered until the next change.
HOME_QUERY_BUDGET = 13
# Every other page type: program index and pages, news index, Connect, ...
PAGE_QUERY_BUDGET = 11


def page_types():
    """Every page type visitors see, each held to its budget."""
    from home.models import ConnectPage, HomePage, ImpactReportPage, PromotionPage, StandardPage
    from news.models import NewsIndexPage
    from programs.models import ProgramIndexPage, ProgramPage

    return [
        HomePage,
        ProgramIndexPage,
        ProgramPage,
        NewsIndexPage,
        ImpactReportPage,
        PromotionPage,
        StandardPage,
        ConnectPage,
    ]


def visit(client, path, warm=False):
    """One GET of `path`, which must answer 200: the response and the SQL of its queries.

    With `warm`, the page is visited once before, as any running site has
    (Wagtail's site root, compiled templates and renditions are then ready).
    """
    if warm:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response, [query["sql"] for query in captured.captured_queries]


def count_queries(client, path, warm=False):
    """How many SQL queries one GET of `path` makes; it must answer 200."""
    return len(visit(client, path, warm=warm)[1])


def fail_every_query(error):
    """Every SQL query raises `error` (a database error class) while this is in effect."""
    return mock.patch.object(CursorWrapper, "execute", side_effect=error("connection refused"))
