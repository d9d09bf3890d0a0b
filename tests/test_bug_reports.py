"""Mistakes that public bug reports found in FLOP counters, as tests of each kind.

Every group below starts with the layer from a bug report and its published
numbers, then adds variants of the same mistake on other layer classes. Each
case is counted by course_lib and measured with PyTorch (the parameters of a
torch layer built directly from the case's arguments, not through ConvSpec, and
FlopCounterMode's FLOPs on the meta device). Where the mistake gives a definite
wrong number, the case also records it and checks that course_lib avoids it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pytest
import torch
from torch import nn
from torch_layers import TORCH_CLASSES

from course_lib import ConvSpec, count_conv
from course_lib.crosscheck import Measurement, measure_module


@dataclass(frozen=True)
class BugCase:
    """One layer, its input shape and the counts a correct counter gives."""

    name: str
    settings: dict[str, object]
    input_shape: tuple[int, ...]
    output_size: tuple[int, ...]
    params: int
    macs: int
    # The MACs that a counter making this group's mistake reports, if they differ.
    mistaken_macs: int | None = None
    bias_adds: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def torch_layer(settings: dict[str, object]) -> nn.Module:
    """Build the torch.nn layer for `settings` on the meta device, without ConvSpec."""
    arguments = dict(settings)
    dims = arguments.pop("dims", 2)
    transposed = arguments.pop("transposed", False)
    return TORCH_CLASSES[(dims, transposed)](**arguments, device="meta")


def count_both(case: BugCase) -> tuple[object, Measurement]:
    """Count `case` with course_lib and measure it with PyTorch."""
    cost = count_conv(ConvSpec.create(**case.settings), case.input_shape)
    measured = measure_module(torch_layer(case.settings), case.input_shape)
    return cost, measured


def check_case(case: BugCase) -> None:
    """Assert course_lib's and PyTorch's counts for `case` against the expected ones."""
    cost, measured = count_both(case)

    assert cost.output_size == case.output_size
    assert measured.output_shape == cost.output_shape
    assert cost.params == case.params
    assert measured.params == case.params, "PyTorch's parameter count differs from the expected"
    assert cost.macs == case.macs
    assert measured.flops == 2 * case.macs, "FlopCounterMode differs from 2 x the expected MACs"
    assert cost.bias_adds == case.bias_adds
    if case.mistaken_macs is not None:
        assert cost.macs != case.mistaken_macs, "course_lib makes the mistake this group is about"


# A counter that ignores groups counts K x C_in x C_out per position, g times too many.
GROUPS_IGNORED = [
    BugCase(
        name="report_depthwise_conv2d",
        settings={
            "in_channels": 32,
            "out_channels": 32,
            "kernel_size": 3,
            "padding": 1,
            "groups": 32,
            "bias": False,
        },
        input_shape=(1, 32, 112, 112),
        output_size=(112, 112),
        # 3*3*(32/32)*32 = 288
        params=288,
        # 288 * 112*112 = 288 * 12544 = 3612672
        macs=3612672,
        # 3*3*32*32 * 12544 = 9216 * 12544 = 115605504
        mistaken_macs=115605504,
    ),
    BugCase(
        name="grouped_conv1d_batch2",
        settings={"in_channels": 12, "out_channels": 24, "kernel_size": 5, "groups": 3, "dims": 1},
        input_shape=(2, 12, 20),
        # 20 - 5 + 1 = 16
        output_size=(16,),
        # 5*(12/3)*24 + 24 = 480 + 24 = 504
        params=504,
        # 480 * 16 positions * 2 samples = 15360
        macs=15360,
        # 5*12*24 * 16 * 2 = 46080
        mistaken_macs=46080,
        # 24 * 16 * 2 = 768
        bias_adds=768,
    ),
    BugCase(
        name="grouped_conv3d",
        settings={
            "in_channels": 8,
            "out_channels": 8,
            "kernel_size": 3,
            "padding": 1,
            "groups": 4,
            "bias": False,
            "dims": 3,
        },
        input_shape=(1, 8, 4, 4, 4),
        output_size=(4, 4, 4),
        # 27*(8/4)*8 = 432
        params=432,
        # 432 * 4*4*4 = 27648
        macs=27648,
        # 27*8*8 * 64 = 110592
        mistaken_macs=110592,
    ),
    BugCase(
        name="grouped_transposed2d",
        settings={
            "in_channels": 6,
            "out_channels": 4,
            "kernel_size": 3,
            "groups": 2,
            "bias": False,
            "transposed": True,
        },
        input_shape=(1, 6, 5, 5),
        # (5 - 1) + (3 - 1) + 1 = 7
        output_size=(7, 7),
        # weight (6, 4/2, 3, 3): 6*2*9 = 108
        params=108,
        # each of 6*5*5 = 150 inputs meets 9 taps of 4/2 = 2 kernels: 150*9*2 = 2700
        macs=2700,
        # 150 * 9 * 4 = 5400
        mistaken_macs=5400,
    ),
]

# A counter that divides by groups for both channel counts is g times too low.
GROUPS_APPLIED_TWICE = [
    BugCase(
        name="report_grouped_conv2d",
        settings={
            "in_channels": 64,
            "out_channels": 128,
            "kernel_size": 3,
            "padding": 1,
            "groups": 4,
            "bias": False,
        },
        input_shape=(1, 64, 56, 56),
        output_size=(56, 56),
        # 3*3*(64/4)*128 = 9*16*128 = 18432
        params=18432,
        # 18432 * 56*56 = 18432 * 3136 = 57802752
        macs=57802752,
        # 3*3*(64/4)*(128/4) * 3136 = 4608 * 3136 = 14450688
        mistaken_macs=14450688,
    ),
    BugCase(
        name="grouped_conv1d",
        settings={
            "in_channels": 6,
            "out_channels": 9,
            "kernel_size": 3,
            "groups": 3,
            "bias": False,
            "dims": 1,
        },
        input_shape=(1, 6, 10),
        # 10 - 3 + 1 = 8
        output_size=(8,),
        # 3*(6/3)*9 = 54
        params=54,
        # 54 * 8 = 432
        macs=432,
        # 3*(6/3)*(9/3) * 8 = 144
        mistaken_macs=144,
    ),
    BugCase(
        name="grouped_pointwise_conv3d",
        settings={
            "in_channels": 4,
            "out_channels": 8,
            "kernel_size": 1,
            "groups": 2,
            "bias": False,
            "dims": 3,
        },
        input_shape=(1, 4, 3, 3, 3),
        output_size=(3, 3, 3),
        # 1*(4/2)*8 = 16
        params=16,
        # 16 * 27 = 432
        macs=432,
        # 1*(4/2)*(8/2) * 27 = 216
        mistaken_macs=216,
    ),
    BugCase(
        name="grouped_transposed1d",
        settings={
            "in_channels": 4,
            "out_channels": 6,
            "kernel_size": 3,
            "groups": 2,
            "bias": False,
            "dims": 1,
            "transposed": True,
        },
        input_shape=(1, 4, 5),
        # (5 - 1) + (3 - 1) + 1 = 7
        output_size=(7,),
        # weight (4, 6/2, 3): 4*3*3 = 36
        params=36,
        # each of 4*5 = 20 inputs meets 3 taps of 6/2 = 3 kernels: 20*3*3 = 180
        macs=180,
        # 20 * 3 * (6/2)/2 = 90
        mistaken_macs=90,
    ),
]

# A counter that divides the MACs by the stride after the output size already
# shrank by it counts s^dims times too few.
STRIDE_APPLIED_TWICE = [
    BugCase(
        name="report_resnet_stem",
        settings={
            "in_channels": 3,
            "out_channels": 64,
            "kernel_size": 7,
            "stride": 2,
            "padding": 3,
            "bias": False,
        },
        input_shape=(1, 3, 224, 224),
        # floor((224 + 6 - 6 - 1) / 2) + 1 = 111 + 1 = 112
        output_size=(112, 112),
        # 7*7*3*64 = 9408
        params=9408,
        # 9408 * 112*112 = 9408 * 12544 = 118013952
        macs=118013952,
        # 118013952 / 2^2 = 29503488
        mistaken_macs=29503488,
    ),
    BugCase(
        name="strided_conv1d",
        settings={
            "in_channels": 4,
            "out_channels": 4,
            "kernel_size": 3,
            "stride": 3,
            "bias": False,
            "dims": 1,
        },
        input_shape=(1, 4, 30),
        # floor((30 - 2 - 1) / 3) + 1 = 9 + 1 = 10
        output_size=(10,),
        # 3*4*4 = 48
        params=48,
        # 48 * 10 = 480
        macs=480,
        # 480 / 3 = 160
        mistaken_macs=160,
    ),
    BugCase(
        name="strided_conv3d",
        settings={
            "in_channels": 2,
            "out_channels": 2,
            "kernel_size": 2,
            "stride": 2,
            "bias": False,
            "dims": 3,
        },
        input_shape=(1, 2, 8, 8, 8),
        # floor((8 - 1 - 1) / 2) + 1 = 4
        output_size=(4, 4, 4),
        # 8*2*2 = 32
        params=32,
        # 32 * 4*4*4 = 2048
        macs=2048,
        # 2048 / 2^3 = 256
        mistaken_macs=256,
    ),
    BugCase(
        name="strided_transposed2d",
        settings={
            "in_channels": 2,
            "out_channels": 2,
            "kernel_size": 3,
            "stride": 2,
            "bias": False,
            "transposed": True,
        },
        input_shape=(1, 2, 4, 4),
        # (4 - 1)*2 + (3 - 1) + 1 = 9
        output_size=(9, 9),
        # 2*2*9 = 36
        params=36,
        # A transposed layer's MACs do not depend on the stride: 2*4*4 inputs * 9 taps * 2 = 576
        macs=576,
        # 576 / 2^2 = 144
        mistaken_macs=144,
    ),
]

# A counter that reads an unbatched input's channel axis as the batch miscounts.
# An unbatched input costs what a batch of one costs.
UNBATCHED = [
    BugCase(
        name="report_conv1d",
        settings={
            "in_channels": 32,
            "out_channels": 32,
            "kernel_size": 3,
            "stride": 2,
            "padding": 4,
            "dims": 1,
        },
        input_shape=(32, 128),
        # floor((128 + 8 - 2 - 1) / 2) + 1 = 66 + 1 = 67
        output_size=(67,),
        # 3*32*32 + 32 = 3072 + 32 = 3104
        params=3104,
        # 3072 * 67 = 205824
        macs=205824,
        # 32 * 67 = 2144
        bias_adds=2144,
    ),
    BugCase(
        name="conv2d",
        settings={"in_channels": 3, "out_channels": 4, "kernel_size": 3},
        input_shape=(3, 8, 8),
        # 8 - 3 + 1 = 6
        output_size=(6, 6),
        # 9*3*4 + 4 = 112
        params=112,
        # 108 * 6*6 = 3888
        macs=3888,
        # 4 * 36 = 144
        bias_adds=144,
    ),
    BugCase(
        name="conv3d",
        settings={"in_channels": 2, "out_channels": 2, "kernel_size": 3, "padding": 1, "dims": 3},
        input_shape=(2, 4, 4, 4),
        output_size=(4, 4, 4),
        # 27*2*2 + 2 = 110
        params=110,
        # 108 * 64 = 6912
        macs=6912,
        # 2 * 64 = 128
        bias_adds=128,
    ),
    BugCase(
        name="transposed1d",
        settings={
            "in_channels": 32,
            "out_channels": 32,
            "kernel_size": 3,
            "stride": 2,
            "dims": 1,
            "transposed": True,
        },
        input_shape=(32, 10),
        # (10 - 1)*2 + (3 - 1) + 1 = 21
        output_size=(21,),
        # 32*32*3 + 32 = 3104
        params=3104,
        # 32*10 inputs * 3 taps * 32 kernels = 30720
        macs=30720,
        # 32 * 21 = 672
        bias_adds=672,
    ),
]

# A counter that treats a transposed layer like a convolution over its output
# counts K x C_in/g x C_out per output position, which is wrong in general.
TRANSPOSED = [
    BugCase(
        name="report_one_pixel",
        settings={"in_channels": 32, "out_channels": 1, "kernel_size": 3, "transposed": True},
        input_shape=(1, 32, 1, 1),
        # (1 - 1) + (3 - 1) + 1 = 3
        output_size=(3, 3),
        # 32*1*9 + 1 = 289
        params=289,
        # 32 inputs * 9 taps * 1 kernel = 288
        macs=288,
        # 9*32*1 * 3*3 = 2592
        mistaken_macs=2592,
        # 1 * 3*3 = 9
        bias_adds=9,
    ),
    BugCase(
        name="report_upsample_by_2",
        settings={
            "in_channels": 3,
            "out_channels": 1,
            "kernel_size": 2,
            "stride": 2,
            "transposed": True,
        },
        input_shape=(1, 3, 2, 2),
        # (2 - 1)*2 + (2 - 1) + 1 = 4
        output_size=(4, 4),
        # 3*1*4 + 1 = 13
        params=13,
        # 3*2*2 inputs * 4 taps * 1 kernel = 48
        macs=48,
        # 4*3*1 * 4*4 = 192
        mistaken_macs=192,
        # 1 * 4*4 = 16
        bias_adds=16,
    ),
    BugCase(
        name="output_padding_transposed1d",
        settings={
            "in_channels": 4,
            "out_channels": 2,
            "kernel_size": 3,
            "stride": 2,
            "padding": 1,
            "output_padding": 1,
            "dims": 1,
            "transposed": True,
        },
        input_shape=(1, 4, 5),
        # (5 - 1)*2 - 2*1 + (3 - 1) + 1 + 1 = 10
        output_size=(10,),
        # 4*2*3 + 2 = 26
        params=26,
        # 4*5 inputs * 3 taps * 2 kernels = 120
        macs=120,
        # 3*4*2 * 10 = 240
        mistaken_macs=240,
        # 2 * 10 = 20
        bias_adds=20,
    ),
    BugCase(
        name="grouped_transposed3d",
        settings={
            "in_channels": 2,
            "out_channels": 2,
            "kernel_size": 2,
            "stride": 2,
            "groups": 2,
            "dims": 3,
            "transposed": True,
        },
        input_shape=(1, 2, 2, 2, 2),
        # (2 - 1)*2 + (2 - 1) + 1 = 4
        output_size=(4, 4, 4),
        # weight (2, 2/2, 2, 2, 2): 2*1*8 + 2 = 18
        params=18,
        # 2*8 inputs * 8 taps * 2/2 kernels = 128
        macs=128,
        # 8*(2/2)*2 * 4*4*4 = 1024
        mistaken_macs=1024,
        # 2 * 64 = 128
        bias_adds=128,
    ),
]

# Dilation spreads the kernel's taps but adds none, so it changes the MACs only
# through the output size. A counter that counts the dilated span as taps,
# (d (k - 1) + 1) per axis, counts too many.
DILATION = [
    BugCase(
        name="report_padding1_dilation1",
        settings={
            "in_channels": 64,
            "out_channels": 64,
            "kernel_size": 3,
            "padding": 1,
            "dilation": 1,
            "bias": False,
        },
        input_shape=(1, 64, 56, 56),
        # 56 + 2 - 2 - 1 + 1 = 56
        output_size=(56, 56),
        # 9*64*64 = 36864
        params=36864,
        # 36864 * 56*56 = 36864 * 3136 = 115605504
        macs=115605504,
    ),
    BugCase(
        name="report_padding2_dilation2",
        settings={
            "in_channels": 64,
            "out_channels": 64,
            "kernel_size": 3,
            "padding": 2,
            "dilation": 2,
            "bias": False,
        },
        input_shape=(1, 64, 56, 56),
        # 56 + 4 - 2*2 - 1 + 1 = 56
        output_size=(56, 56),
        params=36864,
        # The same taps over the same 56x56 output: 36864 * 3136 = 115605504
        macs=115605504,
        # span 5: 25*64*64 * 3136 = 321126400
        mistaken_macs=321126400,
    ),
    BugCase(
        name="report_padding1_dilation2",
        settings={
            "in_channels": 64,
            "out_channels": 64,
            "kernel_size": 3,
            "padding": 1,
            "dilation": 2,
            "bias": False,
        },
        input_shape=(1, 64, 56, 56),
        # 56 + 2 - 2*2 - 1 + 1 = 54
        output_size=(54, 54),
        params=36864,
        # 36864 * 54*54 = 36864 * 2916 = 107495424
        macs=107495424,
        # span 5: 25*64*64 * 2916 = 298598400
        mistaken_macs=298598400,
    ),
    BugCase(
        name="dilated_conv1d",
        settings={
            "in_channels": 2,
            "out_channels": 2,
            "kernel_size": 3,
            "dilation": 3,
            "bias": False,
            "dims": 1,
        },
        input_shape=(1, 2, 10),
        # 10 - 3*2 - 1 + 1 = 4
        output_size=(4,),
        # 3*2*2 = 12
        params=12,
        # 12 * 4 = 48
        macs=48,
        # span 7: 7*2*2 * 4 = 112
        mistaken_macs=112,
    ),
    BugCase(
        name="dilated_conv3d_per_axis",
        settings={
            "in_channels": 1,
            "out_channels": 1,
            "kernel_size": 2,
            "dilation": (1, 2, 3),
            "bias": False,
            "dims": 3,
        },
        input_shape=(1, 1, 4, 4, 4),
        # 4 - d*(2 - 1) - 1 + 1 per axis: (3, 2, 1)
        output_size=(3, 2, 1),
        # 2*2*2 = 8
        params=8,
        # 8 * 3*2*1 = 48
        macs=48,
        # spans (2, 3, 4): 24 * 6 = 144
        mistaken_macs=144,
    ),
    BugCase(
        name="dilated_transposed2d",
        settings={
            "in_channels": 1,
            "out_channels": 1,
            "kernel_size": 3,
            "dilation": 2,
            "bias": False,
            "transposed": True,
        },
        input_shape=(1, 1, 3, 3),
        # (3 - 1) + 2*(3 - 1) + 1 = 7
        output_size=(7, 7),
        # 1*1*9 = 9
        params=9,
        # 9 inputs * 9 taps = 81
        macs=81,
        # span 5: 9 inputs * 25 = 225
        mistaken_macs=225,
    ),
]

# The bias adds parameters and one addition per output, never multiplications,
# and FlopCounterMode ignores it.
BIAS = [
    BugCase(
        name="report_conv2d",
        settings={"in_channels": 3, "out_channels": 10, "kernel_size": 3},
        input_shape=(1, 3, 32, 32),
        # 32 - 3 + 1 = 30
        output_size=(30, 30),
        # 3*3*3*10 + 10 = 270 + 10 = 280
        params=280,
        # 270 * 30*30 = 243000
        macs=243000,
        # 10 * 30*30 = 9000
        bias_adds=9000,
        # 3*3*3*10 = 270
        extra={"params_without_bias": 270},
    ),
    BugCase(
        name="conv1d_batch2",
        settings={"in_channels": 4, "out_channels": 2, "kernel_size": 3, "dims": 1},
        input_shape=(2, 4, 10),
        # 10 - 3 + 1 = 8
        output_size=(8,),
        # 3*4*2 + 2 = 26
        params=26,
        # 24 * 8 * 2 samples = 384
        macs=384,
        # 2 * 8 * 2 samples = 32
        bias_adds=32,
        extra={"params_without_bias": 24},
    ),
    BugCase(
        name="transposed_with_gaps",
        settings={
            "in_channels": 1,
            "out_channels": 1,
            "kernel_size": 1,
            "stride": 2,
            "transposed": True,
        },
        input_shape=(1, 1, 2, 2),
        # (2 - 1)*2 + 0 + 1 = 3
        output_size=(3, 3),
        # 1 + 1 = 2
        params=2,
        # 4 inputs * 1 tap = 4
        macs=4,
        # Every one of the 3*3 outputs gets the bias, even the 5 that no product reaches.
        bias_adds=9,
        extra={"params_without_bias": 1},
    ),
]


def case_ids(cases: list[BugCase]) -> list[str]:
    """The pytest ids of `cases`."""
    return [case.name for case in cases]


def cost_macs(case: BugCase) -> int:
    """Count the MACs of `case` with course_lib."""
    return count_conv(ConvSpec.create(**case.settings), case.input_shape).macs


@pytest.mark.parametrize("case", GROUPS_IGNORED, ids=case_ids(GROUPS_IGNORED))
def test_groups_divide_macs(case):
    check_case(case)

    groups = case.settings["groups"]
    assert cost_macs(case) * groups == case.mistaken_macs


@pytest.mark.parametrize("case", GROUPS_APPLIED_TWICE, ids=case_ids(GROUPS_APPLIED_TWICE))
def test_groups_divide_once(case):
    check_case(case)

    groups = case.settings["groups"]
    assert cost_macs(case) == case.mistaken_macs * groups


@pytest.mark.parametrize("case", STRIDE_APPLIED_TWICE, ids=case_ids(STRIDE_APPLIED_TWICE))
def test_stride_counts_once(case):
    check_case(case)


def test_transposed_macs_ignore_stride():
    strided = STRIDE_APPLIED_TWICE[-1]
    unstrided_settings = {**strided.settings, "stride": 1}

    unstrided = count_conv(ConvSpec.create(**unstrided_settings), strided.input_shape)

    # The stride spreads a transposed layer's products apart but leaves their number alone.
    assert unstrided.macs == strided.macs
    assert unstrided.output_size == (6, 6)


@pytest.mark.parametrize("case", UNBATCHED, ids=case_ids(UNBATCHED))
def test_unbatched_like_batch_of_one(case):
    check_case(case)

    unbatched = count_conv(ConvSpec.create(**case.settings), case.input_shape)
    batch_of_one = count_conv(ConvSpec.create(**case.settings), (1, *case.input_shape))

    assert unbatched.output_shape == (case.settings["out_channels"], *case.output_size)
    assert batch_of_one.output_shape == (1, *unbatched.output_shape)
    assert unbatched.params == batch_of_one.params
    assert unbatched.macs == batch_of_one.macs
    assert unbatched.bias_adds == batch_of_one.bias_adds
    assert unbatched.flops_exact == batch_of_one.flops_exact
    assert unbatched.flops_plus_one == batch_of_one.flops_plus_one


@pytest.mark.parametrize("case", TRANSPOSED, ids=case_ids(TRANSPOSED))
def test_transposed_counts_inputs(case):
    check_case(case)


@pytest.mark.parametrize("case", DILATION, ids=case_ids(DILATION))
def test_dilation_only_via_output_size(case):
    check_case(case)

    undilated_settings = {**case.settings, "dilation": 1}
    undilated = ConvSpec.create(**undilated_settings)
    cost = count_conv(ConvSpec.create(**case.settings), case.input_shape)

    # Per output position (per input position for a transposed layer) the MACs
    # are the undilated kernel's taps times C_in/g x C_out. Every case has batch 1.
    assert cost.params == count_conv(undilated, case.input_shape).params
    positions = case.input_shape[2:] if undilated.transposed else cost.output_size
    taps = undilated.kernel_volume * undilated.in_channels // undilated.groups
    assert cost.macs == taps * undilated.out_channels * math.prod(positions)


def test_dilation_report_same_padding_same_macs():
    padding1_dilation1, padding2_dilation2, padding1_dilation2 = DILATION[:3]

    assert cost_macs(padding1_dilation1) == cost_macs(padding2_dilation2)
    assert cost_macs(padding1_dilation2) < cost_macs(padding1_dilation1)


@pytest.mark.parametrize("case", BIAS, ids=case_ids(BIAS))
def test_bias_adds_no_flops(case):
    check_case(case)

    with_bias, measured_with_bias = count_both(case)
    without_bias_case = BugCase(
        name=case.name,
        settings={**case.settings, "bias": False},
        input_shape=case.input_shape,
        output_size=case.output_size,
        params=case.extra["params_without_bias"],
        macs=case.macs,
    )
    check_case(without_bias_case)
    without_bias, measured_without_bias = count_both(without_bias_case)

    # FlopCounterMode reports the same FLOPs with and without the bias.
    assert measured_with_bias.flops == measured_without_bias.flops
    assert with_bias.flops == without_bias.flops
    assert with_bias.params - without_bias.params == case.settings["out_channels"]
    assert with_bias.bias_adds == with_bias.outputs
    assert without_bias.bias_adds == 0
    assert with_bias.macs_plus_bias == case.macs + case.bias_adds
    assert without_bias.macs_plus_bias == case.macs
    assert with_bias.flops_exact - without_bias.flops_exact == case.bias_adds


def test_bias_reaches_uncovered_outputs():
    case = BIAS[-1]
    spec = ConvSpec.create(**{**case.settings, "bias": False})
    cost = count_conv(spec, case.input_shape)

    # Run the layer on the CPU with ones everywhere: an output is nonzero
    # exactly when at least one product lands on it.
    layer = nn.ConvTranspose2d(1, 1, 1, stride=2, bias=False)
    with torch.no_grad():
        layer.weight.fill_(1.0)
        output = layer(torch.ones(case.input_shape))
    reached = int(torch.count_nonzero(output))

    # Input position i lands on output position 2i, so the 2x2 inputs reach the 3x3 grid's corners.
    assert reached == 4
    assert cost.written_outputs == reached
    # Exact count without bias: 4 products and no additions, since each output sums one product.
    assert cost.flops_exact == 4
