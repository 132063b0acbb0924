"""WPA's own content: pages, the Connect form, site settings and the
translatable site-wide content. Newsletter sign-ups are in home.newsletter."""

from home.models.connect import ConnectPage, ConnectSubmission
from home.models.connect_questions import ConnectFormField
from home.models.inbox import ConnectHandling, ConnectNote, MessageStatus
from home.models.pages import HomePage, HomePageStatistic, ImpactReportPage, StandardPage
from home.models.promotion import PromotionPage, next_window_change
from home.models.seed_record import SeedRecord
from home.models.settings import ConnectSettings, OrganizationSettings, SafetySettings, SearchEngineSettings
from home.models.snippets import SiteWideContent

__all__ = [
    "ConnectFormField",
    "ConnectHandling",
    "ConnectNote",
    "ConnectPage",
    "ConnectSubmission",
    "ConnectSettings",
    "HomePage",
    "HomePageStatistic",
    "ImpactReportPage",
    "MessageStatus",
    "OrganizationSettings",
    "PromotionPage",
    "SafetySettings",
    "SearchEngineSettings",
    "SeedRecord",
    "SiteWideContent",
    "StandardPage",
    "next_window_change",
]
