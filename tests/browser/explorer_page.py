"""Read and operate a course_lib.widgets.ConvExplorer as JupyterLab renders it.

The explorer is found by its controls' labels, which come from the message
table, so the same code works for the English and the Chinese lessons. Each
control is an ipywidgets 8.1 view: an IntSlider (a noUiSlider handle and an
editable readout), an IntText (a number input) or a Checkbox.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from course_lib.messages import message

UPDATE_SECONDS = 15.0
CJK_PATTERN = re.compile(r"[\u4e00-\u9fff]")
# A slider's or text box's description, or the text beside a checkbox.
LABEL_SELECTOR = ".widget-label, .widget-label-basic span"
# ipywidgets fills the empty description of a checkbox with a zero-width space.
ZERO_WIDTH_SPACE = "\u200b"

# The explorer's numbers: the HTML widget's table, one list of cell texts per row.
TABLE_ROWS_SCRIPT = """root => Array.from(
    root.querySelectorAll('.widget-html-content table tr')).map(
        row => Array.from(row.querySelectorAll('td, th')).map(cell => cell.innerText.trim()))"""

NUMBERS_HTML_SCRIPT = """root => {
    const numbers = root.querySelector('.widget-html-content');
    return numbers === null ? null : numbers.innerHTML;
}"""

IMAGE_SOURCE_SCRIPT = """root => {
    const image = root.querySelector('.widget-image');
    return image === null ? null : image.getAttribute('src');
}"""

# The PNG bytes behind the Image widget's blob: address, as base64.
IMAGE_BYTES_SCRIPT = """async root => {
    const image = root.querySelector('.widget-image');
    const response = await fetch(image.src);
    const bytes = new Uint8Array(await response.arrayBuffer());
    let text = '';
    for (const byte of bytes) { text += String.fromCharCode(byte); }
    return btoa(text);
}"""


def has_chinese(text: str) -> bool:
    """True when `text` contains at least one CJK ideograph."""
    return CJK_PATTERN.search(text) is not None


@dataclass
class ExplorerView:
    """One explorer on the page: its output element and the language of its labels."""

    page: object
    root: object
    language: str

    def label(self, setting: str) -> str:
        """The label the explorer shows for `setting`, from the message table."""
        return message(f"widget.{setting}", self.language)

    def label_locator(self, setting: str, within=None):
        """The label element of `setting`: a description, or a checkbox's text beside its box."""
        scope = within if within is not None else self.root
        return scope.locator(LABEL_SELECTOR).get_by_text(self.label(setting), exact=True)

    def control(self, setting: str):
        """The control row (label and input) whose label is exactly the setting's label."""
        # The inner locator of filter(has=...) is matched inside each row, so it starts at the page.
        label = self.label_locator(setting, within=self.page)
        return self.root.locator(".widget-inline-hbox").filter(has=label).first

    def has_control(self, setting: str) -> bool:
        return self.label_locator(setting).count() > 0

    def value(self, setting: str) -> int | bool:
        """The value a control shows: a slider's readout, a number input, a checkbox."""
        control = self.control(setting)
        classes = control.get_attribute("class") or ""
        if "widget-slider" in classes:
            return int(control.locator(".widget-readout").inner_text().strip())
        if "widget-checkbox" in classes:
            return control.locator("input[type=checkbox]").is_checked()
        return int(control.locator("input").input_value())

    def settings(self, names: tuple[str, ...]) -> dict[str, int | bool]:
        return {name: self.value(name) for name in names}

    def control_labels(self) -> list[str]:
        """The visible label texts of every control, in page order."""
        texts = self.root.locator(LABEL_SELECTOR).all_inner_texts()
        return [text.strip() for text in texts if text.strip(ZERO_WIDTH_SPACE + " ")]

    def table_rows(self) -> list[list[str]]:
        return self.root.evaluate(TABLE_ROWS_SCRIPT)

    def numbers_html(self) -> str | None:
        return self.root.evaluate(NUMBERS_HTML_SCRIPT)

    def image_source(self) -> str | None:
        return self.root.evaluate(IMAGE_SOURCE_SCRIPT)

    def image_png(self) -> bytes:
        """The PNG the Image widget shows, read back from the browser."""
        return base64.b64decode(self.root.evaluate(IMAGE_BYTES_SCRIPT))

    def press_key(self, setting: str, key: str) -> None:
        """Focus a slider's handle (or a number input) and press `key`, as a keyboard user does.

        A number input sends its value when Enter is pressed, so Enter follows there.
        """
        control = self.control(setting)
        classes = control.get_attribute("class") or ""
        if "widget-slider" in classes:
            handle = control.locator(".noUi-handle")
            handle.focus()
            handle.press(key)
            return
        number = control.locator("input")
        number.focus()
        number.press(key)
        number.press("Enter")

    def type_value(self, setting: str, value: int) -> None:
        """Type `value` into a slider's readout or a number input and press Enter."""
        control = self.control(setting)
        classes = control.get_attribute("class") or ""
        if "widget-slider" in classes:
            field = control.locator(".widget-readout")
            field.click()
            self.page.keyboard.press("Control+a")
        else:
            field = control.locator("input")
            field.click()
            field.select_text()
        self.page.keyboard.type(str(value))
        self.page.keyboard.press("Enter")

    def wait_for_numbers_change(self, previous_html: str | None) -> None:
        """Wait until the numbers' HTML differs from `previous_html`."""
        self.page.wait_for_function(
            """([root, previous]) => {
                const numbers = root.querySelector('.widget-html-content');
                return numbers !== null && numbers.innerHTML !== previous;
            }""",
            arg=[self.root.element_handle(), previous_html],
            timeout=UPDATE_SECONDS * 1000,
        )

    def wait_for_image_change(self, previous_source: str | None) -> None:
        """Wait until the Image widget shows another PNG than `previous_source`, fully loaded."""
        self.page.wait_for_function(
            """([root, previous]) => {
                const image = root.querySelector('.widget-image');
                return image !== null && image.getAttribute('src') !== previous
                    && image.complete && image.naturalWidth > 0;
            }""",
            arg=[self.root.element_handle(), previous_source],
            timeout=UPDATE_SECONDS * 1000,
        )


def find_explorer(page, language: str) -> ExplorerView:
    """The first explorer in the open notebook, found by its kernel_size label."""
    kernel_label = message("widget.kernel_size", language)
    # The inner locator of filter(has=...) is matched inside each output element.
    label = page.locator(".widget-label").get_by_text(kernel_label, exact=True)
    root = page.locator(".jp-Notebook .jp-OutputArea-output").filter(has=label).first
    root.wait_for(state="visible")
    return ExplorerView(page=page, root=root, language=language)


def platform_fonts(page, element) -> list[dict]:
    """The fonts Chromium used to draw the text of `element` (Chrome DevTools Protocol).

    Each entry has familyName and glyphCount: a font that drew no glyph of the
    text is not listed, so a Chinese label drawn as empty boxes lists no CJK font.
    """
    session = page.context.new_cdp_session(page)
    try:
        session.send("DOM.enable")
        session.send("CSS.enable")
        document = session.send("DOM.getDocument", {"depth": 0})
        marker = "data-font-probe"
        element.evaluate(f"node => node.setAttribute('{marker}', '1')")
        node = session.send(
            "DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": f"[{marker}]"}
        )
        element.evaluate(f"node => node.removeAttribute('{marker}')")
        return session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    finally:
        session.detach()
