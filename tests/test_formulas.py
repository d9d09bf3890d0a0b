"""The formulas shown to learners: each filled-in expression must compute its value.

`evaluate` below is a small parser for exactly the notation the formulas use
(integers, "x", "/", "+", "-", parentheses and floor), so a test reads each
expression the way a learner would, without Python's eval.
"""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from course_lib import Convention, ConvSettingError, ConvSpec, count_conv
from course_lib.formulas import FORMULA_KEYS, explain, summary_text

TOKEN = re.compile(r"\s*(floor|\d+|[x/+\-()])")


def tokenize(expression: str) -> list[str]:
    """Split an expression into tokens, rejecting any character outside the notation."""
    tokens = []
    position = 0
    expression = expression.rstrip()
    while position < len(expression):
        match = TOKEN.match(expression, position)
        if match is None:
            raise ValueError(f"unexpected text {expression[position:]!r} in {expression!r}")
        tokens.append(match.group(1))
        position = match.end()
    return tokens


class Parser:
    """Recursive-descent evaluation with exact fractions, so "/" never rounds silently."""

    def __init__(self, expression: str) -> None:
        self.tokens = tokenize(expression)
        self.position = 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise ValueError(f"expected {expected!r} at token {self.position}, got {token!r}")
        self.position += 1
        return token

    def parse(self) -> Fraction:
        value = self.parse_sum()
        if self.peek() is not None:
            raise ValueError(f"unexpected token {self.peek()!r} at {self.position}")
        return value

    def parse_sum(self) -> Fraction:
        value = self.parse_product()
        while self.peek() in ("+", "-"):
            if self.take() == "+":
                value += self.parse_product()
            else:
                value -= self.parse_product()
        return value

    def parse_product(self) -> Fraction:
        value = self.parse_factor()
        while self.peek() in ("x", "/"):
            if self.take() == "x":
                value *= self.parse_factor()
            else:
                value /= self.parse_factor()
        return value

    def parse_factor(self) -> Fraction:
        token = self.take()
        if token == "floor":
            self.take("(")
            inner = self.parse_sum()
            self.take(")")
            return Fraction(inner.numerator // inner.denominator)
        if token == "(":
            inner = self.parse_sum()
            self.take(")")
            return inner
        if token.isdigit():
            return Fraction(int(token))
        raise ValueError(f"unexpected token {token!r}")


def evaluate(expression: str) -> int:
    """Evaluate a filled-in formula; its result must be a whole number."""
    value = Parser(expression).parse()
    assert value.denominator == 1, f"{expression} = {value} is not a whole number"
    return value.numerator


def evaluate_line(line) -> int | tuple[int, ...]:
    """Evaluate a FormulaLine's `filled`, one expression per axis for the output size."""
    if line.key == "output_size":
        return tuple(evaluate(part) for part in line.filled.split(", "))
    return evaluate(line.filled)


# (description, ConvSpec.create arguments, input shape)
CONFIGURATIONS = [
    ("source example", dict(in_channels=3, out_channels=6, kernel_size=11, stride=4, bias=False), (1, 3, 227, 227)),
    ("source example, bias", dict(in_channels=3, out_channels=6, kernel_size=11, stride=4), (1, 3, 227, 227)),
    ("grouped g=3", dict(in_channels=3, out_channels=6, kernel_size=11, stride=4, groups=3, bias=False), (1, 3, 227, 227)),
    ("depthwise", dict(in_channels=8, out_channels=8, kernel_size=3, padding=1, groups=8), (2, 8, 14, 14)),
    ("depth multiplier 2", dict(in_channels=4, out_channels=8, kernel_size=3, groups=4), (4, 9, 9)),
    ("pointwise", dict(in_channels=3, out_channels=6, kernel_size=1, bias=False), (1, 3, 55, 55)),
    ("rectangular", dict(in_channels=2, out_channels=4, kernel_size=(3, 5), stride=(2, 1), padding=(1, 2), dilation=(2, 1)), (3, 2, 17, 12)),
    ("floor rounds down", dict(in_channels=1, out_channels=1, kernel_size=3, stride=2), (1, 1, 8, 8)),
    ("same padding", dict(in_channels=4, out_channels=6, kernel_size=4, padding="same", dilation=2), (1, 4, 10, 7)),
    ("valid padding", dict(in_channels=4, out_channels=6, kernel_size=3, padding="valid"), (1, 4, 10, 7)),
    ("1d", dict(in_channels=5, out_channels=10, kernel_size=7, stride=3, padding=2, groups=5, dims=1), (2, 5, 50)),
    ("1d unbatched", dict(in_channels=2, out_channels=2, kernel_size=3, bias=False, dims=1), (2, 9)),
    ("1d same", dict(in_channels=2, out_channels=4, kernel_size=5, padding="same", dims=1), (1, 2, 9)),
    ("3d", dict(in_channels=3, out_channels=6, kernel_size=(3, 3, 1), stride=2, padding=1, dims=3), (1, 3, 8, 16, 16)),
    ("3d grouped no bias", dict(in_channels=6, out_channels=9, kernel_size=2, groups=3, bias=False, dims=3), (2, 6, 5, 5, 5)),
    ("transposed 2d", dict(in_channels=4, out_channels=6, kernel_size=3, stride=2, padding=1, output_padding=1, transposed=True), (1, 4, 7, 7)),
    ("transposed grouped", dict(in_channels=4, out_channels=6, kernel_size=2, stride=3, groups=2, bias=False, transposed=True), (2, 4, 5, 5)),
    ("transposed dilated 1d", dict(in_channels=2, out_channels=3, kernel_size=3, stride=1, dilation=4, transposed=True, dims=1), (1, 2, 3)),
    ("transposed 3d", dict(in_channels=2, out_channels=2, kernel_size=3, stride=2, padding=1, transposed=True, dims=3), (1, 2, 3, 4, 5)),
]  # fmt: skip


def cost_for(settings: dict, input_shape: tuple[int, ...]):
    return count_conv(ConvSpec.create(**settings), input_shape)


def named_cost(name: str, input_shape: tuple[int, ...] | None = None):
    """The cost of the configuration called `name`, optionally on another input shape."""
    for description, settings, shape in CONFIGURATIONS:
        if description == name:
            return cost_for(settings, input_shape or shape)
    raise KeyError(name)


@pytest.mark.parametrize(
    ("settings", "input_shape"),
    [(settings, shape) for _, settings, shape in CONFIGURATIONS],
    ids=[name for name, _, _ in CONFIGURATIONS],
)
def test_filled_formulas_compute_values(settings, input_shape):
    cost = cost_for(settings, input_shape)

    for line in explain(cost):
        assert evaluate_line(line) == line.value, f"{line.key}: {line.filled}"


@pytest.mark.parametrize(
    ("settings", "input_shape"),
    [(settings, shape) for _, settings, shape in CONFIGURATIONS],
    ids=[name for name, _, _ in CONFIGURATIONS],
)
def test_values_match_count_conv(settings, input_shape):
    cost = cost_for(settings, input_shape)
    values = {line.key: line.value for line in explain(cost)}

    assert values["output_size"] == cost.output_size
    assert values["params"] == cost.params
    assert values["bias_adds"] == cost.bias_adds
    for convention in Convention:
        assert values[convention.value] == cost.count(convention)


@pytest.mark.parametrize(
    ("settings", "input_shape"),
    [(settings, shape) for _, settings, shape in CONFIGURATIONS],
    ids=[name for name, _, _ in CONFIGURATIONS],
)
def test_formula_and_filled_align(settings, input_shape):
    # Each symbol is replaced by one number, so both have the same operators.
    cost = cost_for(settings, input_shape)

    for line in explain(cost):
        if line.key == "output_size":
            continue
        for operator in (" x ", " + ", " - ", " / ", "("):
            assert line.formula.count(operator) == line.filled.count(operator), line.key


@pytest.mark.parametrize(
    ("settings", "input_shape"),
    [(settings, shape) for _, settings, shape in CONFIGURATIONS],
    ids=[name for name, _, _ in CONFIGURATIONS],
)
def test_languages_share_formulas(settings, input_shape):
    cost = cost_for(settings, input_shape)
    english = explain(cost, "en")
    chinese = explain(cost, "zh")

    assert [line.key for line in english] == list(FORMULA_KEYS)
    assert [line.key for line in chinese] == list(FORMULA_KEYS)
    for en_line, zh_line in zip(english, chinese, strict=True):
        assert en_line.formula == zh_line.formula
        assert en_line.filled == zh_line.filled
        assert en_line.value == zh_line.value
        assert en_line.label != zh_line.label


@given(
    dims=st.integers(1, 3),
    groups=st.integers(1, 4),
    in_per_group=st.integers(1, 3),
    out_per_group=st.integers(1, 3),
    kernel=st.integers(1, 5),
    stride=st.integers(1, 3),
    padding=st.integers(0, 3),
    dilation=st.integers(1, 3),
    size=st.integers(1, 12),
    batch=st.integers(1, 3),
    bias=st.booleans(),
    transposed=st.booleans(),
)
def test_random_layers_evaluate(
    dims, groups, in_per_group, out_per_group, kernel, stride, padding, dilation, size, batch,
    bias, transposed,
):  # fmt: skip
    in_channels = groups * in_per_group
    try:
        spec = ConvSpec.create(
            in_channels,
            groups * out_per_group,
            kernel,
            stride=stride,
            padding=padding,
            dilation=dilation,
            groups=groups,
            bias=bias,
            transposed=transposed,
            dims=dims,
        )
        cost = count_conv(spec, (batch, in_channels, *[size] * dims))
    except ConvSettingError:
        assume(False)

    for line in explain(cost):
        assert evaluate_line(line) == line.value, f"{line.key}: {line.filled}"


def test_source_example_reads_as_taught():
    # 227 x 227 x 3 input, 11 x 11 kernel, 6 filters, stride 4, no bias.
    cost = named_cost("source example")
    lines = {line.key: line for line in explain(cost)}

    assert lines["params"].formula == "K_h x K_w x C_in x C_out"
    assert lines["params"].filled == "11 x 11 x 3 x 6"
    assert lines["params"].value == 2178
    assert lines["flops"].filled == "2 x 11 x 11 x 3 x 6 x 55 x 55"
    assert lines["flops"].value == 13176900
    assert lines["flops_exact"].formula.startswith("(2 x K_h x K_w x C_in - 1) x")
    assert lines["flops_exact"].value == 13158750
    assert lines["output_size"].value == (55, 55)


def test_bias_changes_params_formula():
    with_bias = {
        line.key: line for line in explain(named_cost("source example, bias", (3, 227, 227)))
    }

    assert with_bias["params"].formula.endswith("+ C_out")
    assert with_bias["params"].value == 2184
    assert "- 1 + 1" in with_bias["flops_exact"].formula
    assert with_bias["flops_exact"].value == with_bias["flops"].value


def test_axis_symbols_follow_dimensions():
    one_d = {line.key: line for line in explain(named_cost("1d", (2, 5, 50)))}
    three_d = {line.key: line for line in explain(named_cost("3d", (3, 8, 16, 16)))}

    assert one_d["macs"].formula == "K x (C_in / g) x C_out x L_out x B"
    assert "L_out" in one_d["output_size"].label
    assert three_d["macs"].formula == "K_d x K_h x K_w x C_in x C_out x D_out x H_out x W_out"
    assert "D_out, H_out, W_out" in three_d["output_size"].label


def test_unbatched_input_has_no_batch_symbol():
    cost = named_cost("source example, bias", (3, 227, 227))

    assert all(" B" not in line.formula for line in explain(cost))


def test_single_sample_has_no_batch_symbol():
    cost = named_cost("source example, bias", (1, 3, 227, 227))

    assert all(" B" not in line.formula for line in explain(cost))


def test_batch_symbol_is_b():
    lines = {line.key: line for line in explain(named_cost("depthwise"))}

    assert lines["macs"].formula.endswith("x H_out x W_out x B")
    assert lines["macs"].filled.endswith("x 14 x 14 x 2")
    assert all(" N" not in line.formula for line in lines.values())


def test_one_group_has_no_groups_symbol():
    for name in ("source example", "source example, bias", "3d"):
        for line in explain(named_cost(name)):
            assert "g" not in line.formula.replace("floor", ""), (name, line.key, line.formula)
            assert "/ 1)" not in line.filled, (name, line.key, line.filled)


def test_groups_symbol_shown_for_groups():
    lines = {line.key: line for line in explain(named_cost("grouped g=3"))}

    assert lines["params"].formula == "K_h x K_w x (C_in / g) x C_out"
    assert lines["params"].filled == "11 x 11 x (3 / 3) x 6"
    assert lines["flops_exact"].formula.startswith("(2 x K_h x K_w x (C_in / g) - 1) x")


def test_transposed_groups_symbol_follows_groups():
    grouped = {line.key: line for line in explain(named_cost("transposed grouped"))}
    single = {line.key: line for line in explain(named_cost("transposed 2d"))}

    assert "(C_out / g) x C_in" in grouped["params"].formula
    assert single["params"].formula.startswith("K_h x K_w x C_out x C_in")


def test_labels_name_their_convention():
    cost = named_cost("source example")

    for language in ("en", "zh"):
        labels = {line.key: line.label for line in explain(cost, language)}
        for convention in Convention:
            assert labels[convention.value] == convention.label(language)
        assert labels["flops"] != "FLOPs"


def test_summary_lists_every_value():
    for name in ("source example", "source example, bias", "rectangular"):
        cost = named_cost(name)
        for language in ("en", "zh"):
            text = summary_text(cost, language)
            for line in explain(cost, language):
                assert line.label in text
                if line.per_axis:
                    assert all(step in text for step in line.axis_texts())
                    continue
                if not line.note:
                    assert line.filled in text
                assert f"= {line.value}" in text or f"    {line.value}" in text


def test_summary_values_of_source_example():
    text = summary_text(named_cost("source example"))

    for value in ("2178", "6588450", "13176900", "13158750", "13195050"):
        assert f"= {value}" in text


def test_square_output_size_written_once():
    cost = named_cost("source example")
    size = {line.key: line for line in explain(cost)}["output_size"]
    expression = "floor((227 + 2 x 0 - 1 x (11 - 1) - 1) / 4) + 1"

    assert size.axis_texts() == [f"H_out = W_out = {expression} = 55"]
    for language in ("en", "zh"):
        assert summary_text(cost, language).count(expression) == 1


def test_each_axis_labelled_when_sizes_differ():
    rectangular = {line.key: line for line in explain(named_cost("rectangular"))}
    three_d = {
        line.key: line for line in explain(named_cost("3d grouped no bias", (2, 6, 3, 5, 5)))
    }
    same = {line.key: line for line in explain(named_cost("same padding"))}

    assert rectangular["output_size"].axis_texts() == [
        "H_out = floor((17 + 2 x 1 - 2 x (3 - 1) - 1) / 2) + 1 = 8",
        "W_out = floor((12 + 2 x 2 - 1 x (5 - 1) - 1) / 1) + 1 = 12",
    ]
    assert [axes for axes, _, _ in three_d["output_size"].axis_steps()] == [
        ("D_out",),
        ("H_out", "W_out"),
    ]
    assert same["output_size"].axis_texts() == ["H_out = 10", "W_out = 7"]


@given(
    sizes=st.tuples(st.integers(5, 30), st.integers(5, 30)),
    kernels=st.tuples(st.integers(1, 5), st.integers(1, 5)),
)
def test_axis_steps_compute_each_axis(sizes, kernels):
    cost = count_conv(ConvSpec.create(2, 4, kernels, stride=2), (1, 2, *sizes))
    size = {line.key: line for line in explain(cost)}["output_size"]

    shown = {}
    for axes, expression, value in size.axis_steps():
        assert evaluate(expression) == value
        shown.update(dict.fromkeys(axes, value))
    assert (shown["H_out"], shown["W_out"]) == cost.output_size


def test_macs_plus_bias_differs_visibly_from_macs():
    for language in ("en", "zh"):
        without = {line.key: line for line in explain(named_cost("source example"), language)}
        with_bias = {
            line.key: line for line in explain(named_cost("source example, bias"), language)
        }

        assert without["macs_plus_bias"].note
        assert without["macs"].note == ""
        assert without["macs_plus_bias"].value == without["macs"].value
        assert with_bias["macs_plus_bias"].note == ""
        assert with_bias["macs_plus_bias"].formula.endswith(" + C_out x H_out x W_out")
        assert with_bias["macs_plus_bias"].filled.endswith(" + 6 x 55 x 55")

        text = summary_text(named_cost("source example"), language)
        macs_plus_bias = text.split(without["macs_plus_bias"].label)[1]
        assert macs_plus_bias.splitlines()[1].strip() == without["macs_plus_bias"].note
        assert (
            without["macs"].formula not in macs_plus_bias.split(without["flops_plus_one"].label)[0]
        )


def test_summary_in_chinese_uses_glossary():
    cost = named_cost("3d grouped no bias")
    text = summary_text(cost, "zh")

    assert text.startswith("分组卷积，三维（不带偏置）")
    assert "参数量：" in text
    assert "输出尺寸（D_out, H_out, W_out）：" in text


def test_summary_notes_batch_and_transposed():
    batched = summary_text(named_cost("depthwise"))
    transposed = summary_text(named_cost("transposed 2d"))

    assert "whole batch of 2" in batched
    assert "O_written" in transposed


def test_unknown_language_rejected():
    cost = named_cost("source example")

    with pytest.raises(ValueError, match="language='fr'"):
        explain(cost, "fr")


def test_evaluator_rejects_other_notation():
    assert evaluate("floor((227 + 2 x 0 - 1 x (11 - 1) - 1) / 4) + 1") == 55
    with pytest.raises(ValueError, match="unexpected text"):
        evaluate("2 * 3")
    with pytest.raises(ValueError):
        evaluate("2 x (3 + 1")
    with pytest.raises(AssertionError, match="not a whole number"):
        evaluate("7 / 2")
