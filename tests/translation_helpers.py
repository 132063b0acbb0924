"""Translating as staff do in wagtail-localize's editor, for the Spanish tests:
each source string given its translation, an overridable value (an email
address, say) given its Spanish one, then the translation published."""

import json

from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    TranslationSource,
)

# The Spanish the tests write into the Connect page through wagtail-localize.
CONNECT_IN_SPANISH = {
    "How can we help?": "¿Cómo podemos ayudarle?",
    "Press": "Prensa",
    "Donations and volunteering": "Donativos y voluntariado",
    "I need support for myself": "Necesito apoyo para mí",
    "How should we reach you?": "¿Cómo podemos contactarle?",
    "An email address or a phone number.": "Un correo electrónico o un número de teléfono.",
    "Your message": "Su mensaje",
    "Send": "Enviar",
    "Thank you": "Gracias",
    "Your message has been sent.": "Su mensaje ha sido enviado.",
}


def translate(instance, locale, strings, overrides=None):
    """Translate `instance` into `locale` with wagtail-localize: `strings` maps
    source texts to their translations, `overrides` maps overridable source
    values to the translation's own. Returns the published translation."""
    overrides = overrides or {}
    # Updated from the instance: a source made earlier (by the seed, say) has older text.
    source, _ = TranslationSource.update_or_create_from_instance(instance)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        if segment.string.data in strings:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": strings[segment.string.data], "translation_type": "manual"},
            )
    for segment in OverridableSegment.objects.filter(source=source).select_related("context"):
        value = json.loads(segment.data_json)
        if isinstance(value, str) and value in overrides:
            SegmentOverride.objects.update_or_create(
                locale=locale, context=segment.context, defaults={"data_json": json.dumps(overrides[value])}
            )
    translation, _ = source.create_or_update_translation(locale, fallback=True)
    return translation
