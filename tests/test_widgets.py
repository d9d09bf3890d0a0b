"""The explorer widget: its numbers, messages, controls and figure, in both languages.

Every expected count comes from count_conv or count_separable and is also
measured with PyTorch, so the explorer cannot drift from the library.
"""

from __future__ import annotations

import html

import pytest

from course_lib.counting import count_conv
from course_lib.crosscheck import measure_module, measure_spec
from course_lib.errors import ConvSettingError, ConvTypeError
from course_lib.formulas import explain, format_value
from course_lib.layers import depthwise_separable_conv
from course_lib.messages import LANGUAGES, message
from course_lib.separable import count_separable
from course_lib.spec import ConvSpec
from course_lib.widgets import DEFAULTS, KIND_SETTINGS, KINDS, ConvExplorer, explore

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def expected_cost(kind: str, settings: dict):
    """Count the layer with the library directly, as a lesson would."""
    values = {**DEFAULTS, **settings}
    size = values["input_size"]
    input_shape = (1, values["in_channels"], size, size)
    geometry = {
        "stride": values["stride"],
        "padding": values["padding"],
        "dilation": values["dilation"],
        "bias": values["bias"],
    }
    if kind == "separable":
        return count_separable(
            values["in_channels"],
            values["out_channels"],
            values["kernel_size"],
            input_shape,
            depth_multiplier=values["depth_multiplier"],
            **geometry,
        )
    if kind == "depthwise":
        in_channels = values["in_channels"]
        out_channels = in_channels * values["depth_multiplier"]
        groups = in_channels
    else:
        in_channels, out_channels = values["in_channels"], values["out_channels"]
        groups = values["groups"] if kind == "grouped" else 1
    spec = ConvSpec.create(
        in_channels, out_channels, values["kernel_size"], groups=groups, **geometry
    )
    return count_conv(spec, input_shape)


def measured(kind: str, cost):
    """Measure the same layer with PyTorch on the meta device."""
    if kind != "separable":
        return measure_spec(cost.spec, (1, *cost.input.as_tuple()))
    depthwise = cost.depthwise.spec
    module = depthwise_separable_conv(
        depthwise.in_channels,
        cost.pointwise.spec.out_channels,
        depthwise.kernel_size,
        stride=depthwise.stride,
        padding=depthwise.padding,
        bias=depthwise.bias,
        depth_multiplier=depthwise.out_channels // depthwise.in_channels,
    ).to("meta")
    return measure_module(module, (1, *cost.depthwise.input.as_tuple()))


COUNT_FIELDS = ("params", "macs", "flops", "flops_exact", "macs_plus_bias", "flops_plus_one")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_explorer_defaults_match_library(kind, language):
    explorer = ConvExplorer(language, kind)
    expected = expected_cost(kind, {})

    assert explorer.error is None
    for field in COUNT_FIELDS:
        assert getattr(explorer.cost, field) == getattr(expected, field), field
    assert explorer.cost.output_size == expected.output_size


@pytest.mark.parametrize("kind", KINDS)
def test_explorer_matches_pytorch(kind):
    explorer = ConvExplorer("en", kind)
    explorer.set(kernel_size=3, padding=1, stride=2, bias=True)
    torch_result = measured(kind, explorer.cost)

    assert explorer.cost.params == torch_result.params
    assert explorer.cost.flops == torch_result.flops
    assert explorer.cost.output_shape == torch_result.output_shape[1:]


def test_standard_explorer_source_example():
    explorer = ConvExplorer()

    # 227 x 227 x 3 input, 11 x 11 kernels, 6 filters, stride 4: output (227 - 11) / 4 + 1 = 55.
    assert explorer.cost.output_size == (55, 55)
    # 11 x 11 x 3 x 6 weights, no bias.
    assert explorer.cost.params == 11 * 11 * 3 * 6
    # 2 x (11 x 11 x 3) x (55 x 55 x 6) FLOPs under FlopCounterMode's convention.
    assert explorer.cost.flops == 2 * 11 * 11 * 3 * 55 * 55 * 6


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_set_updates_synchronously(kind, language):
    explorer = ConvExplorer(language, kind)
    explorer.set(kernel_size=5, padding=2, stride=1, input_size=32, bias=True)
    expected = expected_cost(
        kind, {"kernel_size": 5, "padding": 2, "stride": 1, "input_size": 32, "bias": True}
    )

    for field in COUNT_FIELDS:
        assert getattr(explorer.cost, field) == getattr(expected, field), field
    assert explorer.controls["kernel_size"].value == 5
    assert explorer.controls["padding"].value == 2
    assert explorer.controls["input_size"].value == 32
    assert explorer.controls["bias"].value is True


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["standard", "grouped", "depthwise"])
def test_numbers_show_every_formula(kind, language):
    explorer = ConvExplorer(language, kind)

    for line in explain(explorer.cost, language):
        assert html.escape(line.label) in explorer.numbers.value
        for text in shown_filled(line):
            assert html.escape(text) in explorer.numbers.value
        assert f">{format_value(line.value)}<" in explorer.numbers.value


def shown_filled(line) -> list[str]:
    """The filled-in text a row shows: one labelled step per group of axes for the size."""
    return line.axis_texts(with_value=False) if line.per_axis else [line.filled]


@pytest.mark.parametrize("language", LANGUAGES)
def test_square_output_size_shown_once(language):
    explorer = ConvExplorer(language, "standard")
    expression = "floor((227 + 2 x 0 - 1 x (11 - 1) - 1) / 4) + 1"

    assert f"H_out = W_out = {expression}" in explorer.numbers.value
    assert explorer.numbers.value.count(expression) == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_macs_plus_bias_row_names_missing_bias(language):
    explorer = ConvExplorer(language, "standard", bias=False)
    note = html.escape(message("formula.same_as_macs", language))

    assert note in explorer.numbers.value
    explorer.set(bias=True)
    assert note not in explorer.numbers.value
    assert "+ C_out x H_out x W_out" in explorer.numbers.value


@pytest.mark.parametrize("language", LANGUAGES)
def test_separable_numbers_show_both_layers(language):
    explorer = ConvExplorer(language, "separable")
    cost = explorer.cost

    for layer in (cost.depthwise, cost.pointwise):
        for line in explain(layer, language):
            for text in shown_filled(line):
                assert html.escape(text) in explorer.numbers.value
    assert f"{cost.depthwise.params} + {cost.pointwise.params}" in explorer.numbers.value
    assert f">{cost.params}<" in explorer.numbers.value
    assert html.escape(message("widget.layer.total", language)) in explorer.numbers.value


@pytest.mark.parametrize("language", LANGUAGES)
def test_invalid_groups_shows_message(language):
    explorer = ConvExplorer(language, "grouped")
    explorer.set(groups=4)

    assert explorer.cost is None
    assert isinstance(explorer.error, ConvSettingError)
    assert explorer.error.key == "error.groups_divide"
    assert html.escape(explorer.error.text(language)) in explorer.numbers.value
    assert html.escape(message("widget.invalid", language)) in explorer.numbers.value
    assert "Traceback" not in explorer.numbers.value


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("settings", "key"),
    [
        ({"kernel_size": 15, "input_size": 8}, "error.kernel_too_large"),
        ({"padding": "same", "stride": 2}, "error.same_needs_stride_1"),
        ({"in_channels": 0}, "error.not_positive"),
        ({"input_size": 0}, "error.not_positive"),
        ({"kernel_size": 2.5}, "error.not_integer"),
    ],
)
def test_invalid_settings_show_message(settings, key, language):
    explorer = ConvExplorer(language, "standard")
    explorer.set(**settings)

    assert explorer.cost is None
    assert explorer.error.key == key
    assert html.escape(explorer.error.text(language)) in explorer.numbers.value


def test_valid_setting_clears_error():
    explorer = ConvExplorer("en", "grouped")
    explorer.set(groups=4)
    explorer.set(groups=3)

    assert explorer.error is None
    assert explorer.cost.params == expected_cost("grouped", {"groups": 3}).params
    assert html.escape(message("widget.invalid", "en")) not in explorer.numbers.value


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_control_labels_come_from_messages(kind, language):
    explorer = ConvExplorer(language, kind)

    for name in KIND_SETTINGS[kind]:
        assert explorer.controls[name].description == message(f"widget.{name}", language)
    assert explorer.controls["padding_same"].description == message("widget.padding_same", language)


def test_sliders_update_only_on_release():
    explorer = ConvExplorer("en", "standard")

    for name in ("kernel_size", "stride", "padding", "dilation", "input_size"):
        assert explorer.controls[name].continuous_update is False, name


def test_control_change_recounts():
    explorer = ConvExplorer("en", "standard")
    explorer.controls["kernel_size"].value = 3

    assert explorer.settings["kernel_size"] == 3
    assert explorer.cost.params == expected_cost("standard", {"kernel_size": 3}).params


def test_typed_channel_count_recounts():
    explorer = ConvExplorer("en", "grouped")
    explorer.controls["out_channels"].value = 12

    assert explorer.cost.params == expected_cost("grouped", {"out_channels": 12}).params


def test_padding_same_checkbox():
    explorer = ConvExplorer("en", "standard")
    explorer.set(stride=1)
    explorer.controls["padding_same"].value = True

    assert explorer.settings["padding"] == "same"
    assert explorer.controls["padding"].disabled is True
    assert explorer.cost.output_size == (227, 227)

    explorer.controls["padding_same"].value = False
    assert explorer.settings["padding"] == explorer.controls["padding"].value
    assert explorer.controls["padding"].disabled is False


def test_set_widens_slider():
    explorer = ConvExplorer("en", "standard")
    explorer.set(input_size=512)

    assert explorer.controls["input_size"].max >= 512
    assert explorer.controls["input_size"].value == 512


def test_figure_is_reused():
    explorer = ConvExplorer("en", "grouped")
    figure = explorer.figure
    first_image = bytes(explorer.image.value)

    explorer.set(kernel_size=3)
    explorer.set(groups=4)
    explorer.set(groups=1)

    assert explorer.figure is figure
    assert explorer.curves.figure is figure
    assert bytes(explorer.image.value).startswith(PNG_SIGNATURE)
    assert bytes(explorer.image.value) != first_image


def test_figure_marks_current_kernel():
    explorer = ConvExplorer("en", "standard")
    explorer.set(kernel_size=5)

    for axes_index, field in enumerate(("params", "flops")):
        marker = explorer.curves.current_markers[axes_index]
        x_values, y_values = marker.get_data()
        assert list(x_values) == [5]
        assert list(y_values) == [getattr(explorer.cost, field)]


def test_unknown_setting_raises():
    explorer = ConvExplorer("en", "standard")

    with pytest.raises(ConvTypeError, match="groups is not a setting of the standard explorer"):
        explorer.set(groups=2)


def test_unknown_setting_keeps_state():
    explorer = ConvExplorer("en", "standard")
    with pytest.raises(ConvTypeError):
        explorer.set(kernel_size=3, groups=2)

    assert explorer.settings["kernel_size"] == DEFAULTS["kernel_size"]


def test_unknown_kind_raises():
    with pytest.raises(ConvTypeError, match="kind='pointwise' is not available"):
        ConvExplorer("en", "pointwise")


def test_unknown_language_raises():
    with pytest.raises(ValueError, match="language='fr' is not available"):
        ConvExplorer("fr")


@pytest.mark.parametrize("language", LANGUAGES)
def test_explore_is_pure(language):
    first = explore("standard", {"kernel_size": 3}, language)
    second = explore("standard", {"kernel_size": 3}, language)

    assert first.html == second.html
    assert first.cost == second.cost
    assert first.error is None


def test_explore_returns_error():
    result = explore("grouped", {"groups": 4}, "zh")

    assert result.cost is None
    assert isinstance(result.error, ConvSettingError)
    assert html.escape(result.error.text("zh")) in result.html


def test_display_bundle_has_fallbacks():
    explorer = ConvExplorer("en", "standard")
    bundle = explorer._repr_mimebundle_()

    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == explorer.numbers.value
    assert bundle["text/plain"] == "ConvExplorer(language='en', kind='standard')"


def decoded_pixels(png: bytes):
    """Decode PNG bytes into an RGBA array, so two renders can be compared."""
    import io

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_ring_move_matches_full_render(language):
    from course_lib.plots import figure_png

    explorer = ConvExplorer(language, "grouped", in_channels=6, out_channels=6, groups=3)
    explorer.set(kernel_size=5)
    explorer.set(kernel_size=3)

    blitted = decoded_pixels(explorer.image.value)
    redrawn = decoded_pixels(figure_png(explorer.figure))
    assert blitted.shape == redrawn.shape
    assert (blitted == redrawn).all()


def test_ring_move_skips_full_draw(monkeypatch):
    explorer = ConvExplorer("en", "standard", kernel_size=3)
    canvas = explorer.curves.canvas
    full_draws = []
    original_draw = canvas.draw
    monkeypatch.setattr(canvas, "draw", lambda: full_draws.append(1) or original_draw())

    explorer.set(kernel_size=5)
    assert full_draws == []

    explorer.set(stride=2)
    assert full_draws == [1]
