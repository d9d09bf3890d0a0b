"""Checks for the exercise notebooks: instant feedback in the learner's language.

Every check looks at an answer in stages and stops at the first problem:

1. answered at all: `...` (the placeholder) or a function that still raises
   NotImplementedError is "not answered yet", never an error;
2. type: a count must be an int, not a str, float, bool or None;
3. shape: an output size must have one integer per spatial axis;
4. value: when the value is off, the check names the likely slip from the
   catalogue in `course_lib.slips`.

A check returns a `Feedback` whose str() is the message, with `.ok` for tests
and hidden grading asserts. Inside IPython the check also displays it at once,
so the message appears even when the check is not the cell's last line; the
cell's own result display then shows nothing more. A check never raises for a
learner's mistake, so the rest of the notebook keeps running.
"""

from __future__ import annotations

import html
import math
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from course_lib.conventions import Convention
from course_lib.counting import ConvCost, conv_params, count_conv
from course_lib.messages import message
from course_lib.shapes import conv_output_length
from course_lib.slips import (
    Layer,
    find_ratio_slips,
    find_slips,
    separable_ratio,
    slip_values,
)
from course_lib.spec import ConvSpec

__all__ = [
    "Feedback",
    "check_choice",
    "check_depthwise_params_function",
    "check_flops",
    "check_function",
    "check_int",
    "check_macs_function",
    "check_number",
    "check_output_length_function",
    "check_output_size",
    "check_params",
    "check_params_function",
    "check_separable_ratio",
    "check_separable_ratio_function",
]

CORRECT = "correct"
UNANSWERED = "unanswered"
WRONG_TYPE = "wrong_type"
WRONG_SHAPE = "wrong_shape"
WRONG_VALUE = "wrong_value"
FUNCTION_ERROR = "function_error"


@dataclass
class Feedback:
    """The outcome of one check: a status, the message, and the slips it named.

    `status` is one of "correct", "unanswered", "wrong_type", "wrong_shape",
    "wrong_value" or "function_error".
    """

    status: str
    text: str
    task: object = None
    slips: list[str] = field(default_factory=list)
    shown_in: int | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True only for a correct answer."""
        return self.status == CORRECT

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        colours = {CORRECT: "#1a7f37", UNANSWERED: "#57606a"}
        colour = colours.get(self.status, "#cf222e")
        lines = "<br>".join(html.escape(line) for line in self.text.splitlines())
        return (
            f'<div class="course-check" data-status="{self.status}" '
            f'style="border-left: 4px solid {colour}; padding: 4px 8px;">{lines}</div>'
        )

    def _ipython_display_(self) -> None:
        # IPython calls this both for display(feedback) and for the cell's result.
        # A check has already shown its feedback in this cell, so the result
        # display would repeat it. The execution count distinguishes the two.
        from IPython import get_ipython
        from IPython.display import display

        shell = get_ipython()
        count = shell.execution_count if shell is not None else None
        if count is not None and count == self.shown_in:
            return
        self.shown_in = count
        display({"text/plain": self.text, "text/html": self._repr_html_()}, raw=True)


def show(feedback: Feedback) -> Feedback:
    """Display `feedback` when running inside IPython, and return it."""
    try:
        from IPython import get_ipython
    except ImportError:
        return feedback
    if get_ipython() is not None:
        feedback._ipython_display_()
    return feedback


def say(key: str, language: str, **fields: object) -> str:
    """Return one check message from the table in `language`."""
    return message(f"check.{key}", language, **fields)


def task_label(task: object, language: str) -> str:
    """Return the prefix that names the task, e.g. "Task 3" or "任务 3"."""
    if task is None:
        return say("task_unnamed", language)
    return say("task", language, task=task)


def feedback(status: str, key: str, task: object, language: str, **fields: object) -> Feedback:
    """Build a Feedback from one message key, prefixed with the task's label."""
    text = say(key, language, label=task_label(task, language), **fields)
    return Feedback(status=status, text=text, task=task)


def is_unanswered(answer: object) -> bool:
    """Return whether `answer` is the exercise placeholder `...` (Ellipsis)."""
    return answer is Ellipsis


def integer_type_problem(value: object, expected: object, language: str) -> str | None:
    """Return why `value` is not a usable int (with a hint), or None if it is one.

    Anything with __index__ counts as an int (numpy and torch integer scalars
    too), except bool, which Python treats as an int but is never a count.
    """
    type_name = type(value).__name__
    if isinstance(value, bool):
        hint = say("hint.bool", language)
    elif value is None:
        hint = say("hint.none", language)
    elif isinstance(value, str):
        hint = say("hint.str", language)
    elif isinstance(value, float):
        if value.is_integer() and value == expected:
            hint = say("hint.float_right", language)
        else:
            hint = say("hint.float", language)
    else:
        try:
            operator.index(value)
            return None
        except TypeError:
            hint = say("hint.other", language)
    return say("not_int", language, value=value, type_name=type_name, hint=hint)


def value_problem(
    answer: int, language: str, slips: Sequence[str], formula: str | None
) -> tuple[str, list[str]]:
    """Return the line after "not right yet" (the likely slip's hint, or the formula) and the slips.

    Only the first matching slip in catalogue order is shown: the catalogue
    lists the likelier slips first, and a second hint that fits the number
    only by coincidence (a 3 -> 6 layer's MACs equal the FLOPs of the 3 -> 3
    layer, for example) confused learners more than it helped.
    """
    if slips:
        first = slips[0]
        return f"{say('likely_slip', language)}\n- {say(f'slip.{first}', language)}", [first]
    if formula:
        return say("no_slip_formula", language, formula=formula), []
    return say("no_slip", language), []


def wrong_value(
    answer: object,
    task: object,
    language: str,
    slips: Sequence[str],
    formula: str | None,
) -> Feedback:
    """Build the feedback for an answer of the right type and shape but the wrong value."""
    head = say("wrong_value", language, label=task_label(task, language), answer=answer)
    detail, named = value_problem(answer, language, slips, formula)
    return Feedback(status=WRONG_VALUE, text=f"{head}\n{detail}", task=task, slips=named)


def judge_int(
    answer: object,
    expected: int,
    task: object,
    language: str,
    find: Callable[[int], list[str]],
    formula: str | None,
) -> Feedback:
    """Stage an integer answer: answered, type, value (then the slips)."""
    if is_unanswered(answer):
        return feedback(UNANSWERED, "unanswered", task, language)
    problem = integer_type_problem(answer, expected, language)
    if problem is not None:
        return Feedback(
            status=WRONG_TYPE,
            text=say("wrong_type", language, label=task_label(task, language), problem=problem),
            task=task,
        )
    answer = operator.index(answer)
    if answer == expected:
        return feedback(CORRECT, "correct", task, language, value=expected)
    return wrong_value(answer, task, language, find(answer), formula)


def check_int(
    answer: object,
    expected: int,
    *,
    task: object = None,
    language: str = "en",
    slips: Mapping[str, int | Sequence[int]] | None = None,
) -> Feedback:
    """Check an integer answer against `expected`.

    `slips` maps a slip's name ("check.slip.<name>" must exist in the messages)
    to the wrong value, or values, that slip produces, so a task can name slips
    the catalogue does not derive from a layer.
    """
    slips = dict(slips or {})

    def find(answer: int) -> list[str]:
        named = []
        for name, values in slips.items():
            values = [values] if isinstance(values, int) else list(values)
            if answer in values:
                named.append(name)
        return named

    return show(judge_int(answer, expected, task, language, find, formula=None))


def layer_of(layer: ConvSpec | ConvCost) -> Layer:
    """Build a slip-catalogue Layer from a ConvCost, or from a ConvSpec alone.

    For a spec alone (enough for parameters) the input is the smallest one the
    kernel fits, since the parameter count does not depend on it.
    """
    if isinstance(layer, ConvCost):
        return Layer(spec=layer.spec, input=layer.input)
    if isinstance(layer, ConvSpec):
        spans = [d * (k - 1) + 1 for k, d in zip(layer.kernel_size, layer.dilation, strict=True)]
        return Layer.create(layer, (layer.in_channels, *spans))
    raise TypeError(
        f"layer={layer!r} must be a ConvSpec or a ConvCost; "
        "build one with ConvSpec.create(...) or count_conv(...)"
    )


def check_params(
    answer: object, layer: ConvSpec | ConvCost, *, task: object = None, language: str = "en"
) -> Feedback:
    """Check a parameter count for the layer `layer` (a ConvSpec or its ConvCost)."""
    described = layer_of(layer)
    expected = conv_params(described.spec)
    return show(
        judge_int(
            answer,
            expected,
            task,
            language,
            lambda value: find_slips(value, described, "params"),
            say("formula.params", language),
        )
    )


def check_flops(
    answer: object,
    cost: ConvCost,
    convention: Convention | str = Convention.FLOPS,
    *,
    task: object = None,
    language: str = "en",
) -> Feedback:
    """Check an operation count for `cost` under `convention` (MACs count too).

    The default convention is FLOPs = 2 x MACs, as FlopCounterMode counts.
    """
    convention = Convention.parse(convention)
    described = layer_of(cost)
    expected = cost.count(convention)
    formula = say(f"formula.{convention.value}", language)
    return show(
        judge_int(
            answer,
            expected,
            task,
            language,
            lambda value: find_slips(value, described, convention.value),
            formula,
        )
    )


def check_output_size(
    answer: object, cost: ConvCost, *, task: object = None, language: str = "en"
) -> Feedback:
    """Check an output size: a tuple (or list) with one int per spatial axis."""
    expected = cost.output_size
    dims = len(expected)
    label = task_label(task, language)
    if is_unanswered(answer):
        return show(feedback(UNANSWERED, "unanswered", task, language))

    if not isinstance(answer, tuple | list):
        problem = (
            say("sizes_not_int", language, dims=dims)
            if isinstance(answer, int) and not isinstance(answer, bool)
            else say(
                "sizes_type", language, dims=dims, value=answer, type_name=type(answer).__name__
            )
        )
        status = WRONG_SHAPE if isinstance(answer, int) else WRONG_TYPE
        return show(
            Feedback(
                status=status,
                text=say("wrong_type", language, label=label, problem=problem),
                task=task,
            )
        )
    for item in answer:
        problem = integer_type_problem(item, None, language)
        if problem is not None:
            return show(
                Feedback(
                    status=WRONG_TYPE,
                    text=say("wrong_type", language, label=label, problem=problem),
                    task=task,
                )
            )
    if len(answer) != dims:
        text = say("sizes_length", language, label=label, dims=dims, length=len(answer))
        return show(Feedback(status=WRONG_SHAPE, text=text, task=task))

    answer = tuple(operator.index(item) for item in answer)
    if answer == expected:
        return show(feedback(CORRECT, "correct", task, language, value=expected))
    slips = find_slips(answer, layer_of(cost), "output_size")
    return show(wrong_value(answer, task, language, slips, say("formula.output_size", language)))


def check_choice(
    answer: object,
    expected: str,
    choices: Sequence[str],
    *,
    task: object = None,
    language: str = "en",
    slips: Mapping[str, str] | None = None,
) -> Feedback:
    """Check a choice among `choices` (strings).

    `slips` maps a wrong choice to the name of the catalogued slip it reveals,
    whose hint the feedback then shows.

    Case and surrounding spaces do not matter.
    """
    label = task_label(task, language)
    if is_unanswered(answer):
        return show(feedback(UNANSWERED, "unanswered", task, language))
    listed = ", ".join(repr(choice) for choice in choices)
    if not isinstance(answer, str):
        text = say("choice_type", language, label=label, value=answer, choices=listed)
        return show(Feedback(status=WRONG_TYPE, text=text, task=task))

    normalised = {choice.strip().lower(): choice for choice in choices}
    picked = normalised.get(answer.strip().lower())
    if picked is None:
        text = say("choice_unknown", language, label=label, value=answer, choices=listed)
        return show(Feedback(status=WRONG_TYPE, text=text, task=task))
    if picked == expected:
        return show(feedback(CORRECT, "correct", task, language, value=repr(expected)))
    head = say("wrong_value", language, label=label, answer=repr(picked))
    slip = (slips or {}).get(picked)
    if slip is None:
        return show(
            Feedback(status=WRONG_VALUE, text=f"{head}\n{say('choice_wrong', language)}", task=task)
        )
    detail, named = value_problem(picked, language, [slip], formula=None)
    return show(Feedback(status=WRONG_VALUE, text=f"{head}\n{detail}", task=task, slips=named))


def number_type_problem(value: object, language: str) -> str | None:
    """Return why `value` is not a real number, or None when it is one."""
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        hint = say("hint.none", language) if value is None else say("hint.number", language)
        return say("not_number", language, value=value, type_name=type(value).__name__, hint=hint)
    return None


def check_number(
    answer: object,
    expected: float | Fraction,
    *,
    tolerance: float = 1e-3,
    task: object = None,
    language: str = "en",
    find: Callable[[float], list[str]] | None = None,
) -> Feedback:
    """Check a real number (such as a cost ratio) to within `tolerance`, relative.

    `find` optionally names the slips that explain a wrong value.
    """
    label = task_label(task, language)
    if is_unanswered(answer):
        return show(feedback(UNANSWERED, "unanswered", task, language))
    problem = number_type_problem(answer, language)
    if problem is not None:
        return show(
            Feedback(
                status=WRONG_TYPE,
                text=say("wrong_type", language, label=label, problem=problem),
                task=task,
            )
        )
    if math.isclose(float(answer), float(expected), rel_tol=tolerance):
        shown = f"{float(expected):.6g}"
        return show(feedback(CORRECT, "correct", task, language, value=shown))
    slips = find(float(answer)) if find else []
    return show(wrong_value(answer, task, language, slips, formula=None))


def check_separable_ratio(
    answer: object,
    out_channels: int,
    kernel_size: int,
    *,
    task: object = None,
    language: str = "en",
) -> Feedback:
    """Check the cost ratio of a depthwise-separable block to a standard layer.

    The right value is 1/N + 1/K^2 with N = out_channels and K = kernel_size.
    """
    expected = separable_ratio(out_channels, kernel_size)
    tolerance = 1e-3
    return check_number(
        answer,
        expected,
        tolerance=tolerance,
        task=task,
        language=language,
        find=lambda value: find_ratio_slips(value, out_channels, kernel_size, tolerance),
    )


def matches(result: object, values: Sequence[object], tolerance: float | None) -> bool:
    """Return whether `result` equals one of `values`, to within `tolerance` when given."""
    if tolerance is None:
        return result in values
    return any(math.isclose(float(result), float(value), rel_tol=tolerance) for value in values)


def describe_call(function: Callable, case: Mapping[str, object]) -> str:
    """Render a call as Python, e.g. conv_params(in_channels=3, kernel_size=11)."""
    name = getattr(function, "__name__", "function")
    arguments = ", ".join(f"{key}={value!r}" for key, value in case.items())
    return f"{name}({arguments})"


def check_function(
    learner_function: object,
    reference: Callable[..., object],
    cases: Sequence[Mapping[str, object]],
    *,
    task: object = None,
    language: str = "en",
    slips: Callable[[Mapping[str, object]], Mapping[str, Sequence[object]]] | None = None,
    tolerance: float | None = None,
) -> Feedback:
    """Call `learner_function(**case)` for every case and compare with `reference`.

    Results must be ints, or real numbers within `tolerance` (relative) when a
    tolerance is given. The first failing case is reported with the call, what
    it returned and what was expected. `slips(case)` optionally maps slip names
    to the wrong results they give for that case. An exception inside the
    learner's function becomes feedback naming it; NotImplementedError (the
    exercise placeholder) means "not answered yet".
    """
    label = task_label(task, language)
    if is_unanswered(learner_function):
        return show(feedback(UNANSWERED, "unanswered", task, language))
    if not callable(learner_function):
        text = say(
            "not_callable",
            language,
            label=label,
            value=learner_function,
            type_name=type(learner_function).__name__,
        )
        return show(Feedback(status=WRONG_TYPE, text=text, task=task))

    for case in cases:
        call = describe_call(learner_function, case)
        expected = reference(**case)
        try:
            result = learner_function(**case)
        except NotImplementedError:
            name = getattr(learner_function, "__name__", "function")
            return show(feedback(UNANSWERED, "unanswered_function", task, language, name=name))
        except Exception as error:  # any error in the learner's code becomes feedback
            text = say(
                "function_raised",
                language,
                label=label,
                call=call,
                error_type=type(error).__name__,
                error=error,
            )
            return show(Feedback(status=FUNCTION_ERROR, text=text, task=task))

        if tolerance is None:
            problem = integer_type_problem(result, expected, language)
        else:
            problem = number_type_problem(result, language)
        if problem is not None:
            text = say("function_type", language, label=label, call=call, problem=problem)
            return show(Feedback(status=WRONG_TYPE, text=text, task=task))

        if tolerance is None:
            right = operator.index(result) == expected
        else:
            right = math.isclose(float(result), float(expected), rel_tol=tolerance)
        if not right:
            head = say(
                "function_value", language, label=label, call=call, answer=result, expected=expected
            )
            named = [
                name
                for name, values in (slips(case) if slips else {}).items()
                if matches(result, values, tolerance)
            ]
            detail, named = value_problem(result, language, named, formula=None)
            return show(
                Feedback(status=WRONG_VALUE, text=f"{head}\n{detail}", task=task, slips=named)
            )

    return show(feedback(CORRECT, "function_correct", task, language, count=len(cases)))


# Ready-made checks for the formulas the lessons ask learners to write.

PARAMS_CASES = (
    {"in_channels": 3, "out_channels": 6, "kernel_size": 11, "groups": 1, "bias": False},
    {"in_channels": 3, "out_channels": 6, "kernel_size": 11, "groups": 3, "bias": True},
    {"in_channels": 16, "out_channels": 32, "kernel_size": 3, "groups": 4, "bias": False},
    {"in_channels": 8, "out_channels": 16, "kernel_size": 5, "groups": 8, "bias": True},
    {"in_channels": 64, "out_channels": 128, "kernel_size": 1, "groups": 1, "bias": True},
    {"in_channels": 16, "out_channels": 32, "kernel_size": 5, "groups": 1, "bias": True},
)


def params_reference(in_channels, out_channels, kernel_size, groups=1, bias=True) -> int:
    """Count parameters through course_lib, from the signature learners write."""
    return conv_params(
        ConvSpec.create(in_channels, out_channels, kernel_size, groups=groups, bias=bias)
    )


def params_slips(case: Mapping[str, object]) -> dict[str, list]:
    """Return the catalogue's wrong parameter counts for one case of PARAMS_CASES."""
    return slip_values(layer_of(ConvSpec.create(**case)), "params")


def ungrouped(cases: Sequence[Mapping[str, object]]) -> list[dict[str, object]]:
    """Return the cases with groups=1, without the groups argument."""
    return [
        {key: value for key, value in case.items() if key != "groups"}
        for case in cases
        if case["groups"] == 1
    ]


def check_params_function(
    learner_function: object, *, grouped: bool = True, task: object = None, language: str = "en"
) -> Feedback:
    """Check `conv_params(in_channels, out_channels, kernel_size, groups=1, bias=True)`.

    With grouped=False the function has no groups argument and is tried on
    ungrouped layers only, for the lesson before grouped convolution.
    """
    return check_function(
        learner_function,
        params_reference,
        PARAMS_CASES if grouped else ungrouped(PARAMS_CASES),
        task=task,
        language=language,
        slips=params_slips,
    )


OUTPUT_LENGTH_CASES = (
    {"size": 227, "kernel_size": 11, "stride": 4, "padding": 0, "dilation": 1},
    {"size": 224, "kernel_size": 3, "stride": 2, "padding": 1, "dilation": 1},
    {"size": 32, "kernel_size": 3, "stride": 1, "padding": 1, "dilation": 1},
    {"size": 28, "kernel_size": 5, "stride": 3, "padding": 0, "dilation": 1},
    {"size": 64, "kernel_size": 3, "stride": 1, "padding": 2, "dilation": 2},
)


def output_length_reference(size, kernel_size, stride=1, padding=0, dilation=1) -> int:
    """Compute one axis's output length through course_lib."""
    return conv_output_length(size, kernel_size, stride, padding, dilation)


def output_length_slips(case: Mapping[str, object]) -> dict[str, list]:
    """Return the catalogue's wrong output lengths for one case, as plain ints."""
    spec = ConvSpec.create(
        1,
        1,
        case["kernel_size"],
        stride=case["stride"],
        padding=case["padding"],
        dilation=case["dilation"],
        dims=1,
    )
    values = slip_values(Layer.create(spec, (1, case["size"])), "output_size")
    return {name: [sizes[0] for sizes in wrong] for name, wrong in values.items()}


def check_output_length_function(
    learner_function: object, *, task: object = None, language: str = "en"
) -> Feedback:
    """Check `output_length(size, kernel_size, stride=1, padding=0, dilation=1)`."""
    return check_function(
        learner_function,
        output_length_reference,
        OUTPUT_LENGTH_CASES,
        task=task,
        language=language,
        slips=output_length_slips,
    )


MACS_CASES = (
    {"in_channels": 3, "out_channels": 6, "kernel_size": 11, "output_size": 55, "groups": 1},
    {"in_channels": 3, "out_channels": 6, "kernel_size": 11, "output_size": 55, "groups": 3},
    {"in_channels": 32, "out_channels": 64, "kernel_size": 3, "output_size": 56, "groups": 4},
    {"in_channels": 512, "out_channels": 512, "kernel_size": 3, "output_size": 14, "groups": 512},
    {"in_channels": 32, "out_channels": 64, "kernel_size": 1, "output_size": 112, "groups": 1},
    {"in_channels": 16, "out_channels": 32, "kernel_size": 3, "output_size": 28, "groups": 1},
)


def macs_layer(case: Mapping[str, object]) -> Layer:
    """Build a stride-1, unpadded layer whose output is output_size x output_size."""
    spec = ConvSpec.create(
        case["in_channels"], case["out_channels"], case["kernel_size"], groups=case.get("groups", 1)
    )
    side = case["output_size"] + case["kernel_size"] - 1
    return Layer.create(spec, (case["in_channels"], side, side))


def macs_reference(in_channels, out_channels, kernel_size, output_size, groups=1) -> int:
    """Count the MACs of a square layer with a square output, through course_lib."""
    case = {
        "in_channels": in_channels,
        "out_channels": out_channels,
        "kernel_size": kernel_size,
        "output_size": output_size,
        "groups": groups,
    }
    layer = macs_layer(case)
    return count_conv(layer.spec, layer.input.as_tuple()).macs


def macs_slips(case: Mapping[str, object]) -> dict[str, list]:
    """Return the catalogue's wrong MAC counts for one case of MACS_CASES."""
    return slip_values(macs_layer(case), "macs")


def check_macs_function(
    learner_function: object, *, grouped: bool = True, task: object = None, language: str = "en"
) -> Feedback:
    """Check `conv_macs(in_channels, out_channels, kernel_size, output_size, groups=1)`.

    The layer and its output are square: output_size is H_out = W_out. With
    grouped=False the function has no groups argument (ungrouped layers only).
    """
    return check_function(
        learner_function,
        macs_reference,
        MACS_CASES if grouped else ungrouped(MACS_CASES),
        task=task,
        language=language,
        slips=macs_slips,
    )


DEPTHWISE_CASES = (
    {"channels": 3, "kernel_size": 11, "depth_multiplier": 1, "bias": False},
    {"channels": 32, "kernel_size": 3, "depth_multiplier": 1, "bias": True},
    {"channels": 3, "kernel_size": 11, "depth_multiplier": 2, "bias": False},
    {"channels": 16, "kernel_size": 5, "depth_multiplier": 3, "bias": True},
)


def depthwise_spec(case: Mapping[str, object]) -> ConvSpec:
    """Build the depthwise layer of one case: groups = channels, out = channels x multiplier."""
    channels = case["channels"]
    return ConvSpec.create(
        channels,
        channels * case.get("depth_multiplier", 1),
        case["kernel_size"],
        groups=channels,
        bias=case.get("bias", True),
    )


def depthwise_params_reference(channels, kernel_size, depth_multiplier=1, bias=True) -> int:
    """Count a depthwise layer's parameters through course_lib."""
    case = {
        "channels": channels,
        "kernel_size": kernel_size,
        "depth_multiplier": depth_multiplier,
        "bias": bias,
    }
    return conv_params(depthwise_spec(case))


def depthwise_params_slips(case: Mapping[str, object]) -> dict[str, list]:
    """Return the catalogue's wrong parameter counts for one depthwise case."""
    return slip_values(layer_of(depthwise_spec(case)), "params")


def check_depthwise_params_function(
    learner_function: object, *, task: object = None, language: str = "en"
) -> Feedback:
    """Check `depthwise_params(channels, kernel_size, depth_multiplier=1, bias=True)`."""
    return check_function(
        learner_function,
        depthwise_params_reference,
        DEPTHWISE_CASES,
        task=task,
        language=language,
        slips=depthwise_params_slips,
    )


RATIO_CASES = (
    {"out_channels": 6, "kernel_size": 11},
    {"out_channels": 512, "kernel_size": 3},
    {"out_channels": 64, "kernel_size": 5},
    {"out_channels": 1, "kernel_size": 2},
)
RATIO_TOLERANCE = 1e-6


def separable_ratio_reference(out_channels, kernel_size) -> float:
    """Return the separable-to-standard cost ratio, 1/N + 1/K^2, as a float."""
    return float(separable_ratio(out_channels, kernel_size))


def separable_ratio_slips(case: Mapping[str, object]) -> dict[str, list]:
    """Return the wrong ratios of the catalogue's ratio slips for one case."""
    out_channels, kernel_size = case["out_channels"], case["kernel_size"]
    return {
        "kernel_not_squared": [1 / out_channels + 1 / kernel_size],
        "ratio_inverted": [1 / separable_ratio_reference(out_channels, kernel_size)],
    }


def check_separable_ratio_function(
    learner_function: object, *, task: object = None, language: str = "en"
) -> Feedback:
    """Check `separable_ratio(out_channels, kernel_size)`, a float near 1/N + 1/K^2."""
    return check_function(
        learner_function,
        separable_ratio_reference,
        RATIO_CASES,
        task=task,
        language=language,
        slips=separable_ratio_slips,
        tolerance=RATIO_TOLERANCE,
    )
