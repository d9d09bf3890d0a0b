"""The depthwise-separable block's counts, checked against PyTorch and against algebra.

The worked example is AlexNet's first layer with 6 filters: a 227 x 227 x 3
input, an 11 x 11 kernel and stride 4, so both layers of the block produce
55 x 55 feature maps ((227 - 11) / 4 + 1 = 55).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from torch import nn

from course_lib import ConvSettingError, ConvSpec, ConvTypeError, count_conv
from course_lib.crosscheck import measure_module
from course_lib.layers import depthwise_conv, depthwise_separable_conv, pointwise_conv
from course_lib.separable import cost_ratio, count_separable, params_crossover

SOURCE_INPUT = (1, 3, 227, 227)
SOURCE_SETTINGS = {"in_channels": 3, "out_channels": 6, "kernel_size": 11, "stride": 4}


def measure_block(settings: dict, input_shape: tuple[int, ...], depthwise_bias: bool | None):
    """Measure the torch block that `count_separable` describes, on the meta device."""
    bias = settings.get("bias", True)
    if depthwise_bias is None or depthwise_bias == bias:
        module = depthwise_separable_conv(**settings)
    else:
        depth_multiplier = settings.get("depth_multiplier", 1)
        module = nn.Sequential(
            depthwise_conv(
                settings["in_channels"],
                settings["kernel_size"],
                depth_multiplier,
                settings.get("stride", 1),
                settings.get("padding", 0),
                bias=depthwise_bias,
            ),
            pointwise_conv(
                settings["in_channels"] * depth_multiplier, settings["out_channels"], bias=bias
            ),
        )
    return measure_module(module.to("meta"), input_shape)


def test_source_example_params_without_bias():
    cost = count_separable(**SOURCE_SETTINGS, input_shape=SOURCE_INPUT, bias=False)

    # depthwise 11*11*1*3 = 363, pointwise 1*1*3*6 = 18, together 381
    assert cost.depthwise.params == 363
    assert cost.pointwise.params == 18
    assert cost.params == 381


def test_source_example_operations_without_bias():
    cost = count_separable(**SOURCE_SETTINGS, input_shape=SOURCE_INPUT, bias=False)

    # depthwise 363 weights * 55*55 = 1098075 MACs, pointwise 18 * 3025 = 54450
    assert cost.macs == 1098075 + 54450
    # FLOPs = 2 x MACs: 2196150 + 108900 = 2305050
    assert cost.flops == 2305050
    # one addition fewer per output: 2305050 - 3*3025 - 6*3025 = 2277825
    assert cost.flops_exact == 2305050 - 9 * 3025
    assert cost.bias_adds == 0
    assert cost.macs_plus_bias == cost.macs
    # the "+1" count adds one per output of each layer: 2305050 + 9*3025
    assert cost.flops_plus_one == 2305050 + 9 * 3025
    assert cost.output_shape == (1, 6, 55, 55)
    assert cost.output_size == (55, 55)


def test_source_example_with_bias():
    cost = count_separable(**SOURCE_SETTINGS, input_shape=SOURCE_INPUT, bias=True)

    # 381 weights + 3 depthwise biases + 6 pointwise biases = 390
    assert cost.params == 390
    # one bias addition per output of each layer: (3 + 6) * 3025 = 27225
    assert cost.bias_adds == 27225
    assert cost.macs_plus_bias == 1152525 + 27225
    # with bias the exact count is exactly 2 x MACs again
    assert cost.flops_exact == cost.flops == 2305050


def test_source_example_ratio_is_exact():
    block = count_separable(**SOURCE_SETTINGS, input_shape=SOURCE_INPUT, bias=False)
    standard = count_conv(ConvSpec.create(3, 6, 11, stride=4, bias=False), SOURCE_INPUT)

    # 2305050 / 13176900 = 381 / 2178 = 1/6 + 1/121 = 127/726
    assert cost_ratio(6, 11) == Fraction(1, 6) + Fraction(1, 121)
    assert Fraction(block.flops, standard.flops) == cost_ratio(6, 11)
    assert Fraction(block.params, standard.params) == cost_ratio(6, 11)


@pytest.mark.parametrize("bias", [False, True])
def test_source_example_matches_pytorch(bias):
    cost = count_separable(**SOURCE_SETTINGS, input_shape=SOURCE_INPUT, bias=bias)
    measured = measure_block({**SOURCE_SETTINGS, "bias": bias}, SOURCE_INPUT, None)

    assert cost.params == measured.params
    assert cost.flops == measured.flops
    assert cost.output_shape == measured.output_shape


def test_count_matches_layer_sum():
    cost = count_separable(8, 16, 3, (2, 8, 20, 20), padding=1, depth_multiplier=2)
    depthwise = count_conv(ConvSpec.create(8, 16, 3, padding=1, groups=8), (2, 8, 20, 20))
    pointwise = count_conv(ConvSpec.create(16, 16, 1), (2, 16, 20, 20))

    assert cost.depthwise == depthwise
    assert cost.pointwise == pointwise
    for field in ("params", "macs", "flops", "flops_exact", "macs_plus_bias", "bias_adds"):
        assert getattr(cost, field) == getattr(depthwise, field) + getattr(pointwise, field)
    for convention in ("macs", "macs_plus_bias", "flops", "flops_exact", "flops_plus_one"):
        assert cost.count(convention) == getattr(cost, convention)


def test_crossover_example_three_to_one():
    # a 2x2 kernel, 3 -> 1 channels, one bias per output channel like the standard layer:
    # separable 2*2*3 + 3*1 + 1 = 16, standard 2*2*3*1 + 1 = 13
    separable = count_separable(3, 1, 2, (3, 8, 8), depthwise_bias=False)
    standard = count_conv(ConvSpec.create(3, 1, 2), (3, 8, 8))
    measured = measure_block(
        {"in_channels": 3, "out_channels": 1, "kernel_size": 2}, (3, 8, 8), depthwise_bias=False
    )

    assert separable.params == 16
    assert standard.params == 13
    assert measured.params == 16
    # with a depthwise bias as well the block has 3 more: 19
    assert count_separable(3, 1, 2, (3, 8, 8)).params == 19


@pytest.mark.parametrize(
    ("in_channels", "kernel_size", "depth_multiplier", "depthwise_bias", "expected"),
    [
        # N < μ (A + b_d) / (A - μ): 1 * (4 + 1) / 3 = 1.67, so N = 1 only
        (3, 2, 1, True, 1),
        # 1 * (9 + 0) / 8 = 1.125
        (3, 3, 1, False, 1),
        # 4 * (9 + 1) / 5 = 8 exactly: N = 8 ties, so 7 is the largest costlier
        (3, 3, 4, True, 7),
        # 2 * (4 + 0) / 2 = 4: N = 4 ties
        (5, 2, 2, False, 3),
    ],
)
def test_params_crossover_values(
    in_channels, kernel_size, depth_multiplier, depthwise_bias, expected
):
    assert (
        params_crossover(
            in_channels,
            kernel_size,
            depth_multiplier=depth_multiplier,
            depthwise_bias=depthwise_bias,
        )
        == expected
    )


@given(
    in_channels=st.integers(1, 16),
    kernel_size=st.integers(1, 7),
    depth_multiplier=st.integers(1, 6),
    bias=st.booleans(),
    depthwise_bias=st.booleans(),
)
def test_params_crossover_brute_force(
    in_channels, kernel_size, depth_multiplier, bias, depthwise_bias
):
    """The closed form agrees with counting both layers for every out_channels near it."""
    shape = (in_channels, kernel_size, kernel_size)

    def separable_is_larger(out_channels: int) -> bool:
        block = count_separable(
            in_channels,
            out_channels,
            kernel_size,
            shape,
            bias=bias,
            depth_multiplier=depth_multiplier,
            depthwise_bias=depthwise_bias,
        )
        standard = count_conv(
            ConvSpec.create(in_channels, out_channels, kernel_size, bias=bias), shape
        )
        return block.params > standard.params

    if kernel_size**2 <= depth_multiplier:
        with pytest.raises(ConvSettingError, match="no crossover"):
            params_crossover(
                in_channels, kernel_size, bias, depth_multiplier, depthwise_bias=depthwise_bias
            )
        assert all(separable_is_larger(out_channels) for out_channels in range(1, 200))
        return

    largest = params_crossover(
        in_channels, kernel_size, bias, depth_multiplier, depthwise_bias=depthwise_bias
    )
    assert all(separable_is_larger(out_channels) for out_channels in range(1, largest + 1))
    assert not any(
        separable_is_larger(out_channels) for out_channels in range(largest + 1, largest + 50)
    )


@given(
    in_channels=st.integers(1, 12),
    out_channels=st.integers(1, 24),
    kernel_size=st.integers(1, 5),
    stride=st.integers(1, 3),
    padding=st.integers(0, 2),
    size=st.integers(5, 12),
    depth_multiplier=st.integers(1, 3),
)
def test_ratio_matches_counts(
    in_channels, out_channels, kernel_size, stride, padding, size, depth_multiplier
):
    """Without bias, block / standard equals μ/N + μ/K^2 for parameters and FLOPs."""
    shape = (1, in_channels, size, size)
    block = count_separable(
        in_channels,
        out_channels,
        kernel_size,
        shape,
        stride=stride,
        padding=padding,
        bias=False,
        depth_multiplier=depth_multiplier,
    )
    standard = count_conv(
        ConvSpec.create(in_channels, out_channels, kernel_size, stride, padding, bias=False), shape
    )
    expected = cost_ratio(out_channels, kernel_size, depth_multiplier)

    assert Fraction(block.params, standard.params) == expected
    assert Fraction(block.flops, standard.flops) == expected


@given(
    in_channels=st.integers(1, 6),
    out_channels=st.integers(1, 8),
    kernel_size=st.integers(1, 4),
    stride=st.integers(1, 3),
    padding=st.integers(0, 2),
    size=st.integers(4, 10),
    depth_multiplier=st.integers(1, 3),
    bias=st.booleans(),
    depthwise_bias=st.none() | st.booleans(),
)
def test_counts_match_pytorch(
    in_channels,
    out_channels,
    kernel_size,
    stride,
    padding,
    size,
    depth_multiplier,
    bias,
    depthwise_bias,
):
    settings = {
        "in_channels": in_channels,
        "out_channels": out_channels,
        "kernel_size": kernel_size,
        "stride": stride,
        "padding": padding,
        "bias": bias,
        "depth_multiplier": depth_multiplier,
    }
    shape = (2, in_channels, size, size)
    cost = count_separable(**settings, input_shape=shape, depthwise_bias=depthwise_bias)
    measured = measure_block(settings, shape, depthwise_bias)

    assert cost.params == measured.params
    assert cost.flops == measured.flops
    assert cost.output_shape == measured.output_shape


def test_cost_ratio_rectangular_kernel():
    # a 3x5 kernel has area 15
    assert cost_ratio(10, (3, 5)) == Fraction(1, 10) + Fraction(1, 15)
    assert cost_ratio(10, 3, depth_multiplier=2) == Fraction(2, 10) + Fraction(2, 9)


def test_count_rejects_bad_depth_multiplier():
    with pytest.raises(ConvSettingError, match="depth_multiplier=0 must be a positive integer"):
        count_separable(3, 6, 3, (3, 8, 8), depth_multiplier=0)


def test_count_rejects_bool_bias():
    with pytest.raises(ConvTypeError, match="depthwise_bias must be True or False"):
        count_separable(3, 6, 3, (3, 8, 8), depthwise_bias=1)


def test_count_rejects_wrong_input_channels():
    with pytest.raises(ConvSettingError, match="in_channels=3; make them equal"):
        count_separable(3, 6, 3, (4, 8, 8))


def test_count_rejects_kernel_larger_than_input():
    with pytest.raises(ConvSettingError, match="use a smaller kernel"):
        count_separable(3, 6, 11, (3, 8, 8))


def test_cost_ratio_rejects_zero_out_channels():
    with pytest.raises(ConvSettingError, match="out_channels=0 must be a positive integer"):
        cost_ratio(0, 3)


def test_crossover_error_in_both_languages():
    with pytest.raises(ConvSettingError) as caught:
        params_crossover(3, 1)

    assert "a kernel of area 1 with depth_multiplier=1 has no crossover" in caught.value.text("en")
    assert "不存在交叉点" in caught.value.text("zh")


def test_ratio_plot_draws_formula():
    import matplotlib

    matplotlib.use("Agg")
    from course_lib.separable_plots import plot_cost_ratio

    figure = plot_cost_ratio("en", kernel_sizes=(3, 11), max_out_channels=64)
    curves = figure.axes[0].get_lines()[:2]

    assert [line.get_label() for line in curves] == ["K = 3", "K = 11"]
    assert curves[1].get_ydata()[5] == float(cost_ratio(6, 11))
