from sitegen.render.templates import css_string


def test_css_strings_are_quoted_and_escaped() -> None:
    assert css_string('Mine action – "briefing"') == '"Mine action – \\"briefing\\""'
    assert css_string("a\\b\nc") == '"a\\\\b\\A c"'
