"""Gettext for templates and code, compiled in memory from the catalogs; nothing falls back silently."""

from __future__ import annotations

import io

from babel.messages.mofile import write_mo
from babel.support import Translations

from ..errors import Problem
from ..load.catalogs import Catalog


class StrictTranslations(Translations):
    """Gettext that remembers every message it had no translation for, so none falls back silently."""

    def __init__(self, fp: io.BytesIO) -> None:
        super().__init__(fp=fp)
        self.missing: set[str] = set()

    def gettext(self, message: str) -> str:
        if message not in self._catalog:
            self.missing.add(message)
        return super().gettext(message)

    ugettext = gettext  # Jinja prefers ugettext when a translations object has it


def missing_problems(catalogs: dict[str, Catalog], compiled: dict[str, StrictTranslations]) -> list[Problem]:
    """Interface strings used by templates or code that a catalog lacks."""
    return [
        Problem(
            catalogs[lang].path,
            0,
            f"entry '{msgid}' is used but missing (run scripts/update-catalogs.sh and translate it)",
        )
        for lang, t in sorted(compiled.items())
        for msgid in sorted(t.missing)
    ]


def translations(catalog: Catalog) -> StrictTranslations:
    """Compile a catalog in memory into a gettext object for jinja2.ext.i18n."""
    from babel.messages.catalog import Catalog as BabelCatalog

    babel_catalog = BabelCatalog(locale=catalog.lang)
    for msgid, msgstr in sorted(catalog.messages.items()):
        babel_catalog.add(msgid, msgstr)
    buf = io.BytesIO()
    write_mo(buf, babel_catalog)
    buf.seek(0)
    return StrictTranslations(buf)
