"""Lessons 1 and 2, in English and Chinese, run in JupyterLab in headless Chromium.

For each notebook the test runs all cells from the Run menu, as a learner
does, and checks that no cell shows an error. It then operates the first
ConvExplorer with the keyboard (a slider's arrow key) and by typing values (a
slider's readout and a number box). After each change it compares every
count the explorer shows with count_conv for the settings its controls show.
In the Chinese notebooks it also checks that the labels are the Chinese
messages, drawn by Chromium with a CJK font, and that the figure is the one
matplotlib draws with a Chinese font (see check_chinese_figure).

Screenshots go to artifacts/browser/.
"""

from __future__ import annotations

import io
import warnings

import matplotlib.image
import numpy as np
import pytest
from explorer_page import ExplorerView, find_explorer, has_chinese, platform_fonts
from matplotlib import font_manager, rc_context, rcParams
from matplotlib.text import Text
from notebook_page import (
    notification_toasts,
    open_notebook,
    run_all_cells,
    save_notebook,
    saved_errors,
    shown_errors,
    unrun_cells,
    wait_for_all_code_cells,
)

from course_lib import ConvSpec, count_conv
from course_lib.formulas import explain, format_value
from course_lib.messages import message
from course_lib.plots import figure_png
from course_lib.widgets import ConvExplorer

LESSONS = ("01_standard_convolution", "02_grouped_convolution")
LANGUAGES = ("en", "zh")
STANDARD_SETTINGS = (
    "in_channels",
    "out_channels",
    "kernel_size",
    "stride",
    "padding",
    "dilation",
    "input_size",
)
# Counts the test names on purpose: the explorer must show at least these.
REQUIRED_COUNTS = ("output_size", "params", "flops")
# Mean absolute difference (pixel values 0 to 1) under which two renders of
# the figure count as the same picture; PNG bytes may differ by compression.
SAME_PICTURE = 0.002


def explorer_kind(explorer: ExplorerView) -> str:
    """The explorer's kind, from its controls: a groups box means "grouped"."""
    if explorer.has_control("depth_multiplier"):
        pytest.fail("the first explorer is depthwise or separable; this test covers lessons 1-2")
    return "grouped" if explorer.has_control("groups") else "standard"


def shown_settings(explorer: ExplorerView, kind: str) -> dict[str, object]:
    """The settings the explorer's controls show, as ConvExplorer takes them."""
    names = STANDARD_SETTINGS + (("groups",) if kind == "grouped" else ())
    settings: dict[str, object] = explorer.settings(names)
    settings["bias"] = explorer.value("bias")
    if explorer.value("padding_same"):
        settings["padding"] = "same"
    return settings


def expected_cost(settings: dict[str, object]):
    """count_conv for the shown settings, on an unbatched square input as the explorer uses."""
    spec = ConvSpec.create(
        settings["in_channels"],
        settings["out_channels"],
        settings["kernel_size"],
        stride=settings["stride"],
        padding=settings["padding"],
        dilation=settings["dilation"],
        groups=settings.get("groups", 1),
        bias=settings["bias"],
    )
    size = settings["input_size"]
    return count_conv(spec, (settings["in_channels"], size, size))


def shown_counts(explorer: ExplorerView) -> dict[str, str]:
    """The explorer's table as {label: value text}, header row left out."""
    return {row[0]: row[-1] for row in explorer.table_rows()[1:] if len(row) == 4}


def check_counts(explorer: ExplorerView, kind: str, step: str) -> dict[str, str]:
    """Assert that every count shown equals count_conv's for the shown settings."""
    settings = shown_settings(explorer, kind)
    cost = expected_cost(settings)
    shown = shown_counts(explorer)
    lines = explain(cost, explorer.language)

    keys = [line.key for line in lines]
    for key in REQUIRED_COUNTS:
        assert key in keys, f"{step}: formulas.explain has no {key} line"
    for line in lines:
        assert line.label in shown, f"{step}: the table has no row {line.label!r}: {shown}"
        assert shown[line.label] == format_value(line.value), (
            f"{step}: {line.key} shows {shown[line.label]!r}, but count_conv gives "
            f"{format_value(line.value)!r} for {settings}"
        )
    return shown


def change_and_check(explorer: ExplorerView, kind: str, step: str, change) -> dict[str, str]:
    """Make one change, wait for new numbers and a new figure, and check the counts."""
    numbers_before = explorer.numbers_html()
    image_before = explorer.image_source()
    counts_before = shown_counts(explorer)

    change()
    explorer.wait_for_numbers_change(numbers_before)
    explorer.wait_for_image_change(image_before)

    counts_after = check_counts(explorer, kind, step)
    assert counts_after != counts_before, f"{step}: the counts did not change"
    return counts_after


def check_keyboard_and_typing(explorer: ExplorerView, kind: str) -> None:
    """Change kernel_size by arrow key, stride by typing in its readout, out_channels by typing."""
    kernel_size = explorer.value("kernel_size")
    change_and_check(
        explorer,
        kind,
        "ArrowRight on kernel_size",
        lambda: explorer.press_key("kernel_size", "ArrowRight"),
    )
    assert explorer.value("kernel_size") == kernel_size + 1

    new_stride = 2 if explorer.value("stride") != 2 else 1
    change_and_check(
        explorer,
        kind,
        f"typing stride={new_stride}",
        lambda: explorer.type_value("stride", new_stride),
    )
    assert explorer.value("stride") == new_stride

    # Doubling keeps out_channels divisible by groups.
    new_out_channels = 2 * explorer.value("out_channels")
    change_and_check(
        explorer,
        kind,
        f"typing out_channels={new_out_channels}",
        lambda: explorer.type_value("out_channels", new_out_channels),
    )
    assert explorer.value("out_channels") == new_out_channels


def check_chinese_labels(page, explorer: ExplorerView, kind: str) -> None:
    """The controls and table carry the Chinese messages, drawn with a CJK font."""
    labels = explorer.control_labels()
    names = STANDARD_SETTINGS + ("bias",) + (("groups",) if kind == "grouped" else ())
    for name in names:
        expected = message(f"widget.{name}", "zh")
        assert expected in labels, f"no control labelled {expected!r}; labels: {labels}"
        assert has_chinese(expected) or name == "input_size", (
            f"message widget.{name} has no Chinese"
        )

    header = explorer.table_rows()[0]
    assert header[0] == message("widget.quantity", "zh")
    assert has_chinese(header[0])

    label = explorer.label_locator("kernel_size").first
    fonts = platform_fonts(page, label)
    cjk_fonts = [font for font in fonts if "CJK" in font["familyName"] and font["glyphCount"] > 0]
    assert cjk_fonts, f"Chromium drew {label.inner_text()!r} without a CJK font: {fonts}"


def decode_png(data: bytes) -> np.ndarray:
    return matplotlib.image.imread(io.BytesIO(data), format="png")


def picture_difference(first: bytes, second: bytes) -> float:
    """Mean absolute pixel difference of two PNGs of the same size (0 = identical)."""
    first_pixels, second_pixels = decode_png(first), decode_png(second)
    assert first_pixels.shape == second_pixels.shape, (
        f"the PNGs differ in size: {first_pixels.shape} and {second_pixels.shape}"
    )
    return float(np.abs(first_pixels - second_pixels).mean())


def chinese_texts(figure) -> list:
    """Every text artist of `figure` whose text contains Chinese."""
    return [artist for artist in figure.findobj(match=Text) if has_chinese(artist.get_text())]


def font_lacks(artist) -> str:
    """The characters of a text artist that the font matplotlib picks for it has no glyph for."""
    from fontTools.ttLib import TTFont

    path = font_manager.findfont(artist.get_fontproperties(), fallback_to_default=False)
    character_map = TTFont(path, fontNumber=0, lazy=True).getBestCmap()
    return "".join(sorted({char for char in artist.get_text() if ord(char) not in character_map}))


def check_chinese_figure(explorer: ExplorerView, kind: str) -> None:
    """The figure the browser shows is the explorer's figure drawn with Chinese glyphs.

    Reading text out of a PNG would need OCR, so the test instead builds the
    same explorer here, in the test's process, and checks three things. Its
    figure has Chinese titles and labels (from the message table), and
    matplotlib's chosen font has a glyph for every one of their characters.
    The PNG the browser shows equals that render. And the same figure drawn
    with matplotlib's default font (no Chinese glyphs, so empty boxes)
    differs from it, which shows that the comparison sees the glyphs.
    """
    settings = shown_settings(explorer, kind)
    shown_png = explorer.image_png()

    with rc_context():
        reference = ConvExplorer(language="zh", kind=kind, **settings)
        assert reference.plot_language == "zh", "course_lib.fonts found no Chinese font"

        texts = chinese_texts(reference.figure)
        assert texts, "the zh figure has no Chinese text"
        for artist in texts:
            missing = font_lacks(artist)
            assert not missing, f"the font for {artist.get_text()!r} lacks {missing!r}"
        # figure_png draws the whole figure each time; to_png could reuse a cached background.
        with_chinese_font = figure_png(reference.figure)

        rcParams["font.sans-serif"] = ["DejaVu Sans"]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # matplotlib warns about each missing glyph.
            with_default_font = figure_png(reference.figure)

    difference = picture_difference(shown_png, with_chinese_font)
    assert difference < SAME_PICTURE, (
        f"the browser's figure differs from the zh render by {difference:.4f} on average"
    )
    boxes_difference = picture_difference(with_chinese_font, with_default_font)
    assert boxes_difference > SAME_PICTURE, (
        "the render without a Chinese font looks the same; the comparison cannot see glyphs"
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_in_jupyterlab(page, lab_server, notebook_root, artifacts, lesson, language):
    relative_path = f"notebooks/{language}/{lesson}.ipynb"
    notebook_path = notebook_root / relative_path
    assert notebook_path.is_file(), f"{relative_path} does not exist"
    name = f"{lesson}_{language}"

    open_notebook(page, lab_server, relative_path)
    wait_for_all_code_cells(page, notebook_path)
    try:
        run_all_cells(page)
    finally:
        page.screenshot(path=artifacts / f"{name}_ran.png")
    save_notebook(page)

    assert notification_toasts(page) == [], "JupyterLab shows a notification"
    assert shown_errors(page, notebook_path) == []
    assert saved_errors(notebook_path) == []
    assert unrun_cells(page) == [], "Run All did not reach these code cells"

    explorer = find_explorer(page, language)
    kind = explorer_kind(explorer)
    explorer.root.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / f"{name}_explorer.png")

    try:
        check_counts(explorer, kind, "after Run All")
        check_keyboard_and_typing(explorer, kind)
    finally:
        explorer.root.screenshot(path=artifacts / f"{name}_explorer_changed.png")

    if language == "zh":
        check_chinese_labels(page, explorer, kind)
        check_chinese_figure(explorer, kind)
