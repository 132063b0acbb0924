"""Builds the starting site from the organization's copy.

Every step first looks for what it would create and leaves anything that
exists alone, so running it again never overwrites what staff changed.
"""

from wagtail.models import Page, Site

from home.models import HomePage


class SeedLoader:
    def __init__(self):
        self.created = []

    def run(self):
        home = self.ensure_home_page()
        self.ensure_default_site(home)
        return self.created

    def ensure_home_page(self):
        home = HomePage.objects.first()
        if home:
            return home
        root = Page.get_first_root_node()
        # Wagtail's own migration leaves a placeholder "Welcome" page whose slug
        # the home page needs.
        for placeholder in root.get_children().filter(content_type__model="page", slug="home"):
            placeholder.delete()
        home = root.add_child(instance=HomePage(title="Home", slug="home", seo_title="Women's Prison Association"))
        self.created.append("home page")
        return home

    def ensure_default_site(self, home):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="")
            self.created.append("default site")
        elif site.root_page_id != home.pk and not isinstance(site.root_page.specific, HomePage):
            site.root_page = home
            site.save()
            self.created.append("default site root")
