"""The grouped layer's connection pattern and its savings against groups=1."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import torch

from course_lib import ConvSettingError, ConvSpec
from course_lib.crosscheck import measure_spec
from course_lib.grouping import (
    SAVING_QUANTITIES,
    connection_groups,
    grouping_savings,
    plot_group_connections,
)
from course_lib.layers import build_layer

SOURCE_INPUT = (1, 3, 227, 227)


@pytest.mark.parametrize(
    ("in_channels", "out_channels", "groups"), [(6, 4, 2), (3, 6, 3), (4, 4, 4), (5, 3, 1)]
)
def test_pattern_matches_torch_weights(in_channels, out_channels, groups):
    pattern = connection_groups(in_channels, out_channels, groups)

    # Run a torch layer on an input with one channel set to 1: the output
    # channels that become non-zero are those that read that input channel.
    spec = ConvSpec.create(in_channels, out_channels, 1, groups=groups, bias=False)
    layer = build_layer(spec)
    torch.nn.init.constant_(layer.weight, 1.0)
    for channel in range(in_channels):
        probe = torch.zeros(1, in_channels, 1, 1)
        probe[0, channel] = 1.0
        with torch.no_grad():
            reads = layer(probe)[0, :, 0, 0].numpy() != 0
        assert np.array_equal(reads, pattern[:, channel] >= 0), channel


def test_pattern_block_diagonal():
    pattern = connection_groups(4, 6, 2)

    assert pattern.shape == (6, 4)
    assert (pattern[:3, :2] == 0).all()
    assert (pattern[3:, 2:] == 1).all()
    assert (pattern[:3, 2:] == -1).all()
    assert (pattern[3:, :2] == -1).all()


def test_pattern_rejects_bad_groups():
    with pytest.raises(ConvSettingError, match=r"groups=4 must divide in_channels=6"):
        connection_groups(6, 8, 4)


def test_plot_draws_both_panels():
    figure = plot_group_connections(6, 6, 3)

    assert len(figure.axes) == 2


def test_savings_without_bias_exactly_g():
    spec = ConvSpec.create(3, 6, 11, stride=4, groups=3, bias=False)
    savings = {saving.quantity: saving for saving in grouping_savings(spec, SOURCE_INPUT)}

    assert list(savings) == list(SAVING_QUANTITIES)
    for quantity in ("params", "macs", "macs_plus_bias", "flops"):
        assert savings[quantity].ratio == 3, quantity
        assert savings[quantity].exact, quantity
    # The exact count has one addition fewer per output than 2 x MACs, in both layers.
    assert not savings["flops_exact"].exact
    assert not savings["flops_plus_one"].exact


def test_savings_with_bias_nearly_g():
    spec = ConvSpec.create(3, 6, 11, stride=4, groups=3, bias=True)
    savings = {saving.quantity: saving for saving in grouping_savings(spec, SOURCE_INPUT)}
    params = savings["params"]

    # 2184 = 2178 + 6 against 732 = 726 + 6: the 6 biases are not divided by 3.
    assert (params.standard, params.grouped) == (2184, 732)
    assert params.ratio == Fraction(2184, 732)
    assert params.ratio < 3
    assert params.excess == 6 - Fraction(6, 3)
    # With bias the exact count is 2 x MACs again, so it shrinks by exactly 3.
    assert savings["flops_exact"].exact
    assert not savings["macs_plus_bias"].exact


def test_savings_match_torch():
    spec = ConvSpec.create(3, 6, 11, stride=4, groups=3, bias=True)
    savings = {saving.quantity: saving for saving in grouping_savings(spec, SOURCE_INPUT)}
    ungrouped = ConvSpec.create(3, 6, 11, stride=4, bias=True)

    assert savings["params"].grouped == measure_spec(spec, SOURCE_INPUT).params
    assert savings["params"].standard == measure_spec(ungrouped, SOURCE_INPUT).params
    assert savings["flops"].grouped == measure_spec(spec, SOURCE_INPUT).flops
    assert savings["flops"].standard == measure_spec(ungrouped, SOURCE_INPUT).flops


def test_plot_numbers_channel_dots():
    figure = plot_group_connections(6, 12, 3)
    graph_axes = figure.axes[0]
    numbers = [text.get_text() for text in graph_axes.texts]

    assert numbers == [str(index) for index in range(6)] + [str(index) for index in range(12)]
