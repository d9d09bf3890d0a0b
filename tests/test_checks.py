"""The exercise checks: staged feedback, slip hints in both languages, no tracebacks.

Every wrong answer below is derived by hand in a comment, independently of the
slip catalogue, so a slip function that computes the wrong value fails here.
The worked example is the source article's layer: 227 x 227 x 3 input, 11 x 11
kernel, 6 output channels, stride 4, no padding, output 55 x 55.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import nbformat
import numpy as np
import pytest
from torch import nn

from course_lib import ConvSpec, checks, count_conv
from course_lib.checks import (
    EXTRA_SLIPS,
    answer_of,
    check_block,
    check_choice,
    check_depthwise_params_function,
    check_flops,
    check_function,
    check_groups,
    check_int,
    check_layer,
    check_macs_function,
    check_number,
    check_output_length_function,
    check_output_size,
    check_params,
    check_params_function,
    check_separable_ratio,
    check_separable_ratio_function,
    show_slips,
)
from course_lib.conventions import Convention
from course_lib.messages import MESSAGES, message
from course_lib.separable import count_separable
from course_lib.slips import SLIPS, slip_values

ROOT = Path(__file__).resolve().parent.parent

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


# (slip name, the message key of its hint, a check fed the answer that slip produces)
SLIP_CASES = [
    # groups=3 ignored: 11 x 11 x 3 x 6 = 2178 instead of 11 x 11 x 1 x 6 = 726.
    ("groups_ignored", "check.slip.groups_ignored.params", params_case(2178, groups=3)),
    # MACs with groups ignored: 121 x 3 x 6 x 55 x 55 = 6588450 instead of 2196150.
    ("groups_ignored", "check.slip.groups_ignored.ops", flops_case(6588450, "macs", groups=3)),
    # 11 x 11 x (3 / 3) x (6 / 3) = 242: divided by 3 twice.
    ("groups_divided_twice", "check.slip.groups_divided_twice", params_case(242, groups=3)),
    # With bias the layer has 2178 + 6 = 2184; 2178 leaves the bias out.
    ("bias_forgotten", "check.slip.bias_forgotten.params", params_case(2178, bias=True)),
    # ptflops-style MACs with bias are 6588450 + 6 x 55 x 55 = 6606600; 6588450 omits it.
    (
        "bias_forgotten",
        "check.slip.bias_forgotten.ops",
        flops_case(6588450, "macs_plus_bias", bias=True),
    ),
    # 2184 + 6 = 2190: the six biases counted twice.
    ("bias_added_twice", "check.slip.bias_added_twice.params", params_case(2190, bias=True)),
    # 2178 + 6 = 2184 for a layer built with bias=False.
    ("bias_always_added", "check.slip.bias_always_added", params_case(2184, bias=False)),
    # floor(216 / 4) + 1 = 55, but floor(216 / 16) + 1 = 14 divides by the stride twice.
    (
        "stride_applied_twice",
        "check.slip.stride_applied_twice",
        size_case((14, 14), 227, 11, 4, 0),
    ),
    # 224 + 2 - 2 - 1 = 223; ceil(223 / 2) + 1 = 113 instead of floor + 1 = 112.
    ("rounded_up", "check.slip.rounded_up", size_case((113, 113), 224, 3, 2, 1)),
    # 216 / 4 = 54 without the "+ 1".
    ("plus_one_forgotten", "check.slip.plus_one_forgotten", size_case((54, 54), 227, 11, 4, 0)),
    # 5 x 5, padding 2 keeps 32; padding on one side only gives 32 + 2 - 4 - 1 + 1 = 30.
    ("padding_once", "check.slip.padding_once", size_case((30, 30), 32, 5, 1, 2)),
    # 64 x 64 input, 5 x 5, stride 2, padding 2: (64 + 4 - 5) // 2 + 1 = 32; without the
    # padding (64 - 5) // 2 + 1 = 30.
    ("padding_forgotten", "check.slip.padding_forgotten", size_case((30, 30), 64, 5, 2, 2)),
    # The same layer's MACs on its 32 x 32 output: 25 x 3 x 8 x 32 x 32 = 614400; on the
    # 64 x 64 input instead: 25 x 3 x 8 x 64 x 64 = 2457600.
    (
        "input_size_for_output",
        "check.slip.input_size_for_output",
        lambda language: check_flops(
            2457600, padded_cost(64, 5, 2, 2), "macs", task=3, language=language
        ),
    ),
    # Depthwise 3 -> 6 (multiplier 2), 11 x 11, no bias: 726; with the multiplier left
    # out, 3 -> 3: 11 x 11 x 3 = 363.
    (
        "multiplier_forgotten",
        "check.slip.multiplier_forgotten",
        params_case(363, groups=3),
    ),
    # The article's 2205225: (2 x 121 x 1 + 1) x 55 x 55 x (3 / 3) x 3 uses C_in / g for C_out / g.
    (
        "in_channels_for_out",
        "check.slip.in_channels_for_out.grouped",
        flops_case(2205225, "flops_plus_one", groups=3),
    ),
    # Weights 11 x 11 x 6 x 3 = 2178 plus 3 (C_in) biases = 2181 instead of 2184.
    ("in_channels_for_out", "check.slip.in_channels_for_out", params_case(2181, bias=True)),
    # A 3 -> 3 layer's weights, 11 x 11 x 3 x 3 = 1089, where the 3 -> 6 layer has 2178.
    ("in_channels_for_out", "check.slip.in_channels_for_out", params_case(1089)),
    # 3 -> 6, groups=3, with bias: 726 weights + 6 biases = 732; the biases divided by 3: 728.
    (
        "bias_divided_by_groups",
        "check.slip.bias_divided_by_groups",
        params_case(728, groups=3, bias=True),
    ),
    # 11 x 3 x 6 = 198 with K for K^2 = 121.
    ("kernel_not_squared", "check.slip.kernel_not_squared.params", params_case(198)),
    # MACs with K for K^2: 11 x 3 x 6 x 55 x 55 = 598950 instead of 121 x 3 x 6 x 55 x 55.
    ("kernel_not_squared", "check.slip.kernel_not_squared.ops", flops_case(598950, "macs")),
    # C_in forgotten: 11 x 11 x 6 = 726 instead of 11 x 11 x 3 x 6 = 2178.
    ("in_channels_forgotten", "check.slip.in_channels_forgotten.params", params_case(726)),
    # FLOPs without C_in: 2 x 121 x 6 x 55 x 55 = 4392300 instead of 13176900.
    ("in_channels_forgotten", "check.slip.in_channels_forgotten", flops_case(4392300, "flops")),
    # 16 -> 32, 3 x 3, groups=4 (4 input channels per group): without C_in / g,
    # 3 x 3 x 32 = 288 instead of 3 x 3 x 4 x 32 = 1152.
    (
        "in_channels_forgotten",
        "check.slip.in_channels_forgotten.params.grouped",
        lambda language: check_params(
            288, ConvSpec.create(16, 32, 3, groups=4, bias=False), language=language
        ),
    ),
    # One bias for the whole layer: 2178 + 1 = 2179 instead of 2178 + 6 = 2184.
    ("one_bias", "check.slip.one_bias", params_case(2179, bias=True)),
    # 64 x 64 input, 3 x 3 kernel with dilation 2 and padding 2 keeps 64 (it spans 5);
    # with the dilation ignored, 64 + 4 - 3 + 1 = 66.
    (
        "dilation_ignored",
        "check.slip.dilation_ignored",
        lambda language: check_output_size(
            (66, 66),
            count_conv(ConvSpec.create(3, 8, 3, padding=2, dilation=2), (1, 3, 64, 64)),
            language=language,
        ),
    ),
    # Separable over standard for N = 6, K = 11: 1/6 + 1/11 instead of 1/6 + 1/121.
    (
        "kernel_not_squared",
        "check.slip.kernel_not_squared",
        lambda language: check_separable_ratio(1 / 6 + 1 / 11, 6, 11, task=4, language=language),
    ),
    # The inverse of 1/6 + 1/121: standard over separable.
    (
        "ratio_inverted",
        "check.slip.ratio_inverted",
        lambda language: check_separable_ratio(
            1 / (1 / 6 + 1 / 121), 6, 11, task=4, language=language
        ),
    ),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("slip", "hint_key", "run_check"), SLIP_CASES)
def test_slip_named_with_hint(slip, hint_key, run_check, language):
    feedback = run_check(language)

    assert feedback.status == "wrong_value"
    assert slip in feedback.slips
    assert message(hint_key, language) in str(feedback)


def test_every_slip_has_a_case():
    tested = {slip for slip, _, _ in SLIP_CASES}

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

    assert str(feedback) == message("check.correct", "en", label="Task 7, parameters", value=2178)
    assert repr(feedback) == str(feedback)


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholder_is_unanswered(language):
    spec, cost = worked()

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
        assert feedback.label.startswith(message("check.task", language, task=1))
        assert str(feedback) == message("check.unanswered", language, label=feedback.label)
        assert not feedback.ok


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("answer", "hint_key"),
    [
        ("2178", "check.hint.str"),
        (2177.5, "check.hint.float"),
        (2178.0, "check.hint.float_written_right"),
        (2177.0, "check.hint.float_written_wrong"),
        (None, "check.hint.none"),
        (True, "check.hint.bool"),
        ([2178], "check.hint.other"),
    ],
)
def test_wrong_type_hint(answer, hint_key, language):
    spec, _ = worked()

    feedback = check_params(answer, spec, language=language)

    assert feedback.status == "wrong_type"
    whole = int(answer) if isinstance(answer, float) else None
    assert message(hint_key, language, whole=whole) in str(feedback)


@pytest.mark.parametrize("language", LANGUAGES)
def test_whole_float_literal_is_not_sent_to_floor_division(language):
    # 1.31e7 is typed, not divided: the hint asks for an int and says the value is off too.
    _, cost = worked()

    feedback = check_flops(1.31e7, cost, "flops_exact", language=language)

    assert feedback.status == "wrong_type"
    assert "//" not in str(feedback)
    assert message("check.hint.float_written_wrong", language, whole=13100000) in str(feedback)


@pytest.mark.parametrize("language", LANGUAGES)
def test_whole_float_from_a_function_points_to_floor_division(language):
    def conv_params(in_channels, out_channels, kernel_size, bias=True):
        return kernel_size**2 * in_channels * out_channels / 1 + (out_channels if bias else 0)

    feedback = check_params_function(conv_params, grouped=False, language=language)

    assert feedback.status == "wrong_type"
    assert message("check.hint.float_right", language) in str(feedback)


def test_type_checked_before_value():
    # 999.0 is a float and wrong: the type problem is reported, not the value.
    feedback = check_int(999.0, 2178)

    assert feedback.status == "wrong_type"
    assert message("check.hint.float_written_wrong", "en", whole=999) in str(feedback)


@pytest.mark.parametrize("language", LANGUAGES)
def test_fractional_output_size_points_to_floor_division(language):
    # The CIFAR stem: (32 + 2 - 3) / 2 + 1 = 16.5 with /, 16 with //.
    cost = count_conv(ConvSpec.create(3, 16, 3, stride=2, padding=1), (1, 3, 32, 32))

    feedback = check_output_size((16.5, 16.5), cost, language=language)

    assert feedback.status == "wrong_type"
    assert message("check.hint.float", language) in str(feedback)
    assert "//" in message("check.hint.float", language)
    assert "int(" not in str(feedback)


@pytest.mark.parametrize("language", LANGUAGES)
def test_whole_float_output_size_is_called_right(language):
    # (227 - 11) / 4 + 1 = 55.0: the right size, written as a float.
    _, cost = worked()

    feedback = check_output_size((55.0, 55.0), cost, language=language)

    assert feedback.status == "wrong_type"
    assert message("check.hint.float_written_right", language, whole=55) in str(feedback)


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


def test_coincident_slips_both_named():
    # A 3 -> 6 layer's MACs (6588450) are the FLOPs count asked for under another
    # convention, and also the FLOPs of a 3 -> 3 layer (C_in used for C_out): the
    # number alone cannot tell them apart, so both are named, the likelier first.
    _, cost = worked()

    feedback = check_flops(6588450, cost, "flops")

    assert feedback.slips == ["other_convention.macs", "in_channels_for_out"]
    assert message("check.same_number", "en") in str(feedback)
    assert message("check.slip.in_channels_for_out", "en") in str(feedback)


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
    label = "Task 5 (correct_params)"
    assert str(feedback) == message("check.function_correct", "en", label=label, count=6)


def test_function_check_ungrouped():
    def conv_params(in_channels, out_channels, kernel_size, bias=True):
        return kernel_size * kernel_size * in_channels * out_channels + (
            out_channels if bias else 0
        )

    feedback = check_params_function(conv_params, grouped=False)

    assert feedback.ok
    label = "This task (conv_params)"
    assert message("check.function_correct", "en", label=label, count=3) == str(feedback)


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

    assert "other_convention.flops" in feedback.slips
    assert message("check.relation.mac_flop", "en") in str(feedback)


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

    assert str(feedback).startswith("✗ 任务1，参数量：2184还不对。")


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


# Another counting convention: every convention the answer equals is named.

# The worked example with bias (3 -> 6, 11 x 11, stride 4, 55 x 55 output):
# MACs 6588450, MACs + bias 6588450 + 18150 = 6606600, FLOPs 13176900,
# exact 13176900 (with bias), "+1" 13176900 + 18150 = 13195050.
CONVENTION_CASES = [
    ("flops", 6588450, "macs", "check.relation.mac_flop"),
    ("flops", 6606600, "macs_plus_bias", "check.relation.mac_flop"),
    ("flops", 13195050, "flops_plus_one", "check.relation.per_output"),
    ("macs", 13176900, "flops", "check.relation.mac_flop"),
    ("macs", 6606600, "macs_plus_bias", "check.relation.bias_adds"),
    ("flops_plus_one", 13176900, "flops", "check.relation.per_output"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("asked", "answer", "given", "relation"), CONVENTION_CASES)
def test_other_convention_named(asked, answer, given, relation, language):
    _, cost = worked(bias=True)

    feedback = check_flops(answer, cost, asked, task=6, language=language)

    assert feedback.slips[0] == f"other_convention.{given}"
    assert Convention(given).label(language) in str(feedback)
    assert Convention(asked).label(language) in str(feedback)
    assert message(relation, language) in str(feedback)


@pytest.mark.parametrize("language", LANGUAGES)
def test_parameter_hints_do_not_talk_about_operations(language):
    # 2178 for the biased layer (2184) leaves out the 6 biases; the hint is about
    # bias values, not the additions that an operation count would add.
    spec, _ = worked(bias=True)

    feedback = check_params(2178, spec, language=language)

    assert message("check.slip.bias_forgotten.params", language) in str(feedback)
    assert message("check.slip.bias_forgotten.ops", language) not in str(feedback)
    assert message("check.slip.bias_forgotten", language) not in str(feedback)


@pytest.mark.parametrize("language", LANGUAGES)
def test_groups_ignored_hint_with_bias_does_not_claim_one_over_g(language):
    # 32 -> 64, 3 x 3, groups=4, bias: 3 x 3 x 8 x 64 + 64 = 4672; ignoring the groups
    # gives 3 x 3 x 32 x 64 + 64 = 18496, not 4 x 4672 = 18688.
    spec = ConvSpec.create(32, 64, 3, padding=1, groups=4)

    feedback = check_params(18496, spec, language=language)

    assert feedback.slips == ["groups_ignored"]
    assert message("check.slip.groups_ignored.params", language) in str(feedback)
    assert "1/g" not in message("check.slip.groups_ignored.params", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_coincident_slips_named_in_both_languages(language):
    # AlexNet's second layer, 96 -> 256, 5 x 5, padding 2, groups=2, on 27 x 27:
    # MACs = 25 x 48 x 256 x 729 = 223948800. Given for FLOPs (447897600) it is
    # both the MAC count and the FLOPs with groups divided twice (2 x 223948800 / 2).
    spec = ConvSpec.create(96, 256, 5, padding=2, groups=2)
    cost = count_conv(spec, (1, 96, 27, 27))

    feedback = check_flops(223948800, cost, "flops", task=7, language=language)

    assert feedback.slips == ["other_convention.macs", "groups_divided_twice"]
    assert message("check.slip.groups_divided_twice", language) in str(feedback)
    assert message("check.same_number", language) in str(feedback)


# A depthwise-separable block.

# The source's block: depthwise 3 -> 3, 11 x 11, stride 4 (363 weights, 55 x 55 output),
# then pointwise 3 -> 6 (18 weights), no bias: 381 parameters, FLOPs
# 2 x (363 + 18) x 55 x 55 = 2304950.
BLOCK_CASES = [
    # 381 + 3 + 6 = 390: biases counted in a block without them.
    ("params", 390, "bias_added_twice", "check.slip.bias_added_twice.params"),
    # The standard 3 -> 6 layer it replaces: 11 x 11 x 3 x 6 = 2178.
    ("params", 2178, "standard_layer", "check.slip.standard_layer"),
    # The standard layer's FLOPs: 13176900.
    ("flops", 13176900, "standard_layer", "check.slip.standard_layer"),
    # The depthwise layer alone: 363.
    ("params", 363, "one_layer_only", "check.slip.one_layer_only"),
    # Depthwise counted as a standard 3 -> 3 layer: 11 x 11 x 3 x 3 + 18 = 1107.
    ("params", 1107, "groups_ignored", "check.slip.groups_ignored.params"),
    # The block's MACs, (363 + 18) x 55 x 55 = 1152525, given for FLOPs.
    ("flops", 1152525, "other_convention.macs", "check.relation.mac_flop"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("quantity", "answer", "slip", "hint_key"), BLOCK_CASES)
def test_block_slips(quantity, answer, slip, hint_key, language):
    block = count_separable(3, 6, 11, INPUT, stride=4, bias=False)

    feedback = check_block(answer, block, quantity, task=3, language=language)

    assert feedback.status == "wrong_value"
    assert feedback.slips[0] == slip
    assert message(hint_key, language) in str(feedback)


def test_block_groups_ignored_mobilenet():
    # MobileNet's block, 32 -> 64 on 112 x 112: depthwise 3 x 3 x 32 = 288 plus pointwise
    # 32 x 64 = 2048 is 2336; leaving out groups=32 gives 3 x 3 x 32 x 32 + 2048 = 11264.
    block = count_separable(32, 64, 3, (1, 32, 112, 112), padding=1, bias=False)

    assert check_block(2336, block).ok
    assert check_block(11264, block).slips == ["groups_ignored"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_boundary_slip(language):
    feedback = check_int(72, 73, slips={"boundary_included": 72}, language=language)

    assert feedback.slips == ["boundary_included"]
    assert message("check.slip.boundary_included", language) in str(feedback)


@pytest.mark.parametrize("language", LANGUAGES)
def test_groups_that_do_not_divide_name_the_rule(language):
    # 12 does not divide 18. The rule is stated, but not the values that follow it
    # (1, 2, 3, 6), since the largest of them is the task's answer.
    feedback = check_groups(12, 6, 12, 18, task=4, language=language)
    rule = message("check.groups_rule", language, value=12, in_channels=12, out_channels=18)

    assert feedback.status == "wrong_value"
    assert feedback.slips == ["groups_divide"]
    assert rule in str(feedback)
    assert "1, 2, 3, 6" not in str(feedback)
    assert "1、2、3、6" not in str(feedback)
    assert check_groups(6, 6, 12, 18, language=language).ok
    assert check_groups("6", 6, 12, 18, language=language).status == "wrong_type"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("answer", "expected", "wanted"), [(2, 16, "largest"), (16, 8, "smallest")]
)
def test_valid_groups_short_of_the_extreme_are_called_valid(answer, expected, wanted, language):
    feedback = check_groups(answer, expected, 32, 48, wanted=wanted, language=language)

    assert feedback.status == "wrong_value"
    assert message(f"check.groups_not_{wanted}", language, value=answer) in str(feedback)


def test_valid_groups_on_the_other_side_get_the_plain_feedback():
    # For the largest groups, a larger valid value is not "valid, but not the largest".
    feedback = check_groups(16, 8, 32, 48, wanted="largest")

    assert message("check.groups_not_largest", "en", value=16) not in str(feedback)


def test_groups_slip_given_by_task():
    feedback = check_groups(4, 8, 32, 64, slips={"bias_not_grouped": 4})

    assert feedback.slips == ["bias_not_grouped"]


# Real numbers: the tolerance is stated and consistent.


@pytest.mark.parametrize("language", LANGUAGES)
def test_ratio_rounded_to_three_figures_accepted(language):
    # 1/64 + 1/9 = 0.1267361...; 0.127 and 0.1267 round it, 0.126 and 0.13 do not.
    assert check_separable_ratio(0.127, 64, 3, language=language).ok
    assert check_separable_ratio(0.1267, 64, 3, language=language).ok
    assert check_separable_ratio(Fraction(73, 576), 64, 3, language=language).ok
    wrong = check_separable_ratio(0.126, 64, 3, language=language)
    assert wrong.status == "wrong_value"
    assert message("check.accepted_figures", language, figures=3) in str(wrong)
    assert not check_separable_ratio(0.13, 64, 3, language=language).ok


def test_ratio_slip_with_rounding():
    # 1/64 + 1/3 = 0.348958...; the blog's rounded 0.349 is still the K-for-K^2 slip.
    feedback = check_separable_ratio(0.349, 64, 3)

    assert feedback.slips == ["kernel_not_squared"]


# Choices.


@pytest.mark.parametrize(
    "answer", ["1/N+1/K^2", " 1/n + 1/k^2 ", "1/N + 1/K**2", "1/N + 1/K²", "1 / N + 1 / K ^ 2"]
)
def test_choice_ignores_whitespace_case_and_power_signs(answer):
    choices = ["1/N + 1/K^2", "1/N + 1/K"]

    assert check_choice(answer, "1/N + 1/K^2", choices).ok


@pytest.mark.parametrize("language", LANGUAGES)
def test_wrong_choice_has_own_hint_and_section(language):
    feedback = check_choice(
        "1/(N K^2)",
        "1/N + 1/K^2",
        ["1/N + 1/K^2", "1/(N K^2)"],
        hints={"1/(N K^2)": "ratio_product"},
        see="lesson4_separable",
        language=language,
    )

    assert feedback.status == "wrong_value"
    assert message("check.choice.ratio_product", language) in str(feedback)
    section = message("check.section.lesson4_separable", language)
    assert message("check.see", language, section=section) in str(feedback)
    assert message("check.choice_wrong", language) not in str(feedback)


SECTION = {
    "en": re.compile(r'lesson (\d), section (\d+) "(.+)"$'),
    "zh": re.compile(r"第(\d)课第(\d+)节“(.+)”$"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_sections_named_in_hints_exist(language):
    keys = [key for key in MESSAGES[language] if key.startswith("check.section.")]
    headings = {}
    for path in sorted((ROOT / "notebooks" / language).glob("*.ipynb")):
        lesson = int(path.name[:2])
        notebook = nbformat.read(path, as_version=4)
        headings[lesson] = {
            line.strip()
            for cell in notebook.cells
            if cell.cell_type == "markdown"
            for line in cell.source.splitlines()
        }

    assert keys
    for key in keys:
        lesson, section, title = SECTION[language].match(MESSAGES[language][key]).groups()
        assert f"## {section}. {title}" in headings[int(lesson)], f"{key}: no such heading"


def test_every_catalogue_name_has_an_entry():
    for language in LANGUAGES:
        for name in (*SLIPS, *EXTRA_SLIPS):
            assert f"check.catalogue.{name}" in MESSAGES[language]
            assert f"check.slip.{name}" in MESSAGES[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_show_slips_lists_the_entries(language, capsys):
    show_slips(["groups_ignored", "kernel_not_squared"], language)
    printed = capsys.readouterr().out

    assert message("check.catalogue_title", language) in printed
    assert '"groups_ignored"' in printed
    assert message("check.catalogue.kernel_not_squared", language) in printed
    with pytest.raises(ValueError, match="no_such_slip"):
        show_slips(["no_such_slip"], language)


# Labels name the quantity and the variable.


@pytest.mark.parametrize("language", LANGUAGES)
def test_label_names_quantity_and_variable(language):
    spec, cost = worked()
    namespace = {"grouped_params": ..., "grouped_macs": 1}

    params = check_params(answer_of("grouped_params", namespace), spec, task=2, language=language)
    macs = check_flops(
        answer_of("grouped_macs", namespace), cost, "macs", task=2, language=language
    )

    assert params.status == "unanswered"
    assert message("check.quantity.params", language) in str(params)
    assert "grouped_params" in str(params)
    assert message("check.quantity.macs", language) in str(macs)
    assert "grouped_macs" in str(macs)
    assert str(params).splitlines()[0] != str(macs).splitlines()[0]


# Reading answers safely: a failing answer cell gives feedback, not a traceback.


class PreviousCell:
    """A stand-in for IPython's result of the cell run before the check."""

    def __init__(self, source: str, error: BaseException | None) -> None:
        self.info = type("Info", (), {"raw_cell": source})()
        self.error_before_exec = error if isinstance(error, SyntaxError) else None
        self.error_in_exec = None if isinstance(error, SyntaxError) else error


def shell_after(source: str, error: BaseException | None):
    return type("Shell", (), {"last_execution_result": PreviousCell(source, error)})()


@pytest.mark.parametrize("language", LANGUAGES)
def test_name_error_in_answer_cell_is_feedback(language):
    shell = shell_after(
        "blog_slip = kernel_not_squared\n", NameError("name 'kernel_not_squared' is not defined")
    )

    answer = answer_of("blog_slip", {}, shell=shell)
    feedback = check_choice(answer, "kernel_not_squared", ["kernel_not_squared"], language=language)

    assert feedback.status == "not_run"
    assert "NameError" in str(feedback)
    example = 'blog_slip = "kernel_not_squared"'
    assert message("check.hint.name_error", language, example=example) in str(feedback)
    assert "blog_slip" in str(feedback)


@pytest.mark.parametrize("language", LANGUAGES)
def test_torch_error_in_answer_cell_hides_stale_values(language):
    # The layer was built and counted before the forward pass raised: its parameter
    # count (576) would pass, but the cell failed, so nothing from it is checked.
    source = "layer = nn.Conv2d(64, 32, 3)\ntorch_params = 576\nlayer(x)\ntorch_flops = 1\n"
    shell = shell_after(source, RuntimeError("expected input to have 64 channels, but got 32"))
    spec = ConvSpec.create(32, 64, 3, stride=2, padding=1, groups=32, bias=False)

    answer = answer_of("torch_params", {"torch_params": 576}, shell=shell)
    feedback = check_params(answer, spec, task=6, language=language)

    assert feedback.status == "not_run"
    assert "RuntimeError" in str(feedback)
    assert message("check.hint.name_error", language, example="x").split("x")[0] not in str(
        feedback
    )


def test_answer_cell_errors_of_other_cells_are_ignored():
    shell = shell_after("scratch = 1 / 0\n", ZeroDivisionError("division by zero"))

    answer = answer_of("grouped_params", {"grouped_params": 726}, shell=shell)

    assert answer.value == 726
    assert answer.error is None


def test_syntax_error_and_placeholder_raise():
    syntax = shell_after("grouped_params = 11 x 11\n", SyntaxError("invalid syntax"))
    nbgrader = shell_after("# YOUR CODE HERE\nraise NotImplementedError()\n", NotImplementedError())
    spec, _ = worked()

    assert answer_of("grouped_params", {}, shell=syntax).error is not None
    assert check_params(answer_of("grouped_params", {}, shell=nbgrader), spec).status == (
        "unanswered"
    )
    not_implemented = shell_after("def f():\n    pass\nf = 1\n", NotImplementedError())
    assert check_int(answer_of("f", {}, shell=not_implemented), 1).status == "unanswered"


def test_undefined_answer_is_feedback():
    feedback = check_params(answer_of("grouped_params", {}), worked()[0], task=2)

    assert feedback.status == "not_run"
    assert "grouped_params" in str(feedback)


def test_answer_of_reads_the_callers_globals():
    global read_by_name
    read_by_name = 2178

    assert answer_of("read_by_name").value == 2178


# A layer built with PyTorch is checked by its settings before its counts.

DEPTHWISE_SPEC = ConvSpec.create(32, 64, 3, stride=2, padding=1, groups=32, bias=False)


@pytest.mark.parametrize("language", LANGUAGES)
def test_wrong_layer_blocks_a_coinciding_count(language):
    # 64 -> 32 with groups=32 also has 32 x 2 x 3 x 3 = 576 weights, like 32 -> 64.
    swapped = nn.Conv2d(64, 32, 3, stride=2, padding=1, groups=32, bias=False)

    layer = check_layer(swapped, DEPTHWISE_SPEC, task=6, language=language)
    params = check_params(576, DEPTHWISE_SPEC, task=6, language=language, requires=layer)

    assert layer.status == "wrong_value"
    assert "in_channels" in str(layer)
    assert params.status == "blocked"
    assert not params.ok


def test_right_layer_and_block():
    layer = nn.Conv2d(32, 64, 3, stride=2, padding=1, groups=32, bias=False)
    block = nn.Sequential(
        nn.Conv2d(32, 32, 3, padding=1, groups=32, bias=False),
        nn.Conv2d(32, 64, 1, bias=False),
    )
    specs = [
        ConvSpec.create(32, 32, 3, padding=1, groups=32, bias=False),
        ConvSpec.create(32, 64, 1, bias=False),
    ]

    assert check_layer(layer, DEPTHWISE_SPEC).ok
    assert check_layer(block, specs).ok
    assert check_params(576, DEPTHWISE_SPEC, requires=check_layer(layer, DEPTHWISE_SPEC)).ok
    missing_groups = nn.Sequential(nn.Conv2d(32, 32, 3, padding=1, bias=False), block[1])
    feedback = check_layer(missing_groups, specs, language="zh")
    assert "groups" in str(feedback)
    assert message("check.layer_index", "zh", index=1) in str(feedback)


def test_layer_check_shape_and_type():
    assert check_layer(nn.Conv2d(32, 64, 1), [DEPTHWISE_SPEC, DEPTHWISE_SPEC]).status == (
        "wrong_shape"
    )
    assert check_layer("Conv2d(32, 64, 3)", DEPTHWISE_SPEC).status == "wrong_type"
    assert check_layer(..., DEPTHWISE_SPEC).status == "unanswered"


# An output size given as one number says whether the number is right.


@pytest.mark.parametrize("language", LANGUAGES)
def test_output_size_as_one_number(language):
    # 64 x 64 input, 5 x 5, stride 2, padding 2: (64 + 4 - 5) // 2 + 1 = 32.
    cost = padded_cost(64, 5, 2, 2)

    right_number = check_output_size(32, cost, language=language)
    wrong_number = check_output_size(30, cost, language=language)

    assert right_number.status == wrong_number.status == "wrong_shape"
    assert message("check.sizes_value_right", language, value=(32, 32)) in str(right_number)
    assert message("check.sizes_value_wrong", language) in str(wrong_number)
    assert message("check.slip.padding_forgotten", language) in str(wrong_number)


# The cases a function check runs must tell the catalogued slips apart: the
# feedback for a function that makes one slip names that slip alone.
FUNCTION_CHECKS = {
    "output_length": (
        checks.OUTPUT_LENGTH_CASES,
        checks.output_length_reference,
        checks.output_length_slips,
    ),
    "params": (checks.PARAMS_CASES, checks.params_reference, checks.params_slips),
    "params_ungrouped": (
        checks.ungrouped(checks.PARAMS_CASES),
        checks.params_reference,
        checks.params_slips,
    ),
    "macs": (checks.MACS_CASES, checks.macs_reference, checks.macs_slips),
    "macs_ungrouped": (
        checks.ungrouped(checks.MACS_CASES),
        checks.macs_reference,
        checks.macs_slips,
    ),
    "depthwise_params": (
        checks.DEPTHWISE_CASES,
        checks.depthwise_params_reference,
        checks.depthwise_params_slips,
    ),
}

# On a depthwise layer with a depth multiplier, forgetting the multiplier is the
# same arithmetic as putting C_in where C_out belongs: no case can tell them apart.
SAME_SLIP = {frozenset({"multiplier_forgotten", "in_channels_for_out"})}

# The slips each function check must be able to name: each one gives a wrong
# result on at least one of its cases.
MUST_TRIGGER = {
    "output_length": {
        "stride_applied_twice",
        "rounded_up",
        "plus_one_forgotten",
        "padding_once",
        "padding_forgotten",
        "dilation_ignored",
    },
    "params_ungrouped": {
        "bias_forgotten",
        "bias_added_twice",
        "one_bias",
        "in_channels_forgotten",
        "in_channels_for_out",
        "bias_always_added",
        "kernel_not_squared",
    },
    "params": {"groups_ignored", "groups_divided_twice", "in_channels_forgotten", "one_bias"},
    "macs": {"groups_ignored", "groups_divided_twice", "in_channels_forgotten"},
}


def learner_with_slip(name, variant, cases, reference, slips):
    """The outcomes of a function that makes slip `name` (its `variant`-th form) and no other."""
    outcomes = []
    for case in cases:
        table = slips(case)
        values = table.get(name, [])
        result = values[min(variant, len(values) - 1)] if values else reference(**case)
        outcomes.append(checks.Outcome(result, reference(**case), table))
    return outcomes


@pytest.mark.parametrize("check", sorted(FUNCTION_CHECKS))
def test_function_cases_tell_slips_apart(check):
    cases, reference, slips = FUNCTION_CHECKS[check]
    names = dict.fromkeys(name for case in cases for name in slips(case))
    triggered = set()

    for name in names:
        for variant in (0, 1):
            outcomes = learner_with_slip(name, variant, cases, reference, slips)
            if all(outcome.result == outcome.expected for outcome in outcomes):
                continue
            triggered.add(name)
            named = checks.consistent_slips(outcomes, None)
            others = [other for other in named if other != name]

            assert name in named
            assert all(frozenset({name, other}) in SAME_SLIP for other in others), (
                name,
                variant,
                named,
            )

    assert MUST_TRIGGER.get(check, set()) <= triggered


def output_length_one_sided(size, kernel_size, stride=1, padding=0, dilation=1):
    return (size + padding - dilation * (kernel_size - 1) - 1) // stride + 1


def output_length_without_plus_one(size, kernel_size, stride=1, padding=0, dilation=1):
    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride


def output_length_without_dilation(size, kernel_size, stride=1, padding=0, dilation=1):
    return (size + 2 * padding - kernel_size) // stride + 1


@pytest.mark.parametrize(
    ("function", "slip"),
    [
        # For size 32, K = 3, padding 1 both give 31; padding 2 with dilation 2 on 64
        # gives 62 one-sided, 63 without the "+ 1".
        (output_length_one_sided, "padding_once"),
        (output_length_without_plus_one, "plus_one_forgotten"),
        # 64 + 4 - 3 + 1 = 66, but the dilated kernel spans 5, not 3, so the right length is 64.
        (output_length_without_dilation, "dilation_ignored"),
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_output_length_names_one_slip(function, slip, language):
    feedback = check_output_length_function(function, language=language)

    assert feedback.slips == [slip]
    assert message(f"check.slip.{slip}", language) in str(feedback)


def params_one_bias(in_channels, out_channels, kernel_size, bias=True):
    return kernel_size * kernel_size * in_channels * out_channels + (1 if bias else 0)


def params_without_in_channels(in_channels, out_channels, kernel_size, bias=True):
    return kernel_size * kernel_size * out_channels + (out_channels if bias else 0)


@pytest.mark.parametrize(
    ("function", "slip", "hint_key"),
    [
        # 1 x 1, 64 -> 128 with bias: 8192 + 1 = 8193 instead of 8192 + 128 = 8320.
        (params_one_bias, "one_bias", "check.slip.one_bias"),
        # 11 x 11 x 6 = 726 instead of 11 x 11 x 3 x 6 = 2178.
        (
            params_without_in_channels,
            "in_channels_forgotten",
            "check.slip.in_channels_forgotten.params",
        ),
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_params_function_new_slips(function, slip, hint_key, language):
    feedback = check_params_function(function, grouped=False, language=language)

    assert feedback.slips == [slip]
    assert message(hint_key, language) in str(feedback)


def test_function_fallback_formula_without_groups():
    def conv_params(in_channels, out_channels, kernel_size, bias=True):
        return 1000

    feedback = check_params_function(conv_params, grouped=False)

    assert feedback.slips == []
    assert message("check.formula.params", "en") in str(feedback)
    assert "groups" not in str(feedback)


@pytest.mark.parametrize("language", LANGUAGES)
def test_standard_layer_hints_omit_groups(language):
    # Lesson 1 does not teach groups: no hint or formula for a standard layer may use them.
    for bias in (False, True):
        spec, cost = worked(bias=bias)
        layer = checks.layer_of(cost)
        for quantity in ("params", *(convention.value for convention in Convention)):
            wrong = [value for values in slip_values(layer, quantity).values() for value in values]
            for answer in [*wrong, 1000]:
                if quantity == "params":
                    feedback = check_params(answer, spec, language=language)
                else:
                    feedback = check_flops(answer, cost, quantity, language=language)

                assert feedback.status == "wrong_value"
                assert "groups" not in str(feedback)
                assert "/ g" not in str(feedback)


@pytest.mark.parametrize("language", LANGUAGES)
def test_grouped_layer_formula_has_groups(language):
    spec, cost = worked(groups=3)

    assert "groups" in str(check_params(1000, spec, language=language))
    assert "groups" in str(check_flops(1000, cost, "flops_exact", language=language))
