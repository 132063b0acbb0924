"""The dashboard: "Ready for visitors" for administrators, and the open
Connect messages by age for whoever handles them."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from home import readiness
from home.inbox.views import open_counts


class ReadyForVisitorsPanel(Component):
    name = "ready_for_visitors"
    template_name = "home/admin/ready_for_visitors_panel.html"
    order = 10

    def __init__(self, items):
        self.items = items

    def get_context_data(self, parent_context):
        return {"items": self.items}


class OpenMessagesPanel(Component):
    name = "open_connect_messages"
    template_name = "home/admin/open_messages_panel.html"
    order = 20

    def __init__(self, figures):
        self.figures = figures

    def get_context_data(self, parent_context):
        inbox = reverse("connect_inbox:index")
        return {
            "figures": self.figures,
            "open_url": f"{inbox}?status=open",
            "today_url": f"{inbox}?status=open&age=today",
            "recent_url": f"{inbox}?status=open&age=recent",
            "older_url": f"{inbox}?status=open&age=older",
            "waiting_url": f"{inbox}?age=waiting",
            "unassigned_url": f"{inbox}?status=open&owner=unassigned",
        }


def ready_for_visitors_panel(request):
    if not request.user.is_superuser:
        return None
    items = readiness.unmet()
    return ReadyForVisitorsPanel(items) if items else None


def open_messages_panel():
    return OpenMessagesPanel(open_counts())
