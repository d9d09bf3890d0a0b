"""Every English notebook has a Chinese twin with the same code, and vice versa.

The rule for "the same code": the two notebooks have the same number of code
cells, and each pair of cells has the same Python tokens, where
  1. the text of a string literal may differ, because it may be learner-facing
     text, but its prefix and, for an f-string, its replacement fields (the
     code inside the braces) must match;
  2. comments may differ (a Chinese notebook comments in Chinese), except the
     markers that change how a cell runs or is graded: `# NBVAL_...`,
     `### BEGIN SOLUTION`, `### END SOLUTION` and `# YOUR CODE HERE`;
  3. the language setting line, `LANGUAGE = "en"` or `LANGUAGE = "zh"` (also
     spelt `language`), must name the notebook's own language;
  4. IPython lines (`%matplotlib inline`, `!...`) must match exactly, and so
     must a whole cell that does not tokenize as Python.
Spacing and blank lines do not count. Markdown cells are free to differ: they
are the two languages' prose.

NOTE: rule 1 also lets a code-like string such as padding="same" differ from
its twin; keep such values in variables or in course_lib where possible.
"""

from __future__ import annotations

import io
import re
import string
import tokenize
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("notebooks", "exercises", "solutions")
LANGUAGES = ("en", "zh")
LANGUAGE_LINE = re.compile(r"""^(LANGUAGE|language)\s*=\s*["'](?P<value>en|zh)["']\s*$""")
# A string literal's prefix (f, r, b, u in any case) and its opening quote.
STRING_START = re.compile("^([A-Za-z]*)('''|\"\"\"|'|\")")
KEPT_COMMENT = re.compile(r"^#+\s*(NBVAL_|BEGIN SOLUTION|END SOLUTION|YOUR CODE HERE)")


def notebooks_in(folder: str, language: str) -> list[Path]:
    """The notebooks of one language in one folder, without checkpoint copies."""
    base = ROOT / folder / language
    if not base.is_dir():
        return []
    return sorted(path for path in base.rglob("*.ipynb") if ".ipynb_checkpoints" not in path.parts)


def twin_path(path: Path) -> Path:
    """The same notebook in the other language: notebooks/en/x.ipynb <-> notebooks/zh/x.ipynb."""
    relative = path.relative_to(ROOT)
    folder, language, *rest = relative.parts
    other = "zh" if language == "en" else "en"
    return ROOT.joinpath(folder, other, *rest)


def string_shape(literal: str) -> str:
    """Reduce a string literal to its prefix and its f-string replacement fields.

    'f"参数量 = {cost.params}"' and 'f"parameters = {cost.params}"' both become
    'f<{cost.params}>', so only the code inside the braces is compared.
    """
    match = STRING_START.match(literal)
    if match is None:
        return literal
    prefix, quote = match.groups()
    body = literal[len(prefix) + len(quote) : len(literal) - len(quote)]
    if "f" not in prefix.lower():
        return f"{prefix.lower()}<>"
    try:
        fields = [
            "{" + field + (f"!{conversion}" if conversion else "") + "}"
            for _, field, _, conversion in string.Formatter().parse(body)
            if field is not None
        ]
    except ValueError:
        return literal
    return f"{prefix.lower()}<{''.join(fields)}>"


def check_language_lines(source: str, language: str) -> None:
    """Fail when the language setting line names the other language."""
    for line in source.splitlines():
        match = LANGUAGE_LINE.match(line.strip())
        if match:
            assert match["value"] == language, (
                f"the language line says {match['value']!r} in a {language!r} notebook"
            )


def normalise(source: str, language: str) -> str:
    """Normalise one code cell's source by the rule in this module's docstring."""
    check_language_lines(source, language)

    # IPython lines are not Python: hide each behind a name and restore it afterwards.
    magics = {}
    python_lines = []
    for index, line in enumerate(source.splitlines()):
        if line.lstrip().startswith(("%", "!")):
            name = f"IPYTHON_LINE_{index}"
            magics[name] = line.strip()
            python_lines.append(name)
        else:
            python_lines.append(line)

    tokens = []
    try:
        for token in tokenize.generate_tokens(io.StringIO("\n".join(python_lines) + "\n").readline):
            if token.type == tokenize.COMMENT:
                if KEPT_COMMENT.match(token.string):
                    tokens.append((tokenize.COMMENT, token.string))
                continue
            if token.type == tokenize.STRING:
                tokens.append((tokenize.STRING, string_shape(token.string)))
            elif token.type == getattr(tokenize, "FSTRING_MIDDLE", None):
                # Python 3.12 splits f-strings; the literal text between fields may differ.
                tokens.append((tokenize.STRING, "<>"))
            elif token.type not in (tokenize.NL, tokenize.ENCODING):
                tokens.append((token.type, token.string))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return "\n".join(line.rstrip() for line in source.splitlines() if line.strip())

    text = tokenize.untokenize(tokens)
    for name, line in magics.items():
        text = text.replace(name, line)
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


def code_cells(path: Path) -> list[str]:
    """The normalised sources of a notebook's code cells, in order."""
    notebook = nbformat.read(path, as_version=4)
    language = path.relative_to(ROOT).parts[1]
    return [normalise(cell.source, language) for cell in notebook.cells if cell.cell_type == "code"]


ALL_NOTEBOOKS = [
    path for folder in FOLDERS for language in LANGUAGES for path in notebooks_in(folder, language)
]
ENGLISH_NOTEBOOKS = [path for path in ALL_NOTEBOOKS if path.relative_to(ROOT).parts[1] == "en"]


def notebook_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_lesson_notebooks_exist():
    assert ENGLISH_NOTEBOOKS, "no notebook found under notebooks/en"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=notebook_id)
def test_twin_exists(path):
    twin = twin_path(path)
    assert twin.is_file(), f"{notebook_id(path)} has no twin; create {notebook_id(twin)}"


@pytest.mark.parametrize("path", ENGLISH_NOTEBOOKS, ids=notebook_id)
def test_twins_share_code_cells(path):
    twin = twin_path(path)
    if not twin.is_file():
        pytest.skip(f"{notebook_id(twin)} is missing; test_twin_exists reports it")
    english, chinese = code_cells(path), code_cells(twin)

    assert len(english) == len(chinese), (
        f"{notebook_id(path)} has {len(english)} code cells, {notebook_id(twin)} has {len(chinese)}"
    )
    for index, (english_source, chinese_source) in enumerate(zip(english, chinese, strict=True)):
        assert english_source == chinese_source, f"code cell {index} differs"


def test_normalise_ignores_comments_and_text():
    english = 'LANGUAGE = "en"\n# Count the layer.\nprint(f"parameters: {cost.params}")  # total\n'
    chinese = 'LANGUAGE = "zh"\n# 计算这一层。\nprint(f"参数量：{cost.params}")  # 合计\n'

    assert normalise(english, "en") == normalise(chinese, "zh")


def test_normalise_keeps_markers_and_magics():
    source = "# NBVAL_IGNORE_OUTPUT\n%matplotlib inline\nexplorer\n"
    normalised = normalise(source, "en")

    assert "# NBVAL_IGNORE_OUTPUT" in normalised
    assert "%matplotlib inline" in normalised


def test_normalise_detects_changed_code():
    english = "print(cost.params)\n"
    chinese = "print(cost.macs)\n"

    assert normalise(english, "en") != normalise(chinese, "zh")


def test_normalise_detects_changed_field():
    english = 'print(f"parameters: {cost.params}")\n'
    chinese = 'print(f"参数量：{cost.flops}")\n'

    assert normalise(english, "en") != normalise(chinese, "zh")


def test_normalise_detects_changed_magic():
    assert normalise("%matplotlib inline\n", "en") != normalise("%matplotlib widget\n", "zh")


def test_normalise_rejects_wrong_language():
    with pytest.raises(AssertionError, match="says 'en' in a 'zh' notebook"):
        normalise('LANGUAGE = "en"\n', "zh")
