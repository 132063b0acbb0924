"""What every page tells search engines about itself."""


class SeoMixin:
    """A meta description for every page: the editor's, or the page's own summary."""

    summary_field = None

    @property
    def meta_description(self):
        if self.search_description:
            return self.search_description
        if self.summary_field:
            return getattr(self, self.summary_field, "") or ""
        return ""
