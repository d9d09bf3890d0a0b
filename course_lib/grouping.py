"""The channel connections of a grouped convolution: which inputs feed which outputs.

With `groups` = g, PyTorch splits the C_in input channels into g consecutive
blocks of C_in/g and the C_out output channels into g blocks of C_out/g;
output block j reads input block j only. Laid out as a C_out x C_in grid (one
cell per K x K kernel), the weights that exist form g blocks on the diagonal,
and every other cell is a kernel the grouped layer does not have. This module
computes that pattern, draws it, and measures how much a grouped layer saves
against the ungrouped layer with the same channels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from course_lib.conventions import Convention
from course_lib.counting import count_conv
from course_lib.messages import message
from course_lib.spec import ConvSpec

__all__ = [
    "SAVING_QUANTITIES",
    "Saving",
    "connection_groups",
    "grouping_savings",
    "plot_group_connections",
]

# Colours of the groups, cycled when there are more groups than colours.
GROUP_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
ABSENT_COLOR = "#f0f0f0"

SAVING_QUANTITIES = ("params", *(convention.value for convention in Convention))


def connection_groups(in_channels: int, out_channels: int, groups: int) -> np.ndarray:
    """Return a C_out x C_in array: the group that connects each pair, or -1 for none.

    Entry [o, i] is j when output channel o and input channel i are both in
    group j, so the layer has a K x K kernel from i to o. Raises
    ConvSettingError when `groups` does not divide both channel counts.
    """
    spec = ConvSpec.create(in_channels, out_channels, 1, groups=groups)
    input_group = np.arange(spec.in_channels) // (spec.in_channels // spec.groups)
    output_group = np.arange(spec.out_channels) // (spec.out_channels // spec.groups)
    connected = output_group[:, np.newaxis] == input_group[np.newaxis, :]
    return np.where(connected, output_group[:, np.newaxis], -1)


def plot_group_connections(
    in_channels: int, out_channels: int, groups: int, language: str = "en"
) -> Figure:
    """Draw a grouped layer's channel connections and its block-diagonal weight pattern.

    The left panel links each input channel to the output channels that read
    it, coloured by group. The right panel is the C_out x C_in grid of kernels:
    a coloured cell is a K x K kernel the layer has, a grey cell one it lacks.
    Raises ConvSettingError when `groups` does not divide both channel counts.
    """
    pattern = connection_groups(in_channels, out_channels, groups)
    colors = [GROUP_COLORS[index % len(GROUP_COLORS)] for index in range(groups)]

    figure = Figure(figsize=(9.0, 4.0), dpi=100)
    figure.subplots_adjust(left=0.06, right=0.98, bottom=0.12, top=0.82, wspace=0.3)
    graph_axes, matrix_axes = figure.subplots(1, 2)
    figure.suptitle(
        message(
            "grouping.title",
            language,
            in_channels=in_channels,
            out_channels=out_channels,
            groups=groups,
            per_group_in=in_channels // groups,
            per_group_out=out_channels // groups,
        ),
        fontsize=11,
    )

    # Left: channels as dots on two columns, spread over the same height.
    input_y = np.linspace(1.0, 0.0, in_channels) if in_channels > 1 else np.array([0.5])
    output_y = np.linspace(1.0, 0.0, out_channels) if out_channels > 1 else np.array([0.5])
    outputs, inputs = np.nonzero(pattern >= 0)
    segments = [
        [(0.0, input_y[i]), (1.0, output_y[o])] for o, i in zip(outputs, inputs, strict=True)
    ]
    line_colors = [colors[pattern[o, i]] for o, i in zip(outputs, inputs, strict=True)]
    line_width = 1.5 if len(segments) <= 200 else 0.4
    graph_axes.add_collection(LineCollection(segments, colors=line_colors, linewidths=line_width))
    marker_size = 30 if max(in_channels, out_channels) <= 32 else 6
    graph_axes.scatter(np.zeros(in_channels), input_y, s=marker_size, color="black", zorder=3)
    graph_axes.scatter(np.ones(out_channels), output_y, s=marker_size, color="black", zorder=3)
    # Number the dots as the grid's rows and columns are numbered, from 0.
    if max(in_channels, out_channels) <= 32:
        for index, y in enumerate(input_y):
            graph_axes.text(-0.04, y, str(index), ha="right", va="center", fontsize=7)
        for index, y in enumerate(output_y):
            graph_axes.text(1.04, y, str(index), ha="left", va="center", fontsize=7)
    graph_axes.set_xlim(-0.2, 1.2)
    graph_axes.set_ylim(-0.08, 1.08)
    graph_axes.set_xticks(
        [0, 1], [message(f"grouping.{side}", language) for side in ("inputs", "outputs")]
    )
    graph_axes.set_yticks([])
    for spine in graph_axes.spines.values():
        spine.set_visible(False)
    graph_axes.set_title(message("grouping.graph_title", language), fontsize=10)

    # Right: the weight grid, one cell per (output, input) channel pair.
    colormap = ListedColormap([ABSENT_COLOR, *colors])
    matrix_axes.imshow(
        pattern + 1, cmap=colormap, vmin=0, vmax=groups, aspect="auto", interpolation="nearest"
    )
    matrix_axes.set_xlabel(message("grouping.matrix_inputs", language))
    matrix_axes.set_ylabel(message("grouping.matrix_outputs", language))
    matrix_axes.set_title(message("grouping.matrix_title", language), fontsize=10)
    if max(in_channels, out_channels) <= 16:
        matrix_axes.set_xticks(range(in_channels))
        matrix_axes.set_yticks(range(out_channels))
        matrix_axes.set_xticks(np.arange(in_channels + 1) - 0.5, minor=True)
        matrix_axes.set_yticks(np.arange(out_channels + 1) - 0.5, minor=True)
        matrix_axes.grid(which="minor", color="white", linewidth=1.5)
        matrix_axes.tick_params(which="minor", length=0)
    return figure


@dataclass(frozen=True)
class Saving:
    """One count of the ungrouped layer against the grouped one.

    `ratio` is standard / grouped, exactly `groups` when the count shrinks by
    exactly g. `excess` is grouped - standard / g: what the grouped layer
    costs beyond an exact 1/g share (0 when the ratio is exactly g).
    """

    quantity: str
    standard: int
    grouped: int
    groups: int

    @property
    def ratio(self) -> Fraction:
        """Standard count over grouped count, as an exact fraction."""
        return Fraction(self.standard, self.grouped)

    @property
    def excess(self) -> Fraction:
        """Grouped count minus standard count / groups, as an exact fraction."""
        return self.grouped - Fraction(self.standard, self.groups)

    @property
    def exact(self) -> bool:
        """Whether the grouped count is exactly the standard count divided by groups."""
        return self.excess == 0

    def label(self, language: str = "en") -> str:
        """Return the quantity's name in `language`."""
        if self.quantity == "params":
            return message("summary.params", language)
        return Convention(self.quantity).label(language)


def grouping_savings(spec: ConvSpec, input_shape: Sequence[int]) -> list[Saving]:
    """Compare every count of the grouped layer `spec` with the same layer at groups=1.

    Returns one Saving per quantity in SAVING_QUANTITIES. Without bias the
    parameters, MACs and every FLOPs convention except the exact count shrink by
    exactly g. A bias adds C_out parameters and C_out x H_out x W_out additions
    that grouping does not divide, so those counts shrink by a little less.
    The exact count without bias has one addition fewer per output than
    2 x MACs (n products need n - 1 additions), which grouping does not divide either.
    """
    grouped_cost = count_conv(spec, input_shape)
    ungrouped = ConvSpec.create(**{**spec.torch_kwargs(), "groups": 1})
    standard_cost = count_conv(ungrouped, input_shape)

    savings = []
    for quantity in SAVING_QUANTITIES:
        if quantity == "params":
            standard, grouped = standard_cost.params, grouped_cost.params
        else:
            standard, grouped = standard_cost.count(quantity), grouped_cost.count(quantity)
        savings.append(Saving(quantity, standard, grouped, spec.groups))
    return savings
