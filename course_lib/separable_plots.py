"""Figures for the depthwise-separable lesson, labelled in English or Chinese.

The numbers come from `course_lib.separable`; this module only draws them. For
Chinese labels call `course_lib.fonts.use_font_for("zh")` first and pass the
language it returns.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.ticker import ScalarFormatter

from course_lib.messages import message
from course_lib.separable import cost_ratio

__all__ = ["plot_cost_ratio"]


def plot_cost_ratio(
    language: str = "en",
    kernel_sizes: Sequence[int] = (1, 2, 3, 5, 11),
    max_out_channels: int = 512,
) -> Figure:
    """Draw separable / standard cost, 1/N + 1/K^2, over N for several kernel sizes K.

    The x axis (out_channels N) is logarithmic from 1 to `max_out_channels`.
    Points above the dashed line at 1 are settings where the separable block
    costs more than the standard layer; each curve levels off at 1/K^2.
    """
    out_channels = list(range(1, max_out_channels + 1))
    # A Figure outside pyplot is shown once, by the notebook that displays it.
    figure = Figure(figsize=(7, 4.2))
    axes = figure.subplots()

    for kernel in kernel_sizes:
        ratios = [float(cost_ratio(channels, kernel)) for channels in out_channels]
        axes.plot(
            out_channels, ratios, label=message("separable.plot_kernel", language, kernel=kernel)
        )

    axes.axhline(1, color="black", linestyle="--", linewidth=1)
    # The label sits below the line: the K = 1 curve approaches 1 from above,
    # and every curve with K > 1 has dropped well below 1 at the right edge.
    axes.annotate(
        message("separable.plot_break_even", language),
        xy=(max_out_channels, 1),
        xytext=(0, -6),
        textcoords="offset points",
        horizontalalignment="right",
        verticalalignment="top",
    )
    axes.set_xscale("log", base=2)
    axes.xaxis.set_major_formatter(ScalarFormatter())
    axes.set_yscale("log")
    axes.set_xlabel(message("separable.plot_out_channels", language))
    axes.set_ylabel(message("separable.plot_ratio", language))
    axes.set_title(message("separable.plot_title", language))
    axes.grid(True, which="major", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    return figure
