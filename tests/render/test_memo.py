import json
from decimal import Decimal

import pytest

from sitegen.render import memo as memo_module
from sitegen.render.markdown import Resolver, block_outline, render_markdown
from sitegen.render.memo import BodyMemo

BODY = """## Ryddet

Ryddet: {{ fig:area }}, se [metoden](page:method) og {{ site:contact }} ({{ edition:period }}).

{{ table:t1 }}

Tallet 1.931 er skrevet ind.
"""


def resolver(area: str = "11.002,4 ha", table: str = "<table>t1</table>", figures=None) -> Resolver:
    return Resolver(
        figure=lambda key, style: {"area": area}.get(key),
        block=lambda kind, ident: table if ident == "t1" else None,
        link=lambda target: "/da/metode/" if target == "method" else None,
        site=lambda key: {"contact": "Sekretariatet"}.get(key),
        figures=frozenset({Decimal("1931")}) if figures is None else figures,
        edition=lambda key: {"period": "1. kvartal 2025"}.get(key),
    )


def through_json(memo: BodyMemo) -> BodyMemo:
    """The next build's memo: what this one kept, as it comes back from disk."""
    return BodyMemo(json.loads(json.dumps(memo.kept)))


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The bodies actually parsed (not taken from the memo)."""
    seen: list[str] = []

    def counting(body, lang, resolve):
        seen.append(body)
        return render_markdown(body, lang, resolve)

    monkeypatch.setattr(memo_module, "render_markdown", counting)
    return seen


def test_a_kept_body_equals_a_fresh_render_and_is_not_parsed_again(renders) -> None:
    first = BodyMemo().render(BODY, "da", resolver)
    again = BodyMemo()
    again.render(BODY, "da", resolver)
    reused = through_json(again).render(BODY, "da", resolver)
    assert reused == first == render_markdown(BODY, "da", resolver())
    assert "1. kvartal 2025" in reused.html and reused.issues  # the typed-in figure is still reported
    assert len(renders) == 2  # the two memos without an entry; the third reused it


@pytest.mark.parametrize(
    "changed",
    [
        resolver(area="11.003,0 ha"),  # a figure's value
        resolver(table="<table>new</table>"),  # a block
        resolver(figures=frozenset({Decimal("54")})),  # the figures a typed number must not repeat
        Resolver(**{**vars(resolver()), "link": lambda target: "/da/ny-metode/"}),  # a link target
        Resolver(**{**vars(resolver()), "edition": lambda key: "2. kvartal 2025"}),  # an edition fact
    ],
)
def test_a_body_whose_lookups_answer_differently_is_rendered_afresh(renders, changed: Resolver) -> None:
    memo = BodyMemo()
    memo.render(BODY, "da", resolver)
    rendered = through_json(memo).render(BODY, "da", lambda: changed)
    assert rendered == render_markdown(BODY, "da", changed)
    assert len(renders) == 2


def test_another_text_or_language_is_rendered_afresh(renders) -> None:
    memo = BodyMemo()
    memo.render(BODY, "da", resolver)
    later = through_json(memo)
    later.render(BODY + "\nNyt afsnit.\n", "da", resolver)
    later.render(BODY, "en", resolver)
    assert len(renders) == 3


def test_only_the_bodies_a_build_used_are_kept_and_each_once() -> None:
    memo = BodyMemo()
    memo.render(BODY, "da", resolver)
    memo.render("Gammel side.\n", "da", resolver)
    later = through_json(memo)
    later.render(BODY, "da", resolver)
    later.render(BODY, "da", resolver)
    later.render(BODY, "da", lambda: resolver(area="1 ha"))  # the same text in another edition
    assert [len(entries) for entries in later.kept["bodies"].values()] == [2]


def test_an_outline_is_kept_by_text_and_read_back_without_parsing(monkeypatch) -> None:
    memo = BodyMemo()
    assert memo.outline(BODY) == block_outline(BODY) == ((2, 0),)
    memo.outline("Gammel side.\n")
    later = through_json(memo)
    monkeypatch.setattr(memo_module, "block_outline", lambda body: pytest.fail("parsed again"))
    assert later.outline(BODY) == ((2, 0),)
    assert list(later.kept["outlines"].values()) == [[[2, 0]]]  # only what this build asked for


def counting_resolver(target: str) -> Resolver:
    """A page's lookups as BlockRenderer makes them: a block shown again on the page is numbered anew,
    so a resolver counts what it has shown and must serve one rendering only."""
    shown: list[str] = []

    def block(kind: str, ident: str | None) -> str | None:
        shown.append(f"{kind}:{ident}")
        return f'<table id="t{shown.count(f"{kind}:{ident}")}"></table>'

    return Resolver(lambda k, s: None, block, lambda t: target, lambda k: None, frozenset())


def test_a_body_rendered_afresh_gets_lookups_that_have_counted_nothing(renders) -> None:
    body = "{{ table:t1 }}\n\nSe [metoden](page:method).\n"
    memo = BodyMemo()
    memo.render(body, "da", lambda: counting_resolver("/da/metode/"))
    rendered = through_json(memo).render(body, "da", lambda: counting_resolver("/da/ny/"))
    assert rendered == render_markdown(body, "da", counting_resolver("/da/ny/"))
    assert 'id="t1"' in rendered.html and len(renders) == 2


def test_an_entry_keeps_a_digest_of_each_answer_not_the_answer() -> None:
    """A block's answer is a whole table or chart: the body's HTML has it once, the memo no second time."""
    table = "<table>" + "<tr><td>1.931</td></tr>" * 50 + "</table>"
    memo = BodyMemo()
    memo.render(BODY, "da", lambda: resolver(table=table))
    (entry,) = memo.kept["bodies"][memo_module.digest(f"da\0{BODY}")]
    assert table in entry["html"] and table not in json.dumps(entry["calls"]) + json.dumps(entry["figures"])
    assert through_json(memo).render(BODY, "da", lambda: resolver(table=table)).html == entry["html"]
