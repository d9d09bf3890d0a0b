"""The torch.nn class for each kind of convolution, written out for the tests.

The tests build PyTorch layers from this table rather than from
course_lib.layers, so a mistake in the course's own builders cannot hide
behind the comparison.
"""

from torch import nn

TORCH_CLASSES = {
    (1, False): nn.Conv1d,
    (2, False): nn.Conv2d,
    (3, False): nn.Conv3d,
    (1, True): nn.ConvTranspose1d,
    (2, True): nn.ConvTranspose2d,
    (3, True): nn.ConvTranspose3d,
}
