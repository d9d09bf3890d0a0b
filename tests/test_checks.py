"""The exercise checks: staged feedback, slip hints in both languages, no tracebacks.

Every wrong answer below is derived by hand in a comment, independently of the
slip catalogue, so a slip function that computes the wrong value fails here.
The worked example is the source article's layer: 227 x 227 x 3 input, 11 x 11
kernel, 6 output channels, stride 4, no padding, output 55 x 55.
"""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import ConvSpec, count_conv
from course_lib.checks import (
    check_choice,
    check_depthwise_params_function,
    check_flops,
    check_function,
    check_int,
    check_macs_function,
    check_number,
    check_output_length_function,
    check_output_size,
    check_params,
    check_params_function,
    check_separable_ratio,
    check_separable_ratio_function,
)
from course_lib.messages import message
from course_lib.slips import SLIPS

LANGUAGES = ("en", "zh")
INPUT = (1, 3, 227, 227)


def worked(groups: int = 1, bias: bool = False):
    """The worked example's layer and its cost, with `groups` and `bias` changed."""
    spec = ConvSpec.create(3, 6, 11, stride=4, groups=groups, bias=bias)
    return spec, count_conv(spec, INPUT)


def padded_cost(size: int, kernel: int, stride: int, padding: int):
    """A 3 -> 8 layer on a square input, for output-size slips."""
    spec = ConvSpec.create(3, 8, kernel, stride=stride, padding=padding, bias=False)
    return count_conv(spec, (1, 3, size, size))


def params_case(answer, groups=1, bias=False):
    spec, _ = worked(groups, bias)
    return lambda language: check_params(answer, spec, task=1, language=language)


def flops_case(answer, convention, groups=1, bias=False):
    _, cost = worked(groups, bias)
    return lambda language: check_flops(answer, cost, convention, task=2, language=language)


def size_case(answer, size, kernel, stride, padding):
    cost = padded_cost(size, kernel, stride, padding)
    return lambda language: check_output_size(answer, cost, task=3, language=language)


# (slip name, a check fed the answer that slip produces)
SLIP_CASES = [
    # groups=3 ignored: 11 x 11 x 3 x 6 = 2178 instead of 11 x 11 x 1 x 6 = 726.
    ("groups_ignored", params_case(2178, groups=3)),
    # MACs with groups ignored: 121 x 3 x 6 x 55 x 55 = 6588450 instead of 2196150.
    ("groups_ignored", flops_case(6588450, "macs", groups=3)),
    # 11 x 11 x (3 / 3) x (6 / 3) = 242: divided by 3 twice.
    ("groups_divided_twice", params_case(242, groups=3)),
    # With bias the layer has 2178 + 6 = 2184; 2178 leaves the bias out.
    ("bias_forgotten", params_case(2178, bias=True)),
    # ptflops-style MACs with bias are 6588450 + 6 x 55 x 55 = 6606600; 6588450 omits it.
    ("bias_forgotten", flops_case(6588450, "macs_plus_bias", bias=True)),
    # 2184 + 6 = 2190: the six biases counted twice.
    ("bias_added_twice", params_case(2190, bias=True)),
    # 2178 + 6 = 2184 for a layer built with bias=False.
    ("bias_added_twice", params_case(2184, bias=False)),
    # FLOPs = 2 x 6588450 = 13176900; 6588450 is the MAC count.
    ("macs_for_flops", flops_case(6588450, "flops")),
    # MACs = 6588450; 13176900 is the FLOP count.
    ("flops_for_macs", flops_case(13176900, "macs")),
    # Exact without bias: (2 x 363 - 1) x 6 x 55 x 55 = 13158750, one fewer per output.
    ("minus_one_convention", flops_case(13158750, "flops")),
    # The "+1" formula: 13176900 + 18150 = 13195050, one more per output.
    ("minus_one_convention", flops_case(13195050, "flops_exact")),
    # floor(216 / 4) + 1 = 55, but floor(216 / 16) + 1 = 14 divides by the stride twice.
    ("stride_applied_twice", size_case((14, 14), 227, 11, 4, 0)),
    # 224 + 2 - 2 - 1 = 223; ceil(223 / 2) + 1 = 113 instead of floor + 1 = 112.
    ("rounded_up", size_case((113, 113), 224, 3, 2, 1)),
    # 216 / 4 = 54 without the "+ 1".
    ("plus_one_forgotten", size_case((54, 54), 227, 11, 4, 0)),
    # 5 x 5, padding 2 keeps 32; padding on one side only gives 32 + 2 - 4 - 1 + 1 = 30.
    ("padding_once", size_case((30, 30), 32, 5, 1, 2)),
    # The article's 2205225: (2 x 121 x 1 + 1) x 55 x 55 x (3 / 3) x 3 uses C_in / g for C_out / g.
    ("channels_swapped", flops_case(2205225, "flops_plus_one", groups=3)),
    # Weights 11 x 11 x 6 x 3 = 2178 plus 3 (C_in) biases = 2181 instead of 2184.
    ("channels_swapped", params_case(2181, bias=True)),
    # 11 x 3 x 6 = 198 with K for K^2 = 121.
    ("kernel_not_squared", params_case(198)),
    # Separable over standard for N = 6, K = 11: 1/6 + 1/11 instead of 1/6 + 1/121.
    (
        "kernel_not_squared",
        lambda language: check_separable_ratio(1 / 6 + 1 / 11, 6, 11, task=4, language=language),
    ),
    # The inverse of 1/6 + 1/121: standard over separable.
    (
        "ratio_inverted",
        lambda language: check_separable_ratio(
            1 / (1 / 6 + 1 / 121), 6, 11, task=4, language=language
        ),
    ),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("slip", "run_check"), SLIP_CASES)
def test_slip_named_with_hint(slip, run_check, language):
    feedback = run_check(language)

    assert feedback.status == "wrong_value"
    assert slip in feedback.slips
    assert message(f"check.slip.{slip}", language) in str(feedback)


def test_every_slip_has_a_case():
    tested = {slip for slip, _ in SLIP_CASES}

    assert set(SLIPS) <= tested


@pytest.mark.parametrize("language", LANGUAGES)
def test_correct_answers_pass(language):
    spec, cost = worked(groups=3)

    assert check_params(726, spec, language=language).ok
    assert check_flops(4392300, cost, language=language).ok
    assert check_flops(4410450, cost, "flops_plus_one", language=language).ok
    assert check_output_size((55, 55), cost, language=language).ok
    assert check_output_size([55, 55], cost, language=language).ok
    assert check_int(np.int64(726), 726, language=language).ok
    assert check_separable_ratio(1 / 6 + 1 / 121, 6, 11, language=language).ok
    assert check_choice(" FLOPS ", "flops", ["macs", "flops"], language=language).ok


def test_correct_message_states_value():
    spec, _ = worked()

    feedback = check_params(2178, spec, task=7)

    assert str(feedback) == message("check.correct", "en", label="Task 7", value=2178)
    assert repr(feedback) == str(feedback)


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholder_is_unanswered(language):
    spec, cost = worked()
    unanswered = message(
        "check.unanswered", language, label=message("check.task", language, task=1)
    )

    results = [
        check_params(..., spec, task=1, language=language),
        check_flops(..., cost, task=1, language=language),
        check_output_size(..., cost, task=1, language=language),
        check_int(..., 5, task=1, language=language),
        check_choice(..., "a", ["a", "b"], task=1, language=language),
        check_number(..., 0.5, task=1, language=language),
        check_params_function(..., task=1, language=language),
    ]

    for feedback in results:
        assert feedback.status == "unanswered"
        assert str(feedback) == unanswered
        assert not feedback.ok


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("answer", "hint_key"),
    [
        ("2178", "check.hint.str"),
        (2177.5, "check.hint.float"),
        (2178.0, "check.hint.float_right"),
        (None, "check.hint.none"),
        (True, "check.hint.bool"),
        ([2178], "check.hint.other"),
    ],
)
def test_wrong_type_hint(answer, hint_key, language):
    spec, _ = worked()

    feedback = check_params(answer, spec, language=language)

    assert feedback.status == "wrong_type"
    assert message(hint_key, language) in str(feedback)


def test_type_checked_before_value():
    # 999.0 is a float and wrong: the type problem is reported, not the value.
    feedback = check_int(999.0, 2178)

    assert feedback.status == "wrong_type"
    assert message("check.hint.float", "en") in str(feedback)


@pytest.mark.parametrize("language", LANGUAGES)
def test_output_size_shape_stage(language):
    _, cost = worked()

    single = check_output_size(55, cost, language=language)
    short = check_output_size((55,), cost, language=language)
    text_item = check_output_size(("55", 55), cost, language=language)
    no_tuple = check_output_size("55 x 55", cost, language=language)

    assert single.status == "wrong_shape"
    assert message("check.sizes_not_int", language, dims=2) in str(single)
    assert short.status == "wrong_shape"
    assert "1" in str(short)
    assert text_item.status == "wrong_type"
    assert message("check.hint.str", language) in str(text_item)
    assert no_tuple.status == "wrong_type"


def test_value_without_slip_gives_formula():
    spec, _ = worked()

    feedback = check_params(1000, spec)

    assert feedback.status == "wrong_value"
    assert feedback.slips == []
    assert message("check.formula.params", "en") in str(feedback)


def test_int_check_names_given_slip():
    feedback = check_int(2205225, 4410450, slips={"channels_swapped": 2205225})

    assert feedback.slips == ["channels_swapped"]


def test_only_likeliest_slip_shown():
    # A 3 -> 6 layer's MACs (6588450) equal the FLOPs of a 3 -> 3 layer, so the
    # answer also fits "channels swapped"; only the likelier slip is shown.
    _, cost = worked()

    feedback = check_flops(6588450, cost, "flops")

    assert feedback.slips == ["macs_for_flops"]
    assert message("check.slip.channels_swapped", "en") not in str(feedback)


def test_choice_rejects_unknown_names_slip():
    unknown = check_choice("c", "a", ["a", "b"])
    wrong = check_choice("b", "a", ["a", "b"], slips={"b": "bias_added_twice"})
    not_text = check_choice(2, "a", ["a", "b"])

    assert unknown.status == "wrong_type"
    assert wrong.status == "wrong_value"
    assert wrong.slips == ["bias_added_twice"]
    assert message("check.slip.bias_added_twice", "en") in str(wrong)
    assert not_text.status == "wrong_type"


def test_number_rejects_string():
    feedback = check_number("0.25", 0.25)

    assert feedback.status == "wrong_type"


def correct_params(in_channels, out_channels, kernel_size, groups=1, bias=True):
    return kernel_size * kernel_size * (in_channels // groups) * out_channels + (
        out_channels if bias else 0
    )


def test_function_check_passes_correct_function():
    feedback = check_params_function(correct_params, task=5)

    assert feedback.ok
    assert str(feedback) == message("check.function_correct", "en", label="Task 5", count=6)


def test_function_check_ungrouped():
    def conv_params(in_channels, out_channels, kernel_size, bias=True):
        return kernel_size * kernel_size * in_channels * out_channels + (
            out_channels if bias else 0
        )

    feedback = check_params_function(conv_params, grouped=False)

    assert feedback.ok
    assert message("check.function_correct", "en", label="This task", count=3) == str(feedback)


@pytest.mark.parametrize("language", LANGUAGES)
def test_function_exception_is_feedback(language):
    def broken(in_channels, out_channels, kernel_size, groups=1, bias=True):
        return kernel_size**2 * in_channels * out_channels / (groups - groups)

    feedback = check_params_function(broken, task=5, language=language)

    assert feedback.status == "function_error"
    assert "ZeroDivisionError" in str(feedback)
    assert "broken(in_channels=3" in str(feedback)


def test_function_not_implemented_is_unanswered():
    def conv_params(in_channels, out_channels, kernel_size, groups=1, bias=True):
        raise NotImplementedError()

    feedback = check_params_function(conv_params)

    assert feedback.status == "unanswered"
    assert "conv_params" in str(feedback)


def test_function_missing_return():
    def conv_params(in_channels, out_channels, kernel_size, groups=1, bias=True):
        kernel_size * kernel_size * in_channels * out_channels  # no return: the slip under test

    feedback = check_params_function(conv_params)

    assert feedback.status == "wrong_type"
    assert message("check.hint.none", "en") in str(feedback)


def test_function_wrong_signature_is_feedback():
    def conv_params(in_channels, out_channels):
        return in_channels * out_channels

    feedback = check_params_function(conv_params)

    assert feedback.status == "function_error"
    assert "TypeError" in str(feedback)


def test_function_not_callable():
    feedback = check_params_function(2178)

    assert feedback.status == "wrong_type"


def test_function_slip_groups_ignored():
    def conv_params(in_channels, out_channels, kernel_size, groups=1, bias=True):
        return correct_params(in_channels, out_channels, kernel_size, 1, bias)

    feedback = check_params_function(conv_params)

    assert feedback.status == "wrong_value"
    assert feedback.slips == ["groups_ignored"]
    # The first case has groups=1, so the reported case is the grouped one.
    assert "groups=3" in str(feedback)


def test_output_length_function_rounded_up():
    def output_length(size, kernel_size, stride=1, padding=0, dilation=1):
        return -(-(size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride) + 1

    feedback = check_output_length_function(output_length, language="zh")

    assert feedback.slips == ["rounded_up"]
    assert message("check.slip.rounded_up", "zh") in str(feedback)


def test_output_length_function_correct():
    def output_length(size, kernel_size, stride=1, padding=0, dilation=1):
        return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1

    assert check_output_length_function(output_length).ok


def test_macs_function_flops_given():
    def conv_macs(in_channels, out_channels, kernel_size, output_size, groups=1):
        return 2 * kernel_size**2 * in_channels // groups * out_channels * output_size**2

    feedback = check_macs_function(conv_macs)

    assert "flops_for_macs" in feedback.slips


def test_macs_function_correct():
    def conv_macs(in_channels, out_channels, kernel_size, output_size, groups=1):
        return kernel_size**2 * (in_channels // groups) * out_channels * output_size**2

    assert check_macs_function(conv_macs).ok
    assert check_macs_function(conv_macs, grouped=False).ok


def test_generic_function_with_tolerance():
    def ratio(out_channels, kernel_size):
        return 1 / out_channels + 1 / kernel_size**2

    feedback = check_function(
        ratio,
        lambda out_channels, kernel_size: 1 / out_channels + 1 / kernel_size**2,
        [{"out_channels": 6, "kernel_size": 11}],
        tolerance=1e-9,
    )

    assert feedback.ok


def test_zh_feedback_has_no_english_template():
    spec, _ = worked()

    feedback = check_params(2184, spec, task=1, language="zh")

    assert str(feedback).startswith("✗ 任务1：2184还不对。")


def test_depthwise_function_groups_divided_twice():
    # 3 -> 6 depthwise (multiplier 2): 11 x 11 x 1 x 6 = 726, but dividing C_out by
    # groups=3 as well gives 11 x 11 x 1 x 2 = 242.
    def depthwise_params(channels, kernel_size, depth_multiplier=1, bias=True):
        weights = kernel_size * kernel_size * depth_multiplier
        return weights + (channels * depth_multiplier if bias else 0)

    feedback = check_depthwise_params_function(depthwise_params)

    assert feedback.status == "wrong_value"
    assert feedback.slips == ["groups_divided_twice"]


def test_depthwise_function_correct():
    def depthwise_params(channels, kernel_size, depth_multiplier=1, bias=True):
        out_channels = channels * depth_multiplier
        return kernel_size * kernel_size * out_channels + (out_channels if bias else 0)

    assert check_depthwise_params_function(depthwise_params).ok


def test_ratio_function_kernel_not_squared():
    def separable_ratio(out_channels, kernel_size):
        return 1 / out_channels + 1 / kernel_size

    feedback = check_separable_ratio_function(separable_ratio, language="zh")

    assert feedback.slips == ["kernel_not_squared"]
    assert message("check.slip.kernel_not_squared", "zh") in str(feedback)


def test_ratio_function_correct():
    def separable_ratio(out_channels, kernel_size):
        return 1 / out_channels + 1 / kernel_size**2

    assert check_separable_ratio_function(separable_ratio).ok
