"""The side-by-side counts of the four kinds of layer, against PyTorch."""

from __future__ import annotations

from fractions import Fraction

import pytest

from course_lib.comparison import COMPARED_KINDS, compare_kinds, comparison_table
from course_lib.crosscheck import measure_module, measure_spec
from course_lib.layers import depthwise_separable_conv

SOURCE_INPUT = (1, 3, 227, 227)


def source_rows(bias=False):
    """The article's example: 3 -> 6 channels, 11 x 11 kernel, stride 4, groups=3."""
    return compare_kinds(3, 6, 11, SOURCE_INPUT, groups=3, stride=4, bias=bias)


def test_rows_in_order():
    assert [row.kind for row in source_rows()] == list(COMPARED_KINDS)


def test_source_example_counts():
    standard, grouped, depthwise, separable = source_rows()

    # 11^2 x 3 x 6 = 2178; / 3 = 726; 3 -> 3 depthwise 11^2 x 3 = 363; + 3 x 6 = 381
    assert [row.cost.params for row in (standard, grouped, depthwise, separable)] == [
        2178,
        726,
        363,
        381,
    ]
    # 2 x MACs: 13176900, 13176900 / 3, 363 x 3025 x 2, (363 + 18) x 3025 x 2
    assert [row.cost.flops for row in (standard, grouped, depthwise, separable)] == [
        13176900,
        4392300,
        2196150,
        2305050,
    ]
    assert grouped.params_ratio == Fraction(1, 3)
    # 1/N + 1/K^2 = 1/6 + 1/121
    assert separable.flops_ratio == Fraction(1, 6) + Fraction(1, 121)


@pytest.mark.parametrize("bias", [False, True])
def test_rows_match_torch(bias):
    rows = source_rows(bias)

    for row in rows[:3]:
        measured = measure_spec(row.cost.spec, SOURCE_INPUT)
        assert row.cost.params == measured.params, row.kind
        assert row.cost.flops == measured.flops, row.kind
    block = depthwise_separable_conv(3, 6, 11, stride=4, bias=bias).to("meta")
    measured = measure_module(block, SOURCE_INPUT)
    assert rows[3].cost.params == measured.params
    assert rows[3].cost.flops == measured.flops


@pytest.mark.parametrize("language", ["en", "zh"])
def test_table_lists_every_kind(language):
    rows = source_rows()
    lines = comparison_table(rows, language).splitlines()

    assert len(lines) == 1 + len(rows)
    for line, row in zip(lines[1:], rows, strict=True):
        assert line.startswith(row.label(language))
        assert str(row.cost.params) in line
        assert str(row.cost.flops) in line
