"""Parameters and arithmetic of one convolution layer, in plain integers.

`count_conv` is the single place where the course turns layer settings and an
input shape into numbers; lessons, the calculator, the widgets and the tests
all read their counts from the `ConvCost` it returns.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from course_lib.conventions import Convention
from course_lib.shapes import InputShape, output_size, parse_input_shape
from course_lib.spec import ConvSpec

__all__ = ["ConvCost", "CostCounts", "SequenceCost", "SummedCost", "conv_params", "count_conv"]


class CostCounts:
    """Lookup by convention and plain-data export, shared by every cost object.

    A subclass provides `params`, `bias_adds`, one attribute per Convention
    value, `output_size` and `output_shape`.
    """

    def count(self, convention: Convention | str) -> int:
        """Return the arithmetic under `convention`."""
        return getattr(self, Convention.parse(convention).value)

    def as_dict(self) -> dict[str, object]:
        """Return the counts as plain data, with the calculator's JSON keys."""
        return {
            "output_size": list(self.output_size),
            "output_shape": list(self.output_shape),
            "params": self.params,
            "macs": self.macs,
            "flops": self.flops,
            "flops_exact": self.flops_exact,
            "bias_adds": self.bias_adds,
        }


def conv_params(spec: ConvSpec) -> int:
    """Return the number of parameters: K_h K_w (C_in / groups) C_out (+ C_out bias).

    The same formula holds for a transposed layer, whose weight has the shape
    (C_in, C_out / groups, *kernel).
    """
    weights = spec.kernel_volume * (spec.in_channels // spec.groups) * spec.out_channels
    return weights + (spec.out_channels if spec.bias else 0)


def covered_length(size: int, kernel: int, stride: int, dilation: int) -> int:
    """Count the positions on one axis that a transposed convolution writes to.

    Input position i with kernel tap t lands at i * stride + t * dilation of the
    uncropped output; a position no pair lands on is only ever the bias.
    """
    contiguous = (dilation == 1 and stride <= kernel) or (stride == 1 and size >= dilation)
    if contiguous:
        # Every position between the first and the last landing spot is hit.
        return (size - 1) * stride + dilation * (kernel - 1) + 1
    return len({i * stride + t * dilation for i in range(size) for t in range(kernel)})


@dataclass(frozen=True)
class ConvCost(CostCounts):
    """Shapes, parameters and operations of one layer on one input.

    `macs` counts multiply-accumulates over the whole batch, as FlopCounterMode
    does: for a standard layer K_h K_w (C_in / groups) C_out H_out W_out N, for a
    transposed layer K_h K_w (C_out / groups) C_in H_in W_in N. `written_outputs`
    is the number of output elements that receive at least one product (all of
    them for a standard layer). Use `count(convention)` for any other count.
    """

    spec: ConvSpec
    input: InputShape
    output_size: tuple[int, ...]
    params: int
    macs: int
    written_outputs: int

    @property
    def output_shape(self) -> tuple[int, ...]:
        """The output tensor's shape, batched exactly when the input was."""
        channels_and_size = (self.spec.out_channels, *self.output_size)
        if self.input.batched:
            return (self.input.batch, *channels_and_size)
        return channels_and_size

    @property
    def outputs(self) -> int:
        """The number of output elements over the batch: N C_out H_out W_out."""
        return self.input.batch * self.spec.out_channels * math.prod(self.output_size)

    @property
    def bias_adds(self) -> int:
        """One addition per output element when the layer has a bias, else 0."""
        return self.outputs if self.spec.bias else 0

    @property
    def flops(self) -> int:
        """FLOPs as 2 x MACs, the number torch's FlopCounterMode reports (bias ignored)."""
        return 2 * self.macs

    @property
    def flops_exact(self) -> int:
        """Every multiplication and addition counted once.

        A dot product of n terms takes n multiplications and n - 1 additions, so
        without bias each written output costs one operation less than 2 x MACs
        (the "-1"); the bias adds one addition per output element back.

        NOTE: for a transposed layer this counts the scatter form that PyTorch's
        MACs describe, in which products landing in the border that `padding`
        crops away are computed and added too.
        """
        return 2 * self.macs - self.written_outputs + self.bias_adds

    @property
    def macs_plus_bias(self) -> int:
        """MACs plus the bias additions, as ptflops and torchinfo print them."""
        return self.macs + self.bias_adds

    @property
    def flops_plus_one(self) -> int:
        """2 x MACs plus one per output element, whatever the bias setting.

        This is the source article's grouped formula, (2 K^2 C_in/g + 1) per output.
        """
        return 2 * self.macs + self.outputs


def count_conv(spec: ConvSpec, input_shape: Sequence[int]) -> ConvCost:
    """Count the parameters and operations of `spec` applied to `input_shape`.

    `input_shape` is (C, *spatial) or (N, C, *spatial), as PyTorch accepts.
    Raises ConvSettingError for a shape PyTorch would reject.
    """
    shape = parse_input_shape(spec, input_shape)
    sizes = output_size(spec, shape.spatial)
    per_group_in = spec.in_channels // spec.groups

    if spec.transposed:
        # Each input element meets every tap of C_out / groups kernels.
        positions = math.prod(shape.spatial)
        macs = shape.batch * positions * spec.kernel_volume * spec.in_channels
        macs *= spec.out_channels // spec.groups
        written = math.prod(
            covered_length(size, kernel, stride, dilation)
            for size, kernel, stride, dilation in zip(
                shape.spatial, spec.kernel_size, spec.stride, spec.dilation, strict=True
            )
        )
        written_outputs = shape.batch * spec.out_channels * written
    else:
        # Each output element is a dot product over K_h K_w (C_in / groups) terms.
        written_outputs = shape.batch * spec.out_channels * math.prod(sizes)
        macs = written_outputs * spec.kernel_volume * per_group_in

    return ConvCost(
        spec=spec,
        input=shape,
        output_size=sizes,
        params=conv_params(spec),
        macs=macs,
        written_outputs=written_outputs,
    )


class SummedCost(CostCounts):
    """Counts of layers that run one after another, added convention by convention.

    A subclass provides `layers`, the layers' ConvCosts in the order the input
    flows through them. Each count is the sum of the layers' counts of the same
    name, so it keeps that count's convention; the output is the last layer's.
    """

    layers: tuple[ConvCost, ...]

    def total(self, field: str) -> int:
        """Add up one count field over the layers."""
        return sum(getattr(layer, field) for layer in self.layers)

    @property
    def params(self) -> int:
        """Parameters of all layers, biases included where a layer has one."""
        return self.total("params")

    @property
    def macs(self) -> int:
        """Multiply-accumulates of all layers."""
        return self.total("macs")

    @property
    def flops(self) -> int:
        """FLOPs as 2 x MACs, what FlopCounterMode reports for the layers together."""
        return self.total("flops")

    @property
    def flops_exact(self) -> int:
        """Every multiplication and addition of all layers, counted once."""
        return self.total("flops_exact")

    @property
    def macs_plus_bias(self) -> int:
        """MACs plus the bias additions of all layers (ptflops, torchinfo)."""
        return self.total("macs_plus_bias")

    @property
    def flops_plus_one(self) -> int:
        """2 x MACs plus one addition per output element of each layer."""
        return self.total("flops_plus_one")

    @property
    def bias_adds(self) -> int:
        """Bias additions of all layers (0 for a layer without bias)."""
        return self.total("bias_adds")

    @property
    def output_size(self) -> tuple[int, ...]:
        """The spatial output size of the last layer."""
        return self.layers[-1].output_size

    @property
    def output_shape(self) -> tuple[int, ...]:
        """The output tensor shape of the last layer."""
        return self.layers[-1].output_shape


@dataclass(frozen=True)
class SequenceCost(SummedCost):
    """The summed cost of any sequence of convolution layers, such as a network body.

    NOTE: only convolutions are counted; a model counter that also counts
    fully-connected, batch-norm or pooling layers must say so in its conventions.
    """

    layers: tuple[ConvCost, ...]
