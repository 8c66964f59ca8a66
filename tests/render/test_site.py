import pytest

from sitegen.render.site import SiteFiles


@pytest.mark.parametrize("path", ["../evil", "/etc/passwd", "a/../../b", "", "dir/"])
def test_site_files_refuse_paths_outside(path: str) -> None:
    with pytest.raises(ValueError, match="outside the site"):
        SiteFiles().add(path, b"")


def test_site_files_refuse_double_writes() -> None:
    files = SiteFiles()
    files.add("a.html", b"")
    with pytest.raises(ValueError, match="same file"):
        files.add("a.html", b"")
