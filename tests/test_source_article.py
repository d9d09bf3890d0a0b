"""The source article's figures, recomputed, against count_conv and PyTorch.

Example: a 227 x 227 x 3 input, an 11 x 11 kernel at stride 4, no padding,
6 output channels, so the output is 55 x 55 ((227 - 11) / 4 + 1 = 55).
"""

from __future__ import annotations

import pytest

from course_lib import count_conv
from course_lib.crosscheck import measure_spec
from course_lib.messages import LANGUAGES
from course_lib.source_article import (
    FIGURE_STATUSES,
    INPUT_SHAPE,
    article_figures,
    article_spec,
    output_length,
    printed_grouped_formula,
    published_grouped_flops,
    published_grouped_params,
    published_standard_flops,
    published_standard_params,
)


def test_output_length():
    # (227 - 11) // 4 + 1 = 55
    assert output_length() == 55
    assert count_conv(article_spec(), INPUT_SHAPE).output_size == (55, 55)


def test_standard_params():
    figure = published_standard_params()
    spec = article_spec()

    # 11^2 x 3 x 6 = 2178
    assert figure.value == 2178
    assert figure.value == count_conv(spec, INPUT_SHAPE).params
    assert figure.value == measure_spec(spec, INPUT_SHAPE).params
    assert figure.status == "correct"


def test_standard_flops():
    figure = published_standard_flops()
    cost = count_conv(article_spec(), INPUT_SHAPE)

    # 2 x 3 x 11^2 x 55 x 55 x 6 = 13176900
    assert figure.value == 13176900
    assert figure.value == cost.flops
    assert figure.value == measure_spec(article_spec(), INPUT_SHAPE).flops
    # With bias the exact operation count equals 2 x MACs as well.
    assert figure.value == count_conv(article_spec(bias=True), INPUT_SHAPE).flops_exact
    assert figure.status == "correct"


def test_grouped_params():
    figure = published_grouped_params()
    spec = article_spec(groups=3)

    # 11 x 11 x (3/3) x (6/3) x 3 = 726
    assert figure.value == 726
    assert figure.value == count_conv(spec, INPUT_SHAPE).params
    assert figure.value == measure_spec(spec, INPUT_SHAPE).params
    assert figure.status == "correct"


def test_printed_formula_is_plus_one_count():
    figure = printed_grouped_formula()
    spec = article_spec(groups=3)
    cost = count_conv(spec, INPUT_SHAPE)
    torch_flops = measure_spec(spec, INPUT_SHAPE).flops

    # (2 x 121 x 1 + 1) x 3025 x 2 x 3 = 243 x 18150 = 4410450
    assert figure.value == 4410450
    assert figure.value == cost.flops_plus_one
    # 2 x MACs plus one addition for each of the 6 x 55 x 55 outputs.
    assert figure.value == torch_flops + cost.outputs
    assert figure.status == "formula"


def test_published_grouped_flops_is_slip():
    figure = published_grouped_flops()
    spec = article_spec(groups=3)
    cost = count_conv(spec, INPUT_SHAPE)

    # (2 x 121 x 1 + 1) x 3025 x 1 x 3 = 243 x 9075 = 2205225
    assert figure.value == 2205225
    assert figure.status == "slip"
    # C_in/g = 1 where C_out/g = 2 belongs: exactly half of the printed formula.
    assert 2 * figure.value == printed_grouped_formula().value

    # No convention gives it for the grouped layer, and neither does PyTorch.
    conventions = [cost.macs, cost.flops, cost.flops_exact, cost.macs_plus_bias]
    conventions += [cost.flops_plus_one, measure_spec(spec, INPUT_SHAPE).flops]
    assert figure.value not in conventions
    for bias in (False, True):
        with_bias = count_conv(article_spec(groups=3, bias=bias), INPUT_SHAPE)
        assert figure.value not in [with_bias.flops_exact, with_bias.macs_plus_bias]


def test_published_grouped_flops_is_depthwise_plus_one():
    depthwise = article_spec(groups=3, out_channels=3)
    cost = count_conv(depthwise, INPUT_SHAPE)

    assert depthwise.kind == "depthwise"
    assert published_grouped_flops().value == cost.flops_plus_one
    assert published_grouped_flops().value == measure_spec(depthwise, INPUT_SHAPE).flops + (
        cost.outputs
    )


def test_pytorch_grouped_flops_is_standard_over_three():
    grouped = measure_spec(article_spec(groups=3), INPUT_SHAPE).flops
    standard = measure_spec(article_spec(), INPUT_SHAPE).flops

    # 13176900 / 3 = 4392300
    assert grouped == 4392300
    assert 3 * grouped == standard


def test_figures_in_order():
    names = [figure.name for figure in article_figures()]

    assert names == [
        "standard_params",
        "standard_flops",
        "grouped_params",
        "grouped_flops_formula",
        "grouped_flops_published",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_figure_labels_in_every_language(language):
    for figure in article_figures():
        assert figure.status in FIGURE_STATUSES
        assert figure.label(language)
        assert figure.status_label(language)


def test_filled_formulas_evaluate_to_values():
    for figure in article_figures():
        expression = figure.filled.replace("^", "**").replace("x", "*")
        expression = expression.replace("[", "(").replace("]", ")")

        # The expressions are this module's own strings of digits and operators.
        assert eval(expression) == figure.value, figure.name
