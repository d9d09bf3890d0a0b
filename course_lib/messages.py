"""Every sentence the course shows a learner, in English and Simplified Chinese.

One table holds both languages so that a test can prove they have the same keys
and the same placeholders. Code asks for a message by key and language; nothing
else in the package writes user-facing text.
"""

from __future__ import annotations

import string

__all__ = ["LANGUAGES", "MESSAGES", "ListField", "message", "placeholders"]

LANGUAGES = ("en", "zh")

# How a message joins the items of a list, such as the groups that divide both
# channel counts: "1, 2, 4" in English, "1、2、4" in Chinese.
LIST_SEPARATORS = {"en": ", ", "zh": "、"}


class ListField(tuple):
    """Items that a message lists, joined with each language's list separator."""


MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # Errors in layer settings and input shapes.
        "error.not_integer": (
            "{name} must be an integer, got {value!r} of type {type_name}; "
            "write it as a whole number such as 3"
        ),
        "error.not_bool": "{name} must be True or False, got {value!r}",
        "error.not_positive": "{name}={value} must be a positive integer (1 or more)",
        "error.negative": "{name}={value} must not be negative; use 0 or more",
        "error.wrong_length": (
            "{name}={value!r} has {length} values, but a {dims}d convolution takes "
            "one integer or a tuple of {dims}"
        ),
        "error.dims": "dims={value!r} is not supported; use 1, 2 or 3",
        "error.groups_divide": (
            "groups={groups} must divide {name}={value}; groups that divide both "
            "channel counts are {choices}"
        ),
        "error.padding_string": (
            "padding={value!r} is not valid; use 'same', 'valid' or non-negative integers"
        ),
        "error.same_needs_stride_1": (
            "padding='same' needs stride=1, got stride={stride}; give the padding as "
            "integers for a strided convolution"
        ),
        "error.transposed_padding_string": (
            "padding={value!r} is not available for a transposed convolution; "
            "give the padding as non-negative integers"
        ),
        "error.output_padding_not_transposed": (
            "output_padding={value!r} applies only to a transposed convolution; "
            "set transposed=True or leave output_padding at 0"
        ),
        "error.output_padding": (
            "output_padding={output_padding} on spatial axis {axis} (counting from 0) must be "
            "smaller than stride={stride} or dilation={dilation} on that axis"
        ),
        "error.kernel_too_large": (
            "on spatial axis {axis} (counting from 0) the kernel spans {span} positions "
            "(dilation x (kernel_size - 1) + 1 = {dilation} x ({kernel} - 1) + 1), more than "
            "the padded input size {padded} (input {size} + 2 x padding {padding}); use a "
            "smaller kernel or dilation, more padding or a larger input"
        ),
        "error.transposed_output_too_small": (
            "on spatial axis {axis} (counting from 0) the transposed convolution's output size "
            "would be {size}; reduce padding={padding} or use a larger input"
        ),
        "error.input_rank": (
            "input shape {shape} has {rank} dimensions; a {dims}d convolution takes "
            "{unbatched} (channels and {dims} spatial sizes) or {batched} (batch first)"
        ),
        "error.input_channels": (
            "input shape {shape} has {channels} channels, but the layer has "
            "in_channels={in_channels}; make them equal"
        ),
        "error.input_spatial": (
            "input shape {shape} has spatial size {value} on axis {axis} (spatial axes counted "
            "from 0); every spatial size must be 1 or more"
        ),
        "error.convention": "convention={value!r} is unknown; use one of {choices}",
        "error.language": "language={value!r} is not available; use one of {choices}",
        # Depthwise-separable blocks and channel shuffle.
        "separable.no_crossover": (
            "a kernel of area {kernel_area} with depth_multiplier={depth_multiplier} has no "
            "crossover: the separable block has more parameters than the standard layer for "
            "every out_channels; use a kernel area larger than depth_multiplier"
        ),
        "separable.plot_title": "Separable cost / standard cost = 1/N + 1/K²",
        "separable.plot_out_channels": "output channels N",
        "separable.plot_ratio": "cost ratio (parameters and MACs, no bias)",
        "separable.plot_kernel": "K = {kernel}",
        "separable.plot_break_even": "equal cost (ratio 1)",
        "separable.kind": "Depthwise-separable",
        "shuffle.groups_divide": (
            "groups={groups} must divide the number of channels {channels}; use one of {choices}"
        ),
        # Errors in the arrays given to the NumPy convolution.
        "error.array_not_numeric": (
            "{name} has dtype {dtype}; the NumPy convolution takes an array of numbers, "
            "such as float32"
        ),
        "error.weight_rank": (
            "weight shape {shape} has {rank} dimensions; a 2d convolution's weight has 4: "
            "(out_channels, in_channels / groups, kernel_h, kernel_w)"
        ),
        "error.weight_out_channels": (
            "weight shape {shape} has out_channels={out_channels} (its first dimension, index "
            "0), which groups={groups} does not divide; groups must divide both channel "
            "counts, for example {choices}"
        ),
        "error.weight_in_channels": (
            "weight shape {shape} has {actual} input channels per kernel (its second "
            "dimension, index 1), but in_channels={in_channels} split into groups={groups} "
            "needs in_channels / groups = {expected}"
        ),
        "error.bias_shape": (
            "bias shape {shape} does not fit out_channels={out_channels}; the bias needs "
            "shape ({out_channels},), one value per output channel"
        ),
        # The source article's published figures (course_lib.source_article).
        "article.figure.standard_params": "standard convolution, parameters",
        "article.figure.standard_flops": "standard convolution, FLOPs",
        "article.figure.grouped_params": "grouped convolution (g=3), parameters",
        "article.figure.grouped_flops_formula": (
            "grouped convolution (g=3), FLOPs from the article's formula"
        ),
        "article.figure.grouped_flops_published": (
            "grouped convolution (g=3), FLOPs the article states"
        ),
        "article.status.correct": "correct",
        "article.status.formula": (
            "what the article's formula gives (the article states no number for it)"
        ),
        "article.status.slip": "arithmetic slip: C_in/g used where C_out/g belongs",
        # The grouped-convolution figure (course_lib.grouping).
        "grouping.title": (
            "groups={groups}: {in_channels} → {out_channels} channels, each group "
            "{per_group_in} → {per_group_out}"
        ),
        "grouping.inputs": "input channels",
        "grouping.outputs": "output channels",
        "grouping.graph_title": "which input channels each output channel reads",
        "grouping.matrix_inputs": "input channel",
        "grouping.matrix_outputs": "output channel",
        "grouping.matrix_title": "weights: one cell per K x K kernel (grey: none)",
        # The side-by-side table of the four kinds (course_lib.comparison).
        "comparison.kind.standard": "standard",
        "comparison.kind.grouped": "grouped",
        "comparison.kind.depthwise": "depthwise",
        "comparison.kind.separable": "depthwise-separable",
        "comparison.column.kind": "layer",
        "comparison.column.channels": "channels",
        "comparison.column.groups": "groups",
        "comparison.column.params": "params",
        "comparison.column.macs": "MACs",
        "comparison.column.flops": "FLOPs (2 x MACs)",
        "comparison.column.flops_exact": "exact ops",
        "comparison.column.params_ratio": "params / standard",
        "comparison.column.flops_ratio": "FLOPs / standard",
        # Names of the counting conventions.
        "convention.macs": "MACs (multiply-accumulates)",
        "convention.macs_plus_bias": "MACs + bias additions (ptflops, torchinfo)",
        "convention.flops": "FLOPs = 2 x MACs (PyTorch FlopCounterMode)",
        "convention.flops_exact": "exact operation count",
        "convention.flops_plus_one": "2 x MACs + 1 per output (the article's grouped formula)",
        # Feedback of the exercise checks (course_lib.checks).
        "check.task": "Task {task}",
        "check.task_unnamed": "This task",
        "check.correct": "✓ {label}: correct, {value}.",
        "check.unanswered": (
            "… {label}: not answered yet. Replace the ... in the answer cell with your answer, "
            "run that cell, then run this cell again."
        ),
        "check.unanswered_function": (
            "… {label}: not answered yet, because {name} still raises NotImplementedError. "
            "Write its body and run this cell again."
        ),
        "check.wrong_type": "✗ {label}: {problem}",
        "check.not_int": "the answer must be a whole number (int), got {value!r} of type {type_name}. {hint}",
        "check.not_number": "the answer must be a number, got {value!r} of type {type_name}. {hint}",
        "check.hint.str": "Write the number without quotes.",
        "check.hint.float": (
            "Counts and sizes are whole numbers, so a fraction points to a division with /: "
            "use floor division // instead, which rounds down as PyTorch does (33 // 2 is 16)."
        ),
        "check.hint.float_whole": (
            "Counts are whole numbers: divide with // instead of /, which gives an int."
        ),
        "check.hint.float_right": (
            "The value is right but it is a float: divide with // instead of /, which gives an int."
        ),
        "check.hint.none": "None usually means a function without return, or a line that assigns nothing.",
        "check.hint.bool": "True and False are not counts.",
        "check.hint.other": "Give a plain Python int, such as 2178.",
        "check.hint.number": "Give a number, such as 0.25 or Fraction(1, 4).",
        "check.sizes_not_int": (
            "give the output size as a tuple of {dims} integers, one per spatial axis, "
            "such as (H_out, W_out); one integer alone is not enough."
        ),
        "check.sizes_type": (
            "the output size must be a tuple of {dims} integers, got {value!r} of type {type_name}."
        ),
        "check.size_not_int": (
            "each output size must be a whole number (int), got {value!r} of type {type_name}. "
            "{hint}"
        ),
        "check.sizes_length": (
            "✗ {label}: the output size needs {dims} values, one per spatial axis, got {length}."
        ),
        "check.wrong_value": "✗ {label}: {answer} is not right yet.",
        "check.likely_slip": "Likely slip:",
        "check.choice_wrong": "That is not the right choice.",
        "check.no_slip": "It matches none of the common slips; redo the computation step by step.",
        "check.no_slip_formula": (
            "It matches none of the common slips; redo it step by step with {formula}."
        ),
        "check.choice_type": "✗ {label}: answer with one of {choices} (a string), got {value!r}.",
        "check.choice_unknown": "✗ {label}: {value!r} is not one of the choices {choices}.",
        "check.not_callable": "✗ {label}: expected a function, got {value!r} of type {type_name}.",
        "check.function_raised": (
            "✗ {label}: calling {call} raised {error_type}: {error}. "
            "Fix the function and run this cell again."
        ),
        "check.function_type": "✗ {label}: {call} returned a value of the wrong type: {problem}",
        "check.function_value": (
            "✗ {label}: {call} returned {answer!r}, but the right value is {expected!r}."
        ),
        "check.function_correct": "✓ {label}: correct on all {count} test cases.",
        "check.label_quantity": "{label}, {quantity}",
        "check.label_name": "{label} ({name})",
        "check.quantity.params": "parameters",
        "check.quantity.output_size": "output size",
        "check.quantity.macs": "MACs",
        "check.quantity.macs_plus_bias": "MACs + bias additions",
        "check.quantity.flops": "FLOPs (2 x MACs)",
        "check.quantity.flops_exact": "exact operation count",
        "check.quantity.flops_plus_one": 'the "+1" count',
        "check.quantity.ratio": "cost ratio",
        "check.quantity.layer": "the layer's settings",
        "check.quantity.groups": "groups",
        "check.quantity.padding": "padding",
        "check.quantity.multiplier": "depth multiplier",
        "check.quantity.out_channels": "output channels",
        "check.not_defined": (
            "✗ {label}: {name} is not defined yet. Run the answer cell above this one first."
        ),
        "check.cell_failed": (
            "✗ {label}: the answer cell did not run: {error_type}: {error}. {hint}"
            "Fix that cell (its error is shown under it), run it, then run this cell again."
        ),
        "check.hint.name_error": (
            "A word without quotes is read as a variable name; write a text answer in quotes, "
            "such as {example}. "
        ),
        "check.blocked": "✗ {label}: not checked until the check above passes ({other}).",
        "check.same_number": "The same number also comes from:",
        "check.groups_rule": (
            "PyTorch would not accept groups={value}: groups must be a positive whole number "
            "that divides both in_channels={in_channels} and out_channels={out_channels}."
        ),
        "check.groups_not_largest": (
            "groups={value} is a valid setting, but not the largest that fits the task: "
            "try larger values too."
        ),
        "check.groups_not_smallest": (
            "groups={value} is a valid setting, but not the smallest that fits the task: "
            "try smaller values too."
        ),
        "check.label_name_inside": "{label}, variable {name}{close}",
        "check.hint.float_written_right": (
            "The value is right, but a count is a whole-number int: write {whole}, without a "
            "decimal point or exponent."
        ),
        "check.hint.float_written_wrong": (
            "A count is a whole-number int, written without a decimal point or exponent (such "
            "as {whole}); the value is not right either."
        ),
        "check.convention_name.macs": "MACs (multiply-accumulates)",
        "check.convention_name.macs_plus_bias": "MACs + bias additions (ptflops, torchinfo)",
        "check.convention_name.flops": "FLOPs = 2 x MACs (PyTorch FlopCounterMode)",
        "check.convention_name.flops_exact": "the exact operation count",
        "check.convention_name.flops_plus_one": (
            "2 x MACs + 1 per output (the article's grouped formula)"
        ),
        "check.sizes_value_right": "The number itself is right: write it as {value}.",
        "check.sizes_value_wrong": "The number is not right either.",
        "check.list_separator": ", ",
        "check.see": "See {section}.",
        "check.accepted_figures": (
            "The check accepts the exact value, or the value rounded to {figures} significant "
            "figures."
        ),
        "check.accepted_tolerance": (
            "The check accepts values within a relative tolerance of {tolerance}."
        ),
        "check.layer_type": (
            "expected a convolution layer (nn.Conv2d) or an nn.Sequential of them, "
            "got {value!r} of type {type_name}."
        ),
        "check.layer_count": (
            "✗ {label}: the task's block has {expected} convolution layers, this one has {found}."
        ),
        "check.layer_index": "layer {index} (counting from 1): ",
        "check.layer_setting": (
            "✗ {label}: {where}{setting} is {found!r}, but the task's layer has "
            "{setting}={expected!r}. Build the layer the task describes."
        ),
        "check.formula.block_params": (
            "block parameters = K_h x K_w x M (the depthwise layer, groups = M) + M x N "
            "(the pointwise layer), plus each layer's biases when bias=True"
        ),
        "check.formula.block_ops": (
            "block count = the depthwise layer's count + the pointwise layer's count, "
            "both under the convention the task names"
        ),
        "check.slip.other_convention": (
            "another counting convention: that is this layer's count as {convention}, "
            "but the task asks for {asked}. {relation}"
        ),
        "check.relation.mac_flop": (
            "A multiply-accumulate is a multiply and an add, so FLOPs = 2 x MACs."
        ),
        "check.relation.bias_adds": (
            "MACs + bias additions adds one addition per output element "
            "(C_out x H_out x W_out) when bias=True."
        ),
        "check.relation.per_output": (
            '2 x MACs, the exact count (n products need n - 1 additions, the "-1", '
            'plus one bias addition per output when bias=True) and the "+1" count '
            "differ by one operation per output element."
        ),
        "check.slip.padding_forgotten": (
            "padding forgotten: padding=p adds p rows and p columns on each side, so the "
            "formula uses H + 2p, not H."
        ),
        "check.slip.input_size_for_output": (
            "the input's size used for the output's: every output element costs the same, "
            "so multiply by H_out x W_out, the output's height and width, not the input's."
        ),
        "check.slip.input_size_for_output.size": (
            "that is the input's size: the output size comes from the formula, and with a "
            "stride above 1 it is smaller than the input."
        ),
        "check.slip.multiplier_forgotten": (
            "depth multiplier forgotten: with a depth multiplier μ each input channel has μ "
            "kernels, so the layer has C_out = μ x C_in output channels, each with its own "
            "kernel (and bias)."
        ),
        "check.slip.standard_layer": (
            "that is the standard layer's count, the K x K layer from M to N channels that "
            "the block replaces. The block is a depthwise layer (groups = M) followed by a "
            "1 x 1 layer: add the counts of those two."
        ),
        "check.slip.one_layer_only": (
            "only one of the two layers counted: the block's count is the depthwise "
            "layer's plus the pointwise layer's."
        ),
        "check.slip.boundary_included": (
            "off by one at the boundary: at that value the two sides are exactly equal, "
            "not below; the task asks for strictly fewer, so the answer is the next value."
        ),
        "check.slip.bias_not_grouped": (
            "the bias is not divided by g: with groups=g the weights fall to exactly 1/g, "
            "but the C_out biases stay, so the whole layer keeps a little more than 1/g."
        ),
        "check.slip.groups_ignored.params": (
            "groups ignored: that is the standard layer's parameter count (groups=1). With "
            "groups=g each kernel reads only C_in / g input channels, so the weights are "
            "divided by g; the C_out biases are not."
        ),
        "check.slip.groups_ignored.ops": (
            "groups ignored: that is the standard layer's count (groups=1). With groups=g "
            "each output element reads only C_in / g input channels, so the "
            "multiply-accumulates are divided by g; bias additions, if counted, are not."
        ),
        "check.slip.bias_forgotten.params": (
            "bias forgotten: with bias=True the layer has one bias value per output channel, "
            "C_out in all, on top of the weights."
        ),
        "check.slip.bias_forgotten.ops": (
            "bias additions forgotten: under this convention a layer with bias=True adds one "
            "bias per output element, C_out x H_out x W_out additions in all."
        ),
        "check.slip.bias_added_twice.params": (
            "bias counted where it does not belong: a layer has C_out bias values only when "
            "bias=True, counted once; check the layer's bias setting."
        ),
        "check.slip.bias_added_twice.ops": (
            "bias additions counted where they do not belong: only a layer with bias=True "
            "adds one bias per output element, and only some conventions count it."
        ),
        "check.section.lesson1_output_size": 'lesson 1, section 1 "Output size"',
        "check.section.lesson1_conventions": (
            'lesson 1, section 3 "FLOPs and the counting conventions"'
        ),
        "check.section.lesson2_group": 'lesson 2, section 1 "What a group is"',
        "check.section.lesson2_source": (
            'lesson 2, section 6 "The source\'s grouped example, checked"'
        ),
        "check.section.lesson3_depthwise": 'lesson 3, section 1 "From grouped to depthwise"',
        "check.section.lesson3_counting": 'lesson 3, section 2 "Counting a depthwise layer"',
        "check.section.lesson4_separable": ('lesson 4, section 3 "The depthwise-separable block"'),
        "check.choice.guide_step_2": (
            "Step 2 is right: the parameters do not depend on the output size, and "
            "3 x 3 x 3 x 16 + 16 is the count of a 3 → 16 layer with bias."
        ),
        "check.choice.guide_step_3": (
            "Step 3's formula is right, but a right formula gives a wrong number when a "
            "number put into it is wrong. Redo each step with the layer's settings and compare."
        ),
        "check.choice.per_kernel_divided_twice": (
            "groups divided twice: each kernel reads the C_in / g input channels of its own "
            "group; dividing by g once more leaves out channels the kernel does read."
        ),
        "check.choice.counter_convention": (
            "FlopCounterMode does not count additions one by one as {choice} does; it counts "
            "every multiply-accumulate the same way. Which convention does that give?"
        ),
        "check.choice.article_factor_in": (
            "The place of C_in/g holds 3/3 = 1, which is right. Another factor's place holds "
            "3/3 as well, where a different value belongs."
        ),
        "check.choice.article_factor_right": (
            "The article's number for {choice} is right. Compare each factor's number in the "
            "filled-in formula with the layer's settings."
        ),
        "check.choice.groups_one": (
            "groups=1 is the standard layer: every kernel reads every input channel. A "
            "depthwise layer gives each input channel a group of its own."
        ),
        "check.choice.groups_out": (
            "With a depth multiplier μ = 2, out_channels = 2 x in_channels, and "
            "groups=out_channels would not divide in_channels. The groups count the input "
            "channels."
        ),
        "check.choice.groups_kernel": (
            "groups counts groups of channels; it has nothing to do with the kernel's size."
        ),
        "check.choice.ratio_product": (
            "The two layers' costs add, they do not multiply: the depthwise layer costs 1/N "
            "of the standard layer and the pointwise layer 1/K^2, so the block costs the sum."
        ),
        "check.choice.slip_pick": (
            "Redo the working with the slip {choice} and compare: it does not give the "
            "number printed here."
        ),
        "check.catalogue_title": "Slips from the checks' catalogue:",
        "check.catalogue.groups_ignored": "counted as if groups were 1",
        "check.catalogue.groups_divided_twice": "divided by groups for C_in and again for C_out",
        "check.catalogue.bias_forgotten": "the bias left out",
        "check.catalogue.bias_added_twice": "a bias counted twice, or where there is none",
        "check.catalogue.stride_applied_twice": "the stride applied twice",
        "check.catalogue.rounded_up": "the division by the stride rounded up",
        "check.catalogue.plus_one_forgotten": 'the "+ 1" of the output size left out',
        "check.catalogue.padding_once": "the padding added on one side only",
        "check.catalogue.padding_forgotten": "the padding left out",
        "check.catalogue.input_size_for_output": "the input's size used for the output's",
        "check.catalogue.multiplier_forgotten": "the depth multiplier left out",
        "check.catalogue.channels_swapped": "input and output channels exchanged",
        "check.catalogue.in_channels_for_out": "C_in used in place of C_out",
        "check.catalogue.bias_always_added": "the bias counted whatever the bias setting",
        "check.catalogue.bias_divided_by_groups": "the bias divided by groups",
        "check.catalogue.article_figure": (
            "the figure the article printed given in place of what its formula gives"
        ),
        "check.catalogue.not_counted": "the layer run outside FlopCounterMode's with-block",
        "check.catalogue.kernel_not_squared": "K used where K^2 belongs",
        "check.catalogue.one_bias": "one bias for the whole layer instead of one per output channel",
        "check.catalogue.in_channels_forgotten": (
            "the factor C_in (C_in / groups in a grouped layer) left out"
        ),
        "check.catalogue.dilation_ignored": "the dilation left out of the output size",
        "check.catalogue.macs_for_flops": "MACs given where FLOPs were asked",
        "check.catalogue.flops_for_macs": "FLOPs given where MACs were asked",
        "check.catalogue.minus_one_convention": (
            'another FLOPs convention (2 x MACs, the exact count, the "+1" count)'
        ),
        "check.catalogue.ratio_inverted": "the ratio upside down (standard over separable)",
        "check.catalogue.standard_layer": "the standard layer's count given for the block's",
        "check.catalogue.one_layer_only": "only one of the block's two layers counted",
        "check.catalogue.boundary_included": 'off by one at a boundary ("fewer" read as "at most")',
        "check.catalogue.bias_not_grouped": "the bias taken as divided by groups",
        "check.formula.params": "parameters = K_h x K_w x C_in x C_out, plus C_out when bias=True",
        "check.formula.params.grouped": (
            "parameters = K_h x K_w x (C_in / groups) x C_out, plus C_out when bias=True"
        ),
        "check.formula.output_size": (
            "H_out = floor((H + 2 x padding - dilation x (K - 1) - 1) / stride) + 1, "
            "and the same for W_out"
        ),
        "check.formula.macs": "MACs = K_h x K_w x C_in x C_out x H_out x W_out",
        "check.formula.macs.grouped": "MACs = K_h x K_w x (C_in / groups) x C_out x H_out x W_out",
        "check.formula.macs_plus_bias": (
            "MACs + bias additions = MACs + C_out x H_out x W_out when bias=True"
        ),
        "check.formula.flops": "FLOPs = 2 x MACs = 2 x K_h x K_w x C_in x C_out x H_out x W_out",
        "check.formula.flops.grouped": (
            "FLOPs = 2 x MACs = 2 x K_h x K_w x (C_in / groups) x C_out x H_out x W_out"
        ),
        "check.formula.flops_exact": (
            "exact count = (2 x K_h x K_w x C_in - 1) x C_out x H_out x W_out, "
            "plus C_out x H_out x W_out when bias=True"
        ),
        "check.formula.flops_exact.grouped": (
            "exact count = (2 x K_h x K_w x C_in / groups - 1) x C_out x H_out x W_out, "
            "plus C_out x H_out x W_out when bias=True"
        ),
        "check.formula.flops_plus_one": "2 x MACs + C_out x H_out x W_out",
        "check.slip.groups_ignored": (
            "groups ignored: with groups=g each kernel reads only C_in / g input channels, "
            "not all C_in; counting all of them gives the standard layer's count (groups=1)."
        ),
        "check.slip.groups_divided_twice": (
            "groups divided twice: C_in / g is right, but C_out must not be divided by g as "
            "well, since each of the C_out kernels has K_h x K_w x (C_in / g) weights. Dividing "
            "both leaves 1/g of the right count (1/g^2 of the standard layer's)."
        ),
        "check.slip.bias_forgotten": (
            "bias forgotten: with bias=True each output channel has one bias (C_out values), "
            "and each output element needs one more addition."
        ),
        "check.slip.bias_added_twice": (
            "bias counted where it does not belong: a layer has C_out bias values only "
            "when bias=True, counted once; check the layer's bias setting."
        ),
        "check.slip.macs_for_flops": (
            "MACs given for FLOPs: a multiply-accumulate is two operations, a multiply "
            "and an add, so FLOPs = 2 x MACs."
        ),
        "check.slip.flops_for_macs": (
            "FLOPs given for MACs: one MAC is a multiply and an add, so MACs are half the FLOPs."
        ),
        "check.slip.minus_one_convention": (
            "another counting convention: 2 x MACs, the exact count (n products need "
            'n - 1 additions, the "-1") and the "+1" formula differ by one operation '
            "per output element; use the convention the task names."
        ),
        "check.slip.stride_applied_twice": (
            "stride applied twice: divide the distance the kernel travels by the stride "
            "once, floor((H + 2p - d(K - 1) - 1) / s) + 1."
        ),
        "check.slip.rounded_up": (
            "rounded up: PyTorch rounds the division by the stride down (floor), because "
            "a position where the kernel does not fit whole gives no output."
        ),
        "check.slip.plus_one_forgotten": (
            'the "+ 1" forgotten: the kernel\'s first position gives an output too, so '
            "add 1 after dividing by the stride."
        ),
        "check.slip.padding_once": (
            "padding counted on one side only: padding=p adds p on both sides, 2p in all."
        ),
        "check.slip.channels_swapped": (
            "input and output channels swapped: each kernel reads all C_in input channels, "
            "and there are C_out kernels (and C_out biases)."
        ),
        "check.slip.channels_swapped.grouped": (
            "input and output channels swapped: each kernel reads C_in / groups input "
            "channels, and there are C_out kernels (and C_out biases)."
        ),
        "check.slip.in_channels_for_out": (
            "C_in used in place of C_out: the layer has C_out kernels and C_out biases, one "
            "per output channel; C_in only sets how many input channels each kernel reads."
        ),
        "check.slip.in_channels_for_out.grouped": (
            "C_in used in place of C_out: the layer has C_out kernels and C_out biases, one "
            "per output channel; C_in only sets how many input channels each kernel reads "
            "(C_in / groups)."
        ),
        "check.slip.bias_always_added": (
            "bias counted though bias=False: this layer has no bias; add the C_out bias "
            "values only when bias=True."
        ),
        "check.slip.bias_divided_by_groups": (
            "bias divided by groups: groups divide the weights, but each of the C_out output "
            "channels keeps its own bias, so bias=True adds C_out values, not C_out / g."
        ),
        "check.slip.article_figure": (
            "this is the number the article printed, not what its formula gives: fill in the "
            "article's formula yourself, factor by factor, and multiply it out."
        ),
        "check.slip.not_counted": (
            "0 operations: FlopCounterMode counts only what runs inside its with-block. Call "
            "the layer on an input inside `with FlopCounterMode(display=False) as counter:`, "
            "then read counter.get_total_flops()."
        ),
        "check.slip.one_bias": (
            "one bias for the whole layer: each output channel has a bias of its own, so "
            "bias=True adds C_out values, not 1."
        ),
        "check.slip.in_channels_forgotten": (
            "input channels forgotten: each output element sums K_h x K_w products for every "
            "one of the C_in input channels, so the count has the factor C_in."
        ),
        "check.slip.in_channels_forgotten.params": (
            "input channels forgotten: each of the C_out kernels has K_h x K_w weights for "
            "every one of the C_in input channels, so the count has the factor C_in."
        ),
        "check.slip.in_channels_forgotten.grouped": (
            "the factor C_in / g forgotten: with groups=g each output element sums "
            "K_h x K_w products for each of the C_in / g input channels its group reads."
        ),
        "check.slip.in_channels_forgotten.params.grouped": (
            "the factor C_in / g forgotten: with groups=g each of the C_out kernels has "
            "K_h x K_w weights for each of the C_in / g input channels its group reads."
        ),
        "check.slip.dilation_ignored": (
            "dilation ignored: with dilation=d the kernel's taps are d apart, so a K-wide "
            "kernel spans d x (K - 1) + 1 positions; subtract dilation x (K - 1) + 1, not K."
        ),
        "check.slip.kernel_not_squared.params": (
            "K used where K_h x K_w belongs: a K x K kernel has K x K = K^2 weights for each "
            "input channel, not K."
        ),
        "check.slip.kernel_not_squared.ops": (
            "K used where K_h x K_w belongs: each output element takes K x K = K^2 products "
            "for each input channel, not K."
        ),
        "check.slip.kernel_not_squared": (
            "K used where K^2 belongs: a K x K kernel has K^2 taps per channel, so the "
            "ratio has 1/K^2, not 1/K."
        ),
        "check.slip.ratio_inverted": (
            "the ratio is upside down: divide the separable block's cost by the standard "
            "layer's cost, which gives a number below 1."
        ),
        # The calculator's summary.
        "summary.title": "{kind} convolution, {dims}",
        "summary.dims.1": "1d",
        "summary.dims.2": "2d",
        "summary.dims.3": "3d",
        "summary.kind.standard": "Standard",
        "summary.kind.grouped": "Grouped",
        "summary.kind.depthwise": "Depthwise",
        "summary.kind.pointwise": "Pointwise (1x1)",
        "summary.kind.transposed": "Transposed",
        "summary.input": "input shape",
        "summary.output": "output shape",
        "summary.output_size": "output size",
        "summary.params": "parameters",
        "summary.bias_adds": "bias additions",
        "summary.batch_note": "Counts cover the whole batch of {batch}.",
        "summary.bias_on": "with bias",
        "summary.bias_off": "without bias",
        # The layout of formulas.summary_text.
        "formula.heading": "{title} ({bias})",
        "formula.field": "{label}: {value}",
        "formula.count": "{label}:",
        "formula.axes": "{label} ({axes})",
        "formula.same_as_macs": "no bias, so there is nothing to add: the same as the MACs",
        "formula.written_note": (
            "O_written = {written} is the number of output elements that receive at least "
            "one product, counted before padding crops the border."
        ),
        # The calculator, python -m course_lib count.
        "cli.description": (
            "Count the parameters, output size and operations of one convolution layer. "
            "The options take PyTorch's names and defaults."
        ),
        "cli.epilog": (
            "example (the source article's layer, 227 x 227 x 3 input, 11 x 11 kernel, "
            "6 filters, stride 4, no bias):\n"
            "  python -m course_lib count --in-channels 3 --out-channels 6 "
            "--kernel-size 11 --stride 4 --no-bias --input-size 227,227"
        ),
        "cli.group.commands": "commands",
        "cli.group.layer": "layer settings (as torch.nn.Conv1d/2d/3d)",
        "cli.group.input": "input",
        "cli.group.output": "output",
        "cli.help.help": "show this help and exit",
        "cli.help.count": "count one convolution layer",
        "cli.help.in_channels": "number of input channels (in_channels)",
        "cli.help.out_channels": "number of output channels (out_channels)",
        "cli.help.kernel_size": "kernel size (kernel_size): one integer, or one per axis as 3,5",
        "cli.help.stride": "stride: one integer or one per axis (default 1)",
        "cli.help.padding": (
            "zero padding on each side (padding): one integer, one per axis, "
            "'same' or 'valid' (default 0)"
        ),
        "cli.help.dilation": "spacing between kernel taps (dilation), as --stride (default 1)",
        "cli.help.groups": "number of groups (groups); it must divide both channel counts (default 1)",
        "cli.help.bias": "give the layer a bias, as PyTorch does by default",
        "cli.help.no_bias": "leave out the bias (bias=False)",
        "cli.help.transposed": "count a transposed convolution (torch.nn.ConvTranspose1d/2d/3d)",
        "cli.help.output_padding": (
            "extra size added to one side of a transposed convolution's output "
            "(output_padding), as --stride (default 0)"
        ),
        "cli.help.input_size": (
            "spatial size of the input: L, or H,W, or D,H,W; the number of values "
            "selects a 1d, 2d or 3d convolution"
        ),
        "cli.help.batch_size": (
            "number of samples in the batch, B (default 1); counts cover the whole batch"
        ),
        "cli.help.no_batch": "give the input without a batch dimension, as (C, *sizes)",
        "cli.help.json": "print the counts as one JSON object in place of the summary",
        "cli.help.language": "language of the output and of error messages (default en)",
        "cli.error": "error: {text}",
        "cli.usage_error": "{text}; run `{prog} --help` to see the options",
        "cli.not_integer": "{option}={value!r} is not an integer; write a whole number such as 3",
        "cli.not_integers": (
            "{option}={value!r} is not an integer or a list of integers; write one whole "
            "number such as 3, or one per axis separated by commas such as 3,5"
        ),
        "cli.input_size_count": (
            "--input-size={value!r} gives {count} sizes; give 1 (L), 2 (H,W) or 3 (D,H,W) "
            "sizes separated by commas"
        ),
        # The lesson explorers.
        "widget.in_channels": "in_channels",
        "widget.out_channels": "out_channels",
        "widget.kernel_size": "kernel_size",
        "widget.stride": "stride",
        "widget.padding": "padding",
        "widget.dilation": "dilation",
        "widget.groups": "groups",
        "widget.bias": "bias",
        "widget.input_size": "input H = W",
        "widget.invalid": "This setting is not valid:",
        "widget.quantity": "quantity",
        "widget.formula": "formula",
        "widget.value": "value",
        "widget.depth_multiplier": "depth_multiplier",
        "widget.padding_same": "padding='same'",
        "widget.filled": "with the numbers",
        "widget.kind.standard": "Standard convolution",
        "widget.kind.grouped": "Grouped convolution",
        "widget.kind.depthwise": "Depthwise convolution",
        "widget.kind.separable": "Depthwise-separable convolution",
        "widget.title": "{kind}: input {input_shape} → output {output_shape}",
        "widget.layer.depthwise": (
            "Depthwise layer ({in_channels} → {out_channels} channels, groups={groups})"
        ),
        "widget.layer.pointwise": "Pointwise 1x1 layer ({in_channels} → {out_channels} channels)",
        "widget.layer.total": "Whole block: depthwise + pointwise",
        "widget.unknown_setting": (
            "{name} is not a setting of the {kind} explorer; use one of {choices}"
        ),
        "widget.unknown_kind": "kind={value!r} is not available; use one of {choices}",
        # Plot labels.
        "plot.kernel_size": "kernel size K",
        "plot.count": "count",
        "plot.params": "parameters",
        "plot.flops": "FLOPs (2 x MACs)",
        "plot.cost_vs_kernel": "Cost of a {in_channels} → {out_channels} layer on {size}x{size}",
        "plot.with_settings": "{title} ({settings})",
        "plot.setting.stride": "stride {stride}",
        "plot.setting.padding": "padding {padding}",
        "plot.k_squared": "grows like K² from K={kernel}",
        "plot.this_layer": "this layer, each K",
        "plot.standard_reference": "standard convolution, same channels",
        "plot.current": "current setting",
        "plot.no_data": "No curve: the current setting is not valid",
        "plot.output_size_title": (
            "i={size}, k={kernel}, s={stride}, p={padding}, d={dilation}: output size {output}"
        ),
        "plot.input_cell": "input",
        "plot.padding_cell": "padding",
        "plot.uncovered": "never covered",
        "plot.output_position": "output {index}",
        "plot.conventions_title": "One layer, five ways to count its arithmetic",
        "plot.font_missing": (
            "NOTE: no font with Chinese glyphs was found, so the figure uses English labels. "
            "Run `python3 run.py setup` to install the course's font."
        ),
    },
    "zh": {
        "error.not_integer": "{name}必须是整数，现在是{value!r}（类型{type_name}）；请写成3这样的整数",
        "error.not_bool": "{name}只能是True或False，现在是{value!r}",
        "error.not_positive": "{name}={value}必须是正整数（至少为1）",
        "error.negative": "{name}={value}不能为负数，请用0或更大的整数",
        "error.wrong_length": (
            "{name}={value!r}有{length}个值，而这一层有{dims}个空间维度，只接受一个整数或{dims}个整数组成的元组"
        ),
        "error.dims": "不支持dims={value!r}，请用1、2或3",
        "error.groups_divide": "groups={groups}必须整除{name}={value}；能同时整除两个通道数的groups有{choices}",
        "error.padding_string": "padding={value!r}无效，请用'same'、'valid'或非负整数",
        "error.same_needs_stride_1": "padding='same'要求stride=1，现在stride={stride}；步长大于1时请把填充写成整数",
        "error.transposed_padding_string": "转置卷积不支持padding={value!r}，请把填充写成非负整数",
        "error.output_padding_not_transposed": (
            "output_padding={value!r}只用于转置卷积；请设置transposed=True，或让output_padding保持为0"
        ),
        "error.output_padding": (
            "空间维{axis}（从0开始编号）上的output_padding={output_padding}必须小于该维的stride={stride}或dilation={dilation}"
        ),
        "error.kernel_too_large": (
            "在空间维{axis}（从0开始编号）上，卷积核覆盖{span}个位置"
            "（dilation x (kernel_size - 1) + 1 = {dilation} x ({kernel} - 1) + 1），"
            "超过了填充后的输入尺寸{padded}（输入{size}，两侧各填充{padding}）；"
            "请减小卷积核或膨胀率，或者增大填充、换更大的输入"
        ),
        "error.transposed_output_too_small": (
            "在空间维{axis}（从0开始编号）上，转置卷积的输出尺寸会是{size}；请减小padding={padding}或换更大的输入"
        ),
        "error.input_rank": (
            "输入形状{shape}有{rank}维；"
            "有{dims}个空间维度的卷积需要{unbatched}维（通道加{dims}个空间尺寸）或{batched}维（最前面是批量）"
        ),
        "error.input_channels": "输入形状{shape}有{channels}个通道，而这一层的in_channels={in_channels}；两者必须相等",
        "error.input_spatial": "输入形状{shape}在空间维{axis}（从0开始编号）上的尺寸是{value}；每个空间尺寸都至少为1",
        "error.convention": "没有convention={value!r}这种计数约定，请用{choices}之一",
        "error.language": "不支持language={value!r}，请用{choices}之一",
        "separable.no_crossover": (
            "卷积核面积为{kernel_area}、depth_multiplier={depth_multiplier}时不存在交叉点："
            "无论out_channels取多少，深度可分离卷积的参数量都比标准卷积多；"
            "请让卷积核面积大于depth_multiplier"
        ),
        "separable.plot_title": "深度可分离卷积与标准卷积的开销之比：1/N + 1/K²",
        "separable.plot_out_channels": "输出通道数N",
        "separable.plot_ratio": "开销之比（参数量与MACs，不带偏置）",
        "separable.plot_kernel": "K = {kernel}",
        "separable.plot_break_even": "开销相等（比值为1）",
        "separable.kind": "深度可分离卷积",
        "shuffle.groups_divide": "groups={groups}必须整除通道数{channels}，可选的值有{choices}",
        "error.array_not_numeric": ("{name}的dtype是{dtype}；NumPy卷积只接受数值数组，例如float32"),
        "error.weight_rank": (
            "weight的形状{shape}有{rank}维；二维卷积的权重应有4维：(out_channels, in_channels / groups, "
            "kernel_h, kernel_w)"
        ),
        "error.weight_out_channels": (
            "weight的形状{shape}中out_channels={out_channels}（第一维，编号0）不能被groups={groups}整除；"
            "groups必须同时整除两个通道数，例如{choices}"
        ),
        "error.weight_in_channels": (
            "weight的形状{shape}中每个卷积核有{actual}个输入通道（第二维，编号1），"
            "但in_channels={in_channels}分成groups={groups}组后，每组应有in_channels / groups = "
            "{expected}个"
        ),
        "error.bias_shape": (
            "bias的形状{shape}与out_channels={out_channels}不符；"
            "偏置的形状应为({out_channels},)，每个输出通道一个值"
        ),
        "article.figure.standard_params": "标准卷积的参数量",
        "article.figure.standard_flops": "标准卷积的计算量",
        "article.figure.grouped_params": "分组卷积（g=3）的参数量",
        "article.figure.grouped_flops_formula": "分组卷积（g=3）按原文公式算出的计算量",
        "article.figure.grouped_flops_published": "分组卷积（g=3）原文写出的计算量",
        "article.status.correct": "正确",
        "article.status.formula": "原文公式算出的值（原文没有写出这个数）",
        "article.status.slip": "计算失误：把C_in/g代到了C_out/g的位置",
        "grouping.title": (
            "groups={groups}：{in_channels} → {out_channels}个通道，每组{per_group_in} → "
            "{per_group_out}"
        ),
        "grouping.inputs": "输入通道",
        "grouping.outputs": "输出通道",
        "grouping.graph_title": "每个输出通道读取哪些输入通道",
        "grouping.matrix_inputs": "输入通道",
        "grouping.matrix_outputs": "输出通道",
        "grouping.matrix_title": "权重：每格是一个K x K卷积核（灰色表示没有）",
        "comparison.kind.standard": "标准卷积",
        "comparison.kind.grouped": "分组卷积",
        "comparison.kind.depthwise": "深度卷积",
        "comparison.kind.separable": "深度可分离卷积",
        "comparison.column.kind": "卷积层",
        "comparison.column.channels": "通道",
        "comparison.column.groups": "groups",
        "comparison.column.params": "参数量",
        "comparison.column.macs": "MACs",
        "comparison.column.flops": "FLOPs（2 x MACs）",
        "comparison.column.flops_exact": "精确运算次数",
        "comparison.column.params_ratio": "参数量/标准卷积",
        "comparison.column.flops_ratio": "FLOPs/标准卷积",
        "convention.macs": "MACs（乘加运算次数）",
        "convention.macs_plus_bias": "MACs + 偏置加法（ptflops、torchinfo的计法）",
        "convention.flops": "FLOPs = 2 x MACs（PyTorch FlopCounterMode的计法）",
        "convention.flops_exact": "精确运算次数",
        "convention.flops_plus_one": "2 x MACs + 每个输出1次（原文分组卷积公式的计法）",
        "check.task": "任务{task}",
        "check.task_unnamed": "本题",
        "check.correct": "✓ {label}：正确，{value}。",
        "check.unanswered": (
            "… {label}：尚未作答。把答案单元格里的占位符（...）换成你的答案，运行那个单元格，再运行本单元格。"
        ),
        "check.unanswered_function": (
            "… {label}：尚未作答，{name}仍然抛出NotImplementedError。请写好函数体，再运行本单元格。"
        ),
        "check.wrong_type": "✗ {label}：{problem}",
        "check.not_int": "答案必须是整数（int），现在是{value!r}（类型{type_name}）。{hint}",
        "check.not_number": "答案必须是一个数，现在是{value!r}（类型{type_name}）。{hint}",
        "check.hint.str": "请去掉引号，直接写数字。",
        "check.hint.float": (
            "计数和尺寸都是整数，出现小数说明用/做了除法：请改用向下取整的除法//（floor division），"
            "PyTorch也是向下取整，例如33 // 2等于16。"
        ),
        "check.hint.float_whole": "计数都是整数：请用//代替/做除法，结果就是int。",
        "check.hint.float_right": "数值是对的，但它是浮点数：请用//代替/做除法，结果就是int。",
        "check.hint.none": "出现None通常是函数少了return，或者这一行没有给变量赋值。",
        "check.hint.bool": "True和False不是计数。",
        "check.hint.other": "请给出普通的Python整数，例如2178。",
        "check.hint.number": "请给出一个数，例如0.25或Fraction(1, 4)。",
        "check.sizes_not_int": (
            "输出尺寸要写成{dims}个整数组成的元组，每个空间维度一个，例如(H_out, W_out)；只给一个整数不够。"
        ),
        "check.sizes_type": "输出尺寸必须是{dims}个整数组成的元组，现在是{value!r}（类型{type_name}）。",
        "check.size_not_int": (
            "输出尺寸的每一项都必须是整数（int），现在有一项是{value!r}（类型{type_name}）。{hint}"
        ),
        "check.sizes_length": "✗ {label}：输出尺寸需要{dims}个值，每个空间维度一个，现在有{length}个。",
        "check.wrong_value": "✗ {label}：{answer}还不对。",
        "check.likely_slip": "可能的错误：",
        "check.choice_wrong": "这个选项不对。",
        "check.no_slip": "这个数和常见的错误都对不上，请一步一步重新计算。",
        "check.no_slip_formula": "这个数和常见的错误都对不上，请按{formula}一步一步重新计算。",
        "check.choice_type": "✗ {label}：请用字符串回答，从{choices}中选一个，现在是{value!r}。",
        "check.choice_unknown": "✗ {label}：{value!r}不在可选项{choices}之中。",
        "check.not_callable": "✗ {label}：这里需要一个函数，现在是{value!r}（类型{type_name}）。",
        "check.function_raised": (
            "✗ {label}：调用{call}时抛出了{error_type}：{error}。请修改函数，再运行本单元格。"
        ),
        "check.function_type": "✗ {label}：{call}返回值的类型不对：{problem}",
        "check.function_value": "✗ {label}：{call}返回了{answer!r}，正确的值是{expected!r}。",
        "check.function_correct": "✓ {label}：全部{count}个测试用例都正确。",
        "check.label_quantity": "{label}，{quantity}",
        "check.label_name": "{label}（{name}）",
        "check.quantity.params": "参数量",
        "check.quantity.output_size": "输出尺寸",
        "check.quantity.macs": "MACs",
        "check.quantity.macs_plus_bias": "MACs + 偏置加法",
        "check.quantity.flops": "FLOPs（2 x MACs）",
        "check.quantity.flops_exact": "精确运算次数",
        "check.quantity.flops_plus_one": "“+1”计数",
        "check.quantity.ratio": "开销之比",
        "check.quantity.layer": "层的设置",
        "check.quantity.groups": "groups",
        "check.quantity.padding": "填充",
        "check.quantity.multiplier": "深度乘数",
        "check.quantity.out_channels": "输出通道数",
        "check.not_defined": "✗ {label}：还没有定义{name}。请先运行上面的答案单元格。",
        "check.cell_failed": (
            "✗ {label}：答案单元格没有运行成功：{error_type}：{error}。{hint}"
            "请先改正那个单元格（错误信息显示在它下面）并运行它，再运行本单元格。"
        ),
        "check.hint.name_error": "不带引号的词会被当成变量名；文字答案要加引号，例如`{example}`。",
        "check.blocked": "✗ {label}：上面的检查（{other}）通过之后才会检查这一项。",
        "check.same_number": "下面的错误也会得到同一个数：",
        "check.groups_rule": (
            "PyTorch不接受groups={value}：groups必须是能同时整除输入通道数"
            "（in_channels={in_channels}）和输出通道数（out_channels={out_channels}）的正整数。"
        ),
        "check.groups_not_largest": "groups={value}是有效的设置，但不是满足题目要求的最大值：再试试更大的值。",
        "check.groups_not_smallest": "groups={value}是有效的设置，但不是满足题目要求的最小值：再试试更小的值。",
        "check.label_name_inside": "{label}，变量{name}{close}",
        "check.hint.float_written_right": "数值是对的，但计数要写成整数（int）：请写{whole}，不要带小数点或指数。",
        "check.hint.float_written_wrong": (
            "计数要写成整数（int），不要带小数点或指数（例如{whole}）；而且这个数值也不对。"
        ),
        "check.convention_name.macs": "MACs（乘加运算次数）",
        "check.convention_name.macs_plus_bias": "MACs + 偏置加法（ptflops、torchinfo的计法）",
        "check.convention_name.flops": "FLOPs = 2 x MACs（PyTorch FlopCounterMode的计法）",
        "check.convention_name.flops_exact": "精确运算次数",
        "check.convention_name.flops_plus_one": "2 x MACs + 每个输出1次（原文分组卷积公式的计法）",
        "check.sizes_value_right": "数值本身是对的，请写成{value}。",
        "check.sizes_value_wrong": "数值也不对。",
        "check.list_separator": "、",
        "check.see": "请看{section}。",
        "check.accepted_figures": "检查接受精确值，也接受四舍五入到{figures}位有效数字的值。",
        "check.accepted_tolerance": "检查接受相对误差在{tolerance}以内的值。",
        "check.layer_type": (
            "这里需要一个卷积层（nn.Conv2d）或由卷积层组成的nn.Sequential，"
            "现在是{value!r}（类型{type_name}）。"
        ),
        "check.layer_count": "✗ {label}：任务中的模块有{expected}个卷积层，这里有{found}个。",
        "check.layer_index": "第{index}层（从1开始数）：",
        "check.layer_setting": (
            "✗ {label}：{where}{setting}是{found!r}，而任务中的层是{setting}={expected!r}。"
            "请按任务的描述搭建这一层。"
        ),
        "check.formula.block_params": (
            "模块的参数量 = K_h x K_w x M（深度卷积，groups = M）+ M x N（逐点卷积），"
            "bias=True时再加上每一层的偏置"
        ),
        "check.formula.block_ops": "模块的计数 = 深度卷积的计数 + 逐点卷积的计数，两者都按任务指定的计数约定",
        "check.slip.other_convention": (
            "用错了计数约定：这是这一层按{convention}得到的数，而任务要的是{asked}。{relation}"
        ),
        "check.relation.mac_flop": "一次乘加包含一次乘法和一次加法，所以FLOPs = 2 x MACs。",
        "check.relation.bias_adds": (
            "bias=True时，“MACs + 偏置加法”在MACs之外给每个输出元素再加一次加法（共C_out x H_out x W_out次）。"
        ),
        "check.relation.per_output": (
            "2 x MACs、精确计数（n个乘积只需n - 1次加法，即“-1”；bias=True时每个输出再加一次偏置加法）"
            "和“+1”计数之间，每个输出元素相差一次运算。"
        ),
        "check.slip.padding_forgotten": (
            "漏掉了填充：padding=p会在每一侧各补p行、p列，所以公式里是H + 2p，而不是H。"
        ),
        "check.slip.input_size_for_output": (
            "把输入尺寸当成了输出尺寸：每个输出元素的开销相同，所以要乘以输出的高和宽H_out x W_out，而不是输入的。"
        ),
        "check.slip.input_size_for_output.size": (
            "这是输入的尺寸：输出尺寸要按公式计算，步长大于1时它比输入小。"
        ),
        "check.slip.multiplier_forgotten": (
            "漏掉了深度乘数：深度乘数为μ时，每个输入通道有μ个卷积核，"
            "所以这一层有C_out = μ x C_in个输出通道，每个都有自己的卷积核（和偏置）。"
        ),
        "check.slip.standard_layer": (
            "这是标准卷积的计数，也就是这个模块所替代的、从M到N通道的K x K卷积层。"
            "模块由深度卷积（groups = M）和其后的1 x 1卷积组成，要把这两层的计数相加。"
        ),
        "check.slip.one_layer_only": "只算了两层中的一层：模块的计数是深度卷积的计数加上逐点卷积的计数。",
        "check.slip.boundary_included": (
            "边界上差了一个：取这个值时两边恰好相等，并不小于；任务要求的是严格小于，所以答案是下一个值。"
        ),
        "check.slip.bias_not_grouped": (
            "偏置不随g缩小：groups=g时权重恰好变为1/g，但C_out个偏置保持不变，所以整层比1/g略多。"
        ),
        "check.slip.groups_ignored.params": (
            "忽略了分组：这是标准卷积（groups=1）的参数量。groups=g时每个卷积核只读取C_in / g个输入通道，"
            "所以权重数要除以g；C_out个偏置不除。"
        ),
        "check.slip.groups_ignored.ops": (
            "忽略了分组：这是标准卷积（groups=1）的计数。groups=g时每个输出元素只读取C_in / g个输入通道，"
            "所以乘加次数要除以g；如果计入偏置加法，它们不除。"
        ),
        "check.slip.bias_forgotten.params": (
            "漏掉了偏置：bias=True时每个输出通道有一个偏置，共C_out个，要加在权重数之外。"
        ),
        "check.slip.bias_forgotten.ops": (
            "漏掉了偏置加法：按这种计数约定，bias=True的层给每个输出元素加一次偏置，共C_out x H_out x W_out次加法。"
        ),
        "check.slip.bias_added_twice.params": (
            "多算了偏置：只有bias=True时这一层才有C_out个偏置，而且只算一次；请核对这一层的bias设置。"
        ),
        "check.slip.bias_added_twice.ops": (
            "多算了偏置加法：只有bias=True的层才给每个输出元素加一次偏置，而且只有部分计数约定计入它。"
        ),
        "check.section.lesson1_output_size": "第1课第1节“输出尺寸”",
        "check.section.lesson1_conventions": "第1课第3节“计算量与计数约定”",
        "check.section.lesson2_group": "第2课第1节“什么是分组”",
        "check.section.lesson2_source": "第2课第6节“核对原文的分组卷积例子”",
        "check.section.lesson3_depthwise": "第3课第1节“从分组卷积到深度卷积”",
        "check.section.lesson3_counting": "第3课第2节“深度卷积的参数量和计算量”",
        "check.section.lesson4_separable": "第4课第3节“深度可分离卷积”",
        "check.choice.guide_step_2": (
            "第2步是对的：参数量与输出尺寸无关，3 x 3 x 3 x 16 + 16正是带偏置的3 → 16卷积层的参数量。"
        ),
        "check.choice.guide_step_3": (
            "第3步的公式是对的，但代入的数有错时，对的公式也会得出错的结果。"
            "请按这一层的设置把每一步重新算一遍再比较。"
        ),
        "check.choice.per_kernel_divided_twice": (
            "分组除了两次：每个卷积核读取它所在组的C_in / g个输入通道；"
            "再除以一次g，就漏掉了卷积核确实读取的通道。"
        ),
        "check.choice.counter_convention": (
            "FlopCounterMode不像{choice}那样逐个数加法，它对每次乘加都用同一个计法。这对应哪个计数约定？"
        ),
        "check.choice.article_factor_in": (
            "C_in/g的位置上是3/3 = 1，这是对的。另一个因子的位置上也写了3/3，那里本该是别的值。"
        ),
        "check.choice.article_factor_right": (
            "原文给{choice}代入的数是对的。请把代入后的公式里每个因子的数和这一层的设置逐一对照。"
        ),
        "check.choice.groups_one": (
            "groups=1是标准卷积：每个卷积核读取全部输入通道。深度卷积让每个输入通道单独成为一组。"
        ),
        "check.choice.groups_out": (
            "深度乘数μ = 2时out_channels = 2 x in_channels，groups=out_channels就不能整除in_channels。"
            "groups数的是输入通道。"
        ),
        "check.choice.groups_kernel": "groups数的是通道分成几组，和卷积核的大小无关。",
        "check.choice.ratio_product": (
            "两层的开销是相加，不是相乘：深度卷积的开销是标准卷积的1/N，逐点卷积是1/K^2，模块的开销是两者之和。"
        ),
        "check.choice.slip_pick": "按{choice}这个错误重新算一遍再比较：它得不到这里印出的数。",
        "check.catalogue_title": "检查程序所用的错误目录中的几项：",
        "check.catalogue.groups_ignored": "当作groups=1来算",
        "check.catalogue.groups_divided_twice": "C_in除以groups之后，C_out又除了一次",
        "check.catalogue.bias_forgotten": "漏掉了偏置",
        "check.catalogue.bias_added_twice": "偏置算了两次，或者在没有偏置的层上算了偏置",
        "check.catalogue.stride_applied_twice": "步长用了两次",
        "check.catalogue.rounded_up": "除以步长时向上取整",
        "check.catalogue.plus_one_forgotten": "输出尺寸漏了“+ 1”",
        "check.catalogue.padding_once": "填充只算了一侧",
        "check.catalogue.padding_forgotten": "漏掉了填充",
        "check.catalogue.input_size_for_output": "把输入尺寸当成了输出尺寸",
        "check.catalogue.multiplier_forgotten": "漏掉了深度乘数",
        "check.catalogue.channels_swapped": "输入通道和输出通道弄反了",
        "check.catalogue.in_channels_for_out": "输出通道数错用成了输入通道数",
        "check.catalogue.bias_always_added": "不管bias怎样设置都算了偏置",
        "check.catalogue.bias_divided_by_groups": "把偏置也除以了groups",
        "check.catalogue.article_figure": "给出了原文印出的数，而不是按原文公式算出的数",
        "check.catalogue.not_counted": "这一层没有在FlopCounterMode的with块里运行",
        "check.catalogue.kernel_not_squared": "该用K^2的地方用了K",
        "check.catalogue.one_bias": "整层只算了一个偏置，而不是每个输出通道一个",
        "check.catalogue.in_channels_forgotten": "漏掉了因子C_in（分组卷积中是C_in / groups）",
        "check.catalogue.dilation_ignored": "计算输出尺寸时漏掉了膨胀率",
        "check.catalogue.macs_for_flops": "要FLOPs时给了MACs",
        "check.catalogue.flops_for_macs": "要MACs时给了FLOPs",
        "check.catalogue.minus_one_convention": "用了另一种FLOPs计数约定（2 x MACs、精确计数、“+1”计数）",
        "check.catalogue.ratio_inverted": "比值倒过来了（标准卷积除以深度可分离卷积）",
        "check.catalogue.standard_layer": "给出了标准卷积的计数，而不是模块的",
        "check.catalogue.one_layer_only": "模块的两层只算了一层",
        "check.catalogue.boundary_included": "边界上差一个（把“少于”当成了“不多于”）",
        "check.catalogue.bias_not_grouped": "以为偏置也会除以groups",
        "check.formula.params": "参数量 = K_h x K_w x C_in x C_out，bias=True时再加C_out",
        "check.formula.params.grouped": (
            "参数量 = K_h x K_w x (C_in / groups) x C_out，bias=True时再加C_out"
        ),
        "check.formula.output_size": (
            "H_out = floor((H + 2 x padding - dilation x (K - 1) - 1) / stride) + 1，W_out同理"
        ),
        "check.formula.macs": "MACs = K_h x K_w x C_in x C_out x H_out x W_out",
        "check.formula.macs.grouped": "MACs = K_h x K_w x (C_in / groups) x C_out x H_out x W_out",
        "check.formula.macs_plus_bias": "MACs + 偏置加法 = MACs + C_out x H_out x W_out（bias=True时）",
        "check.formula.flops": "FLOPs = 2 x MACs = 2 x K_h x K_w x C_in x C_out x H_out x W_out",
        "check.formula.flops.grouped": (
            "FLOPs = 2 x MACs = 2 x K_h x K_w x (C_in / groups) x C_out x H_out x W_out"
        ),
        "check.formula.flops_exact": (
            "精确计数 = (2 x K_h x K_w x C_in - 1) x C_out x H_out x W_out，"
            "bias=True时再加C_out x H_out x W_out"
        ),
        "check.formula.flops_exact.grouped": (
            "精确计数 = (2 x K_h x K_w x C_in / groups - 1) x C_out x H_out x W_out，"
            "bias=True时再加C_out x H_out x W_out"
        ),
        "check.formula.flops_plus_one": "2 x MACs + C_out x H_out x W_out",
        "check.slip.groups_ignored": (
            "忽略了分组：groups=g时每个卷积核只读取C_in / g个输入通道，而不是全部C_in个；"
            "全部算上就得到标准卷积（groups=1）的计数。"
        ),
        "check.slip.groups_divided_twice": (
            "分组除了两次：C_in / g是对的，但C_out不能再除以g，因为C_out个卷积核中每一个都有"
            "K_h x K_w x (C_in / g)个权重。两个都除以g，结果只剩正确值的1/g（标准卷积的1/g²）。"
        ),
        "check.slip.bias_forgotten": (
            "漏掉了偏置：bias=True时每个输出通道有一个偏置（共C_out个），"
            "每个输出元素还要多做一次加法。"
        ),
        "check.slip.bias_added_twice": (
            "多算了偏置：只有bias=True时这一层才有C_out个偏置，而且只算一次；请核对这一层的bias设置。"
        ),
        "check.slip.macs_for_flops": (
            "把MACs当成了FLOPs：一次乘加包含一次乘法和一次加法，所以FLOPs = 2 x MACs。"
        ),
        "check.slip.flops_for_macs": (
            "把FLOPs当成了MACs：一次乘加（MAC）是一次乘法加一次加法，MACs是FLOPs的一半。"
        ),
        "check.slip.minus_one_convention": (
            "用错了计数约定：2 x MACs、精确计数（n个乘积只需n - 1次加法，即“-1”）"
            "和“+1”公式之间，每个输出元素相差一次运算；请按题目指定的约定计算。"
        ),
        "check.slip.stride_applied_twice": (
            "步长用了两次：卷积核能移动的距离只除以一次步长，"
            "即floor((H + 2p - d(K - 1) - 1) / s) + 1。"
        ),
        "check.slip.rounded_up": (
            "向上取整了：PyTorch对步长的除法向下取整，因为放不下完整卷积核的位置不产生输出。"
        ),
        "check.slip.plus_one_forgotten": (
            "漏了“+ 1”：卷积核的第一个位置也产生一个输出，除以步长之后还要加1。"
        ),
        "check.slip.padding_once": "填充只算了一侧：padding=p会在两侧各补p，一共2p。",
        "check.slip.channels_swapped": (
            "输入通道和输出通道弄反了：每个卷积核读取全部C_in个输入通道，一共有C_out个卷积核（以及C_out个偏置）。"
        ),
        "check.slip.channels_swapped.grouped": (
            "输入通道和输出通道弄反了：每个卷积核读取C_in / groups个输入通道，"
            "一共有C_out个卷积核（以及C_out个偏置）。"
        ),
        "check.slip.in_channels_for_out": (
            "输出通道数错用成了输入通道数：这一层有C_out个卷积核和C_out个偏置，每个输出通道一个；"
            "C_in只决定每个卷积核读取多少个输入通道。"
        ),
        "check.slip.in_channels_for_out.grouped": (
            "输出通道数错用成了输入通道数：这一层有C_out个卷积核和C_out个偏置，每个输出通道一个；"
            "C_in只决定每个卷积核读取多少个输入通道（C_in / groups个）。"
        ),
        "check.slip.bias_always_added": (
            "bias=False时也算了偏置：这一层没有偏置，只有bias=True时才加C_out个偏置。"
        ),
        "check.slip.bias_divided_by_groups": (
            "偏置也除以了groups：分组只减少权重，C_out个输出通道仍然各有一个偏置，"
            "所以bias=True时要加C_out个，而不是C_out / g个。"
        ),
        "check.slip.article_figure": (
            "这是原文印出的数，而不是按原文公式算出的数：请把原文的公式逐个因子代入，自己乘出来。"
        ),
        "check.slip.not_counted": (
            "0次运算：FlopCounterMode只统计在它的with块里运行的运算。请在"
            "`with FlopCounterMode(display=False) as counter:`块里对输入调用这一层，"
            "再读取counter.get_total_flops()。"
        ),
        "check.slip.one_bias": (
            "整层只算了一个偏置：每个输出通道各有自己的偏置，所以bias=True时要加C_out个，而不是1个。"
        ),
        "check.slip.in_channels_forgotten": (
            "漏掉了输入通道数：每个输出元素要在C_in个输入通道上各做K_h x K_w次乘法，所以计数里有因子C_in。"
        ),
        "check.slip.in_channels_forgotten.params": (
            "漏掉了输入通道数：C_out个卷积核中的每一个在C_in个输入通道上各有K_h x K_w个权重，"
            "所以参数量里有因子C_in。"
        ),
        "check.slip.in_channels_forgotten.grouped": (
            "漏掉了因子C_in / g：groups=g时每个输出元素要在本组读取的C_in / g个输入通道上"
            "各做K_h x K_w次乘法。"
        ),
        "check.slip.in_channels_forgotten.params.grouped": (
            "漏掉了因子C_in / g：groups=g时C_out个卷积核中的每一个在本组读取的C_in / g个输入通道上"
            "各有K_h x K_w个权重。"
        ),
        "check.slip.dilation_ignored": (
            "忽略了膨胀率：dilation=d时卷积核相邻两点相隔d，K宽的卷积核覆盖d x (K - 1) + 1个位置；"
            "公式里减去的是dilation x (K - 1) + 1，而不是K。"
        ),
        "check.slip.kernel_not_squared.params": (
            "该用K_h x K_w的地方用了K：K x K的卷积核在每个输入通道上有K x K = K²个权重，而不是K个。"
        ),
        "check.slip.kernel_not_squared.ops": (
            "该用K_h x K_w的地方用了K：每个输出元素在每个输入通道上要做K x K = K²次乘法，而不是K次。"
        ),
        "check.slip.kernel_not_squared": (
            "把K²写成了K：K x K的卷积核在每个通道上有K²个位置，所以比值里是1/K²而不是1/K。"
        ),
        "check.slip.ratio_inverted": (
            "比值倒过来了：应该用深度可分离卷积的开销除以标准卷积的开销，结果小于1。"
        ),
        "summary.title": "{kind}，{dims}",
        "summary.dims.1": "一维",
        "summary.dims.2": "二维",
        "summary.dims.3": "三维",
        "summary.kind.standard": "标准卷积",
        "summary.kind.grouped": "分组卷积",
        "summary.kind.depthwise": "深度卷积",
        "summary.kind.pointwise": "逐点卷积（1x1卷积）",
        "summary.kind.transposed": "转置卷积",
        "summary.input": "输入形状",
        "summary.output": "输出形状",
        "summary.output_size": "输出尺寸",
        "summary.params": "参数量",
        "summary.bias_adds": "偏置加法次数",
        "summary.batch_note": "以上计数按整个批量（{batch}个样本）计算。",
        "summary.bias_on": "带偏置",
        "summary.bias_off": "不带偏置",
        "formula.heading": "{title}（{bias}）",
        "formula.field": "{label}：{value}",
        "formula.count": "{label}：",
        "formula.axes": "{label}（{axes}）",
        "formula.same_as_macs": "不带偏置，没有偏置要加，所以与MACs相同",
        "formula.written_note": (
            "O_written = {written}，即至少收到一个乘积的输出元素个数（在按填充裁掉边缘之前计数）。"
        ),
        "cli.description": "计算一个卷积层的参数量、输出尺寸和计算量。选项的名称和默认值与PyTorch相同。",
        "cli.epilog": (
            "示例（原文的那一层：输入227 x 227 x 3，卷积核11 x 11，6个卷积核，步长4，不带偏置）：\n"
            "  python -m course_lib count --in-channels 3 --out-channels 6 "
            "--kernel-size 11 --stride 4 --no-bias --input-size 227,227"
        ),
        "cli.group.commands": "命令",
        "cli.group.layer": "卷积层设置（与torch.nn.Conv1d/2d/3d相同）",
        "cli.group.input": "输入",
        "cli.group.output": "输出",
        "cli.help.help": "显示本帮助并退出",
        "cli.help.count": "计算一个卷积层",
        "cli.help.in_channels": "输入通道数（in_channels）",
        "cli.help.out_channels": "输出通道数（out_channels）",
        "cli.help.kernel_size": "卷积核大小（kernel_size）：一个整数，或每维一个，如3,5",
        "cli.help.stride": "步长（stride）：一个整数或每维一个（默认1）",
        "cli.help.padding": "每侧补零的填充（padding）：一个整数、每维一个、'same'或'valid'（默认0）",
        "cli.help.dilation": "卷积核各点之间的间隔，即膨胀率（dilation），写法同--stride（默认1）",
        "cli.help.groups": "分组数（groups），必须同时整除输入和输出通道数（默认1）",
        "cli.help.bias": "带偏置，与PyTorch的默认设置相同",
        "cli.help.no_bias": "不带偏置（bias=False）",
        "cli.help.transposed": "计算转置卷积（torch.nn.ConvTranspose1d/2d/3d）",
        "cli.help.output_padding": "转置卷积输出在一侧额外增加的尺寸（output_padding），写法同--stride（默认0）",
        "cli.help.input_size": "输入的空间尺寸：L，或H,W，或D,H,W；个数决定是一维、二维还是三维卷积",
        "cli.help.batch_size": "批量大小B（默认1）；所有计数都按整个批量计算",
        "cli.help.no_batch": "输入不带批量维度，形状为(C, *尺寸)",
        "cli.help.json": "把各项计数输出为一个JSON对象，代替文字摘要",
        "cli.help.language": "输出和错误信息的语言（默认en）",
        "cli.error": "错误：{text}",
        "cli.usage_error": "{text}；运行`{prog} --help`查看全部选项",
        "cli.not_integer": "{option}={value!r}不是整数，请写成3这样的整数",
        "cli.not_integers": "{option}={value!r}不是整数，也不是整数列表；请写一个整数（如3），或每维一个、用逗号分隔（如3,5）",
        "cli.input_size_count": (
            "--input-size={value!r}给出了{count}个尺寸；请给出1个（L）、2个（H,W）或3个（D,H,W），用逗号分隔"
        ),
        "widget.in_channels": "输入通道数（in_channels）",
        "widget.out_channels": "输出通道数（out_channels）",
        "widget.kernel_size": "卷积核大小（kernel_size）",
        "widget.stride": "步长（stride）",
        "widget.padding": "填充（padding）",
        "widget.dilation": "膨胀率（dilation）",
        "widget.groups": "分组数（groups）",
        "widget.bias": "偏置（bias）",
        "widget.input_size": "输入尺寸H = W",
        "widget.invalid": "这组设置无效：",
        "widget.quantity": "项目",
        "widget.formula": "公式",
        "widget.value": "数值",
        "widget.depth_multiplier": "深度乘数（depth_multiplier）",
        "widget.padding_same": "padding='same'（尺寸不变）",
        "widget.filled": "代入数值",
        "widget.kind.standard": "标准卷积",
        "widget.kind.grouped": "分组卷积",
        "widget.kind.depthwise": "深度卷积",
        "widget.kind.separable": "深度可分离卷积",
        "widget.title": "{kind}：输入{input_shape} → 输出{output_shape}",
        "widget.layer.depthwise": "深度卷积层（{in_channels} → {out_channels}个通道，groups={groups}）",
        "widget.layer.pointwise": "逐点卷积层（1x1，{in_channels} → {out_channels}个通道）",
        "widget.layer.total": "整个模块：深度卷积 + 逐点卷积",
        "widget.unknown_setting": "{kind}探索器没有{name}这个设置，可用的设置有{choices}",
        "widget.unknown_kind": "没有kind={value!r}这种卷积，请用{choices}之一",
        "plot.kernel_size": "卷积核大小K",
        "plot.count": "次数",
        "plot.params": "参数量",
        "plot.flops": "计算量FLOPs（2 x MACs）",
        "plot.cost_vs_kernel": "{in_channels} → {out_channels}卷积层在{size}x{size}输入上的开销",
        "plot.with_settings": "{title}（{settings}）",
        "plot.setting.stride": "步长{stride}",
        "plot.setting.padding": "填充{padding}",
        "plot.k_squared": "从K={kernel}起按K²增长",
        "plot.this_layer": "这一层（不同K）",
        "plot.standard_reference": "通道数相同的标准卷积",
        "plot.current": "当前设置",
        "plot.no_data": "当前设置无效，画不出曲线",
        "plot.output_size_title": (
            "i={size}，k={kernel}，s={stride}，p={padding}，d={dilation}：输出尺寸为{output}"
        ),
        "plot.input_cell": "输入",
        "plot.padding_cell": "填充",
        "plot.uncovered": "未被覆盖",
        "plot.output_position": "输出{index}",
        "plot.conventions_title": "同一层的运算量，五种计数约定",
        "plot.font_missing": "注意：没有找到含中文字形的字体，图中改用英文标签。运行`python3 run.py setup`可以安装课程自带的字体。",
    },
}


def message(key: str, language: str = "en", **fields: object) -> str:
    """Fill in the message `key` in `language` with `fields`.

    Raises ValueError for an unknown language and KeyError for an unknown key,
    since both are mistakes in the course's own code, not the learner's.
    """
    if language not in MESSAGES:
        raise ValueError(
            MESSAGES["en"]["error.language"].format(value=language, choices=", ".join(LANGUAGES))
        )
    separator = LIST_SEPARATORS[language]
    filled = {
        name: separator.join(str(item) for item in value) if isinstance(value, ListField) else value
        for name, value in fields.items()
    }
    return MESSAGES[language][key].format(**filled)


def placeholders(template: str) -> set[str]:
    """Return the field names that `template` fills in, for the parity test."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}
