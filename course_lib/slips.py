"""The catalogue of slips learners make when they count a convolution.

Each slip is a function that takes the layer, the input shape and the quantity
asked for, and returns the wrong answers a learner who made that slip would
give. The checks in `course_lib.checks` compare an answer with these values to
name the likely slip; the hint for slip "name" is the message
"check.slip.<name>" in `course_lib.messages`.

Quantities are "params", "output_size" or a counting convention's value
("macs", "macs_plus_bias", "flops", "flops_exact", "flops_plus_one").

Besides the single slips in SLIPS there is one family, "other_convention":
an operation count that equals the layer's count under another convention
(MACs, MACs + bias additions, 2 x MACs, the exact count, the "+1" count) is
named "other_convention.<convention>", for example "other_convention.macs".
A depthwise-separable block has slips of its own (`block_slip_values`).

NOTE: the catalogue covers forward (not transposed) convolutions, and only
single slips: an answer with two slips at once matches none of them.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from fractions import Fraction

from course_lib.conventions import Convention
from course_lib.counting import ConvCost, conv_params
from course_lib.separable import SeparableCost
from course_lib.shapes import InputShape, parse_input_shape
from course_lib.spec import ConvSpec

__all__ = [
    "INTRODUCED_IN",
    "OTHER_CONVENTION",
    "QUANTITIES",
    "SLIPS",
    "Layer",
    "block_slip_values",
    "convention_of_slip",
    "find_slips",
    "introduced_by",
    "separable_ratio",
    "slip_values",
]

QUANTITIES = ("params", "output_size", *(convention.value for convention in Convention))
FLOP_CONVENTIONS = ("flops", "flops_exact", "flops_plus_one")
MAC_CONVENTIONS = ("macs", "macs_plus_bias")
OTHER_CONVENTION = "other_convention"


@dataclasses.dataclass(frozen=True)
class Layer:
    """A layer and its input: everything a slip needs to recompute a count."""

    spec: ConvSpec
    input: InputShape

    @classmethod
    def create(cls, spec: ConvSpec, input_shape: Sequence[int]) -> Layer:
        """Validate `input_shape` against `spec`, as count_conv does."""
        return cls(spec=spec, input=parse_input_shape(spec, input_shape))


def padded_length(size: int, kernel: int, padding: int, dilation: int) -> int:
    """Return the distance the kernel can travel on one axis: i + 2p - d(k - 1) - 1."""
    return size + 2 * padding - dilation * (kernel - 1) - 1


def cost_with(spec: ConvSpec, shape: InputShape, sizes: Sequence[int] | None = None) -> ConvCost:
    """Count `spec` on `shape`, optionally with a learner's (wrong) output size.

    Unlike count_conv this accepts any positive output size, so a slip in the
    output size carries through to the parameters and operations.
    """
    if sizes is None:
        sizes = correct_output_size(spec, shape)
    sizes = tuple(sizes)
    written = shape.batch * spec.out_channels * math.prod(sizes)
    macs = written * spec.kernel_volume * (spec.in_channels // spec.groups)
    return ConvCost(
        spec=spec,
        input=shape,
        output_size=sizes,
        params=conv_params(spec),
        macs=macs,
        written_outputs=written,
    )


def correct_output_size(spec: ConvSpec, shape: InputShape) -> tuple[int, ...]:
    """Return the output size with PyTorch's rounding, for integer padding."""
    if spec.padding == "same":
        return shape.spatial
    return tuple(
        padded_length(size, kernel, padding, dilation) // stride + 1
        for size, kernel, stride, padding, dilation in zip(
            shape.spatial, spec.kernel_size, spec.stride, spec.padding, spec.dilation, strict=True
        )
    )


def value_of(cost: ConvCost, quantity: str) -> int | tuple[int, ...]:
    """Read one quantity from a cost."""
    if quantity == "output_size":
        return cost.output_size
    if quantity == "params":
        return cost.params
    return cost.count(quantity)


def with_channels(spec: ConvSpec, in_channels: int, out_channels: int) -> ConvSpec:
    """Return the same layer with other channel counts (the groups must still divide them)."""
    return dataclasses.replace(spec, in_channels=in_channels, out_channels=out_channels)


def with_input_channels(shape: InputShape, channels: int) -> InputShape:
    """Return the same input with another number of channels."""
    return dataclasses.replace(shape, channels=channels)


def wrong_sizes(layer: Layer, length: Callable[[int, int, int, int, int], int]):
    """Compute the output sizes per axis with a learner's wrong formula, or return None.

    `length(size, kernel, stride, padding, dilation)` is the wrong formula. The
    result is None when padding is "same" or a size comes out below 1.
    """
    spec, shape = layer.spec, layer.input
    if spec.padding == "same":
        return None
    sizes = tuple(
        length(size, kernel, stride, padding, dilation)
        for size, kernel, stride, padding, dilation in zip(
            shape.spatial, spec.kernel_size, spec.stride, spec.padding, spec.dilation, strict=True
        )
    )
    if min(sizes) < 1:
        return None
    return sizes


def size_slip(length: Callable[[int, int, int, int, int], int]):
    """Turn a wrong output-length formula into a slip over every quantity."""

    def slip(layer: Layer, quantity: str) -> list:
        if quantity == "params":
            return []
        sizes = wrong_sizes(layer, length)
        if sizes is None:
            return []
        return [value_of(cost_with(layer.spec, layer.input, sizes), quantity)]

    return slip


def groups_ignored(layer: Layer, quantity: str) -> list:
    """Counted as if groups were 1: every output channel reads every input channel."""
    spec = layer.spec
    if spec.groups == 1 or quantity == "output_size":
        return []
    ungrouped = dataclasses.replace(spec, groups=1)
    return [value_of(cost_with(ungrouped, layer.input), quantity)]


def groups_divided_twice(layer: Layer, quantity: str) -> list:
    """Divided by groups for C_in and again for C_out, so the weights shrink by g^2."""
    spec, groups = layer.spec, layer.spec.groups
    if groups == 1 or quantity == "output_size":
        return []
    cost = cost_with(spec, layer.input)
    if quantity == "params":
        weights = cost.params - (spec.out_channels if spec.bias else 0)
        return [weights // groups + (spec.out_channels if spec.bias else 0)]
    divided = dataclasses.replace(cost, macs=cost.macs // groups)
    return [value_of(divided, quantity)]


def bias_forgotten(layer: Layer, quantity: str) -> list:
    """The layer has a bias, but the answer leaves its values or additions out."""
    spec = layer.spec
    if not spec.bias or quantity == "output_size":
        return []
    cost = cost_with(spec, layer.input)
    if quantity == "params":
        return [cost.params - spec.out_channels]
    if quantity == "macs_plus_bias":
        return [cost.macs]
    if quantity == "flops_exact":
        return [cost.flops_exact - cost.bias_adds]
    return []


def bias_added_twice(layer: Layer, quantity: str) -> list:
    """C_out bias values (or one addition per output) counted once too often.

    For a layer without bias this is a bias counted where there is none.
    """
    spec = layer.spec
    if quantity == "output_size":
        return []
    cost = cost_with(spec, layer.input)
    # Without a bias, C_out values counted is the bias_always_added slip.
    if quantity == "params" and spec.bias:
        return [cost.params + spec.out_channels]
    # An exact count one addition per output too high is the "-1" slip, named there.
    if quantity == "macs_plus_bias":
        return [cost.macs_plus_bias + cost.outputs]
    if quantity == "macs" and not spec.bias:
        return [cost.macs + cost.outputs]
    return []


def bias_always_added(layer: Layer, quantity: str) -> list:
    """The C_out bias values counted whatever the bias setting, as a function that ignores `bias`.

    For a layer with bias this gives the right count, so a function check can
    tell it from a bias counted twice: it fits the cases with bias=True too.
    """
    spec = layer.spec
    if quantity != "params":
        return []
    if spec.bias:
        return [conv_params(spec)]
    return [conv_params(spec) + spec.out_channels]


def bias_divided_by_groups(layer: Layer, quantity: str) -> list:
    """The bias divided by groups like the weights: C_out / g bias values instead of C_out."""
    spec = layer.spec
    if quantity != "params" or not spec.bias or spec.groups == 1:
        return []
    return [conv_params(spec) - spec.out_channels + spec.out_channels // spec.groups]


def one_bias(layer: Layer, quantity: str) -> list:
    """One bias for the whole layer (+ 1) where each of the C_out output channels has its own."""
    spec = layer.spec
    if quantity != "params" or not spec.bias:
        return []
    return [conv_params(spec) - spec.out_channels + 1]


def in_channels_forgotten(layer: Layer, quantity: str) -> list:
    """The factor C_in / g (C_in for a standard layer) left out, as if each kernel read one channel.

    For a depthwise layer C_in / g is 1, so leaving it out changes nothing.
    """
    spec = layer.spec
    if quantity == "output_size":
        return []
    one_per_group = dataclasses.replace(spec, in_channels=spec.groups)
    return [value_of(cost_with(one_per_group, layer.input), quantity)]


def stride_applied_twice(layer: Layer, quantity: str) -> list:
    """Divided by the stride twice, or the stride also applied to the kernel."""
    if all(step == 1 for step in layer.spec.stride):
        return []
    divided_twice = size_slip(lambda i, k, s, p, d: padded_length(i, k, p, d) // (s * s) + 1)
    input_shrunk = size_slip(lambda i, k, s, p, d: (i // s + 2 * p - d * (k - 1) - 1) // s + 1)
    return divided_twice(layer, quantity) + input_shrunk(layer, quantity)


def rounded_up(layer: Layer, quantity: str) -> list:
    """The division by the stride rounded up where PyTorch rounds down."""
    return size_slip(lambda i, k, s, p, d: -(-padded_length(i, k, p, d) // s) + 1)(layer, quantity)


def plus_one_forgotten(layer: Layer, quantity: str) -> list:
    """The output size without its "+ 1": (i + 2p - k) / s."""
    return size_slip(lambda i, k, s, p, d: padded_length(i, k, p, d) // s)(layer, quantity)


def padding_once(layer: Layer, quantity: str) -> list:
    """Padding added on one side only: i + p instead of i + 2p."""
    if not any(layer.spec.padding):
        return []
    return size_slip(lambda i, k, s, p, d: padded_length(i - p, k, p, d) // s + 1)(layer, quantity)


def dilation_ignored(layer: Layer, quantity: str) -> list:
    """A dilated kernel taken as if its taps were next to each other: K, not d(K - 1) + 1."""
    if all(step == 1 for step in layer.spec.dilation):
        return []
    return size_slip(lambda i, k, s, p, d: padded_length(i, k, p, 1) // s + 1)(layer, quantity)


def padding_forgotten(layer: Layer, quantity: str) -> list:
    """The padding left out: (i - d(k - 1) - 1) / s + 1, as if padding were 0."""
    if layer.spec.padding == "same" or not any(layer.spec.padding):
        return []
    return size_slip(lambda i, k, s, p, d: padded_length(i, k, 0, d) // s + 1)(layer, quantity)


def input_size_for_output(layer: Layer, quantity: str) -> list:
    """The input's height and width used where the output's belong."""
    if quantity == "params":
        return []
    sizes = layer.input.spatial
    return [value_of(cost_with(layer.spec, layer.input, sizes), quantity)]


def multiplier_forgotten(layer: Layer, quantity: str) -> list:
    """A depthwise layer with a depth multiplier counted as if the multiplier were 1."""
    spec = layer.spec
    depthwise = spec.groups == spec.in_channels > 1
    if not depthwise or spec.out_channels == spec.in_channels or quantity == "output_size":
        return []
    single = with_channels(spec, spec.in_channels, spec.in_channels)
    return [value_of(cost_with(single, layer.input), quantity)]


def in_channels_for_out(layer: Layer, quantity: str) -> list:
    """C_in used where C_out belongs: the count of a layer with as many outputs as inputs.

    A real exchange of C_in and C_out gives the right weights (the product
    C_in x C_out, or (C_in / g) x C_out = C_in x (C_out / g), is the same), so the
    slip that changes a count is C_in put in C_out's place: in the weights, or in
    the bias only (C_in biases). The article's grouped FLOPs (2205225 for a
    3 -> 6 layer with groups=3) is such a count.
    """
    spec, shape = layer.spec, layer.input
    if spec.in_channels == spec.out_channels or quantity == "output_size":
        return []
    outputs_as_inputs = with_channels(spec, spec.in_channels, spec.in_channels)
    values = [value_of(cost_with(outputs_as_inputs, shape), quantity)]
    if quantity == "params" and spec.bias:
        values.append(conv_params(spec) - spec.out_channels + spec.in_channels)
    return values


def kernel_not_squared(layer: Layer, quantity: str) -> list:
    """K used where K_h x K_w = K^2 belongs."""
    spec = layer.spec
    if quantity == "output_size" or spec.kernel_volume == spec.kernel_size[0]:
        return []
    narrow = dataclasses.replace(spec, kernel_size=spec.kernel_size[:1] + (1,) * (spec.dims - 1))
    return [
        value_of(cost_with(narrow, layer.input, correct_output_size(spec, layer.input)), quantity)
    ]


# The catalogue, in the order the hints are shown when several slips match.
SLIPS: dict[str, Callable[[Layer, str], list]] = {
    "groups_ignored": groups_ignored,
    "groups_divided_twice": groups_divided_twice,
    "bias_forgotten": bias_forgotten,
    "bias_added_twice": bias_added_twice,
    "bias_always_added": bias_always_added,
    "bias_divided_by_groups": bias_divided_by_groups,
    "one_bias": one_bias,
    "in_channels_forgotten": in_channels_forgotten,
    "stride_applied_twice": stride_applied_twice,
    "rounded_up": rounded_up,
    "plus_one_forgotten": plus_one_forgotten,
    "padding_once": padding_once,
    "padding_forgotten": padding_forgotten,
    "dilation_ignored": dilation_ignored,
    "input_size_for_output": input_size_for_output,
    "multiplier_forgotten": multiplier_forgotten,
    "in_channels_for_out": in_channels_for_out,
    "kernel_not_squared": kernel_not_squared,
}


# The lesson that introduces a slip's idea, where it is not lesson 1 or 2: feedback
# for an earlier lesson leaves the slip out rather than name an idea not met yet.
INTRODUCED_IN = {"multiplier_forgotten": 3}


def introduced_by(name: str, lesson: int | None) -> bool:
    """Return whether slip `name` has been taught by lesson `lesson` (None: any lesson)."""
    return lesson is None or INTRODUCED_IN.get(name, 1) <= lesson


def other_convention_values(cost: ConvCost | SeparableCost, quantity: str) -> dict[str, list]:
    """Map "other_convention.<convention>" to the count under each convention not asked for.

    Without a bias some conventions agree (MACs and MACs + bias additions, for
    one); such a count is named by the first of them only.
    """
    if quantity not in (convention.value for convention in Convention):
        return {}
    values: dict[str, list] = {}
    seen = []
    for convention in Convention:
        count = cost.count(convention)
        if convention.value != quantity and count not in seen:
            values[f"{OTHER_CONVENTION}.{convention.value}"] = [count]
        seen.append(count)
    return values


def convention_of_slip(name: str) -> Convention | None:
    """Return the convention an "other_convention.<convention>" slip names, else None."""
    family, _, convention = name.partition(".")
    if family != OTHER_CONVENTION or not convention:
        return None
    return Convention.parse(convention)


def without_right(values: dict[str, list], right: object) -> dict[str, list]:
    """Drop the right value from every slip's wrong values, and slips left with none."""
    remaining = {
        name: [value for value in wrong if value != right] for name, wrong in values.items()
    }
    return {name: wrong for name, wrong in remaining.items() if wrong}


def slip_values(layer: Layer, quantity: str, keep_right: bool = False) -> dict[str, list]:
    """Map each catalogued slip to its wrong values for `quantity`, the right value removed.

    The order is the order hints are shown in: another convention first, since
    it explains a number without any arithmetic slip, then the slips of SLIPS.
    With keep_right=True a value that happens to be right stays in, so a check
    that tries several layers can tell a slip that gives the right value on
    one layer from a slip that does not apply to it (a slip with no values
    gives the right value wherever it is left out).
    """
    if quantity not in QUANTITIES:
        raise ValueError(f"quantity={quantity!r} is unknown; use one of {', '.join(QUANTITIES)}")
    cost = cost_with(layer.spec, layer.input)
    values = other_convention_values(cost, quantity)
    for name, slip in SLIPS.items():
        values[name] = slip(layer, quantity)
    if keep_right:
        return {name: wrong for name, wrong in values.items() if wrong}
    return without_right(values, value_of(cost, quantity))


def standard_layer_cost(block: SeparableCost) -> ConvCost:
    """Count the standard layer a separable block replaces: same kernel, stride and padding."""
    depthwise, pointwise = block.depthwise.spec, block.pointwise.spec
    standard = dataclasses.replace(
        depthwise, out_channels=pointwise.out_channels, groups=1, bias=pointwise.bias
    )
    return cost_with(standard, block.depthwise.input)


def block_slip_values(block: SeparableCost, quantity: str) -> dict[str, list]:
    """Map the slips of a depthwise-separable block to its wrong values for `quantity`.

    `quantity` is "params" or a convention's value. The block's own slips:
    the depthwise layer counted without its groups (as a standard M -> M
    layer), a bias counted in a block without one, the standard layer's count
    given for the block's, only one of the two layers counted, and the counts
    under the other conventions.
    """
    if quantity == "output_size" or quantity not in QUANTITIES:
        raise ValueError(
            f"quantity={quantity!r} cannot be checked on a block; use params or a convention"
        )
    depthwise, pointwise = block.depthwise, block.pointwise
    ungrouped = dataclasses.replace(depthwise.spec, groups=1)
    values = {
        "groups_ignored": [
            value_of(cost_with(ungrouped, depthwise.input), quantity)
            + value_of(pointwise, quantity)
        ],
        "standard_layer": [value_of(standard_layer_cost(block), quantity)],
        "one_layer_only": [value_of(depthwise, quantity), value_of(pointwise, quantity)],
    }
    if quantity == "params":
        biased = [layer for layer in block.layers if not layer.spec.bias]
        if biased:
            values["bias_added_twice"] = [
                block.params + sum(layer.spec.out_channels for layer in biased)
            ]
        unbiased = [layer for layer in block.layers if layer.spec.bias]
        if unbiased:
            values["bias_forgotten"] = [
                block.params - sum(layer.spec.out_channels for layer in unbiased)
            ]
    values.update(other_convention_values(block, quantity))
    right = block.params if quantity == "params" else block.count(quantity)
    return without_right(values, right)


def find_slips(answer: object, layer: Layer, quantity: str) -> list[str]:
    """Name the catalogued slips whose wrong answer equals `answer`."""
    return [name for name, values in slip_values(layer, quantity).items() if answer in values]


def separable_ratio(channels_out: int, kernel_size: int) -> Fraction:
    """Return the cost of a depthwise-separable block over a standard layer: 1/N + 1/K^2.

    Parameters (bias off) and MACs both give this ratio, for any input size and
    any number of input channels.
    """
    return Fraction(1, channels_out) + Fraction(1, kernel_size**2)
