from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.http import urlencode

from wpa_site.cache.pages import skip_page_cache


def paginate(request, items, per_page, **query):
    """One page of `items`, with the addresses of its neighbours.

    `query` holds the list's other parameters (a filter, a search) so that
    following "next" keeps them.
    """
    paginator = Paginator(items, per_page)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    asked = request.GET.get("page")
    if asked is not None and (page.number == 1 or asked != str(page.number)):
        skip_page_cache(request)  # the first page's address has no number; others have theirs, plainly
    kept = {key: value for key, value in query.items() if value}

    def address(number):
        params = {**kept, "page": number} if number > 1 else kept
        return "?" + urlencode(params) if params else request.path

    return {
        "page": page,
        "items": list(page.object_list),
        "number": page.number,
        "num_pages": paginator.num_pages,
        "previous_url": address(page.previous_page_number()) if page.has_previous() else "",
        "next_url": address(page.next_page_number()) if page.has_next() else "",
    }
