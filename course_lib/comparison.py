"""Standard, grouped, depthwise and depthwise-separable layers on the same input.

`compare_kinds` counts the four kinds of layer for one set of settings and
returns one row each, so a lesson can print them side by side. The depthwise
layer alone maps in_channels to in_channels x depth_multiplier channels, so it
cannot reach another out_channels. The separable block adds a pointwise layer
that maps those channels to out_channels. Pure integer maths, no torch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from course_lib.counting import ConvCost, count_conv
from course_lib.messages import message
from course_lib.separable import SeparableCost, count_separable
from course_lib.spec import ConvSpec

__all__ = ["COMPARED_KINDS", "ComparisonRow", "compare_kinds", "comparison_table"]

COMPARED_KINDS = ("standard", "grouped", "depthwise", "separable")


@dataclass(frozen=True)
class ComparisonRow:
    """One kind of layer and its counts, next to the standard layer's.

    `cost` is a ConvCost, or a SeparableCost for "separable". `channels` is the
    layer's input -> output channels, for example "3 -> 6".
    """

    kind: str
    channels: str
    groups: str
    cost: ConvCost | SeparableCost
    standard: ConvCost

    @property
    def params_ratio(self) -> Fraction:
        """Parameters over the standard layer's parameters."""
        return Fraction(self.cost.params, self.standard.params)

    @property
    def flops_ratio(self) -> Fraction:
        """FLOPs (2 x MACs) over the standard layer's FLOPs."""
        return Fraction(self.cost.flops, self.standard.flops)

    def label(self, language: str = "en") -> str:
        """Return the kind's name in `language`."""
        return message(f"comparison.kind.{self.kind}", language)


def compare_kinds(
    in_channels: int,
    out_channels: int,
    kernel_size: int | Sequence[int],
    input_shape: Sequence[int],
    groups: int,
    stride: int | Sequence[int] = 1,
    padding: int | Sequence[int] | str = 0,
    bias: bool = False,
    depth_multiplier: int = 1,
) -> list[ComparisonRow]:
    """Count the standard, grouped, depthwise and separable layers for one setting.

    All four share the input shape, kernel, stride, padding and bias. The
    grouped layer uses `groups`; the depthwise layer uses groups = in_channels
    and `depth_multiplier`; the separable block is that depthwise layer followed
    by a 1x1 layer to out_channels. Raises ConvSettingError or ConvTypeError
    for a setting PyTorch would reject.
    """
    geometry = {"stride": stride, "padding": padding, "bias": bias}
    standard_spec = ConvSpec.create(in_channels, out_channels, kernel_size, **geometry)
    grouped_spec = ConvSpec.create(
        in_channels, out_channels, kernel_size, groups=groups, **geometry
    )
    depthwise_spec = ConvSpec.create(
        in_channels,
        in_channels * depth_multiplier,
        kernel_size,
        groups=in_channels,
        **geometry,
    )

    standard = count_conv(standard_spec, input_shape)
    grouped = count_conv(grouped_spec, input_shape)
    depthwise = count_conv(depthwise_spec, input_shape)
    separable = count_separable(
        in_channels,
        out_channels,
        kernel_size,
        input_shape,
        depth_multiplier=depth_multiplier,
        **geometry,
    )

    middle = in_channels * depth_multiplier
    return [
        ComparisonRow("standard", f"{in_channels} -> {out_channels}", "1", standard, standard),
        ComparisonRow(
            "grouped", f"{in_channels} -> {out_channels}", str(groups), grouped, standard
        ),
        ComparisonRow(
            "depthwise", f"{in_channels} -> {middle}", str(in_channels), depthwise, standard
        ),
        ComparisonRow(
            "separable",
            f"{in_channels} -> {middle} -> {out_channels}",
            f"{in_channels}, 1",
            separable,
            standard,
        ),
    ]


def comparison_table(rows: Sequence[ComparisonRow], language: str = "en") -> str:
    """Return the rows as an aligned text table with headings in `language`.

    Columns: kind, channels, groups, parameters, MACs, FLOPs (2 x MACs), the
    exact operation count, and parameters and FLOPs as a fraction of the
    standard layer's.
    """
    headings = [
        message(f"comparison.column.{column}", language)
        for column in (
            "kind",
            "channels",
            "groups",
            "params",
            "macs",
            "flops",
            "flops_exact",
            "params_ratio",
            "flops_ratio",
        )
    ]
    lines = [headings]
    for row in rows:
        lines.append(
            [
                row.label(language),
                row.channels,
                row.groups,
                str(row.cost.params),
                str(row.cost.macs),
                str(row.cost.flops),
                str(row.cost.flops_exact),
                str(row.params_ratio),
                str(row.flops_ratio),
            ]
        )

    widths = [max(display_width(line[column]) for line in lines) for column in range(len(headings))]
    text_lines = []
    for line in lines:
        # Names are left-aligned and the numbers (from the fourth column on) right-aligned.
        cells = [
            pad(cell, width, right=column >= 3)
            for column, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        text_lines.append("  ".join(cells).rstrip())
    return "\n".join(text_lines)


def display_width(text: str) -> int:
    """Return the columns `text` takes in a monospaced font: 2 per Chinese character."""
    return sum(2 if ord(character) > 0x2E7F else 1 for character in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """Align `text` in `width` display columns, to the left unless `right`."""
    spaces = " " * (width - display_width(text))
    return spaces + text if right else text + spaces
