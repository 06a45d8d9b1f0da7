"""NeMo checkpoints: restoring a ``.nemo`` instantiates every Hydra ``_target_`` (and the ``target`` class) of its
``model_config.yaml``; a config naming ``os.system`` passed as a safe tar."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from scanner.formats import nemo_cfg
from tests.formats import builders as b

WEIGHTS = b.torch_zip(b.torch_state_pickle())
GOOD = b"""target: nemo.collections.asr.models.EncDecCTCModel
preprocessor:
  _target_: nemo.collections.asr.modules.AudioToMelSpectrogramPreprocessor
  sample_rate: 16000
decoder:
  _target_: nemo.collections.asr.modules.ConvASRDecoder
  activation: {_target_: torch.nn.ReLU}
"""


def inspect(tmp_path: Path, config: bytes, *, name: str = "model.nemo", gz: bool = False):  # type: ignore[no-untyped-def]
    data = b.tar_bytes({"./model_config.yaml": config, "./model_weights.ckpt": WEIGHTS})
    return b.inspected(tmp_path, name, gzip.compress(data) if gz else data)


codes = b.issue_codes


def test_ordinary_config_is_safe(tmp_path: Path) -> None:
    found = inspect(tmp_path, GOOD)
    assert found.format == "nemo" and found.verdict == "safe" and found.can_execute_code and not codes(found)


@pytest.mark.parametrize("target", ["os.system", "builtins.exec", "subprocess.Popen", "posix.system", "torch.load",
                                    "\uff4f\uff53.system", "__builtin__.eval"])
def test_denied_targets_are_unsafe(tmp_path: Path, target: str) -> None:
    config = GOOD + f"encoder:\n  _target_: {target}\n  command: id\n".encode()
    found = inspect(tmp_path, config)
    assert found.verdict in ("unsafe", "suspicious") and codes(found) & {"nemo-unsafe-target", "nemo-unknown-target"}
    if target in ("os.system", "builtins.exec", "subprocess.Popen", "posix.system", "torch.load"):
        assert found.verdict == "unsafe"


def test_targets_anywhere_and_through_aliases(tmp_path: Path) -> None:
    nested = GOOD + b"blocks:\n  - {name: a}\n  - layers:\n      - {_target_: os.system, command: id}\n"
    assert inspect(tmp_path, nested).verdict == "unsafe"
    aliased = b"evil: &e {_target_: builtins.exec}\n" + GOOD + b"encoder: *e\n"
    assert inspect(tmp_path, aliased).verdict == "unsafe"
    assert inspect(tmp_path, b"target: os.system\n").verdict == "unsafe"  # the model class itself
    assert inspect(tmp_path, GOOD, gz=True).verdict == "safe"
    assert inspect(tmp_path, GOOD + b"x: {_target_: os.system}\n", gz=True).verdict == "unsafe"


def test_unknown_targets_and_unreadable_configs_fail_closed(tmp_path: Path) -> None:
    assert "nemo-unknown-target" in codes(inspect(tmp_path, GOOD + b"enc: {_target_: my_company.layers.Fancy}\n"))
    assert inspect(tmp_path, GOOD + b"enc: {_target_: [1, 2]}\n").verdict == "suspicious"
    for broken in (b"target: [unclosed\n", b"\xff\xfe\x00", b"a:\n" + b"  " * 50 + b"- " * 5000 + b"x\n"):
        found = inspect(tmp_path, broken)
        assert found.verdict == "suspicious" and "nemo-config-unread" in codes(found), broken[:20]


def test_yaml_bomb_and_size_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(8):  # billion laughs: 9 * 8**8 strings once expanded
        previous, name = chr(97 + i), chr(98 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 8) + "]")
    bomb = "\n".join(lines).encode() + b"\n"
    start = time.process_time()
    found = inspect(tmp_path, bomb + b"z: {_target_: os.system}\n")
    assert found.verdict == "unsafe" and time.process_time() - start < 5
    monkeypatch.setattr(nemo_cfg, "MAX_CONFIG_BYTES", 100)
    assert "nemo-config-unread" in codes(inspect(tmp_path, GOOD))
