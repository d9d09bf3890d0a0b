"""Every count of a layer as its formula, the formula with numbers, and the result.

Lessons, widgets and the calculator show a count the way a teacher writes it on
the board: the symbolic formula, the same formula with the layer's numbers in
it, and the value from `count_conv`. The symbols are the course's:

    K_h, K_w     kernel height and width (K for 1d, K_d x K_h x K_w for 3d)
    C_in, C_out  input and output channels
    g            groups, shown only when groups > 1 (C_in / g in place of C_in)
    H_out, W_out output height and width (L_out for 1d, D_out x H_out x W_out for 3d)
    B            batch size, shown only when the batch has more than one sample

Leaving out "/ g" for groups=1 and "x B" for one sample keeps lesson 1's
formulas free of symbols it has not introduced yet.

Formulas and filled-in expressions use only digits, "x", "/", "+", "-",
parentheses and floor, so they read the same in every language; only the labels
are translated. This module is pure string and integer work, with no torch and
no printing.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_lib.conventions import Convention
from course_lib.counting import ConvCost
from course_lib.messages import message

__all__ = ["FORMULA_KEYS", "FormulaLine", "explain", "summary_text"]

FORMULA_KEYS = (
    "output_size",
    "params",
    "macs",
    "flops",
    "flops_exact",
    "macs_plus_bias",
    "flops_plus_one",
    "bias_adds",
)

# Spatial axis names by the number of spatial dimensions, as the course writes them.
AXIS_NAMES = {1: ("L",), 2: ("H", "W"), 3: ("D", "H", "W")}

# The output size of one axis, with i, k, s, p, d the input size, kernel size,
# stride, padding and dilation on that axis (PyTorch's Conv and ConvTranspose docs).
CONV_SIZE_FORMULA = "floor((i + 2 x p - d x (k - 1) - 1) / s) + 1"
TRANSPOSED_SIZE_FORMULA = "(i - 1) x s - 2 x p + d x (k - 1) + output_padding + 1"
SAME_SIZE_FORMULA = "i"


@dataclass(frozen=True)
class FormulaLine:
    """One count of a layer: its name, formula, formula with numbers, and value.

    `value` is an int, except for "output_size", where it is a tuple with one
    size per spatial axis, `filled` lists one expression per axis separated
    by ", ", and `per_axis` pairs each axis symbol ("H_out") with its
    expression. `note`, in the label's language, explains why a line repeats
    another one, such as the MACs + bias additions of a layer without bias.
    """

    key: str
    label: str
    formula: str
    filled: str
    value: int | tuple[int, ...]
    note: str = ""
    per_axis: tuple[tuple[str, str], ...] = ()

    def axis_steps(self) -> list[tuple[tuple[str, ...], str, int]]:
        """Group the axes that share one expression: [(("H_out", "W_out"), expression, 55)].

        A square layer's height and width then show their expression once
        ("H_out = W_out = ..."), and a rectangular one gets one step per axis.
        Empty for every line but the output size.
        """
        groups: dict[tuple[str, int], list[str]] = {}
        sizes = self.value if isinstance(self.value, tuple) else ()
        for (axis, expression), size in zip(self.per_axis, sizes, strict=True):
            groups.setdefault((expression, size), []).append(axis)
        return [(tuple(axes), expression, size) for (expression, size), axes in groups.items()]

    def axis_texts(self, with_value: bool = True) -> list[str]:
        """Write each group of `axis_steps` as "H_out = W_out = floor(...) + 1 = 55"."""
        texts = []
        for axes, expression, size in self.axis_steps():
            chain = list(axes)
            if expression != str(size):
                chain.append(expression)
            if with_value or expression == str(size):
                chain.append(str(size))
            texts.append(" = ".join(chain))
        return texts


@dataclass(frozen=True)
class Term:
    """A product of factors, kept both as symbols and as numbers."""

    symbols: tuple[str, ...]
    numbers: tuple[str, ...]

    def __add__(self, other: Term) -> Term:
        return Term(self.symbols + other.symbols, self.numbers + other.numbers)

    @property
    def formula(self) -> str:
        return " x ".join(self.symbols)

    @property
    def filled(self) -> str:
        return " x ".join(self.numbers)


def kernel_term(cost: ConvCost) -> Term:
    """K_h x K_w: one factor per spatial axis, or K alone for a 1d kernel."""
    names = AXIS_NAMES[cost.spec.dims]
    if cost.spec.dims == 1:
        symbols = ("K",)
    else:
        symbols = tuple(f"K_{name.lower()}" for name in names)
    return Term(symbols, tuple(str(size) for size in cost.spec.kernel_size))


def per_group(channels: int, symbol: str, groups: int) -> Term:
    """One channel count divided among the groups: "(C_in / g)", or "C_in" for one group."""
    if groups == 1:
        return Term((symbol,), (str(channels),))
    return Term((f"({symbol} / g)",), (f"({channels} / {groups})",))


def channel_term(cost: ConvCost) -> Term:
    """The channels each kernel tap meets: (C_in / g) x C_out.

    A transposed layer's weight is (C_in, C_out / g, *kernel), so there each
    input channel meets C_out / g output channels.
    """
    spec = cost.spec
    if spec.transposed:
        return per_group(spec.out_channels, "C_out", spec.groups) + Term(
            ("C_in",), (str(spec.in_channels),)
        )
    return per_group(spec.in_channels, "C_in", spec.groups) + Term(
        ("C_out",), (str(spec.out_channels),)
    )


def batch_term(cost: ConvCost) -> Term:
    """B, only when the input has a batch of more than one sample."""
    if not cost.input.batched or cost.input.batch == 1:
        return Term((), ())
    return Term(("B",), (str(cost.input.batch),))


def output_term(cost: ConvCost) -> Term:
    """C_out x H_out x W_out (x B): the number of output elements."""
    names = AXIS_NAMES[cost.spec.dims]
    spatial = Term(
        tuple(f"{name}_out" for name in names), tuple(str(size) for size in cost.output_size)
    )
    return Term(("C_out",), (str(cost.spec.out_channels),)) + spatial + batch_term(cost)


def positions_term(cost: ConvCost) -> Term:
    """The positions at which a whole kernel is applied, times the batch.

    A standard layer computes one dot product per output position; a
    transposed layer scatters one kernel per input position.
    """
    names = AXIS_NAMES[cost.spec.dims]
    if cost.spec.transposed:
        spatial = Term(
            tuple(f"{name}_in" for name in names), tuple(str(size) for size in cost.input.spatial)
        )
    else:
        spatial = Term(
            tuple(f"{name}_out" for name in names),
            tuple(str(size) for size in cost.output_size),
        )
    return spatial + batch_term(cost)


def macs_term(cost: ConvCost) -> Term:
    """K_h x K_w x (C_in / g) x C_out x H_out x W_out (x B)."""
    return kernel_term(cost) + channel_term(cost) + positions_term(cost)


def output_size_line(cost: ConvCost, language: str) -> FormulaLine:
    """The output size, one expression per spatial axis."""
    spec = cost.spec
    names = AXIS_NAMES[spec.dims]
    label = message(
        "formula.axes",
        language,
        label=message("summary.output_size", language),
        axes=", ".join(f"{name}_out" for name in names),
    )

    if spec.padding == "same":
        formula = f"{SAME_SIZE_FORMULA} (padding='same')"
        parts = [str(size) for size in cost.input.spatial]
    elif spec.transposed:
        formula = TRANSPOSED_SIZE_FORMULA
        parts = [
            f"({size} - 1) x {stride} - 2 x {padding} + {dilation} x ({kernel} - 1) + {extra} + 1"
            for size, kernel, stride, padding, dilation, extra in zip(
                cost.input.spatial,
                spec.kernel_size,
                spec.stride,
                spec.padding,
                spec.dilation,
                spec.output_padding,
                strict=True,
            )
        ]
    else:
        formula = CONV_SIZE_FORMULA
        parts = [
            f"floor(({size} + 2 x {padding} - {dilation} x ({kernel} - 1) - 1) / {stride}) + 1"
            for size, kernel, stride, padding, dilation in zip(
                cost.input.spatial,
                spec.kernel_size,
                spec.stride,
                spec.padding,
                spec.dilation,
                strict=True,
            )
        ]
    axes = tuple(f"{name}_out" for name in names)
    return FormulaLine(
        "output_size",
        label,
        formula,
        ", ".join(parts),
        cost.output_size,
        per_axis=tuple(zip(axes, parts, strict=True)),
    )


def params_line(cost: ConvCost, language: str) -> FormulaLine:
    """K_h x K_w x (C_in / g) x C_out, plus C_out with bias."""
    weights = kernel_term(cost) + channel_term(cost)
    formula, filled = weights.formula, weights.filled
    if cost.spec.bias:
        formula += " + C_out"
        filled += f" + {cost.spec.out_channels}"
    return FormulaLine("params", message("summary.params", language), formula, filled, cost.params)


def plus_bias(formula: str, filled: str, cost: ConvCost) -> tuple[str, str]:
    """Append one addition per output element when the layer has a bias."""
    if not cost.spec.bias:
        return formula, filled
    outputs = output_term(cost)
    return f"{formula} + {outputs.formula}", f"{filled} + {outputs.filled}"


def convention_line(cost: ConvCost, convention: Convention, language: str) -> FormulaLine:
    """The layer's arithmetic under one counting convention."""
    macs = macs_term(cost)
    label = convention.label(language)

    note = ""
    if convention is Convention.MACS:
        formula, filled = macs.formula, macs.filled
    elif convention is Convention.MACS_PLUS_BIAS:
        formula, filled = plus_bias(macs.formula, macs.filled, cost)
        if not cost.spec.bias:
            note = message("formula.same_as_macs", language)
    elif convention is Convention.FLOPS:
        formula, filled = f"2 x {macs.formula}", f"2 x {macs.filled}"
    elif convention is Convention.FLOPS_PLUS_ONE:
        formula, filled = flops_plus_one_text(cost)
    else:
        formula, filled = flops_exact_text(cost)
    return FormulaLine(convention.value, label, formula, filled, cost.count(convention), note)


def flops_plus_one_text(cost: ConvCost) -> tuple[str, str]:
    """(2 x K_h x K_w x (C_in / g) + 1) x C_out x H_out x W_out (x B), whatever the bias."""
    if cost.spec.transposed:
        # The products are counted per input position, the "+1" per output element.
        macs, outputs = macs_term(cost), output_term(cost)
        return (
            f"2 x {macs.formula} + {outputs.formula}",
            f"2 x {macs.filled} + {outputs.filled}",
        )
    dot = kernel_term(cost) + per_group(cost.spec.in_channels, "C_in", cost.spec.groups)
    outputs = output_term(cost)
    return (
        f"(2 x {dot.formula} + 1) x {outputs.formula}",
        f"(2 x {dot.filled} + 1) x {outputs.filled}",
    )


def flops_exact_text(cost: ConvCost) -> tuple[str, str]:
    """Each dot product of n terms takes n multiplications and n - 1 additions.

    Without bias that is (2n - 1) per output element; the bias addition brings
    it back to 2n, which the formula shows as "- 1 + 1".
    """
    if cost.spec.transposed:
        # O_written is the number of output elements that receive at least one
        # product; for a transposed layer it has no closed form in general.
        macs = macs_term(cost)
        written = cost.written_outputs
        return plus_bias(f"2 x {macs.formula} - O_written", f"2 x {macs.filled} - {written}", cost)
    dot = kernel_term(cost) + per_group(cost.spec.in_channels, "C_in", cost.spec.groups)
    outputs = output_term(cost)
    correction = " - 1 + 1" if cost.spec.bias else " - 1"
    return (
        f"(2 x {dot.formula}{correction}) x {outputs.formula}",
        f"(2 x {dot.filled}{correction}) x {outputs.filled}",
    )


def bias_adds_line(cost: ConvCost, language: str) -> FormulaLine:
    """One addition per output element with bias, none without."""
    label = message("summary.bias_adds", language)
    if not cost.spec.bias:
        return FormulaLine("bias_adds", label, "0", "0", cost.bias_adds)
    outputs = output_term(cost)
    return FormulaLine("bias_adds", label, outputs.formula, outputs.filled, cost.bias_adds)


def explain(cost: ConvCost, language: str = "en") -> list[FormulaLine]:
    """Return every count of `cost` with its formula, in the order of FORMULA_KEYS.

    The labels are in `language` ("en" or "zh"); the formulas, the filled-in
    expressions and the values are the same in both.
    """
    message("summary.params", language)  # Rejects an unknown language before any work.
    lines = [output_size_line(cost, language), params_line(cost, language)]
    for convention in (
        Convention.MACS,
        Convention.FLOPS,
        Convention.FLOPS_EXACT,
        Convention.MACS_PLUS_BIAS,
        Convention.FLOPS_PLUS_ONE,
    ):
        lines.append(convention_line(cost, convention, language))
    lines.append(bias_adds_line(cost, language))
    return lines


def format_value(value: int | tuple[int, ...]) -> str:
    """Write a count as a plain integer and an output size as "55 x 55"."""
    if isinstance(value, tuple):
        return " x ".join(str(size) for size in value)
    return str(value)


def summary_text(cost: ConvCost, language: str = "en") -> str:
    """Describe the layer and every count with its formula, as plain text.

    The text starts with the kind of convolution, the bias setting and the
    input and output shapes, then gives each count as its formula, the formula
    with the numbers in, and the value, skipping a step that repeats the last.
    The output size gets one labelled step per axis, or one for all axes
    when they share it. A line with a note shows the note and the value,
    because its formula is already on another line.
    """
    spec = cost.spec
    kind = message(f"summary.kind.{spec.kind}", language)
    dims = message(f"summary.dims.{spec.dims}", language)
    title = message("summary.title", language, kind=kind, dims=dims)
    bias = message("summary.bias_on" if spec.bias else "summary.bias_off", language)
    shape_in = " x ".join(str(size) for size in cost.input.as_tuple())
    shape_out = " x ".join(str(size) for size in cost.output_shape)
    rows = [
        message("formula.heading", language, title=title, bias=bias),
        "  "
        + message(
            "formula.field", language, label=message("summary.input", language), value=shape_in
        ),
        "  "
        + message(
            "formula.field", language, label=message("summary.output", language), value=shape_out
        ),
    ]

    for line in explain(cost, language):
        rows.append("  " + message("formula.count", language, label=line.label))
        if line.key == "output_size":
            rows.append(f"    {line.formula}")
            rows.extend(f"    {text}" for text in line.axis_texts())
            continue
        if line.note:
            rows.append(f"    {line.note}")
            rows.append(f"    = {format_value(line.value)}")
            continue
        steps = [line.formula]
        for step in (line.filled, format_value(line.value)):
            if step != steps[-1]:
                steps.append(step)
        rows.append(f"    {steps[0]}")
        rows.extend(f"    = {step}" for step in steps[1:])

    if spec.transposed:
        rows.append(message("formula.written_note", language, written=cost.written_outputs))
    if cost.input.batched and cost.input.batch != 1:
        rows.append(message("summary.batch_note", language, batch=cost.input.batch))
    return "\n".join(rows)
