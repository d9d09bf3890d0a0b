"""The calculator `python -m course_lib count`: its output, its errors and its imports.

Most tests call `main(argv)` in this process and read what it printed; the
tests of the real entry point and of the imports start a fresh interpreter,
because pytest itself may already have imported torch.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from course_lib import ConvSpec, count_conv
from course_lib.cli import main
from course_lib.crosscheck import measure_spec
from course_lib.messages import message

# The source article's layer: 227 x 227 x 3 input, 11 x 11 kernel, 6 filters,
# stride 4, no padding, no bias, so the output is (227 - 11) / 4 + 1 = 55 wide.
SOURCE_ARGUMENTS = [
    "--in-channels", "3", "--out-channels", "6", "--kernel-size", "11",
    "--stride", "4", "--no-bias", "--input-size", "227,227",
]  # fmt: skip


def run_calculator(capsys, arguments: list[str]) -> tuple[int, str, str]:
    """Run `count` in this process and return the exit status, stdout and stderr."""
    status = main(["count", *arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_json(capsys, arguments: list[str]) -> dict:
    status, output, errors = run_calculator(capsys, [*arguments, "--json"])
    assert status == 0, errors
    assert errors == ""
    return json.loads(output)


def test_source_example_json(capsys):
    counts = run_json(capsys, SOURCE_ARGUMENTS)

    # 11 x 11 x 3 x 6 weights, no bias.
    assert counts["params"] == 2178
    # 2178 products per output position, 55 x 55 positions.
    assert counts["macs"] == 6588450
    assert counts["flops"] == 13176900
    # (2 x 363 - 1) x 6 x 55 x 55: each 363-term dot product needs 362 additions.
    assert counts["flops_exact"] == 13158750
    assert counts["bias_adds"] == 0
    assert counts["output_size"] == [55, 55]


def test_source_example_matches_library_and_torch(capsys):
    counts = run_json(capsys, SOURCE_ARGUMENTS)
    spec = ConvSpec.create(3, 6, 11, stride=4, bias=False)
    cost = count_conv(spec, (1, 3, 227, 227))
    measured = measure_spec(spec, (1, 3, 227, 227))

    assert counts["params"] == cost.params
    assert counts["macs"] == cost.macs
    assert counts["flops"] == cost.flops
    assert counts["flops_exact"] == cost.flops_exact
    assert counts["params"] == measured.params
    assert counts["flops"] == measured.flops
    assert tuple(counts["output_shape"]) == measured.output_shape


# (description, calculator arguments, ConvSpec.create arguments, input shape)
LAYERS = [
    ("1d", ["--in-channels", "4", "--out-channels", "8", "--kernel-size", "5", "--stride", "2",
            "--padding", "2", "--input-size", "50"],
     dict(in_channels=4, out_channels=8, kernel_size=5, stride=2, padding=2, dims=1),
     (1, 4, 50)),
    ("3d", ["--in-channels", "3", "--out-channels", "6", "--kernel-size", "3,3,1",
            "--padding", "1,1,0", "--input-size", "8,16,16", "--no-bias"],
     dict(in_channels=3, out_channels=6, kernel_size=(3, 3, 1), padding=(1, 1, 0), bias=False,
          dims=3),
     (1, 3, 8, 16, 16)),
    ("transposed", ["--in-channels", "4", "--out-channels", "6", "--kernel-size", "3",
                    "--stride", "2", "--padding", "1", "--output-padding", "1", "--transposed",
                    "--input-size", "7,7"],
     dict(in_channels=4, out_channels=6, kernel_size=3, stride=2, padding=1, output_padding=1,
          transposed=True),
     (1, 4, 7, 7)),
    ("batch of 5", ["--in-channels", "3", "--out-channels", "6", "--kernel-size", "11",
                    "--stride", "4", "--input-size", "227,227", "--batch-size", "5"],
     dict(in_channels=3, out_channels=6, kernel_size=11, stride=4),
     (5, 3, 227, 227)),
    ("depthwise same", ["--in-channels", "8", "--out-channels", "8", "--kernel-size", "3",
                        "--groups", "8", "--padding", "same", "--input-size", "14,10"],
     dict(in_channels=8, out_channels=8, kernel_size=3, groups=8, padding="same"),
     (1, 8, 14, 10)),
    ("unbatched", ["--in-channels", "2", "--out-channels", "2", "--kernel-size", "3",
                   "--input-size", "9", "--no-batch"],
     dict(in_channels=2, out_channels=2, kernel_size=3, dims=1),
     (2, 9)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("arguments", "settings", "input_shape"),
    [(arguments, settings, shape) for _, arguments, settings, shape in LAYERS],
    ids=[name for name, *_ in LAYERS],
)
def test_layer_counts_match(capsys, arguments, settings, input_shape):
    counts = run_json(capsys, arguments)
    spec = ConvSpec.create(**settings)
    cost = count_conv(spec, input_shape)
    measured = measure_spec(spec, input_shape)

    assert counts == {
        **cost.as_dict(),
        "macs_plus_bias": cost.macs_plus_bias,
        "flops_plus_one": cost.flops_plus_one,
    }
    assert counts["params"] == measured.params
    assert counts["flops"] == measured.flops
    assert tuple(counts["output_shape"]) == measured.output_shape


def test_batch_scales_counts(capsys):
    single = run_json(capsys, SOURCE_ARGUMENTS)
    batch = run_json(capsys, [*SOURCE_ARGUMENTS, "--batch-size", "3"])

    assert batch["params"] == single["params"]
    for key in ("macs", "flops", "flops_exact", "bias_adds"):
        assert batch[key] == 3 * single[key], key
    assert batch["output_shape"] == [3, 6, 55, 55]


def test_summary_shows_filled_formulas(capsys):
    status, output, _ = run_calculator(capsys, SOURCE_ARGUMENTS)

    assert status == 0
    assert "11 x 11 x 3 x 6" in output
    assert "= 2178" in output
    assert "= 13176900" in output
    assert "FLOPs = 2 x MACs" in output


def test_summary_writes_square_size_once(capsys):
    status, output, _ = run_calculator(capsys, SOURCE_ARGUMENTS)
    expression = "floor((227 + 2 x 0 - 1 x (11 - 1) - 1) / 4) + 1"

    assert status == 0
    assert f"H_out = W_out = {expression} = 55" in output
    assert output.count(expression) == 1


def test_summary_notes_missing_bias(capsys):
    _, without_bias, _ = run_calculator(capsys, SOURCE_ARGUMENTS)
    _, with_bias, _ = run_calculator(capsys, [*SOURCE_ARGUMENTS, "--bias"])

    assert message("formula.same_as_macs", "en") in without_bias
    assert message("formula.same_as_macs", "en") not in with_bias
    assert "+ C_out x H_out x W_out" in with_bias
    assert "= 6606600" in with_bias


def test_summary_in_chinese(capsys):
    status, output, _ = run_calculator(capsys, [*SOURCE_ARGUMENTS, "--language", "zh"])

    assert status == 0
    assert output.startswith("标准卷积，二维（不带偏置）")
    assert "参数量：" in output
    assert "输出尺寸（H_out, W_out）：" in output
    assert "精确运算次数：" in output
    assert "= 2178" in output


# (calculator arguments, text the one error line must contain)
INVALID_INPUTS = [
    (["--in-channels", "3", "--out-channels", "x", "--kernel-size", "3", "--input-size", "8,8"],
     "--out-channels='x' is not an integer"),
    (["--in-channels", "0", "--out-channels", "6", "--kernel-size", "3", "--input-size", "8,8"],
     "in_channels=0 must be a positive integer"),
    (["--in-channels", "3", "--out-channels", "6", "--kernel-size", "3", "--groups", "2",
      "--input-size", "8,8"],
     "groups=2 must divide in_channels=3"),
    (["--in-channels", "3", "--out-channels", "6", "--kernel-size", "3,3,3",
      "--input-size", "8,8"],
     "kernel_size=(3, 3, 3) has 3 values"),
    (["--in-channels", "3", "--out-channels", "6", "--kernel-size", "3", "--padding", "1.5",
      "--input-size", "8,8"],
     "--padding='1.5' is not an integer"),
    (["--in-channels", "3", "--out-channels", "6", "--kernel-size", "3", "--padding", "full",
      "--input-size", "8,8"],
     "padding='full' is not valid"),
    (["--in-channels", "3", "--out-channels", "6", "--kernel-size", "3", "--stride", "2",
      "--padding", "same", "--input-size", "8,8"],
     "padding='same' needs stride=1"),
    (["--in-channels", "3", "--out-channels", "6", "--kernel-size", "9", "--input-size", "8,8"],
     "kernel spans 9 positions"),
    (["--in-channels", "3", "--out-channels", "6", "--kernel-size", "3",
      "--input-size", "8,8,8,8"],
     "--input-size='8,8,8,8' gives 4 sizes"),
    (["--in-channels", "3", "--out-channels", "6", "--kernel-size", "3", "--output-padding", "1",
      "--input-size", "8,8"],
     "output_padding=1 applies only to a transposed convolution"),
    (["--in-channels", "3", "--out-channels", "6", "--kernel-size", "3", "--batch-size", "-2",
      "--input-size", "8,8"],
     "batch size=-2 must not be negative"),
]  # fmt: skip


@pytest.mark.parametrize(("arguments", "expected"), INVALID_INPUTS)
def test_invalid_input_exits_with_one_line(capsys, arguments, expected):
    status, output, errors = run_calculator(capsys, arguments)

    assert status == 2
    assert output == ""
    assert errors.count("\n") == 1
    assert errors.startswith("error: ")
    assert expected in errors


@pytest.mark.parametrize(("arguments", "expected"), INVALID_INPUTS[:4])
def test_invalid_input_in_chinese(capsys, arguments, expected):
    status, output, errors = run_calculator(capsys, [*arguments, "--language", "zh"])
    option = expected.split("=")[0]

    assert status == 2
    assert output == ""
    assert errors.count("\n") == 1
    assert errors.startswith("错误：")
    assert option in errors


def test_missing_option_exits_with_one_line(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["count", "--in-channels", "3", "--kernel-size", "3", "--input-size", "8,8"])
    errors = capsys.readouterr().err

    assert stop.value.code == 2
    assert errors.count("\n") == 1
    assert "--out-channels" in errors
    assert "--help" in errors


def test_conflicting_batch_options_rejected(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["count", *SOURCE_ARGUMENTS, "--batch-size", "2", "--no-batch"])
    errors = capsys.readouterr().err

    assert stop.value.code == 2
    assert errors.count("\n") == 1
    assert "--no-batch" in errors


def test_no_command_prints_usage(capsys):
    status = main([])
    output = capsys.readouterr().out

    assert status == 0
    assert output.startswith("usage: python -m course_lib")
    assert "count" in output


@pytest.mark.parametrize("language", ["en", "zh"])
def test_help_describes_every_option(capsys, language):
    with pytest.raises(SystemExit) as stop:
        main(["count", "--language", language, "--help"])
    output = capsys.readouterr().out

    assert stop.value.code == 0
    for option in (
        "--in-channels", "--out-channels", "--kernel-size", "--stride", "--padding",
        "--dilation", "--groups", "--bias", "--no-bias", "--transposed", "--output-padding",
        "--input-size", "--batch-size", "--no-batch", "--json", "--language",
    ):  # fmt: skip
        assert option in output, option
    if language == "zh":
        assert "输入通道数" in output


def test_module_entry_point_answers():
    result = subprocess.run(
        [sys.executable, "-m", "course_lib", "count", *SOURCE_ARGUMENTS, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["flops"] == 13176900


def test_module_entry_point_error_has_no_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "course_lib", "count", *SOURCE_ARGUMENTS, "--groups", "2"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_calculator_imports_no_torch():
    script = (
        "import sys\n"
        "from course_lib.cli import main\n"
        f"main(['count', *{SOURCE_ARGUMENTS!r}])\n"
        "main(['count', *{SOURCE_ARGUMENTS!r}, '--json', '--language', 'zh'])\n"
        "loaded = sorted(name for name in sys.modules if name.split('.')[0] == 'torch')\n"
        "print('TORCH', loaded)\n"
    ).replace("{SOURCE_ARGUMENTS!r}", repr(SOURCE_ARGUMENTS))
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    assert "TORCH []" in result.stdout
