"""PyTorch layers for the kinds of convolution the lessons compare.

Each builder validates its settings with `ConvSpec` first, so a bad setting
fails with the course's bilingual error instead of a torch traceback, and then
returns an ordinary torch.nn module.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from course_lib.spec import ConvSpec

__all__ = [
    "build_layer",
    "depthwise_conv",
    "depthwise_separable_conv",
    "grouped_conv",
    "pointwise_conv",
    "standard_conv",
]

CONV_CLASSES = {
    (1, False): nn.Conv1d,
    (2, False): nn.Conv2d,
    (3, False): nn.Conv3d,
    (1, True): nn.ConvTranspose1d,
    (2, True): nn.ConvTranspose2d,
    (3, True): nn.ConvTranspose3d,
}


def build_layer(spec: ConvSpec, device: str | torch.device | None = None) -> nn.Module:
    """Build the torch.nn convolution that `spec` describes.

    Pass device="meta" to get shapes and FLOP counts without allocating weights.
    """
    layer_class = CONV_CLASSES[(spec.dims, spec.transposed)]
    return layer_class(**spec.torch_kwargs(), device=device)


def standard_conv(
    in_channels: int,
    out_channels: int,
    kernel_size: int | Sequence[int],
    stride: int | Sequence[int] = 1,
    padding: int | Sequence[int] | str = 0,
    bias: bool = True,
    dims: int = 2,
) -> nn.Module:
    """Build a standard convolution, in which every output channel reads every input channel."""
    spec = ConvSpec.create(
        in_channels, out_channels, kernel_size, stride, padding, bias=bias, dims=dims
    )
    return build_layer(spec)


def grouped_conv(
    in_channels: int,
    out_channels: int,
    kernel_size: int | Sequence[int],
    groups: int,
    stride: int | Sequence[int] = 1,
    padding: int | Sequence[int] | str = 0,
    bias: bool = True,
    dims: int = 2,
) -> nn.Module:
    """Build a grouped convolution: `groups` independent convolutions side by side.

    `groups` is the number of groups, as in PyTorch; each group maps
    in_channels / groups inputs to out_channels / groups outputs.
    """
    spec = ConvSpec.create(
        in_channels, out_channels, kernel_size, stride, padding, groups=groups, bias=bias, dims=dims
    )
    return build_layer(spec)


def depthwise_conv(
    channels: int,
    kernel_size: int | Sequence[int],
    depth_multiplier: int = 1,
    stride: int | Sequence[int] = 1,
    padding: int | Sequence[int] | str = 0,
    bias: bool = True,
    dims: int = 2,
) -> nn.Module:
    """Build a depthwise convolution, with one group per input channel.

    Each input channel gets `depth_multiplier` kernels of its own, so the layer
    has channels x depth_multiplier output channels and mixes no channels.
    """
    spec = ConvSpec.create(
        channels,
        channels * depth_multiplier,
        kernel_size,
        stride,
        padding,
        groups=channels,
        bias=bias,
        dims=dims,
    )
    return build_layer(spec)


def pointwise_conv(
    in_channels: int, out_channels: int, bias: bool = True, dims: int = 2
) -> nn.Module:
    """Build a pointwise (1x1) convolution: a linear layer over channels at every position."""
    return build_layer(ConvSpec.create(in_channels, out_channels, 1, bias=bias, dims=dims))


def depthwise_separable_conv(
    in_channels: int,
    out_channels: int,
    kernel_size: int | Sequence[int],
    stride: int | Sequence[int] = 1,
    padding: int | Sequence[int] | str = 0,
    bias: bool = True,
    depth_multiplier: int = 1,
    dims: int = 2,
) -> nn.Sequential:
    """Build a depthwise convolution followed by a pointwise one, as in MobileNet.

    The depthwise layer filters each channel on its own; the pointwise layer then
    mixes the in_channels x depth_multiplier results into out_channels.
    """
    depthwise = depthwise_conv(
        in_channels, kernel_size, depth_multiplier, stride, padding, bias=bias, dims=dims
    )
    pointwise = pointwise_conv(in_channels * depth_multiplier, out_channels, bias=bias, dims=dims)
    return nn.Sequential(depthwise, pointwise)
