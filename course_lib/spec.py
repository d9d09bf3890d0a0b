"""The settings of one convolution layer, checked the way PyTorch checks them.

`ConvSpec` uses PyTorch's argument names and meanings (`groups` is the number of
groups, never a group width) for Conv1d/2d/3d and ConvTranspose1d/2d/3d. Every
setting that PyTorch would reject is rejected here, before any arithmetic, with
an error that names the argument, its value and the rule. This module imports
no torch, so the calculator starts and prints its result in milliseconds.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass

from course_lib.errors import ConvSettingError, ConvTypeError
from course_lib.messages import ListField

__all__ = ["PADDING_STRINGS", "ConvSpec"]

PADDING_STRINGS = ("same", "valid")


def check_integer(name: str, value: object) -> int:
    """Return `value` as an int, rejecting bools, floats and strings.

    PyTorch accepts True as a channel count (it is an int subclass); the course
    rejects it because it is always a slip in a lesson.
    """
    if isinstance(value, bool):
        raise ConvTypeError(
            "error.not_integer", name=name, value=value, type_name=type(value).__name__
        )
    try:
        return operator.index(value)
    except TypeError:
        raise ConvTypeError(
            "error.not_integer", name=name, value=value, type_name=type(value).__name__
        ) from None


def check_positive(name: str, value: object) -> int:
    """Return `value` as an int of at least 1."""
    number = check_integer(name, value)
    if number < 1:
        raise ConvSettingError("error.not_positive", name=name, value=number)
    return number


def check_non_negative(name: str, value: object) -> int:
    """Return `value` as an int of at least 0."""
    number = check_integer(name, value)
    if number < 0:
        raise ConvSettingError("error.negative", name=name, value=number)
    return number


def expand(name: str, value: object, dims: int, check) -> tuple[int, ...]:
    """Turn one integer or a sequence of `dims` integers into a `dims`-tuple.

    This mirrors PyTorch's `_pair`/`_triple`, which repeat a single integer.
    """
    if isinstance(value, Sequence) and not isinstance(value, str):
        if len(value) != dims:
            raise ConvSettingError(
                "error.wrong_length", name=name, value=value, length=len(value), dims=dims
            )
        return tuple(check(f"{name}[{axis}]", item) for axis, item in enumerate(value))
    return (check(name, value),) * dims


def common_divisors(first: int, second: int) -> ListField:
    """List the numbers that divide both channel counts, for error messages."""
    shared = math.gcd(first, second)
    return ListField(number for number in range(1, shared + 1) if shared % number == 0)


@dataclass(frozen=True)
class ConvSpec:
    """The settings of a Conv{1,2,3}d or ConvTranspose{1,2,3}d layer.

    Build one with `ConvSpec.create(...)`, which accepts integers or tuples as
    PyTorch does and validates everything; the fields then hold one integer per
    spatial axis. `padding` is a tuple of integers, or the string "same"
    (PyTorch pads so that the output size equals the input size, stride 1 only).
    "valid" is stored as zero padding.

    NOTE: the course rejects some settings that PyTorch 2.13 accepts. Zero
    in_channels gives an empty layer with nothing to count. A bool channel
    count or kernel size (PyTorch often reads True as 1) and a non-bool bias
    (PyTorch tests it for truth, so bias="no" adds a bias) are slips in a lesson. A
    one-value tuple for stride, padding, dilation or output_padding of a 2d or
    3d layer is repeated over every axis by torch's functional convolution, but
    the documented forms are one integer or one value per axis.
    """

    in_channels: int
    out_channels: int
    kernel_size: tuple[int, ...]
    stride: tuple[int, ...]
    padding: tuple[int, ...] | str
    dilation: tuple[int, ...]
    groups: int
    bias: bool
    transposed: bool
    output_padding: tuple[int, ...]

    @classmethod
    def create(
        cls,
        in_channels: int,
        out_channels: int,
        kernel_size: int | Sequence[int],
        stride: int | Sequence[int] = 1,
        padding: int | Sequence[int] | str = 0,
        dilation: int | Sequence[int] = 1,
        groups: int = 1,
        bias: bool = True,
        *,
        transposed: bool = False,
        output_padding: int | Sequence[int] = 0,
        dims: int = 2,
    ) -> ConvSpec:
        """Validate PyTorch-style arguments and return the layer's settings.

        `dims` is the number of spatial axes: 1, 2 or 3 for Conv1d, Conv2d or
        Conv3d. Raises ConvTypeError (a TypeError) for a value of the wrong type
        and ConvSettingError (a ValueError) for a value PyTorch rejects.
        """
        # A float such as 2.0 compares equal to 2 but cannot size the tuples below.
        if isinstance(dims, bool) or not isinstance(dims, int) or dims not in (1, 2, 3):
            raise ConvSettingError("error.dims", value=dims)
        if not isinstance(bias, bool):
            raise ConvTypeError("error.not_bool", name="bias", value=bias)
        if not isinstance(transposed, bool):
            raise ConvTypeError("error.not_bool", name="transposed", value=transposed)

        in_channels = check_positive("in_channels", in_channels)
        out_channels = check_positive("out_channels", out_channels)
        groups = check_positive("groups", groups)
        for name, channels in (("in_channels", in_channels), ("out_channels", out_channels)):
            if channels % groups:
                raise ConvSettingError(
                    "error.groups_divide",
                    groups=groups,
                    name=name,
                    value=channels,
                    choices=common_divisors(in_channels, out_channels),
                )

        kernel_size = expand("kernel_size", kernel_size, dims, check_positive)
        stride = expand("stride", stride, dims, check_positive)
        dilation = expand("dilation", dilation, dims, check_positive)
        padding = cls.check_padding(padding, dims, stride, transposed)
        output_padding = cls.check_output_padding(
            output_padding, dims, stride, dilation, transposed
        )

        return cls(
            in_channels=in_channels,
            out_channels=out_channels,
            kernel_size=kernel_size,
            stride=stride,
            padding=padding,
            dilation=dilation,
            groups=groups,
            bias=bias,
            transposed=transposed,
            output_padding=output_padding,
        )

    @staticmethod
    def check_padding(
        padding: object, dims: int, stride: tuple[int, ...], transposed: bool
    ) -> tuple[int, ...] | str:
        """Validate `padding` as integers or one of PyTorch's padding strings."""
        if not isinstance(padding, str):
            return expand("padding", padding, dims, check_non_negative)
        if transposed:
            raise ConvSettingError("error.transposed_padding_string", value=padding)
        if padding not in PADDING_STRINGS:
            raise ConvSettingError("error.padding_string", value=padding)
        if padding == "valid":
            return (0,) * dims
        if any(step != 1 for step in stride):
            shown = stride[0] if len(set(stride)) == 1 else stride
            raise ConvSettingError("error.same_needs_stride_1", stride=shown)
        return "same"

    @staticmethod
    def check_output_padding(
        output_padding: object,
        dims: int,
        stride: tuple[int, ...],
        dilation: tuple[int, ...],
        transposed: bool,
    ) -> tuple[int, ...]:
        """Validate `output_padding`: transposed only, below stride or dilation."""
        values = expand("output_padding", output_padding, dims, check_non_negative)
        if not transposed:
            if any(values):
                raise ConvSettingError("error.output_padding_not_transposed", value=output_padding)
            return values
        for axis, (extra, step, spread) in enumerate(zip(values, stride, dilation, strict=True)):
            if extra >= step and extra >= spread:
                raise ConvSettingError(
                    "error.output_padding",
                    output_padding=extra,
                    axis=axis,
                    stride=step,
                    dilation=spread,
                )
        return values

    @property
    def dims(self) -> int:
        """The number of spatial axes (1, 2 or 3)."""
        return len(self.kernel_size)

    @property
    def kernel_volume(self) -> int:
        """The number of kernel taps per channel pair: K_h x K_w (x K_d)."""
        return math.prod(self.kernel_size)

    @property
    def kind(self) -> str:
        """One of "transposed", "depthwise", "grouped", "pointwise" or "standard".

        Depthwise means groups == in_channels > 1 (out_channels may be a multiple,
        the depth multiplier); pointwise means an ungrouped 1x1 kernel.
        """
        if self.transposed:
            return "transposed"
        if self.groups > 1 and self.groups == self.in_channels:
            return "depthwise"
        if self.groups > 1:
            return "grouped"
        if all(size == 1 for size in self.kernel_size):
            return "pointwise"
        return "standard"

    def weight_shape(self) -> tuple[int, ...]:
        """The shape of PyTorch's weight tensor for this layer."""
        if self.transposed:
            return (self.in_channels, self.out_channels // self.groups, *self.kernel_size)
        return (self.out_channels, self.in_channels // self.groups, *self.kernel_size)

    def torch_kwargs(self) -> dict[str, object]:
        """The keyword arguments that build the same layer in torch.nn."""
        arguments: dict[str, object] = {
            "in_channels": self.in_channels,
            "out_channels": self.out_channels,
            "kernel_size": self.kernel_size,
            "stride": self.stride,
            "padding": self.padding,
            "dilation": self.dilation,
            "groups": self.groups,
            "bias": self.bias,
        }
        if self.transposed:
            arguments["output_padding"] = self.output_padding
        return arguments
