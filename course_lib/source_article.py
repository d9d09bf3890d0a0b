"""The source article's worked example, recomputed from the formulas it prints.

The article is a Chinese interview-preparation post on standard, grouped and
depthwise-separable convolution. Its one example has a 227 x 227 x 3 input, an
11 x 11 kernel, 6 output channels and a 55 x 55 output, which implies stride 4
and no padding. It publishes four figures:

    standard parameters   K^2 x C_in x C_out                               2178  correct
    standard FLOPs        2 x C_in x K^2 x H_out x W_out x C_out       13176900  correct
    grouped parameters    K x K x (C_in/g) x (C_out/g) x g (g = 3)          726  correct
    grouped FLOPs         [(2 x K^2 x C_in/g + 1) x H_out x W_out x C_out/g] x g
                                                                         2205225  a slip

The grouped FLOPs formula as printed gives 4410450 (the "+1" count,
`ConvCost.flops_plus_one`). The published 2205225 is what the same formula gives
with C_in/g = 1 put where C_out/g = 2 belongs. It is not the grouped layer's
count under any convention: it equals the "+1" count of a 3 -> 3 depthwise
layer, a different layer. Each function here evaluates one published formula
with the example's settings, so a lesson can show where each figure comes from.
Pure integer maths, no torch.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_lib.messages import message
from course_lib.shapes import conv_output_length
from course_lib.spec import ConvSpec

__all__ = [
    "FIGURE_STATUSES",
    "GROUPS",
    "INPUT_SHAPE",
    "ArticleFigure",
    "article_figures",
    "article_spec",
    "output_length",
    "printed_grouped_formula",
    "published_grouped_flops",
    "published_grouped_params",
    "published_standard_flops",
    "published_standard_params",
]

# The example's settings, as the article states them (channels first, batch of one).
IN_CHANNELS = 3
OUT_CHANNELS = 6
KERNEL_SIZE = 11
STRIDE = 4
INPUT_SIZE = 227
GROUPS = 3
INPUT_SHAPE = (1, IN_CHANNELS, INPUT_SIZE, INPUT_SIZE)

# "correct": the figure is what its formula gives. "formula": not printed as a
# number, but the value the printed formula gives. "slip": the printed number
# is not what its formula gives.
FIGURE_STATUSES = ("correct", "formula", "slip")


@dataclass(frozen=True)
class ArticleFigure:
    """One figure of the article: its formula, the formula with numbers, and its value.

    `name` is a key such as "grouped_flops_published", `status` one of
    FIGURE_STATUSES. Use `label(language)` and `status_label(language)` for text.
    """

    name: str
    formula: str
    filled: str
    value: int
    status: str

    def label(self, language: str = "en") -> str:
        """Return the figure's name in `language`."""
        return message(f"article.figure.{self.name}", language)

    def status_label(self, language: str = "en") -> str:
        """Return, in `language`, whether the figure is right."""
        return message(f"article.status.{self.status}", language)


def article_spec(groups: int = 1, out_channels: int = OUT_CHANNELS, bias: bool = False) -> ConvSpec:
    """Return the example's layer: 3 input channels, 11 x 11 kernel, stride 4, no padding.

    The article counts parameters without bias. Pass groups=3 for its grouped
    layer, and groups=3, out_channels=3 for the 3 -> 3 depthwise layer whose
    "+1" count equals the published grouped FLOPs.
    """
    return ConvSpec.create(
        IN_CHANNELS, out_channels, KERNEL_SIZE, stride=STRIDE, groups=groups, bias=bias
    )


def output_length() -> int:
    """Return the example's output height (= width): floor((227 - 11) / 4) + 1 = 55."""
    return conv_output_length(INPUT_SIZE, KERNEL_SIZE, STRIDE, padding=0, dilation=1)


def published_standard_params() -> ArticleFigure:
    """Standard parameters, K^2 x C_in x C_out = 2178: correct (weights only, no bias)."""
    value = KERNEL_SIZE**2 * IN_CHANNELS * OUT_CHANNELS
    return ArticleFigure(
        name="standard_params",
        formula="K^2 x C_in x C_out",
        filled=f"{KERNEL_SIZE}^2 x {IN_CHANNELS} x {OUT_CHANNELS}",
        value=value,
        status="correct",
    )


def published_standard_flops() -> ArticleFigure:
    """Standard FLOPs, 2 x C_in x K^2 x H_out x W_out x C_out = 13176900: correct.

    This is FLOPs = 2 x MACs, what PyTorch's FlopCounterMode reports, and also
    the exact operation count of the layer with bias.
    """
    size = output_length()
    value = 2 * IN_CHANNELS * KERNEL_SIZE**2 * size * size * OUT_CHANNELS
    return ArticleFigure(
        name="standard_flops",
        formula="2 x C_in x K^2 x H_out x W_out x C_out",
        filled=f"2 x {IN_CHANNELS} x {KERNEL_SIZE}^2 x {size} x {size} x {OUT_CHANNELS}",
        value=value,
        status="correct",
    )


def published_grouped_params() -> ArticleFigure:
    """Grouped parameters, K x K x (C_in/g) x (C_out/g) x g = 726 for g = 3: correct."""
    per_group_in, per_group_out = IN_CHANNELS // GROUPS, OUT_CHANNELS // GROUPS
    value = KERNEL_SIZE * KERNEL_SIZE * per_group_in * per_group_out * GROUPS
    return ArticleFigure(
        name="grouped_params",
        formula="K x K x (C_in/g) x (C_out/g) x g",
        filled=(
            f"{KERNEL_SIZE} x {KERNEL_SIZE} x ({IN_CHANNELS}/{GROUPS}) "
            f"x ({OUT_CHANNELS}/{GROUPS}) x {GROUPS}"
        ),
        value=value,
        status="correct",
    )


def grouped_plus_one_flops(last_factor: int) -> int:
    """Evaluate [(2 x K^2 x C_in/g + 1) x H_out x W_out x F] x g for a factor F."""
    size = output_length()
    per_output = 2 * KERNEL_SIZE**2 * (IN_CHANNELS // GROUPS) + 1
    return per_output * size * size * last_factor * GROUPS


def printed_grouped_formula() -> ArticleFigure:
    """Evaluate the grouped FLOPs formula exactly as printed: 4410450.

    [(2 x K^2 x C_in/g + 1) x H_out x W_out x C_out/g] x g counts 2 x MACs plus
    one addition per output element, which is `ConvCost.flops_plus_one` of the
    3 -> 6, groups=3 layer. The article never prints this number.
    """
    size = output_length()
    per_group_out = OUT_CHANNELS // GROUPS
    return ArticleFigure(
        name="grouped_flops_formula",
        formula="[(2 x K^2 x C_in/g + 1) x H_out x W_out x C_out/g] x g",
        filled=(
            f"[(2 x {KERNEL_SIZE}^2 x {IN_CHANNELS}/{GROUPS} + 1) x {size} x {size} "
            f"x {OUT_CHANNELS}/{GROUPS}] x {GROUPS}"
        ),
        value=grouped_plus_one_flops(per_group_out),
        status="formula",
    )


def published_grouped_flops() -> ArticleFigure:
    """Reproduce the published grouped FLOPs, 2205225: an arithmetic slip, NOT a correct count.

    It is the printed formula with C_in/g (= 3/3 = 1) in the last factor where
    C_out/g (= 6/3 = 2) belongs, so it is half of the printed formula's 4410450.
    No counting convention gives it for the grouped layer: its MACs-based counts
    are 2196150 (MACs), 4392300 (2 x MACs), 4374150 (exact, no bias) and 4410450
    ("+1"). It equals the "+1" count of a 3 -> 3 depthwise layer
    (`article_spec(groups=3, out_channels=3)`), a different layer.
    """
    size = output_length()
    per_group_in = IN_CHANNELS // GROUPS
    return ArticleFigure(
        name="grouped_flops_published",
        formula="[(2 x K^2 x C_in/g + 1) x H_out x W_out x C_in/g] x g",
        filled=(
            f"[(2 x {KERNEL_SIZE}^2 x {IN_CHANNELS}/{GROUPS} + 1) x {size} x {size} "
            f"x {IN_CHANNELS}/{GROUPS}] x {GROUPS}"
        ),
        value=grouped_plus_one_flops(per_group_in),
        status="slip",
    )


def article_figures() -> list[ArticleFigure]:
    """Return the four published figures, with the printed grouped formula's value before the slip."""
    return [
        published_standard_params(),
        published_standard_flops(),
        published_grouped_params(),
        printed_grouped_formula(),
        published_grouped_flops(),
    ]
