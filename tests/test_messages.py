"""The bilingual message table: both languages carry the same messages, each in its own typography.

Every learner-facing string lives in course_lib.messages.MESSAGES under "en"
and "zh". These tests keep the two tables in step (keys, placeholders and how
each placeholder is shown) and check the Chinese punctuation rule of the house
style: prose after a Chinese character uses full-width punctuation.
"""

from __future__ import annotations

import re
import string

import pytest

from course_lib.messages import LANGUAGES, MESSAGES, message, placeholders

ENGLISH = MESSAGES["en"]
CHINESE = MESSAGES["zh"]
KEYS = sorted(ENGLISH)

CHINESE_CHARACTER = re.compile(r"[\u4e00-\u9fff]")

# An ASCII comma, semicolon, colon, full stop, exclamation or question mark right
# after a Chinese character is a half-width slip in Chinese prose. ASCII brackets
# are not checked because code after Chinese text, such as "(H_out, W_out)", needs them.
HALF_WIDTH_AFTER_CHINESE = re.compile(r"[\u4e00-\u9fff][,;:.!?]")

FULL_WIDTH_PUNCTUATION = re.compile(r"[，。；：、（）！？“”]")

# Short English words that only prose uses. An English message with two or more
# of them is a sentence, and its Chinese version must then contain Chinese.
PROSE_WORDS = {
    "a",
    "an",
    "and",
    "are",
    "at",
    "be",
    "for",
    "has",
    "have",
    "in",
    "is",
    "must",
    "not",
    "of",
    "on",
    "only",
    "or",
    "than",
    "that",
    "the",
    "this",
    "to",
    "use",
    "with",
}

# Variants that the course's glossary replaces with one fixed term, with that term.
GLOSSARY_VARIANTS = {
    "步幅": "步长",
    "偏差": "偏置",
    "参数数量": "参数量",
    "参数个数": "参数量",
    "输出大小": "输出尺寸",
    "扩张": "膨胀",
    "深度可分卷积": "深度可分离卷积",
}


class SampleValue:
    """A stand-in for any field value that every format spec and conversion accepts."""

    def __format__(self, spec: str) -> str:
        return "7"

    def __repr__(self) -> str:
        return "7"

    def __getitem__(self, index: object) -> SampleValue:
        return self

    def __getattr__(self, name: str) -> SampleValue:
        return self


class SampleFields(dict):
    """A mapping that returns a SampleValue for every field name."""

    def __missing__(self, key: str) -> SampleValue:
        return SampleValue()


def conversions(template: str) -> dict[str, set[tuple[str | None, str]]]:
    """Map each field of `template` to its conversions and format specs, e.g. {"value": {("r", "")}}."""
    shown: dict[str, set[tuple[str | None, str]]] = {}
    for _, field, spec, conversion in string.Formatter().parse(template):
        if field:
            shown.setdefault(field, set()).add((conversion, spec))
    return shown


def prose_text(template: str) -> str:
    """The template without its placeholders and `code` spans."""
    without_fields = re.sub(r"\{[^{}]*\}", " ", template)
    return re.sub(r"`[^`]*`", " ", without_fields)


def test_languages_are_en_and_zh():
    assert LANGUAGES == ("en", "zh")
    assert set(MESSAGES) == set(LANGUAGES)


def test_same_keys():
    only_english = sorted(set(ENGLISH) - set(CHINESE))
    only_chinese = sorted(set(CHINESE) - set(ENGLISH))

    assert only_english == [], f"keys without a Chinese message: {only_english}"
    assert only_chinese == [], f"keys without an English message: {only_chinese}"


def report(problems: list[str]) -> str:
    """Join the problems found, one per line, for an assertion message."""
    return "\n".join(problems)


def test_same_placeholders():
    problems = []
    for key in KEYS:
        english = placeholders(ENGLISH[key])
        chinese = placeholders(CHINESE.get(key, ""))
        if english != chinese:
            problems.append(f"{key}: English fills {english}, Chinese fills {chinese}")

    assert problems == [], report(problems)


def test_placeholders_shown_alike():
    # {value!r} shows 'same' with quotes and {value} shows same without them, so
    # both languages must use the same conversion and format spec for each field.
    problems = []
    for key in KEYS:
        english = conversions(ENGLISH[key])
        chinese = conversions(CHINESE.get(key, ""))
        if english != chinese:
            problems.append(f"{key}: English shows {english}, Chinese shows {chinese}")

    assert problems == [], report(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_messages_format(language):
    problems = []
    for key, template in MESSAGES[language].items():
        # A stray brace or a misspelt conversion raises here.
        try:
            filled = template.format_map(SampleFields())
        except (ValueError, IndexError) as error:
            problems.append(f"{key}: {error} in {template!r}")
            continue
        if not filled.strip():
            problems.append(f"{key}: empty message")

    assert problems == [], report(problems)


def test_chinese_punctuation():
    problems = []
    for key in KEYS:
        chinese = CHINESE.get(key, "")
        slips = [match.group() for match in HALF_WIDTH_AFTER_CHINESE.finditer(prose_text(chinese))]
        if slips:
            problems.append(f"{key}: use full-width punctuation in {slips} of {chinese!r}")

    assert problems == [], report(problems)


def test_english_has_no_chinese():
    problems = []
    for key in KEYS:
        english = ENGLISH[key]
        if CHINESE_CHARACTER.search(english):
            problems.append(f"{key}: Chinese characters in {english!r}")
        if FULL_WIDTH_PUNCTUATION.search(english):
            problems.append(f"{key}: full-width punctuation in {english!r}")

    assert problems == [], report(problems)


def test_sentences_translated():
    problems = []
    for key in KEYS:
        words = re.findall(r"[A-Za-z]+", prose_text(ENGLISH[key]))
        prose_words = [word for word in words if word.lower() in PROSE_WORDS]
        chinese = CHINESE.get(key, "")
        if len(prose_words) >= 2 and not CHINESE_CHARACTER.search(chinese):
            problems.append(f"{key}: the Chinese message is not translated: {chinese!r}")

    assert problems == [], report(problems)


def test_glossary_terms():
    problems = []
    for key in KEYS:
        chinese = CHINESE.get(key, "")
        for variant, term in GLOSSARY_VARIANTS.items():
            if variant in chinese:
                problems.append(f"{key}: write {term} for {variant} in {chinese!r}")
        # 分组卷积 is the term, so 组卷积 must not appear without 分 before it.
        if re.search(r"(?<!分)组卷积", chinese):
            problems.append(f"{key}: write 分组卷积 in {chinese!r}")

    assert problems == [], report(problems)


def test_half_width_rule_catches_slip():
    # The checks above pass on the real table, so show that the pattern itself can fail.
    assert HALF_WIDTH_AFTER_CHINESE.search("参数量,计算量")
    assert HALF_WIDTH_AFTER_CHINESE.search("步长;填充")
    assert not HALF_WIDTH_AFTER_CHINESE.search("参数量，计算量")
    assert not HALF_WIDTH_AFTER_CHINESE.search(prose_text("形状应为`(C, H)`，"))


def test_message_fills_fields():
    english = message("error.not_positive", "en", name="stride", value=0)
    chinese = message("error.not_positive", "zh", name="stride", value=0)

    assert "stride=0" in english
    assert "stride=0" in chinese
    assert chinese != english


def test_message_unknown_language():
    with pytest.raises(ValueError) as caught:
        message("error.not_positive", "fr", name="stride", value=0)

    assert "language='fr'" in str(caught.value)
    assert "en, zh" in str(caught.value)


def test_message_unknown_key():
    with pytest.raises(KeyError):
        message("error.no_such_message", "en")


def test_placeholders_of_template():
    assert placeholders("{name}={value!r} and {value}") == {"name", "value"}
    assert placeholders("no fields, {{braces}} only") == set()
