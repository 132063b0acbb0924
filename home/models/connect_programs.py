"""The program a Connect message is about: a program page's "Ask about this
program" button opens the Connect page with `?program=<the page's id>`, and
the form then asks which program, with that one already chosen."""

from programs.models import ProgramPage
from wpa_site.visibility import public_pages, restricted_paths

__all__ = ["ask_about_url", "asked_program", "program_choices"]
QUERY_PARAMETER = "program"


def program_choices(connect_page, request):
    """The programs visitors may see, in the Connect page's language and in
    menu order: (id, title, translation key) each, in one query."""
    programs = ProgramPage.objects.live().filter(locale_id=connect_page.locale_id).order_by("path")
    programs = public_pages(programs.only("id", "title", "path", "translation_key"), restricted_paths(request))
    return [(program.pk, program.title, program.translation_key) for program in programs]


def asked_program(request, programs=None):
    """The id in `?program=`, or None when it is missing or not a number.
    Given the programs to choose from, the title of the one it names (in
    any language), or None when it names none of them."""
    value = request.GET.get(QUERY_PARAMETER, "")
    if not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    page_id = int(value)
    if programs is None:
        return page_id
    for program_id, title, _key in programs:
        if program_id == page_id:
            return title
    # A program page in another language: its version in this one.
    key = ProgramPage.objects.filter(pk=page_id).values_list("translation_key", flat=True).first()
    for _id, title, translation_key in programs:
        if translation_key == key:
            return title
    return None


def ask_about_url(connect_url, program):
    return f"{connect_url}?{QUERY_PARAMETER}={program.pk}"
