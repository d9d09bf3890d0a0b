"""The worked example's numbers: the course's table of correct values and the source's four.

The example is AlexNet's first layer with 6 filters: a 227 x 227 x 3 input, an
11 x 11 kernel, stride 4 and no padding, so the output is 55 x 55
((227 - 11) / 4 + 1 = 55). Every expected number below has its derivation
written above it, and every row is also measured with PyTorch.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from course_lib import Convention, ConvSpec, count_conv
from course_lib.crosscheck import measure_spec

# One image, channels first, as PyTorch takes it.
SOURCE_INPUT = (1, 3, 227, 227)

# The pointwise layer works on the 55 x 55 feature map that the 11 x 11 layer produces.
POINTWISE_INPUT = (1, 3, 55, 55)


@dataclass(frozen=True)
class ReferenceRow:
    """One row of the table of correct values for the worked example."""

    kind: str
    spec_kind: str
    settings: dict[str, int]
    input_shape: tuple[int, ...]
    params_without_bias: int
    params_with_bias: int
    macs: int
    flops: int
    flops_exact_without_bias: int
    flops_plus_one: int


REFERENCE_ROWS = [
    ReferenceRow(
        kind="standard",
        spec_kind="standard",
        settings={"in_channels": 3, "out_channels": 6, "kernel_size": 11, "stride": 4},
        input_shape=SOURCE_INPUT,
        # 11*11*3*6 = 2178
        params_without_bias=2178,
        # 2178 + 6 biases = 2184
        params_with_bias=2184,
        # 2178 weights * 55*55 positions = 2178 * 3025 = 6588450
        macs=6588450,
        # 2 * 6588450 = 13176900
        flops=13176900,
        # (2*11*11*3 - 1) * 6*55*55 = 725 * 18150 = 13158750
        flops_exact_without_bias=13158750,
        # (2*11*11*3 + 1) * 6*55*55 = 727 * 18150 = 13195050
        flops_plus_one=13195050,
    ),
    ReferenceRow(
        kind="grouped",
        # With groups == in_channels == 3 each group has one input channel, so this
        # "grouped" layer is a depthwise layer with depth multiplier 2.
        spec_kind="depthwise",
        settings={"in_channels": 3, "out_channels": 6, "kernel_size": 11, "stride": 4, "groups": 3},
        input_shape=SOURCE_INPUT,
        # 11*11*(3/3)*6 = 726
        params_without_bias=726,
        # 726 + 6 biases = 732
        params_with_bias=732,
        # 726 * 55*55 = 726 * 3025 = 2196150
        macs=2196150,
        # 2 * 2196150 = 4392300
        flops=4392300,
        # (2*11*11*(3/3) - 1) * 6*55*55 = 241 * 18150 = 4374150
        flops_exact_without_bias=4374150,
        # (2*11*11*(3/3) + 1) * 6*55*55 = 243 * 18150 = 4410450
        flops_plus_one=4410450,
    ),
    ReferenceRow(
        kind="depthwise",
        spec_kind="depthwise",
        settings={"in_channels": 3, "out_channels": 3, "kernel_size": 11, "stride": 4, "groups": 3},
        input_shape=SOURCE_INPUT,
        # 11*11*(3/3)*3 = 363
        params_without_bias=363,
        # 363 + 3 biases = 366
        params_with_bias=366,
        # 363 * 55*55 = 363 * 3025 = 1098075
        macs=1098075,
        # 2 * 1098075 = 2196150
        flops=2196150,
        # (2*11*11 - 1) * 3*55*55 = 241 * 9075 = 2187075
        flops_exact_without_bias=2187075,
        # (2*11*11 + 1) * 3*55*55 = 243 * 9075 = 2205225
        flops_plus_one=2205225,
    ),
    ReferenceRow(
        kind="pointwise",
        spec_kind="pointwise",
        settings={"in_channels": 3, "out_channels": 6, "kernel_size": 1},
        input_shape=POINTWISE_INPUT,
        # 1*1*3*6 = 18
        params_without_bias=18,
        # 18 + 6 biases = 24
        params_with_bias=24,
        # 18 * 55*55 = 18 * 3025 = 54450
        macs=54450,
        # 2 * 54450 = 108900
        flops=108900,
        # (2*3 - 1) * 6*55*55 = 5 * 18150 = 90750
        flops_exact_without_bias=90750,
        # (2*3 + 1) * 6*55*55 = 7 * 18150 = 127050
        flops_plus_one=127050,
    ),
]

ROW_IDS = [row.kind for row in REFERENCE_ROWS]


def reference_cost(row: ReferenceRow, bias: bool):
    """Count one row's layer with course_lib."""
    spec = ConvSpec.create(**row.settings, bias=bias)
    return count_conv(spec, row.input_shape)


@pytest.mark.parametrize("row", REFERENCE_ROWS, ids=ROW_IDS)
def test_kind_is_recognised(row):
    spec = ConvSpec.create(**row.settings)

    assert spec.kind == row.spec_kind


@pytest.mark.parametrize("row", REFERENCE_ROWS, ids=ROW_IDS)
def test_output_is_55_by_55(row):
    cost = reference_cost(row, bias=False)

    assert cost.output_size == (55, 55)
    assert cost.output_shape == (1, row.settings["out_channels"], 55, 55)


@pytest.mark.parametrize("row", REFERENCE_ROWS, ids=ROW_IDS)
def test_params_match_table(row):
    assert reference_cost(row, bias=False).params == row.params_without_bias
    assert reference_cost(row, bias=True).params == row.params_with_bias


@pytest.mark.parametrize("bias", [False, True], ids=["no_bias", "bias"])
@pytest.mark.parametrize("row", REFERENCE_ROWS, ids=ROW_IDS)
def test_macs_and_flops_ignore_bias(row, bias):
    cost = reference_cost(row, bias=bias)

    assert cost.macs == row.macs
    assert cost.count(Convention.MACS) == row.macs
    assert cost.flops == row.flops
    assert cost.count(Convention.FLOPS) == row.flops
    assert cost.flops == 2 * cost.macs


@pytest.mark.parametrize("row", REFERENCE_ROWS, ids=ROW_IDS)
def test_exact_count_matches_table(row):
    without_bias = reference_cost(row, bias=False)
    with_bias = reference_cost(row, bias=True)

    assert without_bias.flops_exact == row.flops_exact_without_bias
    assert without_bias.count(Convention.FLOPS_EXACT) == row.flops_exact_without_bias
    # With bias, the bias addition makes up for the "-1", so the exact count is 2 x MACs.
    assert with_bias.flops_exact == row.flops


@pytest.mark.parametrize("bias", [False, True], ids=["no_bias", "bias"])
@pytest.mark.parametrize("row", REFERENCE_ROWS, ids=ROW_IDS)
def test_plus_one_formula_matches_table(row, bias):
    cost = reference_cost(row, bias=bias)

    # The source's "+1" adds one per output whatever the bias setting.
    assert cost.flops_plus_one == row.flops_plus_one
    assert cost.count(Convention.FLOPS_PLUS_ONE) == row.flops_plus_one


@pytest.mark.parametrize("row", REFERENCE_ROWS, ids=ROW_IDS)
def test_macs_plus_bias_matches_table(row):
    outputs = row.settings["out_channels"] * 55 * 55

    assert reference_cost(row, bias=False).macs_plus_bias == row.macs
    # ptflops and torchinfo add one bias addition per output: MACs + C_out*55*55.
    assert reference_cost(row, bias=True).macs_plus_bias == row.macs + outputs
    assert reference_cost(row, bias=True).bias_adds == outputs


@pytest.mark.parametrize("bias", [False, True], ids=["no_bias", "bias"])
@pytest.mark.parametrize("row", REFERENCE_ROWS, ids=ROW_IDS)
def test_row_agrees_with_pytorch(row, bias):
    spec = ConvSpec.create(**row.settings, bias=bias)
    cost = count_conv(spec, row.input_shape)
    measured = measure_spec(spec, row.input_shape)

    expected_params = row.params_with_bias if bias else row.params_without_bias
    assert measured.params == expected_params, "PyTorch's parameter count differs from the table"
    assert measured.params == cost.params
    # FlopCounterMode reports 2 x MACs and ignores the bias.
    assert measured.flops == row.flops, "FlopCounterMode's FLOPs differ from the table"
    assert measured.flops == cost.flops
    assert measured.output_shape == cost.output_shape


def source_grouped_formula(
    kernel: int, channels_per_group: int, outputs_per_group: int, positions: int, groups: int
) -> int:
    """The source's grouped FLOPs formula, [(2 K^2 C_in/g + 1) H_out W_out C_out/g] x g.

    `outputs_per_group` is the factor printed as C_out/g; passing C_in/g there
    reproduces the source's arithmetic slip.
    """
    return (2 * kernel**2 * channels_per_group + 1) * positions * outputs_per_group * groups


def test_source_standard_params_2178():
    cost = count_conv(ConvSpec.create(3, 6, 11, stride=4, bias=False), SOURCE_INPUT)

    # K^2 x C_in x C_out = 11*11*3*6 = 2178
    assert cost.params == 2178


def test_source_standard_flops_13176900():
    without_bias = count_conv(ConvSpec.create(3, 6, 11, stride=4, bias=False), SOURCE_INPUT)
    with_bias = count_conv(ConvSpec.create(3, 6, 11, stride=4, bias=True), SOURCE_INPUT)

    # 2 x C_in x K^2 x H_out x W_out x C_out = 2*3*121*55*55*6 = 13176900
    assert without_bias.flops == 13176900
    # The same number is the exact count when the layer has a bias.
    assert with_bias.flops_exact == 13176900


def test_source_grouped_params_726():
    cost = count_conv(ConvSpec.create(3, 6, 11, stride=4, groups=3, bias=False), SOURCE_INPUT)

    # K x K x (C_in/g) x (C_out/g) x g = 11*11*1*2*3 = 726
    assert cost.params == 726


def test_printed_grouped_formula_4410450():
    cost = count_conv(ConvSpec.create(3, 6, 11, stride=4, groups=3), SOURCE_INPUT)

    # [(2*11^2*(3/3) + 1) * 55*55 * (6/3)] * 3 = 243 * 3025 * 2 * 3 = 4410450
    printed = source_grouped_formula(
        kernel=11, channels_per_group=1, outputs_per_group=2, positions=55 * 55, groups=3
    )
    assert printed == 4410450
    assert printed != 2205225, "the grouped formula as printed does not give the published number"
    assert cost.flops_plus_one == printed


def test_published_2205225_is_slip():
    # [(2*11^2*(3/3) + 1) * 55*55 * (3/3)] * 3 = 243 * 3025 * 1 * 3 = 2205225:
    # the published number puts C_in/g = 1 where C_out/g = 2 belongs.
    slipped = source_grouped_formula(
        kernel=11, channels_per_group=1, outputs_per_group=1, positions=55 * 55, groups=3
    )
    assert slipped == 2205225

    grouped = count_conv(ConvSpec.create(3, 6, 11, stride=4, groups=3), SOURCE_INPUT)
    assert grouped.flops_plus_one == 2 * slipped
    assert grouped.flops != 2205225
    assert grouped.flops_exact != 2205225


def test_source_2205225_is_depthwise_plus_one():
    cost = count_conv(ConvSpec.create(3, 3, 11, stride=4, groups=3), SOURCE_INPUT)

    # (2*11*11 + 1) * 3*55*55 = 243 * 9075 = 2205225: the "+1" count of a 3->3 depthwise layer.
    assert cost.flops_plus_one == 2205225
    assert measure_spec(cost.spec, SOURCE_INPUT).flops == 2 * cost.macs


def test_sequence_cost_adds_layers():
    # The source's separable block as a plain sequence: depthwise 3 -> 3 (11x11,
    # stride 4) then pointwise 3 -> 6, both without bias: 363 + 18 = 381 params.
    from course_lib import SequenceCost
    from course_lib.separable import count_separable

    depthwise = count_conv(
        ConvSpec.create(3, 3, 11, stride=4, groups=3, bias=False), (1, 3, 227, 227)
    )
    pointwise = count_conv(ConvSpec.create(3, 6, 1, bias=False), (1, 3, 55, 55))
    sequence = SequenceCost(layers=(depthwise, pointwise))
    block = count_separable(3, 6, 11, (1, 3, 227, 227), stride=4, bias=False)

    assert sequence.params == 381
    assert sequence.flops == 2196150 + 108900
    assert sequence.output_shape == (1, 6, 55, 55)
    for convention in Convention:
        assert sequence.count(convention) == block.count(convention)
    assert sequence.as_dict() == block.as_dict()
