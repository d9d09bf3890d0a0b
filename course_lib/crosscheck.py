"""Measure a layer with PyTorch itself, to confirm the course's formulas.

The measured parameter count is the number of elements of the module's
parameters; the FLOPs are what torch.utils.flop_counter.FlopCounterMode reports,
which is 2 x MACs and ignores the bias.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from course_lib.layers import build_layer
from course_lib.spec import ConvSpec

__all__ = ["Measurement", "measure_module", "measure_spec"]


@dataclass(frozen=True)
class Measurement:
    """Counts that PyTorch reports for one forward pass of a module."""

    params: int
    flops: int
    output_shape: tuple[int, ...]


def measure_module(
    module: nn.Module, input_shape: Sequence[int], device: str = "meta"
) -> Measurement:
    """Run `module` once on zeros of `input_shape` under FlopCounterMode.

    On the "meta" device (the default) no arithmetic happens, yet the shapes and
    the counted FLOPs are the same as on the CPU. The module must already be on
    `device`.
    """
    params = sum(parameter.numel() for parameter in module.parameters())
    inputs = torch.zeros(tuple(input_shape), device=device)
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad():
        output = module(inputs)
    return Measurement(
        params=params, flops=counter.get_total_flops(), output_shape=tuple(output.shape)
    )


def measure_spec(spec: ConvSpec, input_shape: Sequence[int], device: str = "meta") -> Measurement:
    """Build the layer that `spec` describes on `device` and measure it."""
    return measure_module(build_layer(spec, device=device), input_shape, device=device)
