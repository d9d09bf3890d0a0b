"""The cost of a depthwise-separable block, counted as its two layers.

A depthwise-separable block (MobileNet's building block) is a depthwise
convolution (groups = in_channels, K x K x 1 kernels) followed by a pointwise
(1x1) convolution. `count_separable` counts each layer with `count_conv` and
adds the two, so every convention the course names also holds for the block.
The rest of the module is the algebra lesson 4 teaches: the cost ratio to a
standard layer, 1/N + 1/K^2, and the out_channels below which the block needs
more parameters than the standard layer it replaces. Pure integer maths, no torch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from course_lib.counting import ConvCost, SummedCost, count_conv
from course_lib.errors import ConvSettingError, ConvTypeError
from course_lib.spec import ConvSpec, check_positive

__all__ = [
    "SeparableCost",
    "cost_ratio",
    "count_separable",
    "params_crossover",
    "separable_specs",
]


@dataclass(frozen=True)
class SeparableCost(SummedCost):
    """The cost of a depthwise layer followed by a pointwise layer.

    `depthwise` and `pointwise` are the two layers' own `ConvCost`s. Every count
    on this object is the sum of the two layers' field of the same name, so it
    uses that field's convention (see SummedCost). The parameters are
    K^2 M μ + M μ N, plus each layer's bias.
    """

    depthwise: ConvCost
    pointwise: ConvCost

    @property
    def layers(self) -> tuple[ConvCost, ConvCost]:
        """The two layers in the order the input flows through them."""
        return (self.depthwise, self.pointwise)


def check_bool(name: str, value: object) -> bool:
    """Return `value` if it is True or False, else raise ConvTypeError."""
    if not isinstance(value, bool):
        raise ConvTypeError("error.not_bool", name=name, value=value)
    return value


def separable_specs(
    in_channels: int,
    out_channels: int,
    kernel_size: int | Sequence[int],
    stride: int | Sequence[int] = 1,
    padding: int | Sequence[int] | str = 0,
    bias: bool = True,
    depth_multiplier: int = 1,
    dilation: int | Sequence[int] = 1,
    depthwise_bias: bool | None = None,
) -> tuple[ConvSpec, ConvSpec]:
    """Validate the block's settings and return the depthwise and pointwise specs.

    The depthwise layer maps in_channels to in_channels x depth_multiplier
    channels with groups = in_channels; stride, padding and dilation belong to
    it. The pointwise layer is an ungrouped 1x1 convolution to out_channels.
    `bias` sets the pointwise layer's bias. It also sets the depthwise layer's
    bias, as `layers.depthwise_separable_conv` does, unless `depthwise_bias` is
    True or False.
    """
    bias = check_bool("bias", bias)
    if depthwise_bias is None:
        depthwise_bias = bias
    depthwise_bias = check_bool("depthwise_bias", depthwise_bias)
    in_channels = check_positive("in_channels", in_channels)
    depth_multiplier = check_positive("depth_multiplier", depth_multiplier)
    middle_channels = in_channels * depth_multiplier

    depthwise = ConvSpec.create(
        in_channels,
        middle_channels,
        kernel_size,
        stride=stride,
        padding=padding,
        dilation=dilation,
        groups=in_channels,
        bias=depthwise_bias,
    )
    pointwise = ConvSpec.create(middle_channels, out_channels, 1, bias=bias)
    return depthwise, pointwise


def count_separable(
    in_channels: int,
    out_channels: int,
    kernel_size: int | Sequence[int],
    input_shape: Sequence[int],
    stride: int | Sequence[int] = 1,
    padding: int | Sequence[int] | str = 0,
    bias: bool = True,
    depth_multiplier: int = 1,
    *,
    dilation: int | Sequence[int] = 1,
    depthwise_bias: bool | None = None,
) -> SeparableCost:
    """Count a depthwise-separable block applied to `input_shape`.

    `input_shape` is (C, H, W) or (B, C, H, W) with batch size B, as for
    `count_conv`. The pointwise layer is counted on the depthwise layer's output.
    With in_channels = M, out_channels = N, depth_multiplier = μ and no bias the
    block has K^2 M μ + M μ N parameters. Raises ConvSettingError or ConvTypeError for
    a setting PyTorch would reject, naming the argument.
    """
    depthwise_spec, pointwise_spec = separable_specs(
        in_channels,
        out_channels,
        kernel_size,
        stride=stride,
        padding=padding,
        bias=bias,
        depth_multiplier=depth_multiplier,
        dilation=dilation,
        depthwise_bias=depthwise_bias,
    )
    depthwise = count_conv(depthwise_spec, input_shape)
    pointwise = count_conv(pointwise_spec, depthwise.output_shape)
    return SeparableCost(depthwise=depthwise, pointwise=pointwise)


def kernel_area(kernel_size: int | Sequence[int]) -> int:
    """Return K_h x K_w for a square size K or a (K_h, K_w) pair, validated."""
    return ConvSpec.create(1, 1, kernel_size).kernel_volume


def cost_ratio(
    out_channels: int, kernel_size: int | Sequence[int], depth_multiplier: int = 1
) -> Fraction:
    """Return separable cost / standard cost = μ/N + μ/K^2, as an exact fraction.

    N is out_channels, K^2 the kernel area (K_h x K_w for a pair) and μ the
    depth multiplier. Without bias this is exactly the ratio of the parameters
    and of the MACs (hence of FLOPs = 2 x MACs) of the block to those of a
    standard layer with the same settings, for any input size, stride or
    padding, because both run their products at the same output positions:
    (K^2 M μ + M μ N) / (K^2 M N). With bias the ratio is close but not exact.
    """
    out_channels = check_positive("out_channels", out_channels)
    depth_multiplier = check_positive("depth_multiplier", depth_multiplier)
    area = kernel_area(kernel_size)
    return Fraction(depth_multiplier, out_channels) + Fraction(depth_multiplier, area)


def params_crossover(
    in_channels: int,
    kernel_size: int | Sequence[int],
    bias: bool = True,
    depth_multiplier: int = 1,
    *,
    depthwise_bias: bool | None = None,
) -> int:
    """Return the largest out_channels at which separable has more parameters than standard.

    Up to the returned value the block needs more parameters than a standard
    layer with the same in_channels, kernel and bias. Above it the block needs
    at most as many, and exactly as many at the next value when the division
    below is exact. 0 means the block is never larger. With M = in_channels,
    N = out_channels, μ = depth_multiplier, A = K_h x K_w and b_d = 1 for a
    depthwise bias (0 without):

        separable - standard = M μ (A + b_d) - N M (A - μ)

    (the pointwise bias and the standard bias are both N and cancel), so the
    block is larger exactly while N < μ (A + b_d) / (A - μ). in_channels
    cancels too, so it is validated but does not change the result.

    Raises ConvSettingError when A <= μ: the block then has more parameters for
    every out_channels, so there is no crossover.
    """
    depthwise_spec, _ = separable_specs(
        in_channels,
        1,
        kernel_size,
        bias=bias,
        depth_multiplier=depth_multiplier,
        depthwise_bias=depthwise_bias,
    )
    area = depthwise_spec.kernel_volume
    depth_multiplier = depthwise_spec.out_channels // depthwise_spec.in_channels
    if area <= depth_multiplier:
        raise ConvSettingError(
            "separable.no_crossover", kernel_area=area, depth_multiplier=depth_multiplier
        )

    extra = depth_multiplier * (area + int(depthwise_spec.bias))
    saving_per_channel = area - depth_multiplier
    # The largest integer N with N * saving_per_channel < extra.
    return (extra - 1) // saving_per_channel
