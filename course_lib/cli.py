"""The calculator: `python -m course_lib count` counts one layer from the command line.

The options use PyTorch's argument names (`--in-channels` sets `in_channels`,
and so on) and the same defaults, including bias on. The number of
comma-separated `--input-size` values picks Conv1d, Conv2d or Conv3d. Every
setting goes through `ConvSpec.create` and `count_conv`, so the calculator
accepts and rejects exactly what the lessons do. An invalid setting ends the
program with exit status 2 and one line in the chosen language.

This module imports no torch, because importing torch alone takes about 1.8 s
on a 2-core machine (`time python -c "import torch"`, torch 2.13 CPU),
and the calculator should print its result at once.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from course_lib.counting import ConvCost, count_conv
from course_lib.errors import ConvTypeError, CourseError
from course_lib.formulas import summary_text
from course_lib.messages import LANGUAGES, message
from course_lib.spec import PADDING_STRINGS, ConvSpec

__all__ = ["build_parser", "main"]

PROGRAM = "python -m course_lib"

# Exit status for invalid input, as argparse uses for a usage error.
USAGE_ERROR = 2


class CourseArgumentParser(argparse.ArgumentParser):
    """An argument parser that reports a usage error as one line in the course's language."""

    language = "en"

    def error(self, text: str) -> None:  # type: ignore[override]
        # NOTE: argparse's own part of the line (such as "the following arguments
        # are required") stays in English, because argparse translates it only
        # through gettext catalogues that Python does not ship for Chinese.
        detail = message("cli.usage_error", self.language, text=text, prog=self.prog)
        sys.stderr.write(message("cli.error", self.language, text=detail) + "\n")
        sys.exit(USAGE_ERROR)


def requested_language(argv: Sequence[str]) -> str:
    """Find `--language` in the raw arguments, so help and errors use it from the start."""
    for index, argument in enumerate(argv):
        if argument.startswith("--language="):
            value = argument.split("=", 1)[1]
        elif argument == "--language" and index + 1 < len(argv):
            value = argv[index + 1]
        else:
            continue
        if value in LANGUAGES:
            return value
    return "en"


def parse_integer(option: str, text: str) -> int:
    """Read one integer option such as `--groups 3`."""
    try:
        return int(text.strip())
    except ValueError:
        raise ConvTypeError("cli.not_integer", option=option, value=text) from None


def parse_integers(option: str, text: str) -> int | tuple[int, ...]:
    """Read one integer or comma-separated integers, such as `3` or `3,5`."""
    parts = text.split(",")
    try:
        numbers = tuple(int(part.strip()) for part in parts)
    except ValueError:
        raise ConvTypeError("cli.not_integers", option=option, value=text) from None
    return numbers[0] if len(numbers) == 1 else numbers


def parse_padding(text: str) -> int | tuple[int, ...] | str:
    """Read `--padding`: integers as for `--kernel-size`, or 'same' or 'valid'.

    Any other word goes to ConvSpec, which rejects it with the allowed values.
    """
    word = text.strip().lower()
    if word in PADDING_STRINGS or word.isalpha():
        return word
    return parse_integers("--padding", text)


def parse_input_size(text: str) -> tuple[int, ...]:
    """Read `--input-size` as 1, 2 or 3 spatial sizes; their number sets the dims."""
    sizes = parse_integers("--input-size", text)
    sizes = (sizes,) if isinstance(sizes, int) else sizes
    if len(sizes) not in (1, 2, 3):
        raise ConvTypeError("cli.input_size_count", value=text, count=len(sizes))
    return sizes


def build_parser(language: str = "en") -> CourseArgumentParser:
    """Build the command-line parser with help texts in `language`."""

    def text(key: str, **fields: object) -> str:
        return message(key, language, **fields)

    parser = CourseArgumentParser(prog=PROGRAM, description=text("cli.description"), add_help=False)
    parser.language = language
    parser.add_argument("-h", "--help", action="help", help=text("cli.help.help"))
    commands = parser.add_subparsers(dest="command", title=text("cli.group.commands"))

    count = commands.add_parser(
        "count",
        help=text("cli.help.count"),
        description=text("cli.description"),
        epilog=text("cli.epilog"),
        add_help=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    count.language = language
    count.add_argument("-h", "--help", action="help", help=text("cli.help.help"))

    layer = count.add_argument_group(text("cli.group.layer"))
    layer.add_argument(
        "--in-channels", required=True, metavar="C_IN", help=text("cli.help.in_channels")
    )
    layer.add_argument(
        "--out-channels", required=True, metavar="C_OUT", help=text("cli.help.out_channels")
    )
    layer.add_argument(
        "--kernel-size", required=True, metavar="K", help=text("cli.help.kernel_size")
    )
    layer.add_argument("--stride", default="1", metavar="S", help=text("cli.help.stride"))
    layer.add_argument("--padding", default="0", metavar="P", help=text("cli.help.padding"))
    layer.add_argument("--dilation", default="1", metavar="D", help=text("cli.help.dilation"))
    layer.add_argument("--groups", default="1", metavar="G", help=text("cli.help.groups"))
    layer.add_argument(
        "--bias", dest="bias", action="store_true", default=True, help=text("cli.help.bias")
    )
    layer.add_argument(
        "--no-bias", dest="bias", action="store_false", help=text("cli.help.no_bias")
    )
    layer.add_argument("--transposed", action="store_true", help=text("cli.help.transposed"))
    layer.add_argument("--output-padding", default="0", metavar="OP", help=text("cli.help.output_padding"))  # fmt: skip

    data = count.add_argument_group(text("cli.group.input"))
    data.add_argument(
        "--input-size", required=True, metavar="SIZES", help=text("cli.help.input_size")
    )
    batch = data.add_mutually_exclusive_group()
    batch.add_argument("--batch-size", default="1", metavar="B", help=text("cli.help.batch_size"))
    batch.add_argument("--no-batch", action="store_true", help=text("cli.help.no_batch"))

    output = count.add_argument_group(text("cli.group.output"))
    output.add_argument("--json", action="store_true", help=text("cli.help.json"))
    output.add_argument("--language", choices=LANGUAGES, default="en", help=text("cli.help.language"))  # fmt: skip
    return parser


def count_from_arguments(arguments: argparse.Namespace) -> ConvCost:
    """Turn the parsed options into a ConvSpec and an input shape, and count."""
    spatial = parse_input_size(arguments.input_size)
    in_channels = parse_integer("--in-channels", arguments.in_channels)
    spec = ConvSpec.create(
        in_channels,
        parse_integer("--out-channels", arguments.out_channels),
        parse_integers("--kernel-size", arguments.kernel_size),
        stride=parse_integers("--stride", arguments.stride),
        padding=parse_padding(arguments.padding),
        dilation=parse_integers("--dilation", arguments.dilation),
        groups=parse_integer("--groups", arguments.groups),
        bias=arguments.bias,
        transposed=arguments.transposed,
        output_padding=parse_integers("--output-padding", arguments.output_padding),
        dims=len(spatial),
    )

    if arguments.no_batch:
        input_shape = (in_channels, *spatial)
    else:
        input_shape = (parse_integer("--batch-size", arguments.batch_size), in_channels, *spatial)
    return count_conv(spec, input_shape)


def cost_as_json(cost: ConvCost) -> str:
    """The counts as one JSON object; every count covers the whole batch."""
    counts = cost.as_dict()
    counts["macs_plus_bias"] = cost.macs_plus_bias
    counts["flops_plus_one"] = cost.flops_plus_one
    return json.dumps(counts)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the calculator on `argv` (default: sys.argv[1:]) and return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    language = requested_language(argv)
    parser = build_parser(language)
    arguments = parser.parse_args(argv)

    if arguments.command is None:
        parser.print_help()
        return 0

    try:
        cost = count_from_arguments(arguments)
    except CourseError as error:
        print(message("cli.error", language, text=error.text(language)), file=sys.stderr)
        return USAGE_ERROR

    if arguments.json:
        print(cost_as_json(cost))
    else:
        print(summary_text(cost, language))
    return 0
