"""Property tests: course_lib agrees with PyTorch on random convolution layers.

Hypothesis draws layers across Conv1d/2d/3d and ConvTranspose1d/2d/3d with any
groups, stride, padding (integers, tuples, "same", "valid"), dilation,
output_padding, bias, and batched or unbatched inputs. The number of examples
comes from the hypothesis profile registered in tests/conftest.py.

PyTorch's layer is built straight from the drawn arguments, never through
ConvSpec, so a normalisation slip in ConvSpec cannot hide in both sides. Valid
layers are compared on the meta device under FlopCounterMode. Broken and
random layers, which are mostly invalid, are run on the CPU, and course_lib
must accept or reject each one as PyTorch does, apart from the documented
differences.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import torch
from hypothesis import assume, event, given, note
from hypothesis import strategies as st
from torch import nn
from torch_layers import TORCH_CLASSES

from course_lib import ConvSpec, CourseError, count_conv
from course_lib.crosscheck import measure_module


@dataclass(frozen=True)
class Layer:
    """A drawn layer: its class, its torch.nn arguments and an input shape."""

    dims: int
    transposed: bool
    arguments: dict[str, object]
    input_shape: tuple[int, ...]

    def torch_layer(self, device: str) -> nn.Module:
        """Build the torch.nn layer from the raw arguments."""
        layer_class = TORCH_CLASSES[(self.dims, self.transposed)]
        with warnings.catch_warnings():
            # Zero-size weights only warn that their initialisation does nothing.
            warnings.simplefilter("ignore", UserWarning)
            return layer_class(**self.arguments, device=device)

    def spec(self) -> ConvSpec:
        """Validate the same arguments with course_lib."""
        return ConvSpec.create(**self.arguments, dims=self.dims, transposed=self.transposed)


def as_argument(draw, values: list[object]) -> object:
    """Write per-axis values as PyTorch accepts them: one int, a tuple or a list."""
    if len(set(values)) == 1 and draw(st.booleans()):
        return values[0]
    if draw(st.booleans()):
        return list(values)
    return tuple(values)


def axis_values(layer: Layer, name: str) -> list[object]:
    """The per-axis values of a drawn argument, whatever form it was written in."""
    value = layer.arguments.get(name, 0)
    if isinstance(value, (tuple, list)):
        return list(value)
    return [value] * layer.dims


def output_length(size, kernel, stride, padding, dilation, output_padding, transposed) -> int:
    """The output size on one axis, by the formulas in PyTorch's Conv and ConvTranspose docs."""
    if transposed:
        return (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


@st.composite
def valid_layers(draw) -> Layer:
    """Draw a layer and an input shape that PyTorch accepts."""
    dims = draw(st.integers(1, 3))
    transposed = draw(st.booleans())
    groups = draw(st.integers(1, 4))
    in_channels = groups * draw(st.integers(1, 3))
    out_channels = groups * draw(st.integers(1, 3))

    def per_axis(low: int, high: int) -> list[int]:
        return draw(st.lists(st.integers(low, high), min_size=dims, max_size=dims))

    kernel = per_axis(1, 4)
    stride = per_axis(1, 3)
    dilation = per_axis(1, 3)
    arguments: dict[str, object] = {
        "in_channels": in_channels,
        "out_channels": out_channels,
        "kernel_size": as_argument(draw, kernel),
        "stride": as_argument(draw, stride),
        "dilation": as_argument(draw, dilation),
        "groups": groups,
        "bias": draw(st.booleans()),
    }

    # "same" needs stride 1 on every axis, and padding strings need a non-transposed layer.
    padding_forms = ["integers"]
    if not transposed:
        padding_forms.append("valid")
        if all(step == 1 for step in stride):
            padding_forms.append("same")
    padding_form = draw(st.sampled_from(padding_forms))
    padding = [0] * dims if padding_form == "valid" else per_axis(0, 3)
    arguments["padding"] = (
        padding_form if padding_form != "integers" else as_argument(draw, padding)
    )

    output_padding = [0] * dims
    if transposed:
        # output_padding must be below the stride or the dilation on each axis.
        output_padding = [
            draw(st.integers(0, max(step, spread) - 1))
            for step, spread in zip(stride, dilation, strict=True)
        ]
        arguments["output_padding"] = as_argument(draw, output_padding)

    spatial = []
    for axis in range(dims):
        span = dilation[axis] * (kernel[axis] - 1) + 1
        if transposed or padding_form == "same":
            smallest = 1
        else:
            # The dilated kernel must fit the padded input.
            smallest = max(1, span - 2 * padding[axis])
        size = draw(st.integers(smallest, smallest + 6))
        spatial.append(size)
        if transposed:
            length = output_length(
                size,
                kernel[axis],
                stride[axis],
                padding[axis],
                dilation[axis],
                output_padding[axis],
                transposed=True,
            )
            assume(length >= 1)

    batch = draw(st.sampled_from([None, 0, 1, 2]))
    input_shape = (in_channels, *spatial) if batch is None else (batch, in_channels, *spatial)
    return Layer(dims, transposed, arguments, input_shape)


@given(layer=valid_layers())
def test_counts_match_pytorch(layer):
    note(f"layer: {layer}")
    cost = count_conv(layer.spec(), layer.input_shape)
    measured = measure_module(layer.torch_layer("meta"), layer.input_shape)

    assert cost.output_shape == measured.output_shape
    assert cost.params == measured.params
    assert cost.flops == measured.flops
    assert 2 * cost.macs == measured.flops


@given(layer=valid_layers())
def test_output_size_formula(layer):
    cost = count_conv(layer.spec(), layer.input_shape)
    arguments = layer.arguments

    spatial = layer.input_shape[-layer.dims :]
    if arguments["padding"] == "same":
        expected = tuple(spatial)
    else:
        padding = (
            [0] * layer.dims if arguments["padding"] == "valid" else axis_values(layer, "padding")
        )
        expected = tuple(
            output_length(*values, transposed=layer.transposed)
            for values in zip(
                spatial,
                axis_values(layer, "kernel_size"),
                axis_values(layer, "stride"),
                padding,
                axis_values(layer, "dilation"),
                axis_values(layer, "output_padding"),
                strict=True,
            )
        )

    assert cost.output_size == expected


@given(layer=valid_layers())
def test_convention_relations(layer):
    cost = count_conv(layer.spec(), layer.input_shape)
    spec = cost.spec
    outputs = math.prod(cost.output_shape)
    per_group_in = spec.in_channels // spec.groups

    assert cost.outputs == outputs
    assert cost.flops == 2 * cost.macs
    assert cost.bias_adds == (outputs if spec.bias else 0)
    assert cost.macs_plus_bias == cost.macs + cost.bias_adds
    assert cost.flops_plus_one == cost.flops + outputs
    assert cost.params == spec.kernel_volume * per_group_in * spec.out_channels + (
        spec.out_channels if spec.bias else 0
    )
    if spec.transposed:
        # Each input element meets every tap of C_out / groups kernels.
        inputs = math.prod(layer.input_shape)
        per_group_out = spec.out_channels // spec.groups
        assert cost.macs == inputs * spec.kernel_volume * per_group_out
        assert cost.flops_exact == cost.flops - cost.written_outputs + cost.bias_adds
    else:
        # Each output is a dot product of K x C_in/g terms: that many products, one
        # addition fewer, and one more addition for the bias.
        terms = spec.kernel_volume * per_group_in
        assert cost.macs == outputs * terms
        assert cost.flops_exact == outputs * (2 * terms - 1) + cost.bias_adds
        if spec.bias:
            assert cost.flops_exact == cost.flops


@st.composite
def transposed_layers(draw) -> Layer:
    """Draw a small unpadded transposed layer, whose output is the uncropped scatter."""
    dims = draw(st.integers(1, 3))
    kernel = draw(st.lists(st.integers(1, 4), min_size=dims, max_size=dims))
    stride = draw(st.lists(st.integers(1, 4), min_size=dims, max_size=dims))
    dilation = draw(st.lists(st.integers(1, 4), min_size=dims, max_size=dims))
    spatial = draw(st.lists(st.integers(1, 4), min_size=dims, max_size=dims))
    arguments = {
        "in_channels": 1,
        "out_channels": 1,
        "kernel_size": tuple(kernel),
        "stride": tuple(stride),
        "dilation": tuple(dilation),
        "bias": False,
    }
    return Layer(dims, True, arguments, (1, 1, *spatial))


@given(layer=transposed_layers())
def test_transposed_written_outputs(layer):
    cost = count_conv(layer.spec(), layer.input_shape)

    # With ones for weights and inputs, an output is nonzero exactly when at
    # least one product lands on it.
    module = layer.torch_layer("cpu")
    with torch.no_grad():
        module.weight.fill_(1.0)
        output = module(torch.ones(layer.input_shape))
    reached = int(torch.count_nonzero(output))

    assert cost.written_outputs == reached
    assert cost.flops_exact == 2 * cost.macs - reached


def small_integers() -> st.SearchStrategy[int]:
    """Integers around the edge of validity, mostly valid but with 0 and -1 often enough."""
    return st.sampled_from([-1, 0, 1, 1, 1, 2, 2, 3])


def maybe_axes(dims: int) -> st.SearchStrategy[object]:
    """One integer, or a tuple whose length is usually right but sometimes not."""
    length = st.sampled_from([dims] * 5 + [0, 1, dims + 1])
    return st.one_of(
        small_integers(),
        length.flatmap(lambda size: st.tuples(*[small_integers()] * size)),
    )


@st.composite
def any_layers(draw) -> Layer:
    """Draw a layer and an input shape that may well be invalid."""
    dims = draw(st.integers(1, 3))
    transposed = draw(st.booleans())
    arguments: dict[str, object] = {
        "in_channels": draw(st.sampled_from([0, 1, 2, 2, 3, 4])),
        "out_channels": draw(st.sampled_from([0, 1, 2, 2, 3, 4])),
        "kernel_size": draw(maybe_axes(dims)),
        "stride": draw(maybe_axes(dims)),
        "padding": draw(
            st.one_of(
                maybe_axes(dims), maybe_axes(dims), st.sampled_from(["same", "valid", "full"])
            )
        ),
        "dilation": draw(maybe_axes(dims)),
        "groups": draw(st.sampled_from([-1, 0, 1, 1, 1, 2, 3])),
        "bias": draw(st.booleans()),
    }
    if transposed:
        arguments["output_padding"] = draw(maybe_axes(dims))

    # Mostly a right shape, sometimes one spatial axis too few (and no batch) or too many.
    form = draw(st.sampled_from(["batched", "batched", "unbatched", "too_few", "too_many"]))
    spatial_count = {"too_few": dims - 1, "too_many": dims + 1}.get(form, dims)
    sizes = st.sampled_from([0, 1, 2, 3, 4, 5, 6, 7, 8])
    spatial = draw(st.lists(sizes, min_size=spatial_count, max_size=spatial_count))
    channels = draw(st.sampled_from([arguments["in_channels"]] * 3 + [1, 2]))
    input_shape = (channels, *spatial)
    if form in ("batched", "too_many"):
        input_shape = (draw(st.integers(0, 2)), *input_shape)
    return Layer(dims, transposed, arguments, input_shape)


# Valid layers are the other properties' job, so every draw here breaks something.
MUTATIONS = (
    "channel_count",
    "per_axis_value",
    "padding",
    "output_padding",
    "tuple_length",
    "input_channels",
    "input_rank",
    "spatial_size",
    "wrong_type",
)

PER_AXIS_ARGUMENTS = ("kernel_size", "stride", "padding", "dilation")


@st.composite
def mutated_layers(draw) -> Layer:
    """Draw a valid layer, then break one of its settings or its input shape.

    Some breaks leave the layer valid (a larger groups that still divides both
    channel counts, a spatial size of 1 that still fits the kernel), so both
    verdicts occur.
    """
    layer = draw(valid_layers())
    arguments = dict(layer.arguments)
    input_shape = list(layer.input_shape)
    mutations = [name for name in MUTATIONS if layer.transposed or name != "output_padding"]
    mutation = draw(st.sampled_from(mutations))
    event(f"mutation: {mutation}")

    if mutation == "channel_count":
        name = draw(st.sampled_from(["in_channels", "out_channels", "groups"]))
        arguments[name] = draw(st.sampled_from([0, -1, arguments[name] + 1]))
    elif mutation == "per_axis_value":
        name = draw(st.sampled_from(["kernel_size", "stride", "dilation"]))
        values = axis_values(layer, name)
        values[draw(st.integers(0, layer.dims - 1))] = draw(st.sampled_from([0, -1]))
        arguments[name] = tuple(values)
    elif mutation == "padding":
        arguments["padding"] = draw(st.sampled_from([-1, "full", "same", "valid"]))
    elif mutation == "output_padding":
        values = axis_values(layer, "output_padding")
        stride, dilation = axis_values(layer, "stride"), axis_values(layer, "dilation")
        axis = draw(st.integers(0, layer.dims - 1))
        smallest_invalid = max(stride[axis], dilation[axis])
        values[axis] = draw(st.sampled_from([-1, smallest_invalid, smallest_invalid + 1]))
        arguments["output_padding"] = tuple(values)
    elif mutation == "tuple_length":
        names = [name for name in PER_AXIS_ARGUMENTS if not isinstance(arguments[name], str)]
        name = draw(st.sampled_from(names))
        length = draw(st.sampled_from([0, 1, layer.dims + 1]))
        arguments[name] = tuple(axis_values(layer, name)[:1] * length)
    elif mutation == "input_channels":
        channel_axis = len(input_shape) - layer.dims - 1
        input_shape[channel_axis] += 1
    elif mutation == "input_rank":
        input_shape = input_shape[1:] if draw(st.booleans()) else [1, *input_shape]
    elif mutation == "spatial_size":
        axis = draw(st.integers(1, layer.dims))
        input_shape[-axis] = draw(st.sampled_from([0, 1]))
    elif mutation == "wrong_type":
        name = draw(
            st.sampled_from(["in_channels", "out_channels", "kernel_size", "stride", "bias"])
        )
        value = arguments[name]
        if isinstance(value, (tuple, list)):
            value = value[0]
        arguments[name] = draw(st.sampled_from([float(value), True, str(value), None]))

    return Layer(layer.dims, layer.transposed, arguments, tuple(input_shape))


# Large enough for any kernel span that the strategies draw (kernel 4, dilation 3).
CANONICAL_SIZE = 12


def with_canonical_input(layer: Layer) -> Layer:
    """The same layer on a batch of one with every spatial size CANONICAL_SIZE."""
    channels = layer.arguments["in_channels"]
    if isinstance(channels, bool) or not isinstance(channels, int) or channels < 1:
        channels = 1
    input_shape = (1, channels, *[CANONICAL_SIZE] * layer.dims)
    return Layer(layer.dims, layer.transposed, layer.arguments, input_shape)


def setting_difference(layer: Layer) -> str | None:
    """Name the documented difference in ConvSpec's NOTE that applies to `layer`, if any."""
    arguments = layer.arguments
    if arguments["in_channels"] == 0:
        return "zero in_channels"
    if isinstance(arguments["in_channels"], bool) or isinstance(arguments["out_channels"], bool):
        return "bool channel count"
    if isinstance(arguments["kernel_size"], bool):
        return "bool kernel_size"
    if not isinstance(arguments["bias"], bool):
        return "non-bool bias"
    if layer.dims > 1:
        for name in ("stride", "padding", "dilation", "output_padding"):
            value = arguments.get(name)
            if isinstance(value, tuple) and len(value) == 1:
                return f"one-value tuple for {name}"
    return None


def input_difference(layer: Layer) -> str | None:
    """Name the documented difference in parse_input_shape's NOTE that applies, if any."""
    if len(layer.input_shape) == layer.dims + 2 and layer.input_shape[0] == 0:
        return "empty batch with a zero spatial size"
    return None


def torch_outcome(layer: Layer) -> tuple[int, ...] | Exception:
    """Run the layer on the CPU with a small random input, and return the shape or the error.

    oneDNN is switched off, so PyTorch takes its reference CPU path. The oneDNN
    path of PyTorch 2.13 skips checks that the other paths make: a grouped
    transposed layer with kernel size 1 runs with dilation=0, and one whose
    output size is 0 returns an empty tensor.
    """
    with warnings.catch_warnings():
        # Switching oneDNN off warns about TF32, and zero-size weights warn too.
        warnings.simplefilter("ignore", UserWarning)
        with torch.backends.mkldnn.flags(enabled=False):
            try:
                module = layer.torch_layer("cpu")
                output = module(torch.randn(layer.input_shape))
            except Exception as error:
                # Odd settings make torch fail in many ways (IndexError, AssertionError
                # and more besides ValueError, TypeError and RuntimeError), and every
                # one of them means that PyTorch rejects the layer.
                return error
    return tuple(output.shape)


def check_same_verdict(layer: Layer) -> None:
    """Assert that course_lib and PyTorch accept or reject `layer` alike.

    A setting that ConvSpec rejects must make PyTorch fail on an ordinary input
    (a batch of one, sizes CANONICAL_SIZE): some of PyTorch's fast paths skip
    checks for particular shapes, but a setting is valid or not whatever the
    input. An input shape that count_conv rejects must make PyTorch fail on
    that input. Either may instead be a documented difference. A layer that
    course_lib accepts must run in PyTorch with the same output shape, and
    course_lib must raise nothing but its own errors.
    """
    note(f"layer: {layer}")
    try:
        spec = layer.spec()
    except CourseError as error:
        event(f"ConvSpec rejects: {error.key}")
        torch_result = torch_outcome(with_canonical_input(layer))
        note(f"PyTorch on a canonical input: {torch_result!r}")
        if not isinstance(torch_result, Exception):
            assert setting_difference(layer) is not None, (
                f"course_lib rejects a setting that PyTorch runs: {error}"
            )
        return

    torch_result = torch_outcome(layer)
    note(f"PyTorch: {torch_result!r}")
    try:
        cost = count_conv(spec, layer.input_shape)
    except CourseError as error:
        event(f"count_conv rejects: {error.key}")
        if not isinstance(torch_result, Exception):
            assert input_difference(layer) is not None, (
                f"course_lib rejects an input that PyTorch runs: {error}"
            )
        return

    event("course_lib accepts")
    assert not isinstance(torch_result, Exception), (
        f"course_lib accepts a layer that PyTorch rejects: {torch_result!r}"
    )
    assert cost.output_shape == torch_result


@given(layer=mutated_layers())
def test_broken_setting_verdicts(layer):
    check_same_verdict(layer)


@given(layer=any_layers())
def test_random_setting_verdicts(layer):
    check_same_verdict(layer)
