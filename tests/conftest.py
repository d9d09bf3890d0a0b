"""Shared pytest settings for the course's tests.

The hypothesis profiles live here so that every property test runs the same
number of examples. The "course" profile is loaded by default. Pick another one
with `pytest --hypothesis-profile=quick` (a smoke run) or
`--hypothesis-profile=thorough`.
"""

from hypothesis import HealthCheck, settings

# deadline=None because building torch layers makes the first examples slow
# (imports, dispatcher warm-up), which is not a property of the code under test.
settings.register_profile(
    "course",
    max_examples=500,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("quick", parent=settings.get_profile("course"), max_examples=50)
settings.register_profile("thorough", parent=settings.get_profile("course"), max_examples=5000)
settings.load_profile("course")
