"""Counting the parameters and FLOPs of convolutions, for the course's lessons.

The top-level package imports no torch, so the calculator
(`python -m course_lib count`) starts quickly. The torch parts live in
`course_lib.layers` (builders) and `course_lib.crosscheck` (measurement).
"""

from course_lib.conventions import Convention
from course_lib.counting import ConvCost, SequenceCost, conv_params, count_conv
from course_lib.errors import ConvSettingError, ConvTypeError, CourseError
from course_lib.shapes import conv_output_length, output_size, transposed_output_length
from course_lib.spec import ConvSpec

__all__ = [
    "ConvCost",
    "ConvSettingError",
    "ConvSpec",
    "ConvTypeError",
    "Convention",
    "CourseError",
    "SequenceCost",
    "conv_output_length",
    "conv_params",
    "count_conv",
    "output_size",
    "transposed_output_length",
]
