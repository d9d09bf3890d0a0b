"""Output sizes of convolutions, per spatial axis, with PyTorch's rounding.

A standard convolution's output size on one axis is
    floor((i + 2p - d(k - 1) - 1) / s) + 1,
and a transposed convolution's is
    (i - 1)s - 2p + d(k - 1) + output_padding + 1.
Both functions are pure integer maths, with no torch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from course_lib.errors import ConvSettingError
from course_lib.spec import ConvSpec, check_integer, check_non_negative

__all__ = [
    "InputShape",
    "conv_output_length",
    "output_size",
    "parse_input_shape",
    "transposed_output_length",
]


def conv_output_length(size: int, kernel: int, stride: int, padding: int, dilation: int) -> int:
    """Return floor((size + 2 padding - dilation (kernel - 1) - 1) / stride) + 1.

    The caller has checked that the dilated kernel fits the padded input, so
    the result is at least 1.
    """
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def transposed_output_length(
    size: int, kernel: int, stride: int, padding: int, dilation: int, output_padding: int
) -> int:
    """Return (size - 1) stride - 2 padding + dilation (kernel - 1) + output_padding + 1."""
    return (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1


@dataclass(frozen=True)
class InputShape:
    """An input tensor's shape split into batch, channels and spatial sizes.

    `batched` records whether the shape had a batch dimension; PyTorch accepts
    both (C, *spatial) and (N, C, *spatial), and counts are the same for an
    unbatched input and a batch of one.
    """

    batch: int
    channels: int
    spatial: tuple[int, ...]
    batched: bool

    def as_tuple(self) -> tuple[int, ...]:
        """The shape as PyTorch would print it."""
        if self.batched:
            return (self.batch, self.channels, *self.spatial)
        return (self.channels, *self.spatial)


def parse_input_shape(spec: ConvSpec, shape: Sequence[int]) -> InputShape:
    """Check an input shape against the layer and split it into its parts."""
    shape = tuple(check_integer(f"input_shape[{axis}]", value) for axis, value in enumerate(shape))
    unbatched_rank = spec.dims + 1
    if len(shape) not in (unbatched_rank, unbatched_rank + 1):
        raise ConvSettingError(
            "error.input_rank",
            shape=shape,
            rank=len(shape),
            dims=spec.dims,
            unbatched=unbatched_rank,
            batched=unbatched_rank + 1,
        )
    batched = len(shape) == unbatched_rank + 1
    batch = check_non_negative("batch size", shape[0]) if batched else 1
    channels, *spatial = shape[1:] if batched else shape
    if channels != spec.in_channels:
        raise ConvSettingError(
            "error.input_channels", shape=shape, channels=channels, in_channels=spec.in_channels
        )
    # NOTE: for an empty batch (N = 0) PyTorch 2.13 skips some checks. It accepts
    # dilation=0, an output_padding too large for the stride and dilation, and a
    # zero spatial size when the padded input still fits the kernel. The course
    # checks the layer whatever the batch and rejects every zero spatial size.
    for axis, size in enumerate(spatial):
        if size < 1:
            raise ConvSettingError("error.input_spatial", shape=shape, axis=axis, value=size)
    return InputShape(batch=batch, channels=channels, spatial=tuple(spatial), batched=batched)


def output_size(spec: ConvSpec, spatial: Sequence[int]) -> tuple[int, ...]:
    """Return the output's spatial sizes for input spatial sizes `spatial`.

    Raises ConvSettingError where PyTorch would fail in the forward pass: a
    kernel wider than the padded input, or a transposed output smaller than 1.
    """
    if spec.padding == "same":
        return tuple(spatial)

    sizes = []
    for axis, size in enumerate(spatial):
        kernel, stride = spec.kernel_size[axis], spec.stride[axis]
        padding, dilation = spec.padding[axis], spec.dilation[axis]

        if spec.transposed:
            length = transposed_output_length(
                size, kernel, stride, padding, dilation, spec.output_padding[axis]
            )
            # NOTE: on the CPU, PyTorch 2.13 returns an empty tensor for a grouped
            # transposed layer whose output size is exactly 0 (its oneDNN path), while
            # its other paths reject every size below 1, as the course does.
            if length < 1:
                raise ConvSettingError(
                    "error.transposed_output_too_small", axis=axis, size=length, padding=padding
                )
        else:
            span = dilation * (kernel - 1) + 1
            padded = size + 2 * padding
            if span > padded:
                raise ConvSettingError(
                    "error.kernel_too_large",
                    axis=axis,
                    span=span,
                    dilation=dilation,
                    kernel=kernel,
                    padded=padded,
                    size=size,
                    padding=padding,
                )
            length = conv_output_length(size, kernel, stride, padding, dilation)
        sizes.append(length)
    return tuple(sizes)
