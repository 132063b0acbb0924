"""The Spanish version of each seeded page and of the site-wide content, made
as wagtail-localize translations of the English.

Each English object gets a TranslationSource and a Translation into Spanish
whose strings come from es.po, so staff find them in wagtail-localize's
editor beside the English, can download and upload their PO, and are told
when the English changes. Links to seeded pages (the menu, the home page's
features) are overridden to point at the Spanish pages.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from wagtail.blocks import PageChooserBlock
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Locale, Page
from wagtail_localize.models import OverridableSegment, SegmentOverride, Translation, TranslationSource

SPANISH = "es"


class SpanishSeed:
    def __init__(self, catalog, once):
        self.catalog = catalog
        self.once = once
        self.locale = Locale.objects.filter(language_code=SPANISH).first()
        self.waiting = []

    def run(self, objects):
        """Translate each (key, English object) once, in the order given:
        pages a link points to must come before the link."""
        if self.locale is None:
            return self.waiting
        objects = [(key, instance) for key, instance in objects if instance is not None]
        # Decided before any is translated: translating a page copies its
        # untranslated parent, which is not a Spanish version made by hand.
        handmade = {key for key, instance in objects if self.made_by_hand(instance)}
        for key, instance in objects:
            if key not in handmade:
                self.once(f"{SPANISH}:{key}", lambda instance=instance: self.translate(instance))
        return self.waiting

    def made_by_hand(self, instance):
        """A Spanish version staff made before the seed knew Spanish: theirs to keep."""
        managed = Translation.objects.filter(source__object_id=instance.translation_key, target_locale=self.locale)
        return instance.has_translation(self.locale) and not managed.exists()

    def translate(self, instance):
        # As it is now in the database: the loader's copy may predate its last steps.
        instance = type(instance).objects.get(pk=instance.pk)
        source, _created = TranslationSource.update_or_create_from_instance(instance)
        translation, _created = Translation.objects.get_or_create(source=source, target_locale=self.locale)
        self.import_spanish(translation, instance)
        self.point_links_at_spanish_pages(source, instance)
        if isinstance(instance, DraftStateMixin):
            # wagtail-localize publishes when the transaction commits, which a
            # test's transaction never does: save a draft and publish it here.
            # What staff took offline in English stays offline in Spanish.
            translation.save_target(publish=False)
            if instance.live:
                translation.get_target_instance().get_latest_revision().publish()
        else:
            translation.save_target(publish=True)

    def import_spanish(self, translation, instance):
        po = translation.source.export_po()
        untranslated = []
        for entry in po:
            entry.msgstr = self.catalog.get(entry.msgid) or ""
            if not entry.msgstr:
                untranslated.append(entry.msgid)
        translation.import_po(po)
        if untranslated:
            # Only text staff wrote in English after the seed can be missing
            # (the catalog was checked against the seed): it shows in English
            # until a translator fills it in, and wagtail-localize lists it as waiting.
            self.waiting.append(f"{instance} ({len(untranslated)} string(s) waiting for a translator)")

    def point_links_at_spanish_pages(self, source, instance):
        for segment in OverridableSegment.objects.filter(source=source).select_related("context"):
            if not refers_to_page(type(instance), segment.context.get_field_path(instance)):
                continue
            page = Page.objects.filter(pk=segment.data).first()
            spanish = page and page.get_translation_or_none(self.locale)
            if spanish is not None:
                SegmentOverride.objects.update_or_create(
                    locale=self.locale,
                    context=segment.context,
                    defaults={"data_json": json.dumps(spanish.pk, cls=DjangoJSONEncoder)},
                )


def refers_to_page(model, field_path):
    """Whether a field path (wagtail-localize's, e.g. main_menu.link.page)
    names a page: a foreign key to a page, or a page chooser in a StreamField."""
    name, *blocks = field_path.split(".")
    field = model._meta.get_field(name)
    if not blocks:
        return isinstance(field, models.ForeignKey) and issubclass(field.related_model, Page)
    if not isinstance(field, StreamField):
        return False
    block = field.stream_block
    for block_name in blocks:
        children = getattr(block, "child_blocks", None)
        block = children[block_name] if children is not None else block.child_block
    return isinstance(block, PageChooserBlock)
