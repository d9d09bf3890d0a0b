"""Checks for the exercise notebooks: instant feedback in the learner's language.

Every check looks at an answer in stages and stops at the first problem:

1. read at all: `answer_of("name")` reads the answer by name, so a check cell
   whose answer cell failed (a NameError, a RuntimeError inside torch) or
   never ran reports that instead of raising a traceback of its own;
2. answered at all: `...` (the placeholder) or a function that still raises
   NotImplementedError is "not answered yet", never an error;
3. type: a count must be an int, not a str, float, bool or None;
4. shape: an output size must have one integer per spatial axis;
5. value: when the value is off, the check names the likely slip from the
   catalogue in `course_lib.slips` (every slip that gives exactly the same
   number, likeliest first), or the formula to redo the work with.

Every feedback starts with a label that names the task, the quantity checked
and the variable read, e.g. "Task 2, parameters (grouped_params)".

A check returns a `Feedback` whose str() is the message, with `.ok` for tests
and hidden grading asserts. Inside IPython the check also displays it at once,
so the message appears even when the check is not the cell's last line; the
cell's own result display then shows nothing more. A check never raises for a
learner's mistake, so the rest of the notebook keeps running.
"""

from __future__ import annotations

import ast
import html
import math
import operator
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from course_lib.conventions import Convention
from course_lib.counting import ConvCost, conv_params, count_conv
from course_lib.errors import CourseError
from course_lib.messages import MESSAGES, message
from course_lib.separable import SeparableCost
from course_lib.shapes import conv_output_length
from course_lib.slips import (
    FLOP_CONVENTIONS,
    SLIPS,
    Layer,
    block_slip_values,
    convention_of_slip,
    find_slips,
    introduced_by,
    separable_ratio,
    slip_values,
)
from course_lib.spec import ConvSpec

__all__ = [
    "Answer",
    "Feedback",
    "answer_of",
    "check_block",
    "check_choice",
    "check_depthwise_params_function",
    "check_flops",
    "check_function",
    "check_groups",
    "check_int",
    "check_layer",
    "check_macs_function",
    "check_number",
    "check_output_length_function",
    "check_output_size",
    "check_params",
    "check_params_function",
    "check_separable_ratio",
    "check_separable_ratio_function",
    "show_slips",
]

CORRECT = "correct"
UNANSWERED = "unanswered"
NOT_RUN = "not_run"
BLOCKED = "blocked"
WRONG_TYPE = "wrong_type"
WRONG_SHAPE = "wrong_shape"
WRONG_VALUE = "wrong_value"
FUNCTION_ERROR = "function_error"

# Slips that are not derived from a layer but that tasks and choices name.
EXTRA_SLIPS = (
    "macs_for_flops",
    "flops_for_macs",
    "minus_one_convention",
    "ratio_inverted",
    "standard_layer",
    "one_layer_only",
    "boundary_included",
    "bias_not_grouped",
    "channels_swapped",
    "article_figure",
    "not_counted",
)


@dataclass
class Feedback:
    """The outcome of one check: a status, the message, and the slips it named.

    `status` is one of "correct", "unanswered", "not_run" (the answer cell
    failed or has not run), "blocked" (an earlier check of the same task must
    pass first), "wrong_type", "wrong_shape", "wrong_value" or
    "function_error". `label` names the task, quantity and variable.
    """

    status: str
    text: str
    task: object = None
    slips: list[str] = field(default_factory=list)
    label: str = ""
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


def has_message(key: str, language: str) -> bool:
    """Return whether the message table has "check.<key>" in `language`."""
    return f"check.{key}" in MESSAGES.get(language, {})


# Reading an answer by name.


@dataclass(frozen=True)
class Answer:
    """A learner's answer read by name: its value, or why it could not be read.

    `error` is the exception that stopped the answer cell, when the cell just
    run before the check assigns this name and failed; `defined` says whether
    the name exists at all.
    """

    name: str
    value: object = None
    error: BaseException | None = None
    defined: bool = True


def binds(source: str, name: str) -> bool:
    """Return whether the code `source` assigns `name` or defines a function of that name."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return (
            re.search(rf"(\bdef\s+{re.escape(name)}\b|\b{re.escape(name)}\s*=)", source) is not None
        )
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id == name:
            return True
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            return True
    return False


def previous_cell_error(name: str | None, shell: object = None) -> BaseException | None:
    """Return the error of the cell run just before, if it failed and assigns `name`.

    With name=None the error is returned whatever the cell assigns.

    IPython keeps the previous cell's result in `last_execution_result` while
    the current cell runs; outside IPython there is no previous cell.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return None
        shell = get_ipython()
    result = getattr(shell, "last_execution_result", None)
    if result is None:
        return None
    error = result.error_before_exec or result.error_in_exec
    source = getattr(getattr(result, "info", None), "raw_cell", None) or ""
    if error is None or (name is not None and not binds(source, name)):
        return None
    return error


def answer_of(
    name: str, namespace: Mapping[str, object] | None = None, shell: object = None
) -> Answer:
    """Read the answer called `name` from the notebook, safely.

    `namespace` defaults to the caller's globals, which in a notebook are the
    learner's variables. If the answer cell run just before failed, the
    answer carries that cell's error, because a value left from an earlier run
    would be checked against an answer the learner has since changed.
    """
    if namespace is None:
        namespace = sys._getframe(1).f_globals
    error = previous_cell_error(name, shell)
    if error is not None:
        return Answer(name, error=error, defined=name in namespace)
    if name not in namespace:
        # nbgrader's student copy replaces the whole answer with `raise NotImplementedError()`,
        # which binds no name: an undefined answer after that error is not answered yet.
        previous = previous_cell_error(None, shell)
        if isinstance(previous, NotImplementedError):
            return Answer(name, error=previous, defined=False)
        return Answer(name, defined=False)
    return Answer(name, value=namespace[name])


# Labels and the first stages every check shares.


def task_label(
    task: object, language: str, quantity: str | None = None, name: str | None = None
) -> str:
    """Return the prefix that names the task, quantity and variable.

    For example "Task 2, parameters (grouped_params)" or "任务2，参数量（grouped_params）".
    `quantity` is a key under "check.quantity.".
    """
    if task is None:
        label = say("task_unnamed", language)
    else:
        label = say("task", language, task=task)
    if quantity is not None:
        label = say(
            "label_quantity", language, label=label, quantity=say(f"quantity.{quantity}", language)
        )
    if name and quantity is not None and label[-1:] in (")", "）"):
        # "FLOPs (2 x MACs)" and its name would make two brackets in a row: share one.
        label = say("label_name_inside", language, label=label[:-1], name=name, close=label[-1])
    elif name:
        label = say("label_name", language, label=label, name=name)
    return label


@dataclass(frozen=True)
class Question:
    """The question a check answers: its task, quantity, variable and language.

    `grouped` says whether the layer has groups > 1, so hints and formulas
    mention groups only where a learner has met them (lesson 1 has not).
    `lesson` is the lesson the task belongs to: slips whose idea a later
    lesson introduces are not named (None names every slip).
    """

    task: object
    language: str
    quantity: str | None = None
    name: str | None = None
    grouped: bool = False
    lesson: int | None = None

    @property
    def label(self) -> str:
        return task_label(self.task, self.language, self.quantity, self.name)

    def say(self, key: str, **fields: object) -> str:
        return say(key, self.language, label=self.label, **fields)

    def feedback(
        self, status: str, key: str, slips: Sequence[str] = (), **fields: object
    ) -> Feedback:
        """Build a Feedback from one message key, which starts with the label."""
        return Feedback(
            status=status,
            text=self.say(key, **fields),
            task=self.task,
            slips=list(slips),
            label=self.label,
        )

    def text_feedback(self, status: str, text: str, slips: Sequence[str] = ()) -> Feedback:
        return Feedback(
            status=status, text=text, task=self.task, slips=list(slips), label=self.label
        )


def is_unanswered(answer: object) -> bool:
    """Return whether `answer` is the exercise placeholder `...` (Ellipsis)."""
    return answer is Ellipsis


def as_list(requires: Feedback | Sequence[Feedback] | None) -> list[Feedback]:
    if requires is None:
        return []
    if isinstance(requires, Feedback):
        return [requires]
    return list(requires)


def start(
    answer: object,
    task: object,
    language: str,
    quantity: str | None,
    requires: Feedback | Sequence[Feedback] | None = None,
    grouped: bool = False,
    lesson: int | None = None,
    choices: Sequence[str] = (),
) -> tuple[Question, object, Feedback | None]:
    """Run the stages every check shares: read the answer, answered, earlier checks passed.

    Returns the question, the answer's value, and the feedback when a stage
    already decides it (else None). `choices` are a text task's choices: a
    NameError in its answer cell most likely comes from a choice written
    without quotes, so the feedback then shows the first choice quoted.
    """
    name = answer.name if isinstance(answer, Answer) else None
    question = Question(task, language, quantity, name, grouped, lesson)
    if isinstance(answer, Answer):
        if isinstance(answer.error, NotImplementedError):
            return question, Ellipsis, question.feedback(UNANSWERED, "unanswered")
        if answer.error is not None:
            hint = ""
            if isinstance(answer.error, NameError) and choices:
                example = f"{answer.name} = {choices[0]!r}".replace("'", '"')
                hint = say("hint.name_error", language, example=example)
            feedback = question.feedback(
                NOT_RUN,
                "cell_failed",
                error_type=type(answer.error).__name__,
                error=answer.error,
                hint=hint,
            )
            return question, None, feedback
        if not answer.defined:
            return question, None, question.feedback(NOT_RUN, "not_defined", name=answer.name)
        answer = answer.value
    if is_unanswered(answer):
        return question, answer, question.feedback(UNANSWERED, "unanswered")
    for earlier in as_list(requires):
        if not earlier.ok:
            return question, answer, question.feedback(BLOCKED, "blocked", other=earlier.label)
    return question, answer, None


# Types.


def integer_type_problem(
    value: object,
    expected: object,
    language: str,
    problem_key: str = "not_int",
    computed: bool = False,
) -> str | None:
    """Return why `value` is not a usable int (with a hint), or None if it is one.

    Anything with __index__ counts as an int (numpy and torch integer scalars
    too), except bool, which Python treats as an int but is never a count. A
    float with a fraction (16.5) comes from a division that did not round
    down, so its hint points to floor division //, not to int(...). A whole
    float (3.0, 1.31e7) may just be written that way, so its hint asks for a
    whole-number int, and says whether the value is right too; only a
    function's result (`computed`) is surely a division, and gets the // hint.
    `problem_key` is the message that states the problem.
    """
    type_name = type(value).__name__
    if isinstance(value, bool):
        hint = say("hint.bool", language)
    elif value is None:
        hint = say("hint.none", language)
    elif isinstance(value, str):
        hint = say("hint.str", language)
    elif isinstance(value, float):
        if not value.is_integer():
            hint = say("hint.float", language)
        elif computed:
            right = "right" if value == expected else "whole"
            hint = say(f"hint.float_{right}", language)
        else:
            whole = int(value)
            right = "written_right" if value == expected else "written_wrong"
            hint = say(f"hint.float_{right}", language, whole=whole)
    else:
        try:
            operator.index(value)
            return None
        except TypeError:
            hint = say("hint.other", language)
    return say(problem_key, language, value=value, type_name=type_name, hint=hint)


def number_type_problem(value: object, language: str) -> str | None:
    """Return why `value` is not a real number, or None when it is one."""
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        hint = say("hint.none", language) if value is None else say("hint.number", language)
        return say("not_number", language, value=value, type_name=type(value).__name__, hint=hint)
    return None


# Slip hints.


def quantity_kind(quantity: str | None) -> str | None:
    """Group a quantity for the hints: "params", "size", "ops" (a convention) or None."""
    if quantity in ("params", "output_size"):
        return {"params": "params", "output_size": "size"}[quantity]
    if quantity in (convention.value for convention in Convention):
        return "ops"
    return None


def convention_relation(answered: Convention, requested: Convention) -> str:
    """Return the key of the sentence that relates two conventions."""
    answered_flops = answered.value in FLOP_CONVENTIONS
    requested_flops = requested.value in FLOP_CONVENTIONS
    if answered_flops != requested_flops:
        return "relation.mac_flop"
    if not answered_flops:
        return "relation.bias_adds"
    return "relation.per_output"


def slip_hint(name: str, language: str, quantity: str | None = None, grouped: bool = False) -> str:
    """Return the hint for slip `name`, worded for the quantity checked when it has its own.

    "check.slip.<name>.params" (or ".ops", ".size") is used when it exists,
    else "check.slip.<name>". For a grouped layer a ".grouped" wording (after
    the quantity's, if any) comes first, since the plain wording does not
    mention groups. A slip of the "other_convention" family names the
    convention the answer belongs to and the one the task asks for.
    """
    answered = convention_of_slip(name)
    if answered is not None:
        requested = Convention.parse(quantity)
        return say(
            "slip.other_convention",
            language,
            convention=say(f"convention_name.{answered.value}", language),
            asked=say(f"convention_name.{requested.value}", language),
            relation=say(convention_relation(answered, requested), language),
        )
    kind = quantity_kind(quantity)
    keys = [f"slip.{name}.{kind}", f"slip.{name}"] if kind else [f"slip.{name}"]
    if grouped:
        keys = [f"{key}.grouped" for key in keys] + keys
    return say(next(key for key in keys if has_message(key, language)), language)


def formula_for(quantity: str, language: str, grouped: bool) -> str:
    """Return the formula to redo a count with, without groups for an ungrouped layer.

    "check.formula.<quantity>.grouped" is used for a grouped layer when it
    exists, else "check.formula.<quantity>".
    """
    if grouped and has_message(f"formula.{quantity}.grouped", language):
        return say(f"formula.{quantity}.grouped", language)
    return say(f"formula.{quantity}", language)


def value_problem(
    language: str,
    slips: Sequence[str],
    formula: str | None,
    quantity: str | None = None,
    grouped: bool = False,
    lesson: int | None = None,
) -> tuple[str, list[str]]:
    """Return the lines after "not right yet" and the slips they name.

    `slips` are the slips that give exactly the wrong answer, likeliest first.
    The first is shown as the likely slip; others that give the very same
    number are named after it, because the number alone cannot tell them
    apart (a 3 -> 6 layer's MACs are also the FLOPs of a 3 -> 3 layer).
    Slips a lesson after `lesson` introduces are left out.
    """
    named = [name for name in dict.fromkeys(slips) if introduced_by(name, lesson)]
    if named:
        hints = [slip_hint(name, language, quantity, grouped) for name in named]
        lines = [say("likely_slip", language), f"- {hints[0]}"]
        if len(named) > 1:
            lines.append(say("same_number", language))
            lines += [f"- {hint}" for hint in hints[1:]]
        return "\n".join(lines), named
    if formula:
        return say("no_slip_formula", language, formula=formula), []
    return say("no_slip", language), []


def wrong_value(
    question: Question, answer: object, slips: Sequence[str], formula: str | None, extra: str = ""
) -> Feedback:
    """Build the feedback for an answer of the right type and shape but the wrong value."""
    head = question.say("wrong_value", answer=answer)
    detail, named = value_problem(
        question.language, slips, formula, question.quantity, question.grouped, question.lesson
    )
    text = "\n".join(part for part in (head, detail, extra) if part)
    return question.text_feedback(WRONG_VALUE, text, named)


def wrong_type(question: Question, problem: str) -> Feedback:
    return question.feedback(WRONG_TYPE, "wrong_type", problem=problem)


def judge_int(
    question: Question,
    answer: object,
    expected: int,
    find: Callable[[int], list[str]],
    formula: str | None,
) -> Feedback:
    """Stage an integer answer that has been read and answered: type, then value."""
    problem = integer_type_problem(answer, expected, question.language)
    if problem is not None:
        return wrong_type(question, problem)
    answer = operator.index(answer)
    if answer == expected:
        return question.feedback(CORRECT, "correct", value=expected)
    return wrong_value(question, answer, find(answer), formula)


def named_values(slips: Mapping[str, object] | None) -> Callable[[object], list[str]]:
    """Turn a map of slip name -> wrong value (or values) into a finder for an answer."""
    listed = {}
    for name, values in (slips or {}).items():
        if isinstance(values, int | float | Fraction | tuple) and not isinstance(values, bool):
            values = [values]
        listed[name] = list(values)

    def find(answer: object) -> list[str]:
        return [name for name, values in listed.items() if answer in values]

    return find


# Counts.


def check_int(
    answer: object,
    expected: int,
    *,
    task: object = None,
    language: str = "en",
    slips: Mapping[str, int | Sequence[int]] | None = None,
    quantity: str | None = None,
    requires: Feedback | Sequence[Feedback] | None = None,
) -> Feedback:
    """Check an integer answer against `expected`.

    `slips` maps a slip's name ("check.slip.<name>" must exist in the messages)
    to the wrong value, or values, that slip produces, so a task can name slips
    the catalogue does not derive from a layer (such as "boundary_included").
    `quantity` optionally names what is counted (a key under "check.quantity.").
    """
    question, answer, early = start(answer, task, language, quantity, requires)
    if early is not None:
        return show(early)
    return show(judge_int(question, answer, expected, named_values(slips), formula=None))


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
    answer: object,
    layer: ConvSpec | ConvCost,
    *,
    task: object = None,
    language: str = "en",
    requires: Feedback | Sequence[Feedback] | None = None,
    lesson: int | None = None,
) -> Feedback:
    """Check a parameter count for the layer `layer` (a ConvSpec or its ConvCost).

    `lesson` (the task's lesson) leaves out slips a later lesson introduces.
    """
    described = layer_of(layer)
    grouped = described.spec.groups > 1
    question, answer, early = start(answer, task, language, "params", requires, grouped, lesson)
    if early is not None:
        return show(early)
    return show(
        judge_int(
            question,
            answer,
            conv_params(described.spec),
            lambda value: find_slips(value, described, "params"),
            formula_for("params", language, grouped),
        )
    )


def check_flops(
    answer: object,
    cost: ConvCost,
    convention: Convention | str = Convention.FLOPS,
    *,
    task: object = None,
    language: str = "en",
    requires: Feedback | Sequence[Feedback] | None = None,
    slips: Mapping[str, int | Sequence[int]] | None = None,
    lesson: int | None = None,
) -> Feedback:
    """Check an operation count for `cost` under `convention` (MACs count too).

    The default convention is FLOPs = 2 x MACs, as FlopCounterMode counts.
    `slips` maps the task's own slips to their wrong values (for example
    "article_figure" to a figure the source printed); they are named before
    the catalogue's. `lesson` (the task's lesson) leaves out slips a later
    lesson introduces. A count of 0 for a layer that has operations means
    FlopCounterMode saw no convolution: the layer ran outside the with-block.
    """
    convention = Convention.parse(convention)
    described = layer_of(cost)
    grouped = described.spec.groups > 1
    question, answer, early = start(
        answer, task, language, convention.value, requires, grouped, lesson
    )
    if early is not None:
        return show(early)
    expected = cost.count(convention)
    own = named_values(slips)

    def find(value: int) -> list[str]:
        if value == 0 and expected != 0:
            return ["not_counted"]
        return own(value) + find_slips(value, described, convention.value)

    return show(
        judge_int(
            question, answer, expected, find, formula_for(convention.value, language, grouped)
        )
    )


def check_block(
    answer: object,
    block: SeparableCost,
    quantity: Convention | str = "params",
    *,
    task: object = None,
    language: str = "en",
    requires: Feedback | Sequence[Feedback] | None = None,
) -> Feedback:
    """Check a depthwise-separable block's parameters ("params") or its count under a convention.

    The block's slips (`course_lib.slips.block_slip_values`) are named: the
    depthwise layer counted without its groups, a bias where there is none,
    the standard layer's count, one layer only, another convention.
    """
    if quantity != "params":
        quantity = Convention.parse(quantity).value
    expected = block.params if quantity == "params" else block.count(quantity)
    values = block_slip_values(block, quantity)
    formula_key = "formula.block_params" if quantity == "params" else "formula.block_ops"
    question, answer, early = start(answer, task, language, quantity, requires, grouped=True)
    if early is not None:
        return show(early)
    return show(
        judge_int(
            question,
            answer,
            expected,
            named_values(values),
            say(formula_key, language),
        )
    )


def check_groups(
    answer: object,
    expected: int,
    in_channels: int,
    out_channels: int,
    *,
    task: object = None,
    language: str = "en",
    slips: Mapping[str, int | Sequence[int]] | None = None,
    wanted: str | None = None,
) -> Feedback:
    """Check a `groups` value for a layer from `in_channels` to `out_channels`.

    A value PyTorch would reject (one that does not divide both channel
    counts) is answered with the divisibility rule, without the values that
    satisfy it, which would give the answer away. `wanted` is "largest" or
    "smallest" when the task asks for the largest or smallest groups with
    some property: a valid value on the wrong side of `expected` that no slip
    explains is then called valid, but not the largest (smallest).
    """
    if wanted not in (None, "largest", "smallest"):
        raise ValueError(f"wanted={wanted!r} is unknown; use 'largest', 'smallest' or None")
    question, answer, early = start(answer, task, language, "groups")
    if early is not None:
        return show(early)
    problem = integer_type_problem(answer, expected, language)
    if problem is not None:
        return show(wrong_type(question, problem))
    answer = operator.index(answer)
    try:
        ConvSpec.create(in_channels, out_channels, 1, groups=answer)
    except CourseError:
        head = question.say("wrong_value", answer=answer)
        rule = say(
            "groups_rule",
            language,
            value=answer,
            in_channels=in_channels,
            out_channels=out_channels,
        )
        return show(question.text_feedback(WRONG_VALUE, f"{head}\n{rule}", ["groups_divide"]))
    if answer == expected:
        return show(question.feedback(CORRECT, "correct", value=expected))
    named = named_values(slips)(answer)
    too_far = answer < expected if wanted == "largest" else answer > expected
    if wanted is not None and not named and too_far:
        head = question.say("wrong_value", answer=answer)
        text = f"{head}\n{say(f'groups_not_{wanted}', language, value=answer)}"
        return show(question.text_feedback(WRONG_VALUE, text))
    return show(wrong_value(question, answer, named, formula=None))


def check_output_size(
    answer: object,
    cost: ConvCost,
    *,
    task: object = None,
    language: str = "en",
    requires: Feedback | Sequence[Feedback] | None = None,
) -> Feedback:
    """Check an output size: a tuple (or list) with one int per spatial axis.

    One int alone is a wrong shape; when every axis has the same size the
    feedback also says whether that number is right, so the learner does not
    find out one round later.
    """
    expected = cost.output_size
    dims = len(expected)
    described = layer_of(cost)
    question, answer, early = start(answer, task, language, "output_size", requires)
    if early is not None:
        return show(early)

    if not isinstance(answer, tuple | list):
        if isinstance(answer, int) and not isinstance(answer, bool):
            problem = say("sizes_not_int", language, dims=dims)
            text = question.say("wrong_type", problem=problem)
            if len(set(expected)) == 1:
                as_tuple = (answer,) * dims
                if as_tuple == expected:
                    text += "\n" + say("sizes_value_right", language, value=as_tuple)
                else:
                    detail, _ = value_problem(
                        language,
                        find_slips(as_tuple, described, "output_size"),
                        say("formula.output_size", language),
                        "output_size",
                    )
                    text += "\n" + say("sizes_value_wrong", language) + "\n" + detail
            return show(question.text_feedback(WRONG_SHAPE, text))
        problem = say(
            "sizes_type", language, dims=dims, value=answer, type_name=type(answer).__name__
        )
        return show(wrong_type(question, problem))
    for index, item in enumerate(answer):
        # The right size on this axis, so that a float with the right value gets its own hint.
        right = expected[index] if index < dims else None
        problem = integer_type_problem(item, right, language, "size_not_int")
        if problem is not None:
            return show(wrong_type(question, problem))
    if len(answer) != dims:
        return show(question.feedback(WRONG_SHAPE, "sizes_length", dims=dims, length=len(answer)))

    answer = tuple(operator.index(item) for item in answer)
    if answer == expected:
        return show(question.feedback(CORRECT, "correct", value=expected))
    slips = find_slips(answer, described, "output_size")
    return show(wrong_value(question, answer, slips, say("formula.output_size", language)))


# Choices.


def choice_key(text: str) -> str:
    """Normalise a choice for comparison: no whitespace, no case, ^ for powers."""
    squashed = "".join(text.split()).casefold()
    return squashed.replace("**", "^").replace("²", "^2")


def check_choice(
    answer: object,
    expected: str,
    choices: Sequence[str],
    *,
    task: object = None,
    language: str = "en",
    slips: Mapping[str, str] | None = None,
    hints: Mapping[str, str] | None = None,
    see: str | None = None,
    grouped: bool = False,
) -> Feedback:
    """Check a choice among `choices` (strings).

    Whitespace and case do not matter, and ** or ² may stand for ^. For a
    wrong choice the feedback gives the hint of the catalogued slip it
    reveals (`slips` maps a choice to a slip's name), or a hint of its own
    (`hints` maps a choice to a key under "check.choice."), and then points to
    the lesson section that teaches it (`see`, a key under "check.section.").
    A choice with both is named as the slip but gets its own hint, for a slip
    whose catalogue wording fits counts, not this question. `grouped` says
    the task's layer has groups > 1, so slip hints use their grouped wording.
    """
    question, answer, early = start(answer, task, language, None, choices=choices)
    if early is not None:
        return show(early)
    listed = say("list_separator", language).join(repr(choice) for choice in choices)
    if not isinstance(answer, str):
        return show(question.feedback(WRONG_TYPE, "choice_type", value=answer, choices=listed))

    normalised = {choice_key(choice): choice for choice in choices}
    picked = normalised.get(choice_key(answer))
    if picked is None:
        return show(question.feedback(WRONG_TYPE, "choice_unknown", value=answer, choices=listed))
    if picked == expected:
        return show(question.feedback(CORRECT, "correct", value=repr(expected)))

    head = question.say("wrong_value", answer=repr(picked))
    slip = (slips or {}).get(picked)
    hint_key = (hints or {}).get(picked)
    if hint_key is not None:
        detail = say(f"choice.{hint_key}", language, choice=picked)
        named = [slip] if slip is not None else []
    elif slip is not None:
        detail, named = value_problem(language, [slip], formula=None, grouped=grouped)
    else:
        detail, named = say("choice_wrong", language), []
    lines = [head, detail]
    if see is not None:
        lines.append(say("see", language, section=say(f"section.{see}", language)))
    return show(question.text_feedback(WRONG_VALUE, "\n".join(lines), named))


def show_slips(names: Sequence[str], language: str = "en") -> None:
    """Print the catalogue entries `names`, one per line: the name a task answers with, and what it means.

    Raises ValueError for a name the catalogue does not have.
    """
    known = (*SLIPS, *EXTRA_SLIPS)
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"names={unknown!r} are not in the slip catalogue; use some of {known}")
    print(say("catalogue_title", language))
    for name in names:
        print(f'- "{name}": {say(f"catalogue.{name}", language)}')


# Real numbers.


def within(answer: float, expected: float, tolerance: float, figures: int | None = None) -> bool:
    """Return whether `answer` is `expected` to within `tolerance` (relative), or rounded.

    With `figures`, an answer within half a unit of the last of that many
    significant figures of `expected` is also accepted (0.127 for 0.126736).
    """
    if math.isclose(answer, expected, rel_tol=tolerance):
        return True
    if figures is None or expected == 0:
        return False
    unit = 10 ** (math.floor(math.log10(abs(expected))) - figures + 1)
    return abs(answer - expected) <= unit / 2 * (1 + 1e-9)


def check_number(
    answer: object,
    expected: float | Fraction,
    *,
    tolerance: float = 1e-6,
    figures: int | None = None,
    task: object = None,
    language: str = "en",
    quantity: str | None = None,
    slips: Mapping[str, Sequence[float]] | None = None,
) -> Feedback:
    """Check a real number (such as a cost ratio) to within `tolerance`, relative.

    With `figures`, the value rounded to that many significant figures is also
    right; the task text must say so. `slips` maps a slip's name to the wrong
    values it gives; the closest one within the same acceptance is named.
    """
    question, answer, early = start(answer, task, language, quantity)
    if early is not None:
        return show(early)
    problem = number_type_problem(answer, language)
    if problem is not None:
        return show(wrong_type(question, problem))
    value = float(answer)
    if within(value, float(expected), tolerance, figures):
        return show(question.feedback(CORRECT, "correct", value=f"{float(expected):.6g}"))

    matching = [
        (abs(value - float(wrong)), name)
        for name, values in (slips or {}).items()
        for wrong in values
        if within(value, float(wrong), tolerance, figures)
    ]
    named = [min(matching)[1]] if matching else []
    accepted = (
        say("accepted_figures", language, figures=figures)
        if figures is not None
        else say("accepted_tolerance", language, tolerance=f"{tolerance:g}")
    )
    return show(wrong_value(question, answer, named, formula=None, extra=accepted))


RATIO_FIGURES = 3
RATIO_TOLERANCE = 1e-6


def ratio_slips(out_channels: int, kernel_size: int) -> dict[str, list[float]]:
    """Return the wrong ratios of the catalogue's ratio slips."""
    right = separable_ratio(out_channels, kernel_size)
    return {
        "kernel_not_squared": [1 / out_channels + 1 / kernel_size],
        "ratio_inverted": [float(1 / right)],
    }


def check_separable_ratio(
    answer: object,
    out_channels: int,
    kernel_size: int,
    *,
    task: object = None,
    language: str = "en",
) -> Feedback:
    """Check the cost ratio of a depthwise-separable block to a standard layer.

    The right value is 1/N + 1/K^2 with N = out_channels and K = kernel_size,
    as a Fraction or a float; a float rounded to 3 significant figures is also
    accepted, and the task texts say so.
    """
    return check_number(
        answer,
        separable_ratio(out_channels, kernel_size),
        tolerance=RATIO_TOLERANCE,
        figures=RATIO_FIGURES,
        task=task,
        language=language,
        quantity="ratio",
        slips=ratio_slips(out_channels, kernel_size),
    )


# A layer built with PyTorch.

LAYER_SETTINGS = (
    "in_channels",
    "out_channels",
    "kernel_size",
    "stride",
    "padding",
    "dilation",
    "groups",
    "bias",
)


def module_settings(module: object) -> dict[str, object]:
    """Read a torch convolution's settings under ConvSpec's names (bias as True or False)."""
    settings = {}
    for name in LAYER_SETTINGS:
        if name == "bias":
            settings[name] = getattr(module, "bias", None) is not None
            continue
        value = getattr(module, name)
        settings[name] = tuple(value) if isinstance(value, list | tuple) else value
    return settings


def spec_settings(spec: ConvSpec) -> dict[str, object]:
    """Read a ConvSpec's settings under the names module_settings uses."""
    return {name: getattr(spec, name) for name in LAYER_SETTINGS}


def convolutions_in(module: object) -> list[object] | None:
    """Return the convolutions in `module` (itself, or the layers of a container), or None."""
    if all(hasattr(module, name) for name in ("in_channels", "groups", "kernel_size")):
        return [module]
    modules = getattr(module, "modules", None)
    if not callable(modules):
        return None
    found = [
        child
        for child in modules()
        if child is not module and all(hasattr(child, name) for name in ("in_channels", "groups"))
    ]
    return found or None


def check_layer(
    answer: object,
    expected: ConvSpec | Sequence[ConvSpec],
    *,
    task: object = None,
    language: str = "en",
) -> Feedback:
    """Check a torch layer (or an nn.Sequential of layers) against the task's settings.

    A layer whose parameter count happens to be right can still be the wrong
    layer (32 -> 64 with groups=32 and 64 -> 32 with groups=32 both have 576
    weights), so the task's PyTorch counts are checked after this check passes
    (pass this feedback as their `requires`).
    """
    specs = [expected] if isinstance(expected, ConvSpec) else list(expected)
    question, answer, early = start(answer, task, language, "layer")
    if early is not None:
        return show(early)
    convolutions = convolutions_in(answer)
    if convolutions is None:
        problem = say("layer_type", language, value=answer, type_name=type(answer).__name__)
        return show(wrong_type(question, problem))
    if len(convolutions) != len(specs):
        return show(
            question.feedback(
                WRONG_SHAPE, "layer_count", expected=len(specs), found=len(convolutions)
            )
        )
    for index, (module, spec) in enumerate(zip(convolutions, specs, strict=True), start=1):
        found, wanted = module_settings(module), spec_settings(spec)
        for name in LAYER_SETTINGS:
            if found[name] != wanted[name]:
                where = say("layer_index", language, index=index) if len(specs) > 1 else ""
                return show(
                    question.feedback(
                        WRONG_VALUE,
                        "layer_setting",
                        where=where,
                        setting=name,
                        found=found[name],
                        expected=wanted[name],
                    )
                )
    shown = "; ".join(repr(module) for module in convolutions)
    return show(question.feedback(CORRECT, "correct", value=shown))


# Functions the learner writes.


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


@dataclass(frozen=True)
class Outcome:
    """What a learner's function returned on one case, and what the slips give there."""

    result: object
    expected: object
    slips: Mapping[str, Sequence[object]]


def fits(name: str, outcome: Outcome, tolerance: float | None) -> bool:
    """Return whether a learner who made slip `name` would have returned `outcome.result`.

    Where the learner is right, the slip must give the right value there too:
    it has no values on that case, or the right value is among them.
    """
    values = outcome.slips.get(name, [])
    if matches(outcome.result, [outcome.expected], tolerance):
        return not values or matches(outcome.expected, values, tolerance)
    return matches(outcome.result, values, tolerance)


def consistent_slips(outcomes: Sequence[Outcome], tolerance: float | None) -> list[str]:
    """Name the slips that explain what the function returned on every case it was tried on.

    One case alone often cannot tell two slips apart: padding on one side only
    and the "+ 1" forgotten both give 31 for a 32-wide input with padding 1.
    The other cases can, so a slip is named only if it fits them all.
    """
    failing = [
        outcome
        for outcome in outcomes
        if not matches(outcome.result, [outcome.expected], tolerance)
    ]
    candidates = dict.fromkeys(name for outcome in failing for name in outcome.slips)
    return [
        name for name in candidates if all(fits(name, outcome, tolerance) for outcome in outcomes)
    ]


def check_function(
    learner_function: object,
    reference: Callable[..., object],
    cases: Sequence[Mapping[str, object]],
    *,
    task: object = None,
    language: str = "en",
    slips: Callable[[Mapping[str, object]], Mapping[str, Sequence[object]]] | None = None,
    tolerance: float | None = None,
    quantity: str | None = None,
    formula: str | None = None,
    grouped: bool = False,
    lesson: int | None = None,
) -> Feedback:
    """Call `learner_function(**case)` for every case and compare with `reference`.

    Results must be ints, or real numbers within `tolerance` (relative) when a
    tolerance is given. The first failing case is reported with the call, what
    it returned and what was expected.

    `slips(case)` optionally maps slip names to the results a learner with
    that slip would give for that case; the right value may be among them. A
    slip is named only when it explains the results of every case tried, so
    choose the cases such that each slip gives a result of its own on at
    least one of them. `quantity` says what the function returns and
    `grouped` whether the cases have groups, so that the hints fit; `formula`
    is shown when no slip fits; `lesson` leaves out slips a later lesson
    introduces. An exception inside the learner's function
    becomes feedback naming it; NotImplementedError (the exercise
    placeholder) means "not answered yet".
    """
    question, learner_function, early = start(learner_function, task, language, None)
    if early is not None:
        return show(early)
    if question.name is None and callable(learner_function):
        question = Question(task, language, None, getattr(learner_function, "__name__", None))
    if not callable(learner_function):
        type_name = type(learner_function).__name__
        return show(
            question.feedback(
                WRONG_TYPE, "not_callable", value=learner_function, type_name=type_name
            )
        )

    outcomes: list[Outcome] = []
    first_wrong: str | None = None
    for case in cases:
        call = describe_call(learner_function, case)
        expected = reference(**case)
        try:
            result = learner_function(**case)
        except NotImplementedError:
            name = getattr(learner_function, "__name__", "function")
            return show(question.feedback(UNANSWERED, "unanswered_function", name=name))
        except Exception as error:  # any error in the learner's code becomes feedback
            if first_wrong is not None:
                break
            return show(
                question.feedback(
                    FUNCTION_ERROR,
                    "function_raised",
                    call=call,
                    error_type=type(error).__name__,
                    error=error,
                )
            )

        if tolerance is None:
            problem = integer_type_problem(result, expected, language, computed=True)
        else:
            problem = number_type_problem(result, language)
        if problem is not None:
            if first_wrong is not None:
                break
            return show(question.feedback(WRONG_TYPE, "function_type", call=call, problem=problem))

        if tolerance is None:
            result = operator.index(result)
        outcomes.append(Outcome(result, expected, slips(case) if slips else {}))
        if first_wrong is None and not matches(result, [expected], tolerance):
            first_wrong = question.say(
                "function_value", call=call, answer=result, expected=expected
            )

    if first_wrong is None:
        return show(question.feedback(CORRECT, "function_correct", count=len(cases)))
    detail, named = value_problem(
        language, consistent_slips(outcomes, tolerance), formula, quantity, grouped, lesson
    )
    return show(question.text_feedback(WRONG_VALUE, f"{first_wrong}\n{detail}", named))


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
    return slip_values(layer_of(ConvSpec.create(**case)), "params", keep_right=True)


def ungrouped(cases: Sequence[Mapping[str, object]]) -> list[dict[str, object]]:
    """Return the cases with groups=1, without the groups argument."""
    return [
        {key: value for key, value in case.items() if key != "groups"}
        for case in cases
        if case["groups"] == 1
    ]


def check_params_function(
    learner_function: object,
    *,
    grouped: bool = True,
    task: object = None,
    language: str = "en",
    lesson: int | None = None,
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
        quantity="params",
        formula=formula_for("params", language, grouped),
        grouped=grouped,
        lesson=lesson,
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
    values = slip_values(Layer.create(spec, (1, case["size"])), "output_size", keep_right=True)
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
        quantity="output_size",
        formula=say("formula.output_size", language),
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
    return slip_values(macs_layer(case), "macs", keep_right=True)


def check_macs_function(
    learner_function: object,
    *,
    grouped: bool = True,
    task: object = None,
    language: str = "en",
    lesson: int | None = None,
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
        quantity="macs",
        formula=formula_for("macs", language, grouped),
        grouped=grouped,
        lesson=lesson,
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
    return slip_values(layer_of(depthwise_spec(case)), "params", keep_right=True)


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
        quantity="params",
        grouped=True,
    )


RATIO_CASES = (
    {"out_channels": 6, "kernel_size": 11},
    {"out_channels": 512, "kernel_size": 3},
    {"out_channels": 64, "kernel_size": 5},
    {"out_channels": 1, "kernel_size": 2},
)


def separable_ratio_reference(out_channels, kernel_size) -> float:
    """Return the separable-to-standard cost ratio, 1/N + 1/K^2, as a float."""
    return float(separable_ratio(out_channels, kernel_size))


def separable_ratio_slips(case: Mapping[str, object]) -> dict[str, list]:
    """Return the wrong ratios of the catalogue's ratio slips for one case."""
    return ratio_slips(case["out_channels"], case["kernel_size"])


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
