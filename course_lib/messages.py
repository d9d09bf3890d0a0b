"""Every sentence the course shows a learner, in English and Simplified Chinese.

One table holds both languages so that a test can prove they have the same keys
and the same placeholders. Code asks for a message by key and language; nothing
else in the package writes user-facing text.
"""

from __future__ import annotations

import string

__all__ = ["LANGUAGES", "MESSAGES", "message", "placeholders"]

LANGUAGES = ("en", "zh")

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
            "output_padding={output_padding} on axis {axis} must be smaller than "
            "stride={stride} or dilation={dilation} on that axis"
        ),
        "error.kernel_too_large": (
            "on axis {axis} the kernel spans {span} positions "
            "(dilation x (kernel_size - 1) + 1 = {dilation} x ({kernel} - 1) + 1), more "
            "than the padded input size {padded} (input {size} + 2 x padding {padding}); "
            "use a smaller kernel or dilation, more padding or a larger input"
        ),
        "error.transposed_output_too_small": (
            "on axis {axis} the transposed convolution's output size would be {size}; "
            "reduce padding={padding} or use a larger input"
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
            "input shape {shape} has spatial size {value} on axis {axis}; "
            "every spatial size must be 1 or more"
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
        "shuffle.groups_divide": (
            "groups={groups} must divide the number of channels {channels}; "
            "use one of {choices}"
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
            "weight shape {shape} has out_channels={out_channels} (dimension 0), which "
            "groups={groups} does not divide; groups must divide both channel counts, "
            "for example {choices}"
        ),
        "error.weight_in_channels": (
            "weight shape {shape} has {actual} input channels per kernel (dimension 1), "
            "but in_channels={in_channels} split into groups={groups} needs "
            "in_channels / groups = {expected}"
        ),
        "error.bias_shape": (
            "bias shape {shape} does not fit out_channels={out_channels}; the bias needs "
            "shape ({out_channels},), one value per output channel"
        ),
        # Names of the counting conventions.
        "convention.macs": "MACs (multiply-accumulates)",
        "convention.macs_plus_bias": "MACs + bias additions (ptflops, torchinfo)",
        "convention.flops": "FLOPs = 2 x MACs (PyTorch FlopCounterMode)",
        "convention.flops_exact": "exact operation count",
        "convention.flops_plus_one": "2 x MACs + 1 per output (the article's grouped formula)",
        # The calculator's summary.
        "summary.title": "{kind} convolution, {dims}d",
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
        "formula.written_note": (
            "O_written = {written} is the number of output elements that receive at least "
            "one product, counted before padding crops the border."
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
        # Plot labels.
        "plot.kernel_size": "kernel size K",
        "plot.count": "count",
        "plot.params": "parameters",
        "plot.flops": "FLOPs (2 x MACs)",
        "plot.cost_vs_kernel": "Cost of a {in_channels}->{out_channels} layer on {size}x{size}",
        "plot.font_missing": (
            "NOTE: no font with Chinese glyphs was found, so the figure uses English labels. "
            "Run `python3 run.py setup` to install the course's font."
        ),
    },
    "zh": {
        "error.not_integer": (
            "{name}必须是整数，现在是{value!r}（类型 {type_name}）；请写成 3 这样的整数"
        ),
        "error.not_bool": "{name}只能是 True 或 False，现在是{value!r}",
        "error.not_positive": "{name}={value}必须是正整数（至少为 1）",
        "error.negative": "{name}={value}不能为负数，请用 0 或更大的整数",
        "error.wrong_length": (
            "{name}={value!r}有 {length} 个值，而{dims}d 卷积只接受一个整数或 {dims} 个整数的元组"
        ),
        "error.dims": "不支持 dims={value!r}，请用 1、2 或 3",
        "error.groups_divide": (
            "groups={groups}必须整除{name}={value}；能同时整除两个通道数的 groups 有：{choices}"
        ),
        "error.padding_string": ("padding={value!r}无效，请用 'same'、'valid' 或非负整数"),
        "error.same_needs_stride_1": (
            "padding='same'要求 stride=1，现在 stride={stride}；步长大于 1 时请把填充写成整数"
        ),
        "error.transposed_padding_string": (
            "转置卷积不支持 padding={value!r}，请把填充写成非负整数"
        ),
        "error.output_padding_not_transposed": (
            "output_padding={value!r}只用于转置卷积；请设置 transposed=True，或让 output_padding 保持 0"
        ),
        "error.output_padding": (
            "第 {axis} 维的 output_padding={output_padding}必须小于该维的 "
            "stride={stride}或 dilation={dilation}"
        ),
        "error.kernel_too_large": (
            "第 {axis} 维上卷积核覆盖 {span} 个位置"
            "（dilation x (kernel_size - 1) + 1 = {dilation} x ({kernel} - 1) + 1），"
            "超过了填充后的输入尺寸 {padded}（输入 {size} + 2 x 填充 {padding}）；"
            "请减小卷积核或膨胀率，或者增大填充、换更大的输入"
        ),
        "error.transposed_output_too_small": (
            "第 {axis} 维上转置卷积的输出尺寸会是 {size}；请减小 padding={padding}或换更大的输入"
        ),
        "error.input_rank": (
            "输入形状 {shape} 有 {rank} 维；{dims}d 卷积需要 {unbatched} 维（通道加 {dims} 个空间尺寸）"
            "或 {batched} 维（最前面是批量）"
        ),
        "error.input_channels": (
            "输入形状 {shape} 有 {channels} 个通道，而这一层的 in_channels={in_channels}；两者必须相等"
        ),
        "error.input_spatial": (
            "输入形状 {shape} 第 {axis} 维的空间尺寸是 {value}；每个空间尺寸都至少为 1"
        ),
        "error.convention": "没有 convention={value!r} 这种计数约定，请用 {choices} 之一",
        "error.language": "不支持 language={value!r}，请用 {choices} 之一",
        "separable.no_crossover": (
            "卷积核面积为{kernel_area}、depth_multiplier={depth_multiplier}时不存在交叉点："
            "无论 out_channels 取多少，深度可分离卷积的参数量都比标准卷积多；"
            "请让卷积核面积大于 depth_multiplier"
        ),
        "separable.plot_title": "深度可分离卷积与标准卷积的开销之比 = 1/N + 1/K²",
        "separable.plot_out_channels": "输出通道数 N",
        "separable.plot_ratio": "开销之比（参数量与 MACs，不带偏置）",
        "separable.plot_kernel": "K = {kernel}",
        "separable.plot_break_even": "开销相等（比值为 1）",
        "shuffle.groups_divide": (
            "groups={groups}必须整除通道数{channels}，可选的值有：{choices}"
        ),
        "error.array_not_numeric": (
            "{name}的 dtype 是 {dtype}；NumPy 卷积只接受数值数组，例如 float32"
        ),
        "error.weight_rank": (
            "weight 的形状 {shape} 有 {rank} 维；2d 卷积的权重应有 4 维："
            "(out_channels, in_channels / groups, kernel_h, kernel_w)"
        ),
        "error.weight_out_channels": (
            "weight 的形状 {shape} 中 out_channels={out_channels}（第 0 维）"
            "不能被 groups={groups}整除；groups 必须同时整除两个通道数，例如 {choices}"
        ),
        "error.weight_in_channels": (
            "weight 的形状 {shape} 中每个卷积核有 {actual} 个输入通道（第 1 维），"
            "但 in_channels={in_channels}分成 groups={groups}组后，每组应有 "
            "in_channels / groups = {expected} 个"
        ),
        "error.bias_shape": (
            "bias 的形状 {shape} 与 out_channels={out_channels}不符；"
            "偏置的形状应为 ({out_channels},)，每个输出通道一个值"
        ),
        "convention.macs": "MACs（乘加运算次数）",
        "convention.macs_plus_bias": "MACs + 偏置加法（ptflops、torchinfo 的算法）",
        "convention.flops": "FLOPs = 2 x MACs（PyTorch FlopCounterMode 的算法）",
        "convention.flops_exact": "精确运算次数",
        "convention.flops_plus_one": "2 x MACs + 每个输出 1 次（原文分组卷积公式的算法）",
        "summary.title": "{kind}，{dims}d",
        "summary.kind.standard": "标准卷积",
        "summary.kind.grouped": "分组卷积",
        "summary.kind.depthwise": "深度卷积",
        "summary.kind.pointwise": "逐点卷积（1x1 卷积）",
        "summary.kind.transposed": "转置卷积",
        "summary.input": "输入形状",
        "summary.output": "输出形状",
        "summary.output_size": "输出尺寸",
        "summary.params": "参数量",
        "summary.bias_adds": "偏置加法次数",
        "summary.batch_note": "以上计数按整个批量（{batch} 个样本）计算。",
        "summary.bias_on": "带偏置",
        "summary.bias_off": "不带偏置",
        "formula.heading": "{title}（{bias}）",
        "formula.field": "{label}：{value}",
        "formula.count": "{label}：",
        "formula.axes": "{label}（{axes}）",
        "formula.written_note": (
            "O_written = {written}，即至少收到一个乘积的输出元素个数（在按填充裁掉边缘之前计数）。"
        ),
        "widget.in_channels": "输入通道数 in_channels",
        "widget.out_channels": "输出通道数 out_channels",
        "widget.kernel_size": "卷积核大小 kernel_size",
        "widget.stride": "步长 stride",
        "widget.padding": "填充 padding",
        "widget.dilation": "膨胀率 dilation",
        "widget.groups": "分组数 groups",
        "widget.bias": "偏置 bias",
        "widget.input_size": "输入 H = W",
        "widget.invalid": "这组设置无效：",
        "widget.quantity": "量",
        "widget.formula": "公式",
        "widget.value": "数值",
        "plot.kernel_size": "卷积核大小 K",
        "plot.count": "次数",
        "plot.params": "参数量",
        "plot.flops": "计算量 FLOPs（2 x MACs）",
        "plot.cost_vs_kernel": "{in_channels}->{out_channels} 卷积层在 {size}x{size} 输入上的开销",
        "plot.font_missing": (
            "注意：没有找到含中文字形的字体，图中改用英文标签。"
            "运行 `python3 run.py setup` 可以安装课程自带的字体。"
        ),
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
    return MESSAGES[language][key].format(**fields)


def placeholders(template: str) -> set[str]:
    """Return the field names that `template` fills in, for the parity test."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}
