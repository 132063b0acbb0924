from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from news.models import PressItem


class PressItemViewSet(SnippetViewSet):
    model = PressItem
    icon = "openquote"
    menu_label = _("Press items")
    menu_order = 200
    add_to_admin_menu = True
    list_display = [
        "headline",
        "outlet",
        "date",
        BooleanColumn("featured", label=_("On the home page"), sort_key="featured"),
        # Wagtail's own label would be translated once, when this module is imported.
        LiveStatusTagColumn(label=_("Status")),
        UpdatedAtColumn(label=_("Updated")),
    ]
    list_filter = ["outlet", "featured", "live"]
    ordering = ["-date", "headline"]


register_snippet(PressItemViewSet)
