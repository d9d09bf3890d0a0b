"""Settings that PyTorch rejects are rejected by course_lib, and accepted ones accepted.

Each case is run twice. PyTorch builds the layer on the CPU and runs it on a
small random tensor, because the meta device skips some of the checks that a
real forward pass makes (negative padding, output_padding, kernel size). Then
course_lib validates the same arguments with ConvSpec.create and count_conv. A
rejected case must raise ConvSettingError (a ValueError) or ConvTypeError (a
TypeError) whose English message names the argument, the value and the rule,
and whose Chinese message differs from it. An accepted case must give PyTorch's
output shape and parameter count.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pytest
import torch
from torch import nn

from course_lib import (
    Convention,
    ConvSettingError,
    ConvSpec,
    ConvTypeError,
    CourseError,
    count_conv,
)
from course_lib.messages import ListField

TORCH_CLASSES = {
    "Conv1d": (nn.Conv1d, 1, False),
    "Conv2d": (nn.Conv2d, 2, False),
    "Conv3d": (nn.Conv3d, 3, False),
    "ConvTranspose1d": (nn.ConvTranspose1d, 1, True),
    "ConvTranspose2d": (nn.ConvTranspose2d, 2, True),
    "ConvTranspose3d": (nn.ConvTranspose3d, 3, True),
}


@dataclass(frozen=True)
class Case:
    """One layer class, its arguments, an input shape and the expected outcome.

    `error` is None for a configuration that both libraries accept. `fragments`
    are texts that the English message must contain: the argument, the value
    and the rule.
    """

    name: str
    layer: str
    arguments: dict[str, object]
    input_shape: tuple[int, ...]
    error: type[Exception] | None = None
    fragments: tuple[str, ...] = ()


def run_torch(case: Case) -> tuple[int, ...] | Exception:
    """Build and run the case's layer on the CPU, and return the output shape or the error."""
    layer_class, _, _ = TORCH_CLASSES[case.layer]
    with warnings.catch_warnings():
        # Zero-size weights and padding="same" with an even kernel only warn.
        warnings.simplefilter("ignore", UserWarning)
        try:
            layer = layer_class(**case.arguments)
            output = layer(torch.randn(case.input_shape))
        except (ValueError, TypeError, RuntimeError) as error:
            return error
    return tuple(output.shape)


def torch_params(case: Case) -> int:
    """Count the parameters of the case's torch layer."""
    layer_class, _, _ = TORCH_CLASSES[case.layer]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        layer = layer_class(**case.arguments, device="meta")
    return sum(parameter.numel() for parameter in layer.parameters())


def run_course(case: Case):
    """Validate and count the case with course_lib, and return the ConvCost."""
    _, dims, transposed = TORCH_CLASSES[case.layer]
    spec = ConvSpec.create(**case.arguments, dims=dims, transposed=transposed)
    return count_conv(spec, case.input_shape)


def course_error(case: Case) -> CourseError:
    """Return the error that course_lib raises for the case, failing if it raises none."""
    with pytest.raises(CourseError) as caught:
        run_course(case)
    return caught.value


REJECTED = [
    # groups must divide both channel counts.
    Case(
        "groups_not_dividing_in",
        "Conv2d",
        {"in_channels": 6, "out_channels": 8, "kernel_size": 3, "groups": 4},
        (1, 6, 5, 5),
        ValueError,
        ("groups=4", "in_channels=6", "must divide", "1, 2"),
    ),
    Case(
        "groups_not_dividing_out",
        "Conv1d",
        {"in_channels": 4, "out_channels": 3, "kernel_size": 3, "groups": 2},
        (1, 4, 5),
        ValueError,
        ("groups=2", "out_channels=3", "must divide"),
    ),
    Case(
        "transposed_groups_not_dividing_out",
        "ConvTranspose2d",
        {"in_channels": 6, "out_channels": 4, "kernel_size": 3, "groups": 3},
        (1, 6, 5, 5),
        ValueError,
        ("groups=3", "out_channels=4", "must divide"),
    ),
    Case(
        "groups_zero",
        "Conv3d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "groups": 0},
        (1, 3, 5, 5, 5),
        ValueError,
        ("groups=0", "positive integer"),
    ),
    Case(
        "transposed_groups_zero",
        "ConvTranspose1d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "groups": 0},
        (1, 3, 5),
        ValueError,
        ("groups=0", "positive integer"),
    ),
    # Padding, stride, dilation and kernel size.
    Case(
        "negative_padding",
        "Conv2d",
        {"in_channels": 2, "out_channels": 2, "kernel_size": 3, "padding": -1},
        (1, 2, 5, 5),
        ValueError,
        ("padding=-1", "must not be negative"),
    ),
    Case(
        "negative_padding_in_tuple",
        "Conv2d",
        {"in_channels": 2, "out_channels": 2, "kernel_size": 3, "padding": (1, -1)},
        (1, 2, 5, 5),
        ValueError,
        ("padding[1]=-1", "must not be negative"),
    ),
    Case(
        "transposed_negative_padding",
        "ConvTranspose1d",
        {"in_channels": 2, "out_channels": 2, "kernel_size": 3, "padding": -1},
        (1, 2, 5),
        ValueError,
        ("padding=-1", "must not be negative"),
    ),
    Case(
        "stride_zero",
        "Conv1d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "stride": 0},
        (1, 3, 5),
        ValueError,
        ("stride=0", "positive integer"),
    ),
    Case(
        "transposed_stride_zero",
        "ConvTranspose2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "stride": 0},
        (1, 3, 5, 5),
        ValueError,
        ("stride=0", "positive integer"),
    ),
    Case(
        "transposed_dilation_zero",
        "ConvTranspose3d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "dilation": 0},
        (1, 3, 5, 5, 5),
        ValueError,
        ("dilation=0", "positive integer"),
    ),
    Case(
        "dilation_zero_in_tuple",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "dilation": (1, 0)},
        (1, 3, 5, 5),
        ValueError,
        ("dilation[1]=0", "positive integer"),
    ),
    Case(
        "kernel_zero",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 0},
        (1, 3, 5, 5),
        ValueError,
        ("kernel_size=0", "positive integer"),
    ),
    Case(
        "kernel_negative",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": -1},
        (1, 3, 5, 5),
        ValueError,
        ("kernel_size=-1", "positive integer"),
    ),
    Case(
        "out_channels_zero",
        "Conv2d",
        {"in_channels": 3, "out_channels": 0, "kernel_size": 3},
        (1, 3, 5, 5),
        ValueError,
        ("out_channels=0", "positive integer"),
    ),
    Case(
        "kernel_larger_than_input",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 5},
        (1, 3, 4, 4),
        ValueError,
        ("axis 0", "spans 5 positions", "padded input size 4", "input 4 + 2 x padding 0"),
    ),
    Case(
        "dilated_kernel_larger_than_input",
        "Conv1d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "dilation": 3},
        (1, 3, 6),
        ValueError,
        ("spans 7 positions", "3 x (3 - 1) + 1", "padded input size 6"),
    ),
    Case(
        "kernel_larger_on_second_axis",
        "Conv3d",
        {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "padding": (1, 0, 0)},
        (1, 1, 1, 1, 3),
        ValueError,
        ("axis 1", "spans 3 positions", "padded input size 1"),
    ),
    # Padding strings.
    Case(
        "same_with_stride_2",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "padding": "same", "stride": 2},
        (1, 3, 9, 9),
        ValueError,
        ("padding='same'", "needs stride=1", "stride=2"),
    ),
    Case(
        "same_with_stride_tuple",
        "Conv2d",
        {
            "in_channels": 3,
            "out_channels": 3,
            "kernel_size": 3,
            "padding": "same",
            "stride": (1, 2),
        },
        (1, 3, 9, 9),
        ValueError,
        ("padding='same'", "needs stride=1", "stride=(1, 2)"),
    ),
    Case(
        "padding_full",
        "Conv1d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "padding": "full"},
        (1, 3, 9),
        ValueError,
        ("padding='full'", "not valid", "'same', 'valid'"),
    ),
    # PyTorch raises TypeError here because a transposed layer's padding must be
    # integers. The course reports a padding string as an unavailable setting, a ValueError.
    Case(
        "transposed_same",
        "ConvTranspose2d",
        {"in_channels": 2, "out_channels": 2, "kernel_size": 3, "padding": "same"},
        (1, 2, 5, 5),
        ValueError,
        ("padding='same'", "transposed convolution", "non-negative integers"),
    ),
    Case(
        "transposed_valid",
        "ConvTranspose1d",
        {"in_channels": 2, "out_channels": 2, "kernel_size": 3, "padding": "valid"},
        (1, 2, 5),
        ValueError,
        ("padding='valid'", "transposed convolution"),
    ),
    # output_padding and the transposed output size.
    Case(
        "output_padding_equal_to_stride",
        "ConvTranspose2d",
        {
            "in_channels": 3,
            "out_channels": 3,
            "kernel_size": 3,
            "stride": 2,
            "output_padding": 2,
        },
        (1, 3, 5, 5),
        ValueError,
        ("output_padding=2", "axis 0", "smaller than", "stride=2", "dilation=1"),
    ),
    Case(
        "output_padding_at_stride_1",
        "ConvTranspose1d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "output_padding": 1},
        (1, 3, 5),
        ValueError,
        ("output_padding=1", "smaller than", "stride=1", "dilation=1"),
    ),
    Case(
        "output_padding_too_large_on_axis_2",
        "ConvTranspose3d",
        {
            "in_channels": 1,
            "out_channels": 1,
            "kernel_size": 3,
            "stride": (2, 1, 1),
            "dilation": (1, 2, 1),
            "output_padding": (1, 1, 1),
        },
        (1, 1, 3, 3, 3),
        ValueError,
        ("output_padding=1", "axis 2", "stride=1", "dilation=1"),
    ),
    Case(
        "output_padding_negative",
        "ConvTranspose1d",
        {
            "in_channels": 3,
            "out_channels": 3,
            "kernel_size": 3,
            "stride": 2,
            "output_padding": -1,
        },
        (1, 3, 5),
        ValueError,
        ("output_padding=-1", "must not be negative"),
    ),
    Case(
        "transposed_output_negative",
        "ConvTranspose1d",
        {"in_channels": 2, "out_channels": 2, "kernel_size": 3, "padding": 2},
        (1, 2, 1),
        ValueError,
        # (1 - 1) - 2*2 + (3 - 1) + 1 = -1
        ("axis 0", "would be -1", "padding=2"),
    ),
    Case(
        "transposed_output_zero",
        "ConvTranspose1d",
        {"in_channels": 2, "out_channels": 2, "kernel_size": 1, "padding": 1},
        (1, 2, 2),
        ValueError,
        # (2 - 1) - 2*1 + 0 + 1 = 0
        ("axis 0", "would be 0", "padding=1"),
    ),
    # Input shapes.
    Case(
        "input_rank_too_small",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3},
        (3, 9),
        ValueError,
        ("input shape (3, 9)", "2 dimensions", "takes 3", "or 4"),
    ),
    Case(
        "input_rank_too_large",
        "Conv1d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3},
        (1, 1, 3, 9, 9),
        ValueError,
        ("input shape (1, 1, 3, 9, 9)", "5 dimensions", "takes 2", "or 3"),
    ),
    Case(
        "transposed_input_rank",
        "ConvTranspose2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3},
        (1, 1, 3, 9, 9),
        ValueError,
        ("5 dimensions", "takes 3", "or 4"),
    ),
    Case(
        "input_channels_wrong",
        "Conv3d",
        {"in_channels": 2, "out_channels": 2, "kernel_size": 3},
        (1, 3, 4, 4, 4),
        ValueError,
        ("3 channels", "in_channels=2", "make them equal"),
    ),
    Case(
        "transposed_input_channels_wrong",
        "ConvTranspose2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3},
        (1, 2, 9, 9),
        ValueError,
        ("2 channels", "in_channels=3"),
    ),
    Case(
        "unbatched_input_channels_wrong",
        "Conv1d",
        {"in_channels": 4, "out_channels": 4, "kernel_size": 3},
        (3, 10),
        ValueError,
        ("input shape (3, 10)", "3 channels", "in_channels=4"),
    ),
    Case(
        "zero_spatial_size",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 1},
        (1, 3, 0, 5),
        ValueError,
        ("spatial size 0", "axis 0", "1 or more"),
    ),
    Case(
        "zero_spatial_size_padded",
        "Conv1d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 1, "padding": 1},
        (1, 3, 0),
        ValueError,
        ("spatial size 0", "axis 0", "1 or more"),
    ),
    Case(
        "transposed_zero_spatial_size",
        "ConvTranspose2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 1},
        (1, 3, 5, 0),
        ValueError,
        ("spatial size 0", "axis 1", "1 or more"),
    ),
    # Tuples of the wrong length.
    Case(
        "kernel_tuple_too_long",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": (3, 3, 3)},
        (1, 3, 5, 5),
        ValueError,
        ("kernel_size=(3, 3, 3)", "3 values", "2d convolution", "tuple of 2"),
    ),
    Case(
        "stride_tuple_too_long",
        "Conv1d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "stride": (1, 1, 1)},
        (1, 3, 5),
        ValueError,
        ("stride=(1, 1, 1)", "3 values", "tuple of 1"),
    ),
    Case(
        "stride_tuple_empty",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "stride": ()},
        (1, 3, 5, 5),
        ValueError,
        ("stride=()", "0 values", "tuple of 2"),
    ),
    Case(
        "transposed_dilation_tuple_too_short",
        "ConvTranspose3d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "dilation": (1, 1)},
        (1, 3, 5, 5, 5),
        ValueError,
        ("dilation=(1, 1)", "2 values", "tuple of 3"),
    ),
    Case(
        "output_padding_tuple_too_long",
        "ConvTranspose1d",
        {
            "in_channels": 3,
            "out_channels": 3,
            "kernel_size": 3,
            "stride": 2,
            "output_padding": (1, 1),
        },
        (1, 3, 5),
        ValueError,
        ("output_padding=(1, 1)", "2 values", "tuple of 1"),
    ),
    # Wrong types: bools, floats and strings where PyTorch needs integers.
    Case(
        "stride_bool",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "stride": True},
        (1, 3, 5, 5),
        TypeError,
        ("stride", "True", "must be an integer", "bool"),
    ),
    Case(
        "groups_bool",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "groups": True},
        (1, 3, 5, 5),
        TypeError,
        ("groups", "True", "must be an integer"),
    ),
    Case(
        "padding_bool",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "padding": True},
        (1, 3, 5, 5),
        TypeError,
        ("padding", "True", "must be an integer"),
    ),
    Case(
        "out_channels_bool",
        "Conv2d",
        {"in_channels": 3, "out_channels": True, "kernel_size": 3},
        (1, 3, 5, 5),
        TypeError,
        ("out_channels", "True", "must be an integer"),
    ),
    Case(
        "output_padding_bool",
        "ConvTranspose2d",
        {
            "in_channels": 3,
            "out_channels": 3,
            "kernel_size": 3,
            "stride": 2,
            "output_padding": True,
        },
        (1, 3, 5, 5),
        TypeError,
        ("output_padding", "True", "must be an integer"),
    ),
    Case(
        "in_channels_float",
        "Conv2d",
        {"in_channels": 3.0, "out_channels": 3, "kernel_size": 3},
        (1, 3, 5, 5),
        TypeError,
        ("in_channels", "3.0", "must be an integer", "float"),
    ),
    Case(
        "out_channels_float",
        "Conv1d",
        {"in_channels": 3, "out_channels": 3.0, "kernel_size": 3},
        (1, 3, 5),
        TypeError,
        ("out_channels", "3.0", "must be an integer"),
    ),
    Case(
        "stride_float",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "stride": 1.5},
        (1, 3, 5, 5),
        TypeError,
        ("stride", "1.5", "must be an integer", "float"),
    ),
    Case(
        "stride_whole_float",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "stride": 2.0},
        (1, 3, 5, 5),
        TypeError,
        ("stride", "2.0", "must be an integer"),
    ),
    Case(
        "padding_float",
        "Conv1d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "padding": 1.0},
        (1, 3, 5),
        TypeError,
        ("padding", "1.0", "must be an integer"),
    ),
    Case(
        "kernel_string",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": "3"},
        (1, 3, 5, 5),
        TypeError,
        ("kernel_size", "'3'", "must be an integer", "str"),
    ),
    Case(
        "kernel_float",
        "Conv3d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 2.0},
        (1, 3, 5, 5, 5),
        TypeError,
        ("kernel_size", "2.0", "must be an integer"),
    ),
    Case(
        "dilation_float_in_tuple",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "dilation": (1, 1.0)},
        (1, 3, 5, 5),
        TypeError,
        ("dilation[1]", "1.0", "must be an integer"),
    ),
    Case(
        "groups_float",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "groups": 1.0},
        (1, 3, 5, 5),
        TypeError,
        ("groups", "1.0", "must be an integer"),
    ),
    Case(
        "transposed_output_padding_float",
        "ConvTranspose2d",
        {
            "in_channels": 3,
            "out_channels": 3,
            "kernel_size": 3,
            "stride": 2,
            "output_padding": 1.0,
        },
        (1, 3, 5, 5),
        TypeError,
        ("output_padding", "1.0", "must be an integer"),
    ),
]

ACCEPTED = [
    Case(
        "same_even_kernel_dilation_2",
        "Conv1d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 4, "padding": "same", "dilation": 2},
        (1, 3, 9),
    ),
    Case(
        "same_even_kernel",
        "Conv2d",
        {"in_channels": 2, "out_channels": 2, "kernel_size": 4, "padding": "same"},
        (1, 2, 7, 6),
    ),
    Case(
        "same_unbatched_3d",
        "Conv3d",
        {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "padding": "same"},
        (1, 4, 5, 6),
    ),
    Case(
        "valid_3d",
        "Conv3d",
        {"in_channels": 2, "out_channels": 2, "kernel_size": (1, 2, 3), "padding": "valid"},
        (1, 2, 4, 4, 4),
    ),
    Case(
        "valid_strided_1d",
        "Conv1d",
        {"in_channels": 2, "out_channels": 4, "kernel_size": 3, "padding": "valid", "stride": 2},
        (2, 2, 9),
    ),
    Case(
        "output_padding_below_dilation",
        "ConvTranspose2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "dilation": 2, "output_padding": 1},
        (1, 3, 5, 5),
    ),
    Case(
        "output_padding_below_stride",
        "ConvTranspose1d",
        {"in_channels": 2, "out_channels": 2, "kernel_size": 3, "stride": 3, "output_padding": 2},
        (1, 2, 4),
    ),
    Case(
        "output_padding_per_axis",
        "ConvTranspose3d",
        {
            "in_channels": 1,
            "out_channels": 1,
            "kernel_size": 2,
            "stride": (2, 1, 1),
            "dilation": (1, 2, 1),
            "output_padding": (1, 1, 0),
        },
        (1, 1, 2, 2, 2),
    ),
    Case(
        "batch_size_zero",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3},
        (0, 3, 9, 9),
    ),
    Case(
        "transposed_batch_size_zero",
        "ConvTranspose3d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3},
        (0, 3, 4, 4, 4),
    ),
    Case(
        "kernel_equal_to_padded_input",
        "Conv2d",
        {"in_channels": 1, "out_channels": 1, "kernel_size": 5, "padding": 1},
        (1, 1, 3, 3),
    ),
    Case(
        "transposed_output_one",
        "ConvTranspose1d",
        {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "padding": 1},
        (1, 1, 1),
    ),
    Case(
        "transposed_unbatched",
        "ConvTranspose2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": 3},
        (3, 4, 4),
    ),
    Case(
        "depthwise_multiplier_3d",
        "Conv3d",
        {"in_channels": 4, "out_channels": 8, "kernel_size": 3, "groups": 4},
        (1, 4, 3, 3, 3),
    ),
    Case(
        "mixed_tuples",
        "Conv2d",
        {
            "in_channels": 2,
            "out_channels": 4,
            "kernel_size": (1, 3),
            "stride": (2, 1),
            "padding": (0, 1),
            "dilation": (1, 2),
        },
        (1, 2, 5, 5),
    ),
    Case(
        "lists_for_tuples",
        "Conv2d",
        {"in_channels": 3, "out_channels": 3, "kernel_size": [3, 3], "stride": [2, 1]},
        (1, 3, 9, 9),
    ),
    Case(
        "stride_longer_than_input",
        "Conv1d",
        {"in_channels": 1, "out_channels": 1, "kernel_size": 1, "stride": 10},
        (1, 1, 5),
    ),
    Case(
        "grouped_transposed_bias_off",
        "ConvTranspose2d",
        {"in_channels": 4, "out_channels": 6, "kernel_size": 2, "groups": 2, "bias": False},
        (2, 4, 3, 3),
    ),
]


@dataclass(frozen=True)
class Difference:
    """A configuration that PyTorch accepts and the course rejects on purpose."""

    case: Case
    reason: str


DELIBERATE_DIFFERENCES = [
    Difference(
        Case(
            "in_channels_zero",
            "Conv2d",
            {"in_channels": 0, "out_channels": 4, "kernel_size": 3},
            (1, 0, 5, 5),
            ValueError,
            ("in_channels=0", "positive integer"),
        ),
        "PyTorch builds an empty layer whose output is all bias; it has nothing to count.",
    ),
    Difference(
        Case(
            "in_channels_bool",
            "Conv2d",
            {"in_channels": True, "out_channels": 4, "kernel_size": 3},
            (1, 1, 5, 5),
            TypeError,
            ("in_channels", "True", "must be an integer"),
        ),
        "PyTorch reads True as 1 because bool is an int subclass; in a lesson it is a slip.",
    ),
    Difference(
        Case(
            "kernel_size_bool",
            "ConvTranspose1d",
            {"in_channels": 3, "out_channels": 3, "kernel_size": True},
            (1, 3, 5),
            TypeError,
            ("kernel_size", "True", "must be an integer"),
        ),
        "PyTorch reads a kernel size of True as 1, as it does for channel counts.",
    ),
    Difference(
        Case(
            "bias_integer",
            "Conv2d",
            {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "bias": 1},
            (1, 3, 5, 5),
            TypeError,
            ("bias", "1", "True or False"),
        ),
        "PyTorch only tests bias for truth, so 1, 'no' and None all pass.",
    ),
    Difference(
        Case(
            "bias_string",
            "Conv1d",
            {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "bias": "no"},
            (1, 3, 5),
            TypeError,
            ("bias", "'no'", "True or False"),
        ),
        "bias='no' would give a layer with a bias in PyTorch, the opposite of what it reads.",
    ),
    Difference(
        Case(
            "bias_none",
            "Conv2d",
            {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "bias": None},
            (1, 3, 5, 5),
            TypeError,
            ("bias", "None", "True or False"),
        ),
        "PyTorch treats None as no bias, but the course asks for an explicit False.",
    ),
    Difference(
        Case(
            "stride_one_value_tuple_2d",
            "Conv2d",
            {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "stride": (2,)},
            (1, 3, 9, 9),
            ValueError,
            ("stride=(2,)", "1 values", "tuple of 2"),
        ),
        "PyTorch's functional convolution repeats a one-value stride, padding, dilation or "
        "output_padding tuple over every axis, but the documented forms are an int or a tuple "
        "with one value per axis.",
    ),
    Difference(
        Case(
            "transposed_padding_one_value_tuple_3d",
            "ConvTranspose3d",
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "padding": (1,)},
            (1, 1, 4, 4, 4),
            ValueError,
            ("padding=(1,)", "1 values", "tuple of 3"),
        ),
        "As for the stride: a one-value tuple is repeated by PyTorch, rejected by the course.",
    ),
    Difference(
        Case(
            "empty_batch_zero_spatial_size",
            "Conv2d",
            {"in_channels": 3, "out_channels": 3, "kernel_size": 1, "padding": 1},
            (0, 3, 0, 5),
            ValueError,
            ("spatial size 0", "axis 0", "1 or more"),
        ),
        "PyTorch runs an empty batch when the padded input fits the kernel, but the course "
        "rejects every zero spatial size, since such an input has no positions to count.",
    ),
    Difference(
        Case(
            "empty_batch_dilation_zero",
            "Conv1d",
            {"in_channels": 1, "out_channels": 1, "kernel_size": 1, "dilation": 0},
            (0, 1, 5),
            ValueError,
            ("dilation=0", "positive integer"),
        ),
        "PyTorch skips its dilation check for an empty batch, but the course checks the "
        "layer whatever its input.",
    ),
    Difference(
        Case(
            "empty_batch_output_padding_too_large",
            "ConvTranspose1d",
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "output_padding": 2},
            (0, 1, 5),
            ValueError,
            ("output_padding=2", "smaller than", "stride=1"),
        ),
        "PyTorch skips its output_padding check for an empty batch, but the course checks "
        "the layer whatever its input.",
    ),
]


def case_ids(cases: list[Case]) -> list[str]:
    """The pytest ids of `cases`."""
    return [case.name for case in cases]


def check_message(error: CourseError, case: Case) -> None:
    """Assert that the English message contains each of the case's fragments."""
    english = str(error)
    for fragment in case.fragments:
        assert fragment in english, f"message {english!r} should contain {fragment!r}"


def test_table_size():
    layers = {case.layer for case in REJECTED + ACCEPTED}

    assert len(REJECTED) + len(ACCEPTED) >= 30
    assert layers == set(TORCH_CLASSES)


@pytest.mark.parametrize("case", REJECTED, ids=case_ids(REJECTED))
def test_rejected_by_torch(case):
    outcome = run_torch(case)

    assert isinstance(outcome, Exception), f"PyTorch accepts {case.name}: output {outcome}"


@pytest.mark.parametrize("case", REJECTED, ids=case_ids(REJECTED))
def test_rejected_by_course(case):
    error = course_error(case)

    assert isinstance(error, case.error)
    expected_class = ConvTypeError if case.error is TypeError else ConvSettingError
    assert type(error) is expected_class
    check_message(error, case)


@pytest.mark.parametrize("case", ACCEPTED, ids=case_ids(ACCEPTED))
def test_accepted_like_torch(case):
    torch_shape = run_torch(case)
    assert not isinstance(torch_shape, Exception), f"PyTorch rejects {case.name}: {torch_shape}"

    cost = run_course(case)

    assert cost.output_shape == torch_shape
    assert cost.params == torch_params(case)


@pytest.mark.parametrize(
    "difference",
    DELIBERATE_DIFFERENCES,
    ids=[difference.case.name for difference in DELIBERATE_DIFFERENCES],
)
def test_deliberate_difference(difference):
    case = difference.case

    # If PyTorch starts rejecting this case, the difference is gone and its
    # mention in spec.py should go too.
    torch_shape = run_torch(case)
    assert not isinstance(torch_shape, Exception), (
        f"PyTorch now rejects {case.name} ({torch_shape}), so the course no longer differs "
        f"here. The reason for the difference was: {difference.reason}"
    )

    error = course_error(case)
    assert isinstance(error, case.error)
    check_message(error, case)


@pytest.mark.parametrize(
    "case",
    REJECTED + [difference.case for difference in DELIBERATE_DIFFERENCES],
    ids=case_ids(REJECTED + [difference.case for difference in DELIBERATE_DIFFERENCES]),
)
def test_error_text_in_chinese(case):
    error = course_error(case)
    chinese = error.text("zh")

    assert chinese != str(error)
    assert error.text("en") == str(error)
    assert any("\u4e00" <= character <= "\u9fff" for character in chinese), chinese
    # The Chinese message carries the same values as the English one.
    for name, value in error.fields.items():
        if isinstance(value, ListField):
            assert "、".join(str(item) for item in value) in chinese, (
                f"{name}={value!r} not in {chinese}"
            )
            continue
        assert str(value) in chinese or repr(value) in chinese, f"{name}={value!r} not in {chinese}"


def test_error_text_unknown_language():
    error = course_error(REJECTED[0])

    with pytest.raises(ValueError, match="language='fr'"):
        error.text("fr")


def test_output_padding_without_transposed():
    # ConvSpec takes output_padding for every layer, but torch's Conv classes have
    # no such argument, so only the course's own check can be tested here.
    with pytest.raises(ConvSettingError) as caught:
        ConvSpec.create(3, 3, 3, output_padding=1)

    message = str(caught.value)
    assert "output_padding=1" in message
    assert "only to a transposed convolution" in message
    assert "transposed=True" in message


@pytest.mark.parametrize("dims", [0, 4, True, 2.0])
def test_dims_outside_1_to_3(dims):
    with pytest.raises(ConvSettingError) as caught:
        ConvSpec.create(3, 3, 3, dims=dims)

    assert f"dims={dims!r}" in str(caught.value)
    assert "use 1, 2 or 3" in str(caught.value)


@pytest.mark.parametrize("flag", ["bias", "transposed"])
def test_flags_must_be_bool(flag):
    with pytest.raises(ConvTypeError) as caught:
        ConvSpec.create(3, 3, 3, **{flag: 1})

    assert f"{flag} must be True or False" in str(caught.value)


def test_batch_size_negative():
    spec = ConvSpec.create(3, 3, 3)

    with pytest.raises(ConvSettingError) as caught:
        count_conv(spec, (-1, 3, 5, 5))

    assert "batch size=-1" in str(caught.value)
    assert "must not be negative" in str(caught.value)


def test_input_shape_float():
    spec = ConvSpec.create(3, 3, 3)

    with pytest.raises(ConvTypeError) as caught:
        count_conv(spec, (1, 3, 5.0, 5))

    assert "input_shape[2]" in str(caught.value)
    assert "5.0" in str(caught.value)


def test_convention_unknown():
    cost = count_conv(ConvSpec.create(3, 3, 3), (1, 3, 5, 5))

    with pytest.raises(ConvSettingError) as caught:
        cost.count("gflops")

    message = str(caught.value)
    assert "convention='gflops'" in message
    for convention in Convention:
        assert convention.value in message


@pytest.mark.parametrize("convention", list(Convention), ids=[c.value for c in Convention])
def test_convention_by_name(convention):
    cost = count_conv(ConvSpec.create(3, 6, 3, groups=3), (2, 3, 7, 7))

    assert cost.count(convention.value) == cost.count(convention)
    assert cost.count(convention) == getattr(cost, convention.value)
    assert convention.label("en") != convention.label("zh")
