"""The committed interface catalogs (wpa_site/locale/<language>/LC_MESSAGES/django.po)
hold exactly the strings marked in the project's code and templates: makemessages
is run, with the Makefile's own flags, over a temporary copy of the project and
its msgids are compared with the committed ones. English is the source; the
Spanish catalog translates every entry, keeping its placeholders, and its
compiled form is what Django serves."""

import os
import shlex
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.utils import translation

from tests.visible_text import PLACEHOLDER, entry_key

BASE_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
CATALOG = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
SPANISH_CATALOG = LOCALE_DIR / "es" / "LC_MESSAGES" / "django.po"
DJANGO_CATALOG = Path(django.__file__).parent / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po"
FIX = "Mark it ({% translate %} or gettext), run `make messages` and commit the .po."


# --- the catalog matches the marked strings --------------------------------


def describe(keys):
    lines = []
    for context, msgid, plural in sorted(keys, key=lambda key: (key[1], key[0] or "", key[2] or "")):
        text = repr(msgid)
        if plural:
            text += f" / plural {plural!r}"
        if context:
            text += f" (context {context!r})"
        lines.append("  " + text)
    return "\n".join(lines)


def catalog_keys(path):
    if not path.exists():
        return set()
    return {entry_key(entry) for entry in polib.pofile(str(path)) if not entry.obsolete}


def makemessages_flags():
    """The flags `make messages` gives makemessages, read from the Makefile."""
    result = subprocess.run(
        ["make", "-s", "--no-print-directory", "print-MESSAGES_FLAGS"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    flags = shlex.split(result.stdout)
    assert "--no-obsolete" in flags and any(flag.startswith("--ignore") for flag in flags), flags
    return flags


# What a copy of the project needs not carry: installed packages, generated
# and collected files, caches. makemessages' own --ignore flags decide the rest.
NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    ".stamps",
    "node_modules",
    "staticfiles",
    "media",
    "test-artifacts",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "*.mo",
    "*.sqlite3",
)


def catalog_path(language, base=BASE_DIR):
    return base / LOCALE_DIR.relative_to(BASE_DIR) / translation.to_locale(language) / "LC_MESSAGES" / "django.po"


def test_make_messages_keeps_a_catalog_for_every_language_of_the_site():
    flags = makemessages_flags()
    languages = sorted(flag.removeprefix("--locale=") for flag in flags if flag.startswith("--locale="))
    assert languages == sorted(code for code, _ in settings.LANGUAGES), (
        f"The Makefile's MESSAGES_LOCALES ({languages}) must name every language in settings.LANGUAGES."
    )
    for code, _ in settings.LANGUAGES:
        assert catalog_path(code).exists(), (
            f"{catalog_path(code).relative_to(BASE_DIR)} is missing: run `make messages`."
        )


def test_the_committed_catalogs_hold_exactly_the_marked_strings(tmp_path):
    for program in ("xgettext", "msgmerge", "msguniq", "msgattrib"):
        if shutil.which(program) is None:
            pytest.fail(f"GNU gettext's {program} is missing: `make test` installs it (`make gettext`).")
    flags = makemessages_flags()
    copy = tmp_path / "project"
    shutil.copytree(BASE_DIR, copy, ignore=NOT_COPIED)
    # A fresh extraction, not a merge with what is committed.
    shutil.rmtree(copy / CATALOG.relative_to(BASE_DIR).parents[2], ignore_errors=True)
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "wpa_site.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", *flags, "--verbosity=0"],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"

    problems = []
    for code, _ in settings.LANGUAGES:
        committed_path = catalog_path(code)
        marked = catalog_keys(catalog_path(code, base=copy))
        committed = catalog_keys(committed_path)
        assert marked, f"makemessages made no {code} catalog: is --locale={code} in the Makefile's MESSAGES_LOCALES?"
        if marked - committed:
            problems.append(
                f"Marked in the code or templates but missing from {committed_path.relative_to(BASE_DIR)}:"
            )
            problems.append(describe(marked - committed))
        if committed - marked:
            problems.append(f"In {committed_path.relative_to(BASE_DIR)} but no longer marked anywhere:")
            problems.append(describe(committed - marked))
    assert not problems, "\n".join([*problems, "Run `make messages` and commit the .po."])


def test_the_english_catalog_leaves_every_msgstr_empty():
    """English is the source language: its words are the msgids themselves."""
    catalog = polib.pofile(str(CATALOG))
    assert catalog.metadata.get("Content-Type") == "text/plain; charset=UTF-8"
    filled = [entry.msgid for entry in catalog if entry.msgstr or any(entry.msgstr_plural.values())]
    fuzzy = [entry.msgid for entry in catalog if "fuzzy" in entry.flags]
    assert not filled, f"English msgstr must stay empty (edit the msgid in the code instead): {filled}"
    assert not fuzzy, f"Fuzzy entries in the English catalog: {fuzzy}"


# --- the Spanish catalog is complete -----------------------------------------


def placeholders(text):
    """What a translation must carry over unchanged: %-formats, {fields},
    HTML tags and entities. Named ones may move within the sentence;
    positional ones (%s, %d) are filled in order, so their order counts."""
    found = PLACEHOLDER.findall(text)
    positional = [item for item in found if item.startswith("%") and not item.startswith("%(") and item != "%%"]
    return Counter(found), positional


def translated_forms(entry):
    """(source, translation) pairs: the plural forms each against the English
    form they stand for (the first against the singular, the rest the plural)."""
    if entry.msgid_plural:
        forms = [entry.msgstr_plural.get(index, "") for index in range(max(len(entry.msgstr_plural), 1))]
        return [(entry.msgid if index == 0 else entry.msgid_plural, form) for index, form in enumerate(forms)]
    return [(entry.msgid, entry.msgstr)]


def spanish_entries():
    return [entry for entry in polib.pofile(str(SPANISH_CATALOG)) if not entry.obsolete and entry.msgid]


def test_the_spanish_catalog_header_names_the_language_and_its_plural_forms():
    catalog = polib.pofile(str(SPANISH_CATALOG))
    assert catalog.metadata.get("Language") == "es"
    assert catalog.metadata.get("Content-Type") == "text/plain; charset=UTF-8"
    # One form for exactly one ("1 intento"), another for every other number ("0 intentos", "2 intentos").
    assert catalog.metadata.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    assert not catalog.metadata_is_fuzzy


def test_the_spanish_catalog_translates_every_entry_keeping_its_placeholders():
    untranslated, fuzzy, changed = [], [], []
    for entry in spanish_entries():
        if "fuzzy" in entry.flags:
            fuzzy.append(f"  {entry.msgid!r}")
        forms = translated_forms(entry)
        if entry.msgid_plural and len(forms) != 2:
            untranslated.append(f"  {entry.msgid!r}: {len(forms)} plural forms, Spanish has 2")
        for source, form in forms:
            if not form.strip():
                untranslated.append(f"  {source!r}")
            elif placeholders(form) != placeholders(source):
                changed.append(f"  {source!r} -> {form!r}")
    problems = []
    if untranslated:
        problems += [f"Untranslated in {SPANISH_CATALOG.relative_to(BASE_DIR)}:", *untranslated]
    if fuzzy:
        problems += ["Fuzzy (a guess by msgmerge, to check and then unmark):", *fuzzy]
    if changed:
        problems += ["Placeholders, tags or entities not kept exactly:", *changed]
    assert not problems, "\n".join(problems)


def test_the_placeholder_check_catches_a_dropped_moved_or_renamed_placeholder():
    assert placeholders("<strong>%(title)s</strong> el %(date)s") == placeholders(
        "On %(date)s: <strong>%(title)s</strong>"
    )
    assert placeholders("Página %(page)s") != placeholders("Page %(page)s of %(pages)s")
    assert placeholders("Resultados para %(consulta)s") != placeholders("Results for %(query)s")
    assert placeholders("%d de %s") != placeholders("%s of %d")
    assert placeholders("Descargar") != placeholders("Download <strong>%(title)s</strong>")
    assert placeholders("“Features & press”") != placeholders("“Features &amp; press”")


def test_django_serves_the_compiled_spanish_catalog_entry_for_entry():
    """The .mo Django reads (compiled by `make compile-messages`) says what the
    committed .po says: a stale or missing .mo gives other words."""
    stale = []
    with translation.override("es"):
        # Untranslated and fuzzy entries are the test above's to report.
        for entry in spanish_entries():
            if "fuzzy" in entry.flags or not all(form for _, form in translated_forms(entry)):
                continue
            context = entry.msgctxt
            if entry.msgid_plural:
                for number, index in ((1, 0), (2, 1)):
                    arguments = (entry.msgid, entry.msgid_plural, number)
                    served = (
                        translation.npgettext(context, *arguments) if context else translation.ngettext(*arguments)
                    )
                    if served != entry.msgstr_plural[index]:
                        stale.append(f"  {entry.msgid!r} (n={number}): served {served!r}")
            else:
                served = translation.pgettext(context, entry.msgid) if context else translation.gettext(entry.msgid)
                if served != entry.msgstr:
                    stale.append(f"  {entry.msgid!r}: served {served!r}, the catalog says {entry.msgstr!r}")
        assert translation.get_language() == "es"
    assert not stale, "\n".join(
        ["The compiled Spanish catalog differs from the .po (run `make compile-messages`):", *stale]
    )
    with translation.override("en"):
        assert translation.gettext("Skip to main content") == "Skip to main content"
