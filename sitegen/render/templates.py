"""The Jinja environments (strict, escaped, one per language) and template errors with their location."""

from __future__ import annotations

import hashlib
import traceback
from collections.abc import Callable
from pathlib import Path

import jinja2
import jinja2.runtime
import markupsafe
from babel.support import Translations
from markupsafe import escape

from ..errors import BuildError, Problem
from . import formats

TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")
# Every page's <meta> policy: scripts only from the site itself (the search page's module and Pagefind),
# forms only to the site (the search field's GET).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'"
)
# The same policy as a response header (_headers) reaches Pagefind's worker script too, which compiles
# the index's WebAssembly: that needs 'wasm-unsafe-eval' (no JavaScript is evaluated). A page gets both
# policies, so its own scripts still cannot compile WebAssembly; a <meta> policy never reaches a worker.
HEADER_CSP = CSP.replace("script-src 'self';", "script-src 'self' 'wasm-unsafe-eval';")


def make_environments(
    templates: Path, translations: dict[str, Translations], cache: Path | None
) -> dict[str, jinja2.Environment]:
    """One strict, autoescaping Jinja environment per language with its catalog and Babel filters.

    Compiled templates are kept in `cache`, so a rebuild does not recompile them. Jinja keys them by
    template source only, so the folder is named after this module and Jinja's version: a change to the
    environment's settings here starts a fresh cache."""
    if cache:
        settings = hashlib.sha256(Path(__file__).read_bytes() + jinja2.__version__.encode()).hexdigest()[:16]
        cache = cache / settings
        cache.mkdir(parents=True, exist_ok=True)
    bytecode = jinja2.FileSystemBytecodeCache(str(cache)) if cache else None
    envs = {}
    for lang, translation in translations.items():
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            bytecode_cache=bytecode,
            autoescape=jinja2.select_autoescape(("html", "xml")),  # _headers and robots.txt are plain text
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.install_gettext_callables(*escaped_gettext(translation), newstyle=True)
        env.filters.update(
            number=lambda v, d=None, lang=lang: formats.format_number(v, lang, d),
            percent=lambda v, d=None, lang=lang: formats.format_percent(v, lang, d),
            date=lambda v, lang=lang: formats.format_date(v, lang),
            amount=lambda v, cur, lang=lang: formats.format_amount(v, cur, lang),
            css_string=css_string,
        )
        envs[lang] = env
    return envs


def escaped_gettext(translation: Translations) -> tuple[Callable[..., str], Callable[..., str]]:
    """gettext and ngettext whose translations are escaped in HTML like any other text.

    Jinja's newstyle gettext marks a translation safe, so a msgstr with `<script>` would otherwise reach
    every page raw; in plain-text templates (robots.txt, _headers) the text stays as it is."""

    @jinja2.pass_context
    def gettext(context: jinja2.runtime.Context, message: str) -> str:
        text = translation.gettext(message)
        return escape(text) if context.eval_ctx.autoescape else text

    @jinja2.pass_context
    def ngettext(context: jinja2.runtime.Context, singular: str, plural: str, n: int) -> str:
        text = translation.ngettext(singular, plural, n)
        return escape(text) if context.eval_ctx.autoescape else text

    return gettext, ngettext


def css_string(text: str) -> str:
    """Text as a quoted CSS string: quotes, backslashes and line breaks escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'


def render_template(env: jinja2.Environment, name: str, context: dict, root: Path) -> str:
    """Render a template; a template error names the template file and line."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(
            [Problem(f"templates/{exc.name or name}", exc.lineno or 0, exc.message or str(exc))]
        ) from exc
    except jinja2.UndefinedError as exc:
        where, line = _template_frame(exc, root, name)
        raise BuildError([Problem(where, line, f"{exc.message} (define it or fix the name)")]) from exc
    except jinja2.TemplateNotFound as exc:
        raise BuildError([Problem(f"templates/{name}", 0, f"template '{exc.name}' is missing")]) from exc
    except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as exc:
        if not isinstance(exc, jinja2.TemplateError) and not _raised_by_template(exc):
            raise  # raised by the generator's code, not by a template's expression: a bug, reported as one
        where, line = _template_frame(exc, root, name)
        raise BuildError([Problem(where, line, f"template error: {type(exc).__name__}: {exc}")]) from exc


def _raised_by_template(exc: Exception) -> bool:
    """Whether the innermost frame outside Jinja and MarkupSafe is a template's (`a / 0`, `_('%(x)s')`)."""
    libraries = (Path(jinja2.__file__).parent, Path(markupsafe.__file__).parent)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if not any(Path(frame.filename).is_relative_to(lib) for lib in libraries):
            return frame.filename.endswith(TEMPLATE_SUFFIXES)
    return False


def _template_frame(exc: Exception, root: Path, name: str) -> tuple[str, int]:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(TEMPLATE_SUFFIXES)]
    if not frames:
        return f"templates/{name}", 0
    frame = frames[-1]
    path = Path(frame.filename)
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else frame.filename
    return shown, frame.lineno or 0
