"""`sitegen translations`: status, diff and recording, in a project with and without git history."""

from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.load.ledger import LEDGER
from tests.gitrepo import commit, init

DA = "content/pages/da/glossary.md"
EN = "content/pages/en/glossary.md"
EDITED = "Antipersonelmine, der udløses af sit offer."


def run(tiny: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["--project", str(tiny), *args])
    out, err = capsys.readouterr()
    return status, out, err


def edit_danish(tiny: Path) -> None:
    path = tiny / DA
    path.write_text(path.read_text().replace("Antipersonelmine.", EDITED))


def lines(out: str) -> dict[str, str]:
    """Status lines by page name, spaces squeezed."""
    return {
        line.split()[0]: " ".join(line.split()[1:])
        for line in out.splitlines()
        if not line.startswith("sitegen")
    }


def test_every_pair_is_current_in_a_fresh_copy(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(tiny, capsys, "translations")
    assert (status, err) == (0, "")
    assert lines(out) == {
        "accessibility": "current",
        "glossary": "current",
        "2025-q1/data": "current",
        "2025-q1/index": "current",
        "catalog": "current",
    }
    assert out.splitlines()[-1] == "sitegen: 5 current, 0 stale, 0 unrecorded, 0 missing"


def test_an_edited_original_is_stale_with_its_day_and_diff_until_recorded(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(tiny, "2025-05-01")
    edit_danish(tiny)
    assert lines(run(tiny, capsys, "translations")[1])["glossary"] == (
        "stale original changed (not committed yet); see sitegen translations --diff glossary"
    )
    commit(tiny, "Ordliste: længere forklaring", "2025-06-03")
    status, out, _ = run(tiny, capsys, "translations")
    assert status == 0
    assert (
        lines(out)["glossary"]
        == "stale original changed on 2025-06-03; see sitegen translations --diff glossary"
    )
    assert out.splitlines()[-1] == "sitegen: 4 current, 1 stale, 0 unrecorded, 0 missing"

    status, out, _ = run(tiny, capsys, "translations", "--diff", "glossary")
    assert status == 0
    first, *diff = out.splitlines()
    assert first.startswith(f"sitegen: {DA} since 'glossary' was recorded (") and first.endswith(
        ", 2025-05-01):"
    )
    assert "-Antipersonelmine. Kontakt: {{ site:contact }}." in diff
    assert f"+{EDITED} Kontakt: {{{{ site:contact }}}}." in diff

    status, out, err = run(tiny, capsys, "check")
    assert status == 0
    assert f"{EN}:1: warning: {DA} changed after this translation was recorded" in err
    assert run(tiny, capsys, "check", "--strict")[0] == 1
    assert run(tiny, capsys, "build", "--strict")[0] == 1
    assert not (tiny / "site").exists()

    before = (tiny / LEDGER).read_text()
    status, out, _ = run(tiny, capsys, "translations", "--done", "glossary")
    assert (status, out) == (0, "sitegen: recorded 'glossary' (en) as current\n")
    changed = [line for line in (tiny / LEDGER).read_text().splitlines() if line not in before.splitlines()]
    assert [line.split(" = ")[0] for line in changed] == ['"glossary"']
    assert lines(run(tiny, capsys, "translations")[1])["glossary"] == "current"
    assert run(tiny, capsys, "translations", "--diff", "glossary")[1] == (
        f"sitegen: 'glossary' is current: {DA} has not changed since it was recorded\n"
    )
    assert run(tiny, capsys, "check", "--strict")[0] == 0


def test_without_git_a_stale_page_has_no_day_and_no_diff(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_danish(tiny)
    assert lines(run(tiny, capsys, "translations")[1])["glossary"] == (
        "stale original changed (no git history to date it); see sitegen translations --diff glossary"
    )
    assert run(tiny, capsys, "translations", "--diff", "glossary") == (
        1,
        "",
        f"sitegen: no git history here, so what changed in {DA} cannot be shown\n",
    )


def test_a_recorded_text_that_git_never_saw_cannot_be_diffed(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_danish(tiny)
    init(tiny, "2025-05-01")  # the ledger was recorded before the edit, which is the first commit
    status, _, err = run(tiny, capsys, "translations", "--diff", "glossary")
    assert (status, err) == (1, f"sitegen: no commit holds the {DA} that 'glossary' was recorded against "
                                f"(see git log -p -- {DA})\n")  # fmt: skip


def test_done_refuses_a_pair_whose_data_references_differ(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tiny / DA
    path.write_text(path.read_text() + "\nSe {{ fig:cleared_ha }}.\n")
    before = (tiny / LEDGER).read_bytes()
    status, out, err = run(tiny, capsys, "translations", "--done", EN)  # a file names its pair too
    assert (status, out) == (1, "")
    assert err.splitlines() == [
        f"{DA}:11: {{{{ fig:cleared_ha }}}} is used here but not in {EN} "
        "(use the same figures, charts and tables in both languages)",
        "sitegen: 1 problem(s); nothing was written",
    ]
    assert (tiny / LEDGER).read_bytes() == before
    assert run(tiny, capsys, "translations", "--done-all")[0] == 1


def test_done_refuses_a_page_that_does_not_load_or_is_missing(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tiny / EN).write_text((tiny / EN).read_text().replace("+++\n### APM", "draft = true\n+++\n### APM"))
    assert run(tiny, capsys, "translations", "--done", "glossary")[2].splitlines()[0] == (
        f"{EN}:5: page is a draft (write it, then remove 'draft = true')"
    )
    (tiny / EN).unlink()
    assert lines(run(tiny, capsys, "translations")[1])["glossary"] == f"missing no translation {EN}"
    assert run(tiny, capsys, "translations", "--done", "glossary")[2].splitlines()[0] == (
        f"{EN}: file is missing (write the translation, then record it)"
    )


def test_a_page_that_names_nothing(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tiny, capsys, "translations", "--diff", "glosary")[2].splitlines()[0] == (
        "translations: 'glosary' names no page (give a page id such as about, an edition page such as "
        "2025-q1/clearance, a page's file, or catalog)"
    )


def test_done_all_records_the_first_ledger_and_drops_entries_of_removed_pages(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tiny / LEDGER).unlink()
    assert lines(run(tiny, capsys, "translations")[1])["glossary"].startswith("unrecorded")
    assert f"{LEDGER}: warning: no translation ledger" in run(tiny, capsys, "check")[2]
    status, out, _ = run(tiny, capsys, "translations", "--done-all")
    assert status == 0 and len(out.splitlines()) == 5
    for lang in ("da", "en"):
        (tiny / f"content/pages/{lang}/accessibility.md").unlink()
    status, out, err = run(tiny, capsys, "check")
    assert status == 1 and f"{LEDGER}:8: 'accessibility' names no page" in err
    status, out, _ = run(tiny, capsys, "translations", "--done", "2025-Q1/index")
    assert out.splitlines() == [
        f"sitegen: dropped 'accessibility' from {LEDGER} (no such page)",
        "sitegen: recorded '2025-q1/index' (en) as current",
    ]
    assert run(tiny, capsys, "check", "--strict")[0] == 0


def test_the_catalogs_are_a_pair_too(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = tiny / "translations/da/LC_MESSAGES/messages.po"
    po.write_text(po.read_text().replace('msgstr "Gå til indhold"', 'msgstr "Spring til indholdet"'))
    assert lines(run(tiny, capsys, "translations")[1])["catalog"].startswith("stale")
    status, _, err = run(tiny, capsys, "check")
    assert status == 0
    assert (
        "translations/en/LC_MESSAGES/messages.po: warning: translations/da/LC_MESSAGES/messages.po changed"
        in err
    )
    po.write_text(po.read_text().replace('msgstr "Spring til indholdet"', 'msgstr ""'))
    err = run(tiny, capsys, "translations", "--done", "catalog")[2]
    assert "translations/da/LC_MESSAGES/messages.po:" in err
    assert "entry 'Skip to content' is not translated (fill in msgstr)" in err


def test_a_broken_ledger_entry_is_reported_after_the_status_and_replaced_when_recorded(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = tiny / LEDGER
    ledger.write_text(ledger.read_text().replace('"glossary" = "', '"glossary" = "zz'))
    status, out, err = run(tiny, capsys, "translations")
    assert status == 1
    assert lines(out)["glossary"].startswith("unrecorded")
    assert err.splitlines()[0].startswith(
        f"{LEDGER}:10: fingerprint of 'glossary' must be 16 hexadecimal digits"
    )
    assert run(tiny, capsys, "translations", "--diff", "glossary")[2] == (
        f"sitegen: 'glossary' is not recorded in {LEDGER}, so there is nothing to compare with\n"
    )
    status, out, _ = run(tiny, capsys, "translations", "--done", "glossary")
    assert out.splitlines() == [
        f"sitegen: dropped the malformed entry of 'glossary' from {LEDGER}",
        "sitegen: recorded 'glossary' (en) as current",
    ]
    assert run(tiny, capsys, "translations")[0] == 0
