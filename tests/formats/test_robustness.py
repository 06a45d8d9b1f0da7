"""Mutated and truncated samples of every format: the inspectors report, they never crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scanner.formats import inspect_path
from tests.formats.corpus import corpus

SAMPLES = [s for s in corpus() if len(s.data) < 200_000]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    index=st.integers(min_value=0, max_value=len(SAMPLES) - 1),
    cut=st.floats(min_value=0, max_value=1),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=6),
)
def test_mutations_never_crash_an_inspector(tmp_path: Path, index: int, cut: float, flips: list[tuple[float, int]]) -> None:
    sample = SAMPLES[index]
    data = bytearray(sample.data[: max(1, int(len(sample.data) * (0.5 + cut / 2)))])
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    path = tmp_path / sample.name.replace("/", "_")
    path.write_bytes(bytes(data))
    result = inspect_path(path, sample.name, len(data), named_as_model=True)
    assert result is not None
    crashes = [i for i in result.issues if i.code == "inspect-error"]
    assert not crashes, (sample.name, crashes)
