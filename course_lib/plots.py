"""Figures for the lessons: output size, cost versus kernel size, and the conventions.

Every function builds a `matplotlib.figure.Figure` directly, without pyplot,
so no global figure is left open and the explorer widget can keep one figure
and redraw it in place. A notebook shows a returned figure when it is the last
expression of a cell, once `%matplotlib inline` has run in the setup cell.
Labels come from the bilingual message table. For Chinese labels, call
`course_lib.fonts.use_font_for("zh")` first and pass the language it returns.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator
from PIL import Image

from course_lib.conventions import Convention
from course_lib.counting import ConvCost, count_conv
from course_lib.errors import CourseError
from course_lib.messages import ListField, message
from course_lib.spec import ConvSpec

__all__ = [
    "CostCurveFigure",
    "CostSeries",
    "cost_series",
    "figure_png",
    "k_squared_growth",
    "plot_conventions",
    "plot_cost_vs_kernel",
    "plot_output_size",
]

CURRENT_COLOR = "#d62728"
THIS_COLOR = "#1f77b4"
REFERENCE_COLOR = "#7f7f7f"
K_SQUARED_COLOR = "#ff7f0e"
PADDING_COLOR = "#d9d9d9"


@dataclass(frozen=True)
class CostSeries:
    """Parameters and FLOPs (2 x MACs) of a layer for each kernel size.

    A kernel size at which the layer is invalid (the kernel does not fit the
    padded input, for example) is NaN, so matplotlib leaves a gap there.
    """

    kernel_sizes: np.ndarray
    params: np.ndarray
    flops: np.ndarray


def cost_series(count_for: Callable[[int], object], kernel_sizes: Sequence[int]) -> CostSeries:
    """Count a layer at each kernel size with `count_for(kernel_size)`.

    `count_for` returns a ConvCost or a SeparableCost, or raises a CourseError
    for a kernel size that does not fit; that point becomes NaN.
    """
    params, flops = [], []
    for kernel_size in kernel_sizes:
        try:
            cost = count_for(kernel_size)
        except CourseError:
            params.append(math.nan)
            flops.append(math.nan)
            continue
        params.append(float(cost.params))
        flops.append(float(cost.flops))
    return CostSeries(
        kernel_sizes=np.asarray(kernel_sizes, dtype=float),
        params=np.asarray(params),
        flops=np.asarray(flops),
    )


def k_squared_growth(kernel_sizes: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Scale the first finite value by (K / K_first)^2: how a count would grow with K^2 alone.

    A count whose other factors stay fixed follows this curve exactly. A
    layer's FLOPs fall below it when a larger kernel leaves fewer output
    positions. Kernel sizes before the first finite value, and all of them
    when no value is finite, get NaN.
    """
    growth = np.full(len(kernel_sizes), math.nan)
    finite = np.flatnonzero(np.isfinite(values))
    if not finite.size:
        return growth
    first = finite[0]
    growth[first:] = values[first] * (kernel_sizes[first:] / kernel_sizes[first]) ** 2
    return growth


def compact_number(value: float, position: int | None = None) -> str:
    """Write an axis value with an SI prefix: 13176900 as "13.2M".

    Plain text with no mathtext, because parsing mathtext on every redraw
    would take most of the explorer's update time.
    """
    for factor, prefix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:.3g}{prefix}"
    return f"{value:.3g}"


def canvas_png(canvas: FigureCanvasAgg) -> bytes:
    """Encode what `canvas` last drew as PNG bytes, without drawing again.

    The fastest zlib level is used because the explorer sends a fresh image on
    every change; the file is about 5% larger than at the default level.
    """
    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def figure_png(figure: Figure) -> bytes:
    """Render `figure` to PNG bytes at its own size.

    NOTE: bbox_inches="tight" is left out on purpose, because it draws the
    figure twice and the explorer's redraws would take noticeably longer.
    """
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


class CostCurveFigure:
    """Parameters and FLOPs against kernel size, redrawn in place on each update.

    The figure has two panels: parameters on the left and FLOPs (2 x MACs) on
    the right. Each shows the layer's curve, optionally a dashed curve for the
    standard convolution with the same channels, and a ring at the current
    kernel size. With `show_k_squared`, the FLOPs panel also draws a dotted
    curve that grows with K^2 from the first kernel size, so a reader can see
    how far the FLOPs fall below K^2 growth. `update` changes only the data
    of existing artists, so one Figure object serves every redraw.

    `to_png` draws the whole figure only when something other than the ring
    has changed. Otherwise it restores the saved background and draws the
    ring alone (blitting), which takes a few milliseconds instead of the
    40-50 ms of a full draw; moving along the kernel-size axis is the common
    case in the explorer.
    """

    def __init__(
        self,
        language: str = "en",
        show_reference: bool = False,
        width: float = 8.0,
        height: float = 3.0,
        dpi: int = 80,
        show_k_squared: bool = False,
    ) -> None:
        self.language = language
        self.figure = Figure(figsize=(width, height), dpi=dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        self.background = None
        self.background_scene: tuple | None = None
        # Fixed margins keep the panels still between redraws; constrained layout would move them.
        self.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.78, wspace=0.25)
        self.title = self.figure.suptitle("", fontsize=11)
        self.axes = self.figure.subplots(1, 2)
        self.layer_lines = []
        self.reference_lines = []
        self.current_markers = []

        for axes, title_key in zip(self.axes, ("plot.params", "plot.flops"), strict=True):
            axes.set_title(message(title_key, language), fontsize=10)
            axes.set_xlabel(message("plot.kernel_size", language))
            # Kernel sizes are whole numbers, so the axis never shows a tick at 2.5.
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))
            axes.yaxis.set_major_formatter(FuncFormatter(compact_number))
            axes.grid(alpha=0.3)
            (layer_line,) = axes.plot(
                [],
                [],
                marker="o",
                markersize=3,
                color=THIS_COLOR,
                label=message("plot.this_layer", language),
            )
            (reference_line,) = axes.plot(
                [],
                [],
                linestyle="--",
                color=REFERENCE_COLOR,
                label=message("plot.standard_reference", language),
            )
            reference_line.set_visible(show_reference)
            (current_marker,) = axes.plot(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=10,
                markerfacecolor="none",
                markeredgecolor=CURRENT_COLOR,
                markeredgewidth=2,
                label=message("plot.current", language),
                # Above the spines and the legend, where blitting draws it too.
                zorder=6,
            )
            self.layer_lines.append(layer_line)
            self.reference_lines.append(reference_line)
            self.current_markers.append(current_marker)

        handles = [self.layer_lines[0], self.current_markers[0]]
        if show_reference:
            handles.insert(1, self.reference_lines[0])
        self.axes[0].legend(handles=handles, fontsize=8, loc="upper left")

        self.k_squared_line = None
        if show_k_squared:
            (self.k_squared_line,) = self.axes[1].plot(
                [],
                [],
                linestyle=":",
                linewidth=2,
                color=K_SQUARED_COLOR,
                label=message("plot.k_squared", language, kernel=1),
            )
            self.axes[1].legend(handles=[self.k_squared_line], fontsize=8, loc="upper left")

    def update(
        self,
        layer: CostSeries | None,
        reference: CostSeries | None = None,
        current_kernel: int | None = None,
        title: str = "",
    ) -> None:
        """Show new curves; `layer=None` clears the panels for an invalid setting."""
        self.title.set_text(title if layer is not None else message("plot.no_data", self.language))
        empty = np.array([])

        for index, axes in enumerate(self.axes):
            field = "params" if index == 0 else "flops"
            layer_line = self.layer_lines[index]
            reference_line = self.reference_lines[index]
            marker = self.current_markers[index]
            if layer is None:
                layer_line.set_data(empty, empty)
                reference_line.set_data(empty, empty)
                marker.set_data(empty, empty)
                if field == "flops" and self.k_squared_line is not None:
                    self.k_squared_line.set_data(empty, empty)
                continue

            values = getattr(layer, field)
            layer_line.set_data(layer.kernel_sizes, values)
            if reference is not None:
                reference_line.set_data(reference.kernel_sizes, getattr(reference, field))
            current = np.flatnonzero(layer.kernel_sizes == current_kernel)
            if current.size:
                marker.set_data(layer.kernel_sizes[current], values[current])
            else:
                marker.set_data(empty, empty)

            extra = []
            if field == "flops" and self.k_squared_line is not None:
                growth = k_squared_growth(layer.kernel_sizes, values)
                self.k_squared_line.set_data(layer.kernel_sizes, growth)
                axes.get_legend().get_texts()[0].set_text(self.k_squared_label(layer))
                extra.append(growth)

            self.rescale(axes, layer, reference, field, extra)

    def k_squared_label(self, layer: CostSeries) -> str:
        """Name the K^2 curve after the kernel size it starts from."""
        finite = np.flatnonzero(np.isfinite(layer.flops))
        start = int(layer.kernel_sizes[finite[0]]) if finite.size else 1
        return message("plot.k_squared", self.language, kernel=start)

    @staticmethod
    def rescale(
        axes,
        layer: CostSeries,
        reference: CostSeries | None,
        field: str,
        extra: Sequence[np.ndarray] = (),
    ) -> None:
        """Fit the axes to the finite values; keep the old limits when there are none."""
        series = [getattr(layer, field), *extra]
        if reference is not None:
            series.append(getattr(reference, field))
        finite = np.concatenate([values[np.isfinite(values)] for values in series])
        axes.set_xlim(layer.kernel_sizes[0] - 0.5, layer.kernel_sizes[-1] + 0.5)
        if finite.size:
            axes.set_ylim(0, float(finite.max()) * 1.08 or 1.0)

    def scene(self) -> tuple:
        """Describe everything drawn except the rings, to tell when a full draw is due."""
        lines = [*self.layer_lines, *self.reference_lines]
        if self.k_squared_line is not None:
            lines.append(self.k_squared_line)
        legend_texts = [
            entry.get_text()
            for axes in self.axes
            if axes.get_legend() is not None
            for entry in axes.get_legend().get_texts()
        ]
        return (
            tuple(np.asarray(line.get_xydata()).tobytes() for line in lines),
            tuple(line.get_visible() for line in lines),
            tuple(axes.get_xlim() + axes.get_ylim() for axes in self.axes),
            self.title.get_text(),
            tuple(legend_texts),
        )

    def to_png(self) -> bytes:
        """Render the figure to PNG bytes, blitting the rings when only they moved."""
        scene = self.scene()
        if scene != self.background_scene:
            for marker in self.current_markers:
                marker.set_visible(False)
            self.canvas.draw()
            self.background = self.canvas.copy_from_bbox(self.figure.bbox)
            self.background_scene = scene
            for marker in self.current_markers:
                marker.set_visible(True)
        else:
            self.canvas.restore_region(self.background)

        for axes, marker in zip(self.axes, self.current_markers, strict=True):
            axes.draw_artist(marker)
        return canvas_png(self.canvas)


def plot_cost_vs_kernel(
    in_channels: int,
    out_channels: int,
    input_size: int,
    kernel_sizes: Sequence[int] = tuple(range(1, 12)),
    stride: int = 1,
    padding: int | str = 0,
    groups: int = 1,
    bias: bool = False,
    current_kernel: int | None = None,
    language: str = "en",
    show_k_squared: bool = False,
) -> Figure:
    """Plot a convolution's parameters and FLOPs (2 x MACs) against kernel size K.

    The input is in_channels x input_size x input_size, and the title names
    the stride and any padding. With groups > 1 the standard convolution with
    the same channels is drawn dashed beside it. With `show_k_squared`, a
    dotted curve in the FLOPs panel grows with K^2 from the first kernel size.
    Raises ConvSettingError or ConvTypeError for settings that are invalid at
    every kernel size (groups that do not divide the channels, for example).
    """
    ConvSpec.create(in_channels, out_channels, 1, stride, padding, groups=groups, bias=bias)
    input_shape = (in_channels, input_size, input_size)

    def count_grouped(kernel_size: int) -> ConvCost:
        spec = ConvSpec.create(
            in_channels, out_channels, kernel_size, stride, padding, groups=groups, bias=bias
        )
        return count_conv(spec, input_shape)

    def count_standard(kernel_size: int) -> ConvCost:
        spec = ConvSpec.create(in_channels, out_channels, kernel_size, stride, padding, bias=bias)
        return count_conv(spec, input_shape)

    show_reference = groups > 1
    curves = CostCurveFigure(
        language, show_reference=show_reference, dpi=100, show_k_squared=show_k_squared
    )
    curves.update(
        cost_series(count_grouped, kernel_sizes),
        cost_series(count_standard, kernel_sizes) if show_reference else None,
        current_kernel,
        cost_curve_title(in_channels, out_channels, input_size, stride, padding, language),
    )
    return curves.figure


def cost_curve_title(
    in_channels: int,
    out_channels: int,
    input_size: int,
    stride: int,
    padding: int | str,
    language: str,
) -> str:
    """Write the cost curve's title: the layer, its input, its stride and any padding.

    The stride and the padding change the output size, so a reader needs them
    to redo a point of the curve. Zero and "valid" padding are left out.
    """
    title = message(
        "plot.cost_vs_kernel",
        language,
        in_channels=in_channels,
        out_channels=out_channels,
        size=input_size,
    )
    settings = [message("plot.setting.stride", language, stride=stride)]
    if padding not in (0, "valid"):
        settings.append(message("plot.setting.padding", language, padding=padding))
    return message("plot.with_settings", language, title=title, settings=ListField(settings))


def padding_sides(spec: ConvSpec) -> tuple[int, int]:
    """Return the zeros added before and after the input on the first axis.

    For padding="same" PyTorch splits d(k - 1) zeros and puts the odd one at the end.
    """
    if spec.padding == "same":
        total = spec.dilation[0] * (spec.kernel_size[0] - 1)
        return total // 2, total - total // 2
    return spec.padding[0], spec.padding[0]


def plot_output_size(
    input_size: int,
    kernel_size: int,
    stride: int = 1,
    padding: int | str = 0,
    dilation: int = 1,
    language: str = "en",
) -> Figure:
    """Draw where a 1d kernel lands on an input row, one row per output position.

    The top row is the input with its padding; each row below marks the taps
    of one output position. Input cells that no tap reaches are outlined in
    red: they are what the floor in the output-size formula drops. Raises
    ConvSettingError when the kernel does not fit the padded input.

    NOTE: the figure is about 0.4 inch wide per cell, so it suits inputs of a
    few dozen cells, not a 227-cell image row.
    """
    spec = ConvSpec.create(1, 1, kernel_size, stride, padding, dilation, dims=1)
    cost = count_conv(spec, (1, input_size))
    (output_length,) = cost.output_size
    before, after = padding_sides(spec)
    padded_length = before + input_size + after
    kernel, step, spread = spec.kernel_size[0], spec.stride[0], spec.dilation[0]

    taps = [
        [position * step + tap * spread for tap in range(kernel)]
        for position in range(output_length)
    ]
    covered = {cell for row in taps for cell in row}

    has_padding = padded_length > input_size
    has_uncovered = any(cell not in covered for cell in range(before, before + input_size))
    has_legend = has_padding or has_uncovered

    width = max(4.5, 0.42 * padded_length + 2.2)
    # The legend takes a line of its own between the title and the input row.
    height = 0.42 * (output_length + 1) + 1.1 + (0.3 if has_legend else 0.0)
    figure = Figure(figsize=(width, height), dpi=100)
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.set_aspect("equal")

    for cell in range(padded_length):
        is_padding = cell < before or cell >= before + input_size
        uncovered = not is_padding and cell not in covered
        axes.add_patch(
            Rectangle(
                (cell, 0),
                0.9,
                0.9,
                facecolor=PADDING_COLOR if is_padding else "white",
                edgecolor=CURRENT_COLOR if uncovered else "black",
                linewidth=2 if uncovered else 1,
            )
        )
        if not is_padding:
            axes.text(cell + 0.45, 0.45, str(cell - before), ha="center", va="center", fontsize=7)

    for position, row in enumerate(taps):
        y = -(position + 1)
        axes.plot([row[0] + 0.45, row[-1] + 0.45], [y + 0.45, y + 0.45], color=THIS_COLOR, lw=1)
        for cell in row:
            axes.add_patch(Rectangle((cell + 0.15, y + 0.15), 0.6, 0.6, facecolor=THIS_COLOR))
        axes.text(
            -0.4,
            y + 0.45,
            message("plot.output_position", language, index=position),
            ha="right",
            va="center",
            fontsize=8,
        )

    axes.text(
        -0.4,
        0.45,
        message("plot.input_cell", language),
        ha="right",
        va="center",
        fontsize=8,
    )
    # The legend lists only what the figure shows: no padding entry when p = 0.
    legend, labels = [], []
    if has_padding:
        legend.append(Rectangle((0, 0), 1, 1, facecolor=PADDING_COLOR, edgecolor="black"))
        labels.append(message("plot.padding_cell", language))
    if has_uncovered:
        legend.append(Rectangle((0, 0), 1, 1, facecolor="white", edgecolor=CURRENT_COLOR, lw=2))
        labels.append(message("plot.uncovered", language))
    if has_legend:
        axes.legend(
            legend, labels, loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=8, ncols=2
        )

    axes.set_xlim(-2.6, padded_length + 0.1)
    axes.set_ylim(-output_length - 0.2, 1.1)
    shown_padding = spec.padding if spec.padding == "same" else spec.padding[0]
    axes.set_title(
        message(
            "plot.output_size_title",
            language,
            size=input_size,
            kernel=kernel,
            stride=step,
            padding=repr(shown_padding) if shown_padding == "same" else shown_padding,
            dilation=spread,
            output=output_length,
        ),
        fontsize=9,
        loc="left",
        # Lift the title above the legend's line so that the two never overlap.
        pad=22 if has_legend else 6,
    )
    return figure


def plot_conventions(cost, language: str = "en") -> Figure:
    """Draw a bar chart of one layer's arithmetic under each counting convention.

    `cost` is a ConvCost or a SeparableCost. Each bar is labelled with its exact
    value, so the small differences between the three FLOPs conventions can be
    read even where the bars look equal.
    """
    conventions = list(Convention)
    values = [cost.count(convention) for convention in conventions]
    labels = [convention.label(language) for convention in conventions]

    figure = Figure(figsize=(8.0, 2.8), dpi=100)
    figure.subplots_adjust(left=0.42, right=0.84, top=0.86, bottom=0.1)
    axes = figure.add_subplot()
    positions = np.arange(len(values))
    axes.barh(positions, values, color=THIS_COLOR)
    axes.set_yticks(positions, labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_xticks([])
    for spine in ("top", "right", "bottom"):
        axes.spines[spine].set_visible(False)
    for position, value in zip(positions, values, strict=True):
        axes.text(value, position, f" {value}", va="center", fontsize=8)
    axes.set_title(message("plot.conventions_title", language), fontsize=10)
    return figure
