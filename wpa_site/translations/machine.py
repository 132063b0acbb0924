"""Machine translation from the environment, for the settings: DeepL when a
key is given, nothing at all otherwise."""

import os

from django.core.exceptions import ImproperlyConfigured

DEEPL = "wagtail_localize.machine_translators.deepl.DeepLTranslator"
FORMALITIES = {"default", "prefer_less", "prefer_more"}


def machine_translator_from_env(environ=os.environ):
    """wagtail-localize's WAGTAILLOCALIZE_MACHINE_TRANSLATOR, or None when no
    DEEPL_API_KEY is set. A key from DeepL's free plan (ending ":fx") makes
    wagtail-localize use DeepL's free endpoint by itself."""
    key = environ.get("DEEPL_API_KEY", "").strip()
    if not key:
        return None
    options = {"AUTH_KEY": key}
    # "prefer_less" (tú) or "prefer_more" (usted); DeepL's own choice otherwise.
    formality = environ.get("DEEPL_FORMALITY", "").strip()
    if formality and formality not in FORMALITIES:
        raise ImproperlyConfigured(f"DEEPL_FORMALITY must be default, prefer_less or prefer_more, not {formality!r}.")
    if formality:
        options["FORMALITY"] = formality
    return {"CLASS": DEEPL, "OPTIONS": options}
