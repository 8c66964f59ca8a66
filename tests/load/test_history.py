from datetime import date
from pathlib import Path

from sitegen.load.history import diff_since, file_versions, head
from sitegen.load.ledger import file_fingerprint
from tests.gitrepo import commit, init

DA = "content/pages/da/glossary.md"


def test_versions_newest_first_with_their_days_and_fingerprints(tiny: Path) -> None:
    first = (tiny / DA).read_text()
    init(tiny, "2025-05-01")
    (tiny / DA).write_text(first.replace("Antipersonelmine.", "Personelmine."))
    commit(tiny, "Ordliste: ny forklaring", "2025-06-03")
    (tiny / "content/site.toml").write_text((tiny / "content/site.toml").read_text() + "\n")
    commit(tiny, "another file", "2025-06-20")
    versions = file_versions(tiny, DA)
    assert [v.date for v in versions] == [date(2025, 6, 3), date(2025, 5, 1)]
    assert versions[1].fingerprint == file_fingerprint(DA, first.encode())
    assert versions[0].fingerprint == file_fingerprint(DA, (tiny / DA).read_bytes())
    assert len(head(tiny)) == 40
    diff = diff_since(tiny, versions[1].commit, DA)
    assert "-Antipersonelmine." in diff and "+Personelmine." in diff


def test_a_file_git_does_not_know_has_no_versions(tiny: Path) -> None:
    init(tiny, "2025-05-01")
    (tiny / "content/pages/da/new.md").write_text("+++\ntitle = 'Ny'\n+++\n")
    assert file_versions(tiny, "content/pages/da/new.md") == []


def test_without_a_repository_there_is_no_history(tiny: Path) -> None:
    assert file_versions(tiny, DA) is None
    assert diff_since(tiny, "HEAD", DA) is None
    assert head(tiny) == ""


def test_a_deleted_and_restored_file_keeps_its_older_versions(tiny: Path) -> None:
    text = (tiny / DA).read_text()
    init(tiny, "2025-05-01")
    (tiny / DA).unlink()
    commit(tiny, "removed", "2025-05-02")
    (tiny / DA).write_text(text)
    commit(tiny, "restored", "2025-05-03")
    assert [v.date for v in file_versions(tiny, DA)] == [date(2025, 5, 3), date(2025, 5, 1)]
