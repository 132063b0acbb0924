"""The committed interface catalog (wpa_site/locale/en/LC_MESSAGES/django.po) holds
exactly the strings marked in the project's code and templates: makemessages is
run, with the Makefile's own flags, over a temporary copy of the project and its
msgids are compared with the committed ones."""

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings

from tests.visible_text import entry_key

BASE_DIR = Path(settings.BASE_DIR)
CATALOG = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
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


def test_the_committed_catalog_holds_exactly_the_marked_strings(tmp_path):
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

    marked = catalog_keys(copy / CATALOG.relative_to(BASE_DIR))
    committed = catalog_keys(CATALOG)
    problems = []
    if marked - committed:
        problems.append(f"Marked in the code or templates but missing from {CATALOG.relative_to(BASE_DIR)}:")
        problems.append(describe(marked - committed))
    if committed - marked:
        problems.append(f"In {CATALOG.relative_to(BASE_DIR)} but no longer marked anywhere:")
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
