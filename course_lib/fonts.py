"""A matplotlib font with Chinese glyphs, found on any machine the course installs on.

matplotlib's default font (DejaVu Sans) has no Chinese glyphs and draws empty
boxes. The course depends on the justmytype-intl-cjk package, which ships Noto
Sans SC as a variable font; matplotlib draws a variable font at its default,
thinnest weight, so the first call writes a Regular (weight 400) instance to a
cache folder (about 15 s, once). A system Noto Sans CJK SC (Debian's
fonts-noto-cjk) is used instead when present.

Run `python -m course_lib.fonts` to prepare the font ahead of time.
"""

from __future__ import annotations

import os
import warnings
from importlib.resources import files
from pathlib import Path

from course_lib.messages import message

__all__ = ["chinese_font_path", "use_font_for"]

SYSTEM_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei")
PACKAGED_FONT = "fonts/ofl/notosanssc/NotoSansSC[wght].ttf"
REGULAR_WEIGHT = 400


def cache_folder() -> Path:
    """Return the folder for the Regular instance: $XDG_CACHE_HOME/course_lib or ~/.cache/course_lib."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "course_lib"


def packaged_variable_font() -> Path | None:
    """Return the variable Noto Sans SC file from justmytype-intl-cjk, or None if it is missing."""
    try:
        path = Path(str(files("justmytype_intl_cjk") / PACKAGED_FONT))
    except ModuleNotFoundError:
        return None
    return path if path.is_file() else None


def regular_instance(variable_font: Path) -> Path:
    """Write (once) and return a static Regular instance of `variable_font`."""
    target = cache_folder() / "NotoSansSC-Regular.ttf"
    if target.is_file():
        return target

    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    target.parent.mkdir(parents=True, exist_ok=True)
    font = instancer.instantiateVariableFont(
        TTFont(variable_font), {"wght": REGULAR_WEIGHT}, updateFontNames=False
    )
    # Write beside the target first so that a second process never reads half a file.
    partial = target.with_suffix(f".{os.getpid()}.partial")
    font.save(partial)
    partial.replace(target)
    return target


def system_font() -> Path | None:
    """Return a Chinese font file that the operating system already has, or None."""
    from matplotlib import font_manager

    for entry in font_manager.fontManager.ttflist:
        if entry.name in SYSTEM_FAMILIES:
            return Path(entry.fname)
    return None


def chinese_font_path() -> Path | None:
    """Return a font file with Chinese glyphs, or None when there is none."""
    found = system_font()
    if found is not None:
        return found
    variable_font = packaged_variable_font()
    if variable_font is None:
        return None
    return regular_instance(variable_font)


def use_font_for(language: str) -> str:
    """Set matplotlib's font for `language` and return the language plots should use.

    For "zh" this registers a Chinese font and returns "zh". When no Chinese font
    can be found it warns with the fix and returns "en", so the caller labels its
    figures in English instead of drawing boxes.
    """
    if language != "zh":
        return language

    from matplotlib import font_manager, rcParams

    path = chinese_font_path()
    if path is None:
        warnings.warn(message("plot.font_missing", "zh"), stacklevel=2)
        return "en"
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    rcParams["font.sans-serif"] = [family, *rcParams["font.sans-serif"]]
    rcParams["font.family"] = "sans-serif"
    # The Chinese font lacks U+2212, the minus sign matplotlib uses on axes.
    rcParams["axes.unicode_minus"] = False
    return "zh"


if __name__ == "__main__":
    prepared = chinese_font_path()
    print(f"Chinese plot font: {prepared}" if prepared else message("plot.font_missing", "en"))
