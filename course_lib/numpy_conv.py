"""A 2d convolution in plain NumPy, written to be read, with PyTorch's layouts.

`conv2d` computes what torch.nn.functional.conv2d computes, for any stride,
padding, dilation and groups, by im2col: it copies every receptive field into a
column and turns the convolution into one matrix product per group. Standard,
grouped, depthwise and pointwise convolutions are all this one function with a
different `groups` and kernel size.

Layouts are PyTorch's: input (N, C_in, H, W) or (C_in, H, W), weight
(C_out, C_in / groups, K_h, K_w), bias (C_out,). The settings are validated by
`ConvSpec` and the shape checks of `course_lib.shapes`, so a bad setting raises
the same bilingual error as the counting core, before any arithmetic.

NOTE: im2col copies every input value once per kernel tap, so memory grows
with K_h x K_w. The function is meant for lessons and tests, not large images.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from course_lib.counting import ConvCost, count_conv
from course_lib.errors import ConvSettingError, ConvTypeError
from course_lib.spec import ConvSpec, check_positive, common_divisors

__all__ = ["conv2d", "conv2d_spec", "random_parameters"]


def as_numeric_array(name: str, value: object) -> np.ndarray:
    """Return `value` as a NumPy array of numbers, or raise ConvTypeError."""
    array = np.asarray(value)
    if array.dtype == np.bool_ or not np.issubdtype(array.dtype, np.number):
        raise ConvTypeError("error.array_not_numeric", name=name, dtype=str(array.dtype))
    return array


def conv2d_spec(
    input_shape: Sequence[int],
    weight_shape: Sequence[int],
    bias_shape: Sequence[int] | None = None,
    stride: int | Sequence[int] = 1,
    padding: int | Sequence[int] | str = 0,
    dilation: int | Sequence[int] = 1,
    groups: int = 1,
) -> ConvSpec:
    """Check the shapes that `conv2d` receives and return the layer's ConvSpec.

    As in PyTorch, the layer's channel counts come from the arrays: in_channels
    from the input's channel axis, out_channels from the weight's first axis.
    Raises ConvSettingError (a ValueError) naming the array, its shape and the
    rule it breaks, and ConvTypeError (a TypeError) for a non-integer setting.
    """
    input_shape, weight_shape = tuple(input_shape), tuple(weight_shape)

    if len(weight_shape) != 4:
        raise ConvSettingError("error.weight_rank", shape=weight_shape, rank=len(weight_shape))
    if len(input_shape) not in (3, 4):
        raise ConvSettingError(
            "error.input_rank",
            shape=input_shape,
            rank=len(input_shape),
            dims=2,
            unbatched=3,
            batched=4,
        )

    groups = check_positive("groups", groups)
    in_channels = input_shape[-3]
    out_channels, per_group_in, *kernel_size = weight_shape

    # The weight's first axis is the output channels, which must split evenly into groups.
    if out_channels % groups:
        raise ConvSettingError(
            "error.weight_out_channels",
            shape=weight_shape,
            out_channels=out_channels,
            groups=groups,
            choices=common_divisors(in_channels, out_channels),
        )

    # ConvSpec checks groups against in_channels, then the kernel, stride,
    # padding and dilation, exactly as it does for the counting core.
    spec = ConvSpec.create(
        in_channels,
        out_channels,
        tuple(kernel_size),
        stride,
        padding,
        dilation,
        groups,
        bias=bias_shape is not None,
    )

    # Each kernel reads only its own group's in_channels / groups input channels.
    if per_group_in != in_channels // groups:
        raise ConvSettingError(
            "error.weight_in_channels",
            shape=weight_shape,
            actual=per_group_in,
            in_channels=in_channels,
            groups=groups,
            expected=in_channels // groups,
        )

    if bias_shape is not None and tuple(bias_shape) != (out_channels,):
        raise ConvSettingError(
            "error.bias_shape", shape=tuple(bias_shape), out_channels=out_channels
        )
    return spec


def padding_amounts(spec: ConvSpec) -> tuple[tuple[int, int], tuple[int, int]]:
    """Return (before, after) zero padding for the height and width axes.

    For padding="same" PyTorch pads dilation x (kernel_size - 1) in total on each
    axis, half before and the rest after, so an odd total puts the extra row or
    column at the bottom or right.
    """
    if spec.padding != "same":
        return tuple((amount, amount) for amount in spec.padding)
    amounts = []
    for kernel, dilation in zip(spec.kernel_size, spec.dilation, strict=True):
        total = dilation * (kernel - 1)
        amounts.append((total // 2, total - total // 2))
    return tuple(amounts)


def im2col(padded: np.ndarray, cost: ConvCost) -> np.ndarray:
    """Copy every receptive field of `padded` into columns.

    `padded` has shape (N, C_in, H + padding, W + padding). The result has shape
    (N, C_in, K_h, K_w, H_out, W_out): entry [n, c, i, j, y, x] is the input
    value that kernel tap (i, j) of channel c multiplies at output position (y, x).
    """
    spec = cost.spec
    kernel_h, kernel_w = spec.kernel_size
    stride_h, stride_w = spec.stride
    dilation_h, dilation_w = spec.dilation
    out_h, out_w = cost.output_size

    batch, channels = padded.shape[:2]
    columns = np.empty((batch, channels, kernel_h, kernel_w, out_h, out_w), dtype=padded.dtype)
    for i in range(kernel_h):
        for j in range(kernel_w):
            # Tap (i, j) sits dilation x (i, j) from the window's top-left corner,
            # and the window moves by the stride from one output position to the next.
            top, left = i * dilation_h, j * dilation_w
            rows = slice(top, top + stride_h * (out_h - 1) + 1, stride_h)
            cols = slice(left, left + stride_w * (out_w - 1) + 1, stride_w)
            columns[:, :, i, j] = padded[:, :, rows, cols]
    return columns


def conv2d(
    input: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: int | Sequence[int] = 1,
    padding: int | Sequence[int] | str = 0,
    dilation: int | Sequence[int] = 1,
    groups: int = 1,
) -> np.ndarray:
    """Convolve `input` with `weight` as torch.nn.functional.conv2d does.

    input: (N, C_in, H, W) or (C_in, H, W); weight: (C_out, C_in / groups, K_h, K_w);
    bias: (C_out,) or None. stride, padding and dilation take an int or a pair,
    and padding also "same" or "valid". Returns (N, C_out, H_out, W_out), or
    (C_out, H_out, W_out) for an unbatched input, with
    H_out = floor((H + 2 padding - dilation (K_h - 1) - 1) / stride) + 1.

    Every output element is one dot product of K_h x K_w x (C_in / groups)
    terms, so the work is the counting core's MACs, and the arrays read are
    exactly the layer's parameters: weight.size (+ bias.size) == count_conv's params.
    """
    input = as_numeric_array("input", input)
    weight = as_numeric_array("weight", weight)
    if bias is not None:
        bias = as_numeric_array("bias", bias)

    # Step 1: validate every shape and setting, and get the output size.
    spec = conv2d_spec(
        input.shape,
        weight.shape,
        None if bias is None else bias.shape,
        stride,
        padding,
        dilation,
        groups,
    )
    cost = count_conv(spec, input.shape)
    batched = input.ndim == 4
    images = input if batched else input[np.newaxis]

    # Step 2: pad the height and width axes with zeros.
    dtype = np.result_type(images, weight, *([] if bias is None else [bias]))
    (top, bottom), (left, right) = padding_amounts(spec)
    padded = np.pad(images.astype(dtype), ((0, 0), (0, 0), (top, bottom), (left, right)))

    # Step 3: im2col, then split the channel axis into groups of C_in / groups
    # and flatten each receptive field into one column of K_h K_w C_in / groups values.
    columns = im2col(padded, cost)
    batch = images.shape[0]
    out_h, out_w = cost.output_size
    per_group_in = spec.in_channels // spec.groups
    per_group_out = spec.out_channels // spec.groups
    field = per_group_in * spec.kernel_volume
    columns = columns.reshape(batch, spec.groups, field, out_h * out_w)

    # Step 4: one matrix product per group. Group g's C_out / groups kernels,
    # flattened to rows, meet only group g's columns: this is all that
    # distinguishes a grouped convolution from a standard one.
    kernels = weight.astype(dtype).reshape(spec.groups, per_group_out, field)
    output = kernels[np.newaxis] @ columns
    output = output.reshape(batch, spec.out_channels, out_h, out_w)

    # Step 5: add one bias value per output channel to every position.
    if bias is not None:
        output = output + bias.astype(dtype).reshape(1, spec.out_channels, 1, 1)

    return output if batched else output[0]


def random_parameters(
    spec: ConvSpec, rng: np.random.Generator, dtype: type = np.float32
) -> tuple[np.ndarray, np.ndarray | None]:
    """Draw a weight (and a bias when spec.bias) of the shapes `conv2d` reads.

    Values are uniform in [-1, 1). The bias is None for a layer without one.
    """
    weight = rng.uniform(-1.0, 1.0, size=spec.weight_shape()).astype(dtype)
    bias = rng.uniform(-1.0, 1.0, size=spec.out_channels).astype(dtype) if spec.bias else None
    return weight, bias
