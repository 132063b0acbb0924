from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import ConnectPage, HomePage, ImpactReportPage, PromotionPage, StandardPage
from home.seed.loader import SeedLoader
from news.models import NewsIndexPage
from programs.models import ProgramIndexPage, ProgramPage


class PageTreeRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        SeedLoader().run()
        cls.home = HomePage.objects.get(locale__language_code="en")
        cls.programs = ProgramIndexPage.objects.get(locale__language_code="en")

    def setUp(self):
        self.login()

    def test_home_page_sits_at_the_root_and_only_once(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertEqual(HomePage.max_count, 1)
        self.assertEqual(ProgramIndexPage.max_count, 1)
        self.assertEqual(NewsIndexPage.max_count, 1)

    def test_what_may_go_under_the_home_page(self):
        self.assertAllowedSubpageTypes(
            HomePage, {ProgramIndexPage, NewsIndexPage, ImpactReportPage, PromotionPage, StandardPage, ConnectPage}
        )

    def test_programs_live_only_under_the_programs_index(self):
        self.assertAllowedParentPageTypes(ProgramPage, {ProgramIndexPage})
        self.assertAllowedSubpageTypes(ProgramIndexPage, {ProgramPage})
        self.assertCanNotCreateAt(HomePage, ProgramPage)

    def test_leaf_pages_take_no_children(self):
        for page_type in [ProgramPage, ImpactReportPage, PromotionPage, NewsIndexPage]:
            self.assertAllowedSubpageTypes(page_type, set())

    def test_a_second_programs_index_cannot_be_added(self):
        self.assertFalse(ProgramIndexPage.can_create_at(self.home))

    def test_every_seeded_page_is_routable(self):
        for page in self.home.get_descendants(inclusive=True).live().specific():
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)

    def test_editors_can_create_each_page_type_in_the_admin(self):
        self.assertCanCreate(
            self.programs,
            ProgramPage,
            nested_form_data(
                {
                    "title": "Reentry Support",
                    "slug": "reentry-support",
                    "summary": "Support after release.",
                    "who_its_for_heading": "",
                    "who_its_for": rich_text(""),
                    "body": streamfield([("paragraph", rich_text("<p>More about it.</p>"))]),
                }
            ),
        )
        self.assertCanCreate(
            self.home,
            ImpactReportPage,
            nested_form_data(
                {
                    "title": "2026 Impact Report",
                    "slug": "2026-impact-report",
                    "reporting_period": "2025–2026",
                    "summary": "A summary.",
                    "key_figures": streamfield([("figure", {"value": "600", "label": "Women", "description": ""})]),
                    "body": streamfield([]),
                }
            ),
        )
        self.assertCanCreate(
            self.home,
            PromotionPage,
            nested_form_data(
                {
                    "title": "Spring Drive",
                    "slug": "spring-drive",
                    "text": "A promotion.",
                    "partner_name": "",
                    "book_list_url": "",
                    "book_list_link_text": "",
                    "display_start": "",
                    "display_end": "",
                }
            ),
        )
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data({"title": "About", "slug": "about", "introduction": "", "body": streamfield([])}),
        )

    def test_home_page_statistics_are_plain_fields_in_the_editor(self):
        response = self.client.get(f"/admin/pages/{self.home.pk}/edit/")
        self.assertContains(response, 'value="500+"')
        self.assertContains(response, 'value="WOMEN SERVED"')
