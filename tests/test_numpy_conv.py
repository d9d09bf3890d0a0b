"""The NumPy convolution against torch.nn.functional.conv2d, its errors and its parameters."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import ConvSettingError, ConvSpec, ConvTypeError, count_conv
from course_lib.numpy_conv import conv2d, random_parameters

TOLERANCE = 1e-4


def torch_conv2d(x, weight, bias, **settings_):
    """Run PyTorch's conv2d on NumPy arrays and return a NumPy array."""
    result = F.conv2d(
        torch.from_numpy(x),
        torch.from_numpy(weight),
        None if bias is None else torch.from_numpy(bias),
        **settings_,
    )
    return result.numpy()


@st.composite
def layer_settings(draw):
    """A valid 2d convolution: channels, kernel, stride, padding, dilation, groups, input."""
    kind = draw(st.sampled_from(["standard", "grouped", "depthwise", "pointwise"]))
    groups = 1 if kind in ("standard", "pointwise") else draw(st.integers(2, 4))
    in_channels = groups * draw(st.integers(1, 3))
    out_channels = groups * draw(st.integers(1, 3))
    if kind == "depthwise":
        in_channels = groups
    kernel_size = (1, 1) if kind == "pointwise" else draw(st.tuples(*[st.integers(1, 4)] * 2))
    dilation = draw(st.tuples(*[st.integers(1, 2)] * 2))
    use_same = draw(st.booleans())
    if use_same:
        stride, padding = (1, 1), draw(st.sampled_from(["same", "valid"]))
    else:
        stride = draw(st.tuples(*[st.integers(1, 3)] * 2))
        padding = draw(st.tuples(*[st.integers(0, 2)] * 2))
    span = [d * (k - 1) + 1 for d, k in zip(dilation, kernel_size, strict=True)]
    height = draw(st.integers(span[0], span[0] + 6))
    width = draw(st.integers(span[1], span[1] + 6))
    batched = draw(st.booleans())
    shape = (draw(st.integers(1, 2)), in_channels) if batched else (in_channels,)
    spec = ConvSpec.create(
        in_channels,
        out_channels,
        kernel_size,
        stride,
        padding,
        dilation,
        groups,
        bias=draw(st.booleans()),
    )
    return spec, (*shape, height, width)


# Each example runs two convolutions, so a quarter of the profile's examples
# keeps the test to a few seconds while `--hypothesis-profile` still scales it.
EXAMPLES = max(50, settings.default.max_examples // 4)


# PyTorch warns that an even kernel with padding="same" copies the input; the result is exact.
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
@settings(max_examples=EXAMPLES, deadline=None)
@given(layer=layer_settings(), seed=st.integers(0, 2**32 - 1))
def test_matches_torch_conv2d(layer, seed):
    spec, input_shape = layer
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, size=input_shape).astype(np.float32)
    weight, bias = random_parameters(spec, rng)
    arguments = {
        "stride": spec.stride,
        "padding": spec.padding,
        "dilation": spec.dilation,
        "groups": spec.groups,
    }

    ours = conv2d(x, weight, bias, **arguments)
    theirs = torch_conv2d(x, weight, bias, **arguments)

    assert ours.shape == theirs.shape
    assert ours.shape == count_conv(spec, input_shape).output_shape
    assert ours.dtype == np.float32
    assert np.max(np.abs(ours - theirs)) < TOLERANCE


@pytest.mark.parametrize(
    ("in_channels", "out_channels", "kernel_size", "groups"),
    [(3, 6, 11, 1), (3, 6, 11, 3), (3, 3, 11, 3), (3, 6, 1, 1), (96, 256, 5, 2)],
    ids=["standard", "grouped", "depthwise", "pointwise", "alexnet-conv2"],
)
def test_source_example_matches_torch(in_channels, out_channels, kernel_size, groups):
    # The article's 227 x 227 input at stride 4, and AlexNet's second layer on 27 x 27.
    stride, size = (4, 227) if in_channels == 3 else (1, 27)
    spec = ConvSpec.create(in_channels, out_channels, kernel_size, stride, groups=groups)
    rng = np.random.default_rng(0)
    x = rng.uniform(-1.0, 1.0, size=(1, in_channels, size, size)).astype(np.float32)
    weight, bias = random_parameters(spec, rng)

    ours = conv2d(x, weight, bias, stride=stride, groups=groups)
    theirs = torch_conv2d(x, weight, bias, stride=stride, groups=groups)

    assert np.max(np.abs(ours - theirs)) < TOLERANCE


@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize(
    ("in_channels", "out_channels", "kernel_size", "groups"),
    [(3, 6, 3, 1), (6, 4, 3, 2), (4, 4, 3, 4), (4, 8, 2, 4), (5, 2, 1, 1)],
    ids=["standard", "grouped", "depthwise", "depth-multiplier-2", "pointwise"],
)
def test_params_are_arrays_read(in_channels, out_channels, kernel_size, groups, bias):
    spec = ConvSpec.create(in_channels, out_channels, kernel_size, groups=groups, bias=bias)
    input_shape = (in_channels, 5, 5)
    weight, bias_values = random_parameters(spec, np.random.default_rng(1))
    read = weight.size + (0 if bias_values is None else bias_values.size)

    assert read == count_conv(spec, input_shape).params

    # Every element the function reads changes the output, so none of them is
    # padding: one weight set to 1 (all others 0) on an input of ones shows up.
    ones = np.ones(input_shape, dtype=np.float32)
    for index in np.ndindex(weight.shape):
        probe = np.zeros_like(weight)
        probe[index] = 1.0
        assert conv2d(ones, probe, groups=groups).any(), index
    if bias_values is not None:
        for channel in range(out_channels):
            probe_bias = np.zeros_like(bias_values)
            probe_bias[channel] = 1.0
            output = conv2d(ones, np.zeros_like(weight), probe_bias, groups=groups)
            assert output[channel].all()


def test_unbatched_input_keeps_rank():
    spec = ConvSpec.create(2, 4, 3, groups=2, bias=False)
    weight, _ = random_parameters(spec, np.random.default_rng(2))
    x = np.ones((2, 6, 6), dtype=np.float32)

    assert conv2d(x, weight, groups=2).shape == (4, 4, 4)


def test_float64_input_keeps_precision():
    spec = ConvSpec.create(3, 2, 3, bias=False)
    weight, _ = random_parameters(spec, np.random.default_rng(3), dtype=np.float64)
    x = np.random.default_rng(4).uniform(size=(1, 3, 7, 7))

    ours = conv2d(x, weight)
    theirs = torch_conv2d(x, weight, None)

    assert ours.dtype == np.float64
    assert np.max(np.abs(ours - theirs)) < 1e-12


def expect_setting_error(match, x_shape, weight_shape, bias_shape=None, **arguments):
    """Call conv2d on zeros of the given shapes and return the ConvSettingError."""
    bias = None if bias_shape is None else np.zeros(bias_shape, dtype=np.float32)
    with pytest.raises(ConvSettingError, match=match) as caught:
        conv2d(np.zeros(x_shape, np.float32), np.zeros(weight_shape, np.float32), bias, **arguments)
    return caught.value


def test_groups_not_dividing_in_channels():
    error = expect_setting_error(
        r"groups=2 must divide in_channels=3; .* are 1, 3", (1, 3, 8, 8), (6, 1, 3, 3), groups=2
    )
    assert isinstance(error, ValueError)
    assert "groups=2" in error.text("zh")


def test_groups_not_dividing_weight_out_channels():
    error = expect_setting_error(
        r"weight shape \(4, 1, 3, 3\) has out_channels=4 \(its first dimension, index 0\), "
        r"which groups=3 does not divide",
        (1, 3, 8, 8),
        (4, 1, 3, 3),
        groups=3,
    )
    assert "不能被groups=3整除" in error.text("zh")


def test_weight_inconsistent_with_groups():
    # A standard layer's weight (6, 3, 3, 3) used with groups=3 needs (6, 1, 3, 3).
    expect_setting_error(
        r"weight shape \(6, 3, 3, 3\) has 3 input channels per kernel \(its second dimension, "
        r"index 1\), "
        r"but in_channels=3 split into groups=3 needs in_channels / groups = 1",
        (1, 3, 8, 8),
        (6, 3, 3, 3),
        groups=3,
    )


def test_weight_wrong_rank():
    expect_setting_error(r"weight shape \(6, 3, 3\) has 3 dimensions", (1, 3, 8, 8), (6, 3, 3))


def test_input_wrong_rank():
    expect_setting_error(r"input shape \(3, 8\) has 2 dimensions", (3, 8), (6, 3, 3, 3))


def test_bias_wrong_shape():
    expect_setting_error(
        r"bias shape \(5,\) does not fit out_channels=6",
        (1, 3, 8, 8),
        (6, 3, 3, 3),
        bias_shape=(5,),
    )


def test_kernel_larger_than_input():
    expect_setting_error(
        r"on spatial axis 0 \(counting from 0\) the kernel spans 9 positions",
        (1, 3, 8, 8),
        (6, 3, 9, 9),
    )


def test_same_padding_with_stride():
    expect_setting_error(
        r"padding='same' needs stride=1, got stride=2",
        (1, 3, 8, 8),
        (6, 3, 3, 3),
        stride=2,
        padding="same",
    )


def test_non_integer_stride():
    with pytest.raises(ConvTypeError, match=r"stride must be an integer, got 1.5"):
        conv2d(np.zeros((3, 8, 8)), np.zeros((6, 3, 3, 3)), stride=1.5)


def test_non_numeric_input():
    with pytest.raises(ConvTypeError, match=r"input has dtype <U1; .* array of numbers"):
        conv2d(np.array([[["a"]]]), np.zeros((6, 1, 1, 1)))
