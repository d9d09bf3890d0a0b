"""Channel shuffle, checked against torch.nn.ChannelShuffle and a hand-worked order."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from course_lib import ConvSettingError
from course_lib.shuffle import channel_shuffle, shuffle_order


def test_order_six_channels_three_groups():
    # groups [0, 1], [2, 3], [4, 5]; reading the 3 x 2 grid by columns gives 0 2 4 1 3 5
    assert shuffle_order(6, 3) == [0, 2, 4, 1, 3, 5]


def test_one_group_keeps_order():
    assert shuffle_order(5, 1) == [0, 1, 2, 3, 4]


def test_numpy_array_follows_order():
    array = np.arange(6).reshape(1, 6, 1, 1)

    shuffled = channel_shuffle(array, 3)

    assert isinstance(shuffled, np.ndarray)
    assert shuffled[0, :, 0, 0].tolist() == [0, 2, 4, 1, 3, 5]


@given(
    batch=st.integers(1, 3),
    groups=st.integers(1, 4),
    per_group=st.integers(1, 4),
    size=st.integers(1, 4),
)
def test_matches_torch_channel_shuffle(batch, groups, per_group, size):
    tensor = torch.randn(batch, groups * per_group, size, size)

    expected = torch.nn.ChannelShuffle(groups)(tensor)
    from_torch = channel_shuffle(tensor, groups)
    from_numpy = channel_shuffle(tensor.numpy(), groups)

    assert torch.equal(from_torch, expected)
    assert np.array_equal(from_numpy, expected.numpy())


def test_rejects_groups_not_dividing_channels():
    with pytest.raises(ConvSettingError, match="groups=4 must divide the number of channels 6"):
        channel_shuffle(np.zeros((1, 6, 2, 2)), 4)


def test_rejects_zero_groups():
    with pytest.raises(ConvSettingError, match="groups=0 must be a positive integer"):
        shuffle_order(6, 0)


def test_error_in_chinese():
    with pytest.raises(ConvSettingError) as caught:
        shuffle_order(6, 4)

    assert "groups=4必须整除通道数6" in caught.value.text("zh")
