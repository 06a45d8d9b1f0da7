"""Build variants of a package (``-gpu``, ``-cpu``, ``-cu12x``, ``-nightly``, ``-headless``) resolve to their base's entry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from ..lazyre import LazyPattern

T = TypeVar("T")
# One variant suffix of a canonical (PEP 503) name: paddlepaddle-gpu, faiss-cpu, cupy-cuda12x, torch-nightly,
# opencv-python-headless, tf-nightly-gpu, jaxlib-cuda12, onnxruntime-rocm, intel-extension-for-pytorch-xpu.
_VARIANT = LazyPattern(r"-(gpu|cpu|nightly|headless|cu\d{2,3}x?|cuda\d{0,3}x?|rocm[\d.]*|xpu|npu|tpu)$")


def variant_base(name: str) -> str | None:
    """The base package name of a build variant (``paddlepaddle-gpu`` -> ``paddlepaddle``), or None if it is not one."""
    base = name
    for _ in range(3):  # tf-nightly-gpu: at most a few stacked suffixes
        stripped = _VARIANT.sub("", base)
        if stripped == base or not stripped:
            break
        base = stripped
    return base if base != name else None


def package_entry(packages: Mapping[str, T], name: str) -> T | None:
    """The registry entry of ``name``, else of the base package it is a build variant of."""
    entry = packages.get(name)
    if entry is not None:
        return entry
    base = variant_base(name)
    return packages.get(base) if base else None
