from sitegen.render.bodies import repeated_blocks

CHARTS = {"area-by-operator": ("t3_area",), "districts": ("t5_districts",)}


def test_a_table_beside_the_chart_drawn_from_it_repeats_its_figures() -> None:
    blocks = [(10, "chart", "area-by-operator"), (12, "table", "t3_area"), (14, "table", "t4_devices")]
    assert repeated_blocks(blocks, CHARTS) == [
        (
            12,
            "table 't3_area' repeats the figures of chart 'area-by-operator' on line 10 "
            "(keep one; the data page shows every table)",
        )
    ]


def test_the_same_block_twice_is_a_repeat_and_other_blocks_are_not() -> None:
    blocks = [(3, "table", "t4_devices"), (5, "notes", ""), (7, "notes", ""), (9, "table", "t4_devices")]
    assert repeated_blocks(blocks, CHARTS) == [
        (9, "table 't4_devices' is already shown on line 3 (keep one)")
    ]
