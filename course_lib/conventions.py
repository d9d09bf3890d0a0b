"""The counting conventions for a convolution's cost, each with a name.

Papers, tools and interviewers all say "FLOPs" and mean different counts. The
course never prints an unlabelled FLOPs: every count says which of these it is.
With M = K_h x K_w x (C_in / groups) x C_out x H_out x W_out x batch (the MACs)
and E = C_out x H_out x W_out x batch (the output elements, each of which gets one
bias addition when the layer has a bias):

    MACS            M                MobileNet's "mult-adds", thop, fvcore
    MACS_PLUS_BIAS  M + E if bias    ptflops and torchinfo
    FLOPS           2M               torch.utils.flop_counter.FlopCounterMode
    FLOPS_EXACT     2M - E + E*bias  every multiply and add, counted once
    FLOPS_PLUS_ONE  2M + E           the source article's grouped formula
"""

from __future__ import annotations

from enum import StrEnum

from course_lib.errors import ConvSettingError
from course_lib.messages import ListField, message

__all__ = ["Convention"]


class Convention(StrEnum):
    """A named way of counting a layer's arithmetic."""

    MACS = "macs"
    MACS_PLUS_BIAS = "macs_plus_bias"
    FLOPS = "flops"
    FLOPS_EXACT = "flops_exact"
    FLOPS_PLUS_ONE = "flops_plus_one"

    @classmethod
    def parse(cls, value: object) -> Convention:
        """Accept a Convention or its string value; reject anything else clearly."""
        try:
            return cls(value)
        except ValueError:
            choices = ListField(convention.value for convention in cls)
            raise ConvSettingError("error.convention", value=value, choices=choices) from None

    def label(self, language: str = "en") -> str:
        """Return the convention's name as a learner reads it."""
        return message(f"convention.{self.value}", language)
