"""Network faults below HTTP during Hub resolution: resets, garbage, truncated and drip-fed answers.

A raw loopback socket server misbehaves on purpose; the whole scan (run_scan with the real Hub client) must end in
bounded time, fall back to offline answers, and list every model it could not check in ``errors``.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner.config import ScanConfig
from scanner.pipeline import run_scan

MODELS = ["Qwen/Qwen2.5-7B-Instruct", "meta-llama/Llama-3.1-8B-Instruct", "someorg/unknown-model-1", "someorg/unknown-model-2"]


class BadServer:
    """Accepts connections on 127.0.0.1 and answers each request according to ``mode``."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.stop = threading.Event()
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            conn.recv(65536)
            if self.mode == "reset":  # RST instead of an answer
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            elif self.mode == "garbage":
                conn.sendall(b"\x00\xffTHIS IS NOT HTTP\r\n\r\n" * 50)
            elif self.mode == "truncated":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"id\": \"x")
            elif self.mode == "drip":  # a byte at a time, forever: every read is quick, the answer never ends
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
                until = time.monotonic() + 6  # bounded here so that a client without a deadline fails, not hangs
                while not self.stop.is_set() and time.monotonic() < until:
                    conn.sendall(b" ")
                    time.sleep(0.05)
            elif self.mode == "silent":  # accept, read, never answer
                self.stop.wait(30)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.fixture(params=["reset", "garbage", "truncated", "drip", "silent"])
def bad_hub(request: pytest.FixtureRequest) -> Iterator[BadServer]:
    server = BadServer(request.param)
    yield server
    server.close()


def test_scan_survives_a_misbehaving_hub(bad_hub: BadServer, tmp_path: Path, clock: object) -> None:
    from scanner.resolve.hub import create_client

    root = tmp_path / "proj"
    root.mkdir()
    (root / "app.py").write_text("from transformers import AutoModel\n" + "".join(f'AutoModel.from_pretrained("{m}")\n' for m in MODELS))
    config = ScanConfig(root=root, hub={"endpoint": bad_hub.url, "timeout": 1.0, "backoff": 0.01}, cache_dir=tmp_path / "cache")
    started = time.monotonic()
    report = run_scan(config, hub=create_client(config), clock=clock)  # type: ignore[arg-type]
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"{bad_hub.mode}: the scan took {elapsed:.1f} s (Hub timeout 1 s)"
    assert {m.id for m in report.models} >= set(MODELS)
    assert {m.id: m.origin.country for m in report.models}["Qwen/Qwen2.5-7B-Instruct"] == "CN"  # offline knowledge still answers
    unchecked = {e.subject for e in report.errors if e.stage == "resolve"} | {e.path for e in report.errors if e.stage == "resolve"}
    text = " ".join(e.message for e in report.errors)
    assert report.errors, f"{bad_hub.mode}: nothing says the Hub could not be checked"
    assert any(m in unchecked or m in text for m in MODELS), f"{bad_hub.mode}: errors do not name the unchecked models: {report.errors}"
