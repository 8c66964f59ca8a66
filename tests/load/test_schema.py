from pathlib import Path

import pytest

from sitegen.load import schema
from sitegen.load.memo import LoadMemo
from sitegen.load.schema import load_schema


def test_the_schema_of_the_last_build_is_used_while_its_files_are_the_same(
    tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = LoadMemo()
    parsed = load_schema(tiny, first)
    assert parsed == load_schema(tiny) and parsed[1] == []
    calls = []
    parse = schema.parse_schema
    monkeypatch.setattr(schema, "parse_schema", lambda *args: calls.append(args) or parse(*args))
    assert load_schema(tiny, LoadMemo(first.kept)) == parsed and calls == []
    names = tiny / "content/names.csv"
    names.write_text(names.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # either file counts
    assert load_schema(tiny, LoadMemo(first.kept)) == load_schema(tiny) and len(calls) == 2
