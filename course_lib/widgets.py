"""An interactive explorer of one convolution's output size, parameters and FLOPs.

`explore(kind, settings, language)` is a pure function: it counts the layer
and returns the HTML table that the explorer shows, or the error message for
an invalid setting. `ConvExplorer` wraps it in ipywidgets controls, an HTML
widget for the numbers and an Image widget for one matplotlib figure that is
redrawn in place. Numbers and figure update when a control is released (not
while a slider is dragged) or when code calls `explorer.set(...)`.

Kinds and their settings (PyTorch's names):
    standard   in_channels, out_channels, kernel_size, stride, padding, dilation, bias, input_size
    grouped    the standard settings and groups
    depthwise  in_channels, depth_multiplier and the geometry; groups = in_channels and
               out_channels = in_channels x depth_multiplier
    separable  a depthwise layer (in_channels, depth_multiplier, geometry) followed by a
               pointwise 1x1 layer to out_channels; bias applies to both layers

The input is unbatched, in_channels x input_size x input_size, so the formulas
carry no batch factor N. The counts equal those of a batch of one.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

import ipywidgets as widgets

from course_lib.counting import ConvCost, count_conv
from course_lib.errors import ConvTypeError, CourseError
from course_lib.fonts import use_font_for
from course_lib.formulas import FormulaLine, explain, format_value
from course_lib.messages import ListField, message
from course_lib.plots import CostCurveFigure, cost_curve_title, cost_series
from course_lib.separable import SeparableCost, count_separable
from course_lib.spec import ConvSpec, check_positive

__all__ = ["DEFAULTS", "KINDS", "KIND_SETTINGS", "ConvExplorer", "Exploration", "explore"]

KINDS = ("standard", "grouped", "depthwise", "separable")

GEOMETRY = ("kernel_size", "stride", "padding", "dilation", "bias", "input_size")
KIND_SETTINGS = {
    "standard": ("in_channels", "out_channels", *GEOMETRY),
    "grouped": ("in_channels", "out_channels", "groups", *GEOMETRY),
    "depthwise": ("in_channels", "depth_multiplier", *GEOMETRY),
    "separable": ("in_channels", "out_channels", "depth_multiplier", *GEOMETRY),
}

# The source article's example: a 227 x 227 x 3 input, 11 x 11 kernels, 6 filters,
# stride 4 (AlexNet's first layer with 6 filters instead of 96), and 3 groups.
DEFAULTS = {
    "in_channels": 3,
    "out_channels": 6,
    "groups": 3,
    "depth_multiplier": 1,
    "kernel_size": 11,
    "stride": 4,
    "padding": 0,
    "dilation": 1,
    "bias": False,
    "input_size": 227,
}

# The figure's x axis runs over kernel sizes 1 to 11, or to the current kernel if larger.
# Slider ranges; explorer.set() widens a range when code sets a larger value.
SLIDER_RANGES = {
    "kernel_size": (1, 15),
    "stride": (1, 8),
    "padding": (0, 10),
    "dilation": (1, 6),
    "input_size": (1, 256),
}
TEXT_SETTINGS = ("in_channels", "out_channels", "groups", "depth_multiplier")

# Fixed sizes keep the page from jumping while the numbers and the figure change.
NUMBERS_HEIGHT = {"separable": "470px"}
DEFAULT_NUMBERS_HEIGHT = "300px"
FIGURE_WIDTH_INCHES, FIGURE_HEIGHT_INCHES, FIGURE_DPI = 8.0, 3.0, 80
CONTROL_WIDTH = "380px"
DESCRIPTION_WIDTH = "190px"

TABLE_STYLE = "border-collapse: collapse; font-size: 13px;"
CELL_STYLE = "padding: 2px 10px; border-bottom: 1px solid #ddd; text-align: left;"
CODE_STYLE = CELL_STYLE + " font-family: monospace;"
ERROR_STYLE = "color: #b00020; font-size: 14px; padding: 8px;"


@dataclass(frozen=True)
class Exploration:
    """The explorer's view of one setting: the cost or the error, and the HTML."""

    cost: ConvCost | SeparableCost | None
    error: CourseError | None
    html: str


def check_kind(kind: object) -> str:
    """Return `kind` if it is one of KINDS, else raise a ConvTypeError naming the choices."""
    if kind not in KINDS:
        raise ConvTypeError("widget.unknown_kind", value=kind, choices=ListField(KINDS))
    return kind


def complete_settings(kind: str, settings: Mapping[str, object]) -> dict[str, object]:
    """Fill in the defaults for `kind`, rejecting a setting that the kind does not take."""
    allowed = KIND_SETTINGS[kind]
    for name in settings:
        if name not in allowed:
            raise ConvTypeError(
                "widget.unknown_setting", name=name, kind=kind, choices=ListField(allowed)
            )
    return {name: settings.get(name, DEFAULTS[name]) for name in allowed}


def count_setting(kind: str, settings: Mapping[str, object]) -> ConvCost | SeparableCost:
    """Count the layer that `kind` and the complete `settings` describe.

    Raises ConvSettingError or ConvTypeError for a setting PyTorch would reject.
    """
    input_size = check_positive("input_size", settings["input_size"])
    in_channels = check_positive("in_channels", settings["in_channels"])
    input_shape = (in_channels, input_size, input_size)
    geometry = {name: settings[name] for name in ("stride", "padding", "dilation", "bias")}

    if kind == "separable":
        return count_separable(
            in_channels,
            settings["out_channels"],
            settings["kernel_size"],
            input_shape,
            depth_multiplier=settings["depth_multiplier"],
            **geometry,
        )
    if kind == "depthwise":
        depth_multiplier = check_positive("depth_multiplier", settings["depth_multiplier"])
        spec = ConvSpec.create(
            in_channels,
            in_channels * depth_multiplier,
            settings["kernel_size"],
            groups=in_channels,
            **geometry,
        )
    else:
        groups = settings["groups"] if kind == "grouped" else 1
        spec = ConvSpec.create(
            in_channels,
            settings["out_channels"],
            settings["kernel_size"],
            groups=groups,
            **geometry,
        )
    return count_conv(spec, input_shape)


def layer_channels(kind: str, settings: Mapping[str, object]) -> tuple[int, int]:
    """Return the layer's (or block's) input and output channels for valid settings."""
    if kind == "depthwise":
        return settings["in_channels"], settings["in_channels"] * settings["depth_multiplier"]
    return settings["in_channels"], settings["out_channels"]


def standard_settings(kind: str, settings: Mapping[str, object]) -> dict[str, object]:
    """Return the settings of a standard convolution with the same channels and geometry."""
    in_channels, out_channels = layer_channels(kind, settings)
    standard = {name: settings[name] for name in GEOMETRY}
    standard.update(in_channels=in_channels, out_channels=out_channels)
    return standard


def shape_text(shape: tuple[int, ...]) -> str:
    """Write a tensor shape as "3 x 227 x 227"."""
    return " x ".join(str(size) for size in shape)


def table_row(cells: tuple[str, ...], header: bool = False) -> str:
    """Build one HTML table row, with the two formula columns in monospace.

    A line break inside a cell becomes <br>, so each axis of the output size
    gets a line of its own.
    """
    tag = "th" if header else "td"
    parts = []
    for index, cell in enumerate(cells):
        style = CODE_STYLE if index in (1, 2) and not header else CELL_STYLE
        text = html.escape(cell).replace("\n", "<br>")
        parts.append(f'<{tag} style="{style}">{text}</{tag}>')
    return "<tr>" + "".join(parts) + "</tr>"


def section_row(text: str) -> str:
    """Build a row across the whole table that names the layer below it."""
    return f'<tr><th colspan="4" style="{CELL_STYLE} background: #f3f3f3;">{html.escape(text)}</th></tr>'


def line_cells(line: FormulaLine) -> tuple[str, str, str, str]:
    """The cells of one count: label, formula, formula with numbers, value.

    The output size shows one labelled expression per group of axes that
    share it ("H_out = W_out = ..."). A line with a note, such as MACs +
    bias additions without bias, shows the note in place of its formula,
    because the MACs row already shows that formula.
    """
    filled = "\n".join(line.axis_texts(with_value=False)) if line.per_axis else line.filled
    return (line.label, line.note or line.formula, filled, format_value(line.value))


def layer_rows(cost: ConvCost, language: str) -> list[str]:
    """Build one row per count of one layer, each with its formula filled in."""
    return [table_row(line_cells(line)) for line in explain(cost, language)]


def total_rows(cost: SeparableCost, language: str) -> list[str]:
    """Build one row per count of a separable block: depthwise + pointwise = total."""
    rows = []
    for line in explain(cost.depthwise, language):
        if line.key == "output_size":
            continue
        first = getattr(cost.depthwise, line.key)
        second = getattr(cost.pointwise, line.key)
        total = getattr(cost, line.key)
        rows.append(table_row((line.label, "", f"{first} + {second}", str(total))))
    return rows


def render_cost(kind: str, cost: ConvCost | SeparableCost, language: str) -> str:
    """Render the HTML table of every count for a valid setting."""
    title = message(
        "widget.title",
        language,
        kind=message(f"widget.kind.{kind}", language),
        input_shape=shape_text(
            cost.depthwise.input.as_tuple() if kind == "separable" else cost.input.as_tuple()
        ),
        output_shape=shape_text(cost.output_shape),
    )
    header = table_row(
        (
            message("widget.quantity", language),
            message("widget.formula", language),
            message("widget.filled", language),
            message("widget.value", language),
        ),
        header=True,
    )

    rows = [header]
    if kind == "separable":
        for layer, key in ((cost.depthwise, "depthwise"), (cost.pointwise, "pointwise")):
            spec = layer.spec
            rows.append(
                section_row(
                    message(
                        f"widget.layer.{key}",
                        language,
                        in_channels=spec.in_channels,
                        out_channels=spec.out_channels,
                        groups=spec.groups,
                    )
                )
            )
            rows.extend(layer_rows(layer, language))
        rows.append(section_row(message("widget.layer.total", language)))
        rows.extend(total_rows(cost, language))
    else:
        rows.extend(layer_rows(cost, language))

    return (
        f"<div><b>{html.escape(title)}</b></div>"
        f'<table style="{TABLE_STYLE}">{"".join(rows)}</table>'
    )


def render_error(error: CourseError, language: str) -> str:
    """Render the message that replaces the table for an invalid setting."""
    return (
        f'<div style="{ERROR_STYLE}"><b>{html.escape(message("widget.invalid", language))}</b>'
        f"<br>{html.escape(error.text(language))}</div>"
    )


def explore(kind: str, settings: Mapping[str, object], language: str = "en") -> Exploration:
    """Count one setting and return what the explorer shows for it.

    Missing settings take the values in DEFAULTS. An invalid value comes back
    as `error` with its message in `language` inside `html`, never raised. An
    unknown kind, setting name or language is a mistake in the calling code
    and raises ConvTypeError or ValueError.
    """
    kind = check_kind(kind)
    message("widget.value", language)  # Rejects an unknown language before any work.
    complete = complete_settings(kind, settings)
    try:
        cost = count_setting(kind, complete)
    except CourseError as error:
        return Exploration(cost=None, error=error, html=render_error(error, language))
    return Exploration(cost=cost, error=None, html=render_cost(kind, cost, language))


def plotted_kernel_sizes(kernel_size: object, largest: int) -> tuple[range, int | None]:
    """Return the kernel sizes on the x axis and the one to mark, for a valid kernel_size.

    The axis runs from 1 to `largest`, the kernel slider's maximum, so that it
    stays the same while the slider moves and the figure only moves its ring.
    A non-square kernel (a tuple) has no place on the K axis, so nothing is marked.
    """
    if isinstance(kernel_size, int):
        return range(1, max(largest, kernel_size) + 1), kernel_size
    return range(1, largest + 1), None


class ConvExplorer:
    """Controls, a table of every count with its formula, and a cost curve.

    Build it with `ConvExplorer(language="en", kind="standard", **settings)` and
    display it as the last expression of a cell. `explorer.set(...)` changes
    settings from code and updates everything before it returns. `cost` is the
    current ConvCost (SeparableCost for kind "separable") or None, `error` the
    current CourseError or None, and `numbers.value` the HTML on display.
    """

    def __init__(self, language: str = "en", kind: str = "standard", **settings: object) -> None:
        self.kind = check_kind(kind)
        message("widget.value", language)  # Rejects an unknown language before any work.
        self.language = language
        self.settings = complete_settings(self.kind, settings)
        self.cost: ConvCost | SeparableCost | None = None
        self.error: CourseError | None = None
        self.updating_controls = False

        self.plot_language = use_font_for(language)
        self.curves = CostCurveFigure(
            self.plot_language,
            show_reference=self.kind != "standard",
            width=FIGURE_WIDTH_INCHES,
            height=FIGURE_HEIGHT_INCHES,
            dpi=FIGURE_DPI,
        )
        self.controls = self.build_controls()
        self.numbers = widgets.HTML(
            layout=widgets.Layout(
                height=NUMBERS_HEIGHT.get(self.kind, DEFAULT_NUMBERS_HEIGHT), overflow="auto"
            )
        )
        self.image = widgets.Image(
            format="png",
            layout=widgets.Layout(
                width=f"{round(FIGURE_WIDTH_INCHES * FIGURE_DPI)}px",
                height=f"{round(FIGURE_HEIGHT_INCHES * FIGURE_DPI)}px",
            ),
        )
        self.view = widgets.VBox([self.control_box(), self.numbers, self.image])

        for name, value in self.settings.items():
            self.show_value(name, value)
        self.refresh()

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Build one control per setting of this kind, plus the padding='same' checkbox."""
        style = {"description_width": DESCRIPTION_WIDTH}
        layout = widgets.Layout(width=CONTROL_WIDTH)
        controls: dict[str, widgets.Widget] = {}

        for name in KIND_SETTINGS[self.kind]:
            description = message(f"widget.{name}", self.language)
            if name in TEXT_SETTINGS:
                control = widgets.IntText(
                    description=description, style=style, layout=layout, continuous_update=False
                )
            elif name == "bias":
                control = widgets.Checkbox(description=description, style=style, layout=layout)
            else:
                low, high = SLIDER_RANGES[name]
                control = widgets.IntSlider(
                    min=low,
                    max=high,
                    description=description,
                    style=style,
                    layout=layout,
                    continuous_update=False,
                )
            control.observe(self.on_control_change(name), names="value")
            controls[name] = control

        same = widgets.Checkbox(
            description=message("widget.padding_same", self.language), style=style, layout=layout
        )
        same.observe(self.on_control_change("padding"), names="value")
        controls["padding_same"] = same
        return controls

    def control_box(self) -> widgets.Widget:
        """Arrange the channel settings on the left and the geometry on the right."""
        left = [self.controls[name] for name in KIND_SETTINGS[self.kind] if name in TEXT_SETTINGS]
        left.append(self.controls["bias"])
        right = [
            self.controls[name]
            for name in (
                "kernel_size",
                "stride",
                "padding",
                "padding_same",
                "dilation",
                "input_size",
            )
        ]
        return widgets.HBox([widgets.VBox(left), widgets.VBox(right)])

    def on_control_change(self, name: str):
        """Return the observer that copies one control's value into the settings."""

        def observer(change: dict) -> None:
            if self.updating_controls:
                return
            if name == "padding":
                same = self.controls["padding_same"].value
                self.controls["padding"].disabled = same
                self.settings["padding"] = "same" if same else self.controls["padding"].value
            else:
                self.settings[name] = change["new"]
            self.refresh()

        return observer

    def show_value(self, name: str, value: object) -> None:
        """Move the control of `name` to `value` without triggering a refresh.

        NOTE: a value that a control cannot hold (a float, a tuple such as
        kernel_size=(3, 5), or a number below a slider's minimum) is counted,
        but its control keeps showing the previous value.
        """
        self.updating_controls = True
        try:
            if name == "padding":
                same = value == "same"
                self.controls["padding_same"].value = same
                self.controls["padding"].disabled = same
            self.move_control(self.controls[name], value)
        finally:
            self.updating_controls = False

    @staticmethod
    def move_control(control: widgets.Widget, value: object) -> None:
        """Set a control to `value` if it can hold it; widen a slider when needed."""
        if isinstance(control, widgets.Checkbox):
            if isinstance(value, bool):
                control.value = value
            return
        if isinstance(value, bool) or not isinstance(value, int):
            return
        if isinstance(control, widgets.IntSlider):
            if value < control.min:
                return
            control.max = max(control.max, value)
        control.value = value

    def set(self, **settings: object) -> ConvExplorer:
        """Change settings from code; the numbers and figure are current on return.

        Raises ConvTypeError for a name this kind of explorer does not take. An
        invalid value is shown as a message and stored in `error`, not raised.
        """
        complete_settings(self.kind, settings)
        self.settings.update(settings)
        for name, value in settings.items():
            self.show_value(name, value)
        self.refresh()
        return self

    def refresh(self) -> None:
        """Recount the current settings and update the numbers and the figure."""
        result = explore(self.kind, self.settings, self.language)
        self.cost, self.error = result.cost, result.error
        self.numbers.value = result.html
        self.update_figure()

    def update_figure(self) -> None:
        """Redraw the cost curves for the current settings into the Image widget."""
        if self.cost is None:
            self.curves.update(None)
            self.image.value = self.curves.to_png()
            return

        kernel_sizes, current_kernel = plotted_kernel_sizes(
            self.settings["kernel_size"], self.controls["kernel_size"].max
        )
        layer = cost_series(
            lambda size: count_setting(self.kind, {**self.settings, "kernel_size": size}),
            kernel_sizes,
        )
        reference = None
        if self.kind != "standard":
            standard = standard_settings(self.kind, self.settings)
            reference = cost_series(
                lambda size: count_setting("standard", {**standard, "kernel_size": size}),
                kernel_sizes,
            )
        in_channels, out_channels = layer_channels(self.kind, self.settings)
        title = cost_curve_title(
            in_channels,
            out_channels,
            self.settings["input_size"],
            self.settings["stride"],
            self.settings["padding"],
            self.plot_language,
        )
        self.curves.update(layer, reference, current_kernel, title)
        self.image.value = self.curves.to_png()

    @property
    def figure(self):
        """The one matplotlib Figure that every update redraws."""
        return self.curves.figure

    def _repr_mimebundle_(self, **kwargs) -> dict:
        """Show the widgets, with the table as HTML for viewers without a kernel."""
        bundle = self.view._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"ConvExplorer(language={self.language!r}, kind={self.kind!r})"
        bundle["text/html"] = self.numbers.value
        return bundle
