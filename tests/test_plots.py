"""The lesson figures: their data, their labels, and no missing Chinese glyphs."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from course_lib.conventions import Convention
from course_lib.counting import count_conv
from course_lib.errors import ConvSettingError
from course_lib.fonts import use_font_for
from course_lib.messages import LANGUAGES, message
from course_lib.plots import (
    CostCurveFigure,
    compact_number,
    cost_series,
    figure_png,
    k_squared_growth,
    plot_conventions,
    plot_cost_vs_kernel,
    plot_output_size,
)
from course_lib.shapes import conv_output_length
from course_lib.spec import ConvSpec
from course_lib.widgets import ConvExplorer


def source_example_cost():
    """The source article's layer: 3 -> 6 channels, 11 x 11, stride 4, on 227 x 227."""
    spec = ConvSpec.create(3, 6, 11, stride=4, bias=False)
    return count_conv(spec, (1, 3, 227, 227))


def figure_texts(figure) -> list[str]:
    """Every non-empty text drawn on the figure, titles and tick labels included."""
    figure_png(figure)
    return [text.get_text() for text in figure.findobj(lambda artist: hasattr(artist, "get_text"))]


@pytest.mark.parametrize("language", LANGUAGES)
def test_figures_have_every_glyph(language):
    plot_language = use_font_for(language)
    assert plot_language == language

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figures = [
            plot_output_size(8, 3, stride=2, language=language),
            plot_output_size(7, 3, padding="same", dilation=2, language=language),
            plot_cost_vs_kernel(
                3, 6, 227, stride=4, groups=3, current_kernel=11, language=language
            ),
            plot_cost_vs_kernel(
                3, 6, 227, stride=4, current_kernel=11, language=language, show_k_squared=True
            ),
            plot_conventions(source_example_cost(), language),
        ]
        for figure in figures:
            assert figure_png(figure).startswith(b"\x89PNG")
        explorer = ConvExplorer(language, "separable")
        explorer.set(kernel_size=3)
        explorer.set(in_channels=0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_output_size_labels(language):
    use_font_for(language)
    figure = plot_output_size(8, 3, stride=2, language=language)
    texts = figure_texts(figure)

    title = message(
        "plot.output_size_title",
        language,
        size=8,
        kernel=3,
        stride=2,
        padding=0,
        dilation=1,
        output=conv_output_length(8, 3, 2, 0, 1),
    )
    assert title in texts
    assert message("plot.output_position", language, index=2) in texts
    assert message("plot.uncovered", language) in texts


@pytest.mark.parametrize(
    ("input_size", "kernel_size", "stride", "padding", "dilation"),
    [(8, 3, 2, 0, 1), (7, 3, 2, 1, 1), (10, 3, 1, 0, 2), (12, 4, 3, 1, 1)],
)
def test_output_size_rows(input_size, kernel_size, stride, padding, dilation):
    figure = plot_output_size(input_size, kernel_size, stride, padding, dilation)
    texts = figure_texts(figure)
    expected = conv_output_length(input_size, kernel_size, stride, padding, dilation)

    rows = [text for text in texts if text.startswith("output ") and "size" not in text]
    assert len(rows) == expected


def test_output_size_marks_dropped_cells():
    # floor((8 - 3) / 2) + 1 = 3 positions reach cells 0..6, so cell 7 is never read.
    dropped = figure_texts(plot_output_size(8, 3, stride=2))
    # floor((7 - 3) / 2) + 1 = 3 positions reach cells 0..6, every cell.
    exact = figure_texts(plot_output_size(7, 3, stride=2))

    assert message("plot.uncovered", "en") in dropped
    assert message("plot.uncovered", "en") not in exact


def test_output_size_rejects_large_kernel():
    with pytest.raises(ConvSettingError, match="kernel spans 5 positions"):
        plot_output_size(4, 5)


def test_cost_series_gaps_for_invalid_kernels():
    input_shape = (3, 8, 8)

    def count_for(kernel_size):
        return count_conv(ConvSpec.create(3, 6, kernel_size, bias=False), input_shape)

    series = cost_series(count_for, range(1, 11))

    assert series.params[2] == count_for(3).params
    assert series.flops[7] == count_for(8).flops
    assert math.isnan(series.params[8])
    assert math.isnan(series.flops[9])


def test_cost_curve_figure_updates_in_place():
    curves = CostCurveFigure("en", show_reference=True)
    figure, lines = curves.figure, list(curves.layer_lines)
    kernel_sizes = np.arange(1, 6)
    layer = cost_series(
        lambda k: count_conv(ConvSpec.create(4, 8, k, groups=2), (4, 16, 16)), kernel_sizes
    )
    reference = cost_series(
        lambda k: count_conv(ConvSpec.create(4, 8, k), (4, 16, 16)), kernel_sizes
    )

    curves.update(layer, reference, current_kernel=3, title="first")
    curves.update(None)
    curves.update(layer, reference, current_kernel=4, title="second")

    assert curves.figure is figure
    assert curves.layer_lines == lines
    assert list(curves.current_markers[1].get_data()[0]) == [4]
    assert list(curves.reference_lines[0].get_data()[1]) == list(reference.params)
    assert curves.title.get_text() == "second"


def test_cost_curve_figure_invalid_title():
    curves = CostCurveFigure("zh")
    curves.update(None)

    assert curves.title.get_text() == message("plot.no_data", "zh")
    assert len(curves.layer_lines[0].get_data()[0]) == 0


def test_cost_vs_kernel_matches_counts():
    figure = plot_cost_vs_kernel(3, 6, 32, kernel_sizes=range(1, 6), groups=3)
    params_axes = figure.axes[0]
    layer_line, reference_line = params_axes.get_lines()[:2]
    input_shape = (3, 32, 32)

    for kernel_size, params in zip(range(1, 6), layer_line.get_ydata(), strict=True):
        spec = ConvSpec.create(3, 6, kernel_size, groups=3, bias=False)
        assert params == count_conv(spec, input_shape).params
    for kernel_size, params in zip(range(1, 6), reference_line.get_ydata(), strict=True):
        spec = ConvSpec.create(3, 6, kernel_size, bias=False)
        assert params == count_conv(spec, input_shape).params


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("stride", "padding", "shown", "hidden"),
    [
        (4, 0, ["stride 4", "步长4"], ["padding", "填充"]),
        (2, 3, ["stride 2", "padding 3", "步长2", "填充3"], []),
        (1, "same", ["stride 1", "padding same", "步长1", "填充same"], []),
        (1, "valid", ["stride 1", "步长1"], ["padding", "填充"]),
    ],
)
def test_cost_curve_title_names_stride_padding(language, stride, padding, shown, hidden):
    figure = plot_cost_vs_kernel(3, 6, 32, stride=stride, padding=padding, language=language)
    title = figure._suptitle.get_text()

    assert title.startswith(
        message("plot.cost_vs_kernel", language, in_channels=3, out_channels=6, size=32)
    )
    for text in shown:
        if (language == "zh") == (not text.isascii()):
            assert text in title
    for text in hidden:
        assert text not in title


def test_k_squared_growth_scales_first_value():
    kernel_sizes = np.array([1.0, 2.0, 3.0, 4.0])

    growth = k_squared_growth(kernel_sizes, np.array([math.nan, 10.0, 20.0, 30.0]))

    assert math.isnan(growth[0])
    assert list(growth[1:]) == [10.0, 22.5, 40.0]
    assert np.isnan(k_squared_growth(kernel_sizes, np.full(4, math.nan))).all()


@pytest.mark.parametrize("language", LANGUAGES)
def test_k_squared_curve_above_strided_flops(language):
    # Stride 4 without padding: a larger kernel leaves fewer output positions.
    kernel_sizes = range(1, 16)
    figure = plot_cost_vs_kernel(
        3, 6, 227, kernel_sizes=kernel_sizes, stride=4, language=language, show_k_squared=True
    )
    flops_axes = figure.axes[1]
    layer_line, _, _, growth_line = flops_axes.get_lines()
    flops = [
        count_conv(ConvSpec.create(3, 6, kernel, stride=4, bias=False), (3, 227, 227)).flops
        for kernel in kernel_sizes
    ]

    assert list(layer_line.get_ydata()) == flops
    assert list(growth_line.get_ydata()) == [flops[0] * kernel**2 for kernel in kernel_sizes]
    for flop, growth in zip(flops, growth_line.get_ydata(), strict=True):
        assert flop <= growth
    assert flops[-1] < growth_line.get_ydata()[-1]
    assert growth_line.get_linestyle() == ":"
    assert flops_axes.get_legend().get_texts()[0].get_text() == message(
        "plot.k_squared", language, kernel=1
    )


def test_k_squared_curve_starts_at_first_kernel():
    # The plotted kernels start at 3, and kernels 6 and 7 do not fit a 5 x 5 input.
    figure = plot_cost_vs_kernel(
        2, 4, 5, kernel_sizes=range(3, 8), language="en", show_k_squared=True
    )
    growth_line = figure.axes[1].get_lines()[-1]
    first = count_conv(ConvSpec.create(2, 4, 3, bias=False), (2, 5, 5)).flops

    assert growth_line.get_ydata()[2] == first * (5 / 3) ** 2
    assert figure.axes[1].get_legend().get_texts()[0].get_text() == message(
        "plot.k_squared", "en", kernel=3
    )


def test_k_squared_curve_hidden_by_default():
    figure = plot_cost_vs_kernel(3, 6, 227, stride=4)

    assert len(figure.axes[1].get_lines()) == 3
    assert figure.axes[1].get_legend() is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_conventions_bars_match_counts(language):
    cost = source_example_cost()
    figure = plot_conventions(cost, language)
    axes = figure.axes[0]
    widths = [patch.get_width() for patch in axes.patches]
    labels = [label.get_text() for label in axes.get_yticklabels()]

    assert widths == [cost.count(convention) for convention in Convention]
    assert labels == [convention.label(language) for convention in Convention]


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (500, "500"), (2178, "2.18k"), (13176900, "13.2M"), (4.2e9, "4.2G")],
)
def test_compact_number(value, text):
    assert compact_number(value) == text


def drawn_renderer(figure):
    """Draw `figure` on an Agg canvas and return its renderer, to measure text extents."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return canvas.get_renderer()


def legend_texts(figure) -> list[str]:
    """The entries of every legend on the figure."""
    return [
        text.get_text()
        for axes in figure.axes
        if axes.get_legend() is not None
        for text in axes.get_legend().get_texts()
    ]


def test_output_size_legend_padding_only_when_padded():
    unpadded = plot_output_size(8, 3, stride=2)
    padded = plot_output_size(7, 3, stride=2, padding=1)

    assert message("plot.padding_cell", "en") not in legend_texts(unpadded)
    assert message("plot.uncovered", "en") in legend_texts(unpadded)
    assert message("plot.padding_cell", "en") in legend_texts(padded)


def test_output_size_no_legend_without_entries():
    # 7 cells, kernel 3, stride 2, no padding: every cell is read and none is padding.
    figure = plot_output_size(7, 3, stride=2)

    assert figure.axes[0].get_legend() is None


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("input_size", "kernel_size", "stride", "padding"),
    [(8, 3, 2, 0), (7, 4, 1, "same"), (7, 3, 2, 1), (5, 3, 1, 0)],
)
def test_output_size_title_clear_of_legend(language, input_size, kernel_size, stride, padding):
    use_font_for(language)
    figure = plot_output_size(input_size, kernel_size, stride, padding, language=language)
    renderer = drawn_renderer(figure)
    axes = figure.axes[0]
    title = axes.title.get_window_extent(renderer)
    legend = axes.get_legend()

    if legend is not None:
        assert not title.overlaps(legend.get_window_extent(renderer))
    assert title.x1 <= figure.bbox.x1
    assert title.y1 <= figure.bbox.y1


@pytest.mark.parametrize("kernel_sizes", [range(1, 16), range(1, 12), range(1, 4)])
def test_cost_curve_kernel_ticks_are_integers(kernel_sizes):
    figure = plot_cost_vs_kernel(3, 6, 227, kernel_sizes=kernel_sizes, stride=4, current_kernel=3)
    figure_png(figure)

    for axes in figure.axes:
        ticks = axes.get_xticks()
        visible_ticks = ticks[(ticks >= axes.get_xlim()[0]) & (ticks <= axes.get_xlim()[1])]
        assert len(visible_ticks) >= 2
        assert all(float(tick).is_integer() for tick in visible_ticks), list(visible_ticks)


@pytest.mark.parametrize("language", LANGUAGES)
def test_cost_curve_legend_names_curve_and_ring(language):
    figure = plot_cost_vs_kernel(3, 6, 227, stride=4, current_kernel=11, language=language)

    assert legend_texts(figure) == [
        message("plot.this_layer", language),
        message("plot.current", language),
    ]


def test_cost_curve_update_adds_no_artists():
    curves = CostCurveFigure("en", show_reference=True, show_k_squared=True)
    kernel_sizes = np.arange(1, 8)
    layer = cost_series(lambda k: count_conv(ConvSpec.create(4, 8, k), (4, 16, 16)), kernel_sizes)
    curves.update(layer, layer, current_kernel=3, title="first")
    curves.to_png()
    before = len(curves.figure.findobj())

    for kernel in (2, 5, 7):
        curves.update(layer, layer, current_kernel=kernel, title=f"kernel {kernel}")
        curves.to_png()

    assert len(curves.figure.findobj()) == before


@pytest.mark.parametrize("language", LANGUAGES)
def test_ratio_plot_label_clear_of_curves(language):
    from course_lib.separable_plots import plot_cost_ratio

    use_font_for(language)
    figure = plot_cost_ratio(language)
    renderer = drawn_renderer(figure)
    axes = figure.axes[0]
    label = next(
        text
        for text in axes.texts
        if text.get_text() == message("separable.plot_break_even", language)
    )
    # A clear gap of 6 pixels: a curve that only grazes the text still reads as crossing it.
    box = label.get_window_extent(renderer).padded(6)

    for line in axes.get_lines():
        points = line.get_transform().transform(line.get_xydata())
        inside = (
            (points[:, 0] >= box.x0)
            & (points[:, 0] <= box.x1)
            & (points[:, 1] >= box.y0)
            & (points[:, 1] <= box.y1)
        )
        if line.get_linestyle() != "--":
            assert not inside.any(), line.get_label()
