from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.http import urlencode


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
