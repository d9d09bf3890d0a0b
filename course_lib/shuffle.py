"""Channel shuffle, ShuffleNet's way of letting grouped layers exchange channels.

A grouped convolution keeps each group's channels apart. Channel shuffle
reorders the channels so that the next grouped layer's every group receives
channels from every group of the previous one: write the channels as a
(groups, channels / groups) grid and read it out column by column. It moves
data and costs no parameters and no multiply-accumulates.
"""

from __future__ import annotations

from course_lib.errors import ConvSettingError
from course_lib.messages import ListField
from course_lib.spec import check_positive

__all__ = ["channel_shuffle", "shuffle_order"]


def check_shuffle_groups(groups: object, channels: int) -> int:
    """Return `groups` if it is a positive integer that divides `channels`."""
    groups = check_positive("groups", groups)
    if channels % groups:
        choices = ListField(number for number in range(1, channels + 1) if channels % number == 0)
        raise ConvSettingError(
            "shuffle.groups_divide", groups=groups, channels=channels, choices=choices
        )
    return groups


def shuffle_order(channels: int, groups: int) -> list[int]:
    """Return the input channel that lands at each output position.

    For 6 channels in 3 groups, [0, 1 | 2, 3 | 4, 5] becomes [0, 2, 4, 1, 3, 5].
    """
    channels = check_positive("channels", channels)
    groups = check_shuffle_groups(groups, channels)
    per_group = channels // groups
    return [group * per_group + index for index in range(per_group) for group in range(groups)]


def channel_shuffle(tensor, groups: int):
    """Shuffle the channels (axis 1) of a NumPy array or torch tensor of shape (B, C, ...).

    The result has the same type and shape, with channel `shuffle_order(C,
    groups)[i]` at position i; it matches torch.nn.ChannelShuffle(groups).
    """
    batch, channels, *spatial = tensor.shape
    groups = check_shuffle_groups(groups, channels)

    # (B, g, C/g, ...) -> swap the two channel axes -> flatten back to (B, C, ...).
    grid = tensor.reshape(batch, groups, channels // groups, *spatial)
    return grid.swapaxes(1, 2).reshape(tensor.shape)
