"""Hub resolution bench: a generated project with N Hub references scanned against a loopback Hub stub.

Measures, with the real huggingface_hub client: requests (each repo at most once), cold wall time, warm-cache wall
time (expected: zero requests), the offline scan for reference, and the cost of an unreachable Hub (circuit breaker).

    /work/venv/bin/python bench/hub_bench.py [--models 50] [--latency 0.05] [--json out.json]
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scanner.config import ScanConfig  # noqa: E402
from scanner.pipeline import run_scan  # noqa: E402
from scanner.resolve.hub import create_client  # noqa: E402
from tests.hubserver import HubStub, model_payload  # noqa: E402

BASES = [("Qwen/Qwen2.5-7B", "apache-2.0"), ("meta-llama/Llama-3.1-8B", "llama3.1"), ("mistralai/Mistral-7B-v0.3", "apache-2.0"),
         ("deepseek-ai/DeepSeek-V3", "mit"), ("google/gemma-2-9b", "gemma")]


def build(stub: HubStub, root: Path, n: int, latency: float) -> list[str]:
    """N referenced repos: a mix of base models, fine-tunes of them by unknown orgs, quantisations of those."""
    ids: list[str] = []
    for base, lic in BASES:
        stub.add(base, model_payload(base, license=lic), delay=latency)
    for i in range(n):
        base, lic = BASES[i % len(BASES)]
        if i < len(BASES):
            ids.append(base)
            continue
        if i % 3 == 0 and len(ids) > len(BASES):
            parent = ids[-1] if ids[-1] not in dict(BASES) else base
            rid = f"quant-{i}/{parent.split('/')[1]}-GGUF"
            stub.add(rid, model_payload(rid, base_model=parent, relation="quantized", files=[f"m{i}.Q4_K_M.gguf"]), delay=latency)
        else:
            rid = f"startup-{i}/assistant-{i}"
            files = ["pytorch_model.bin"] if i % 4 == 0 else ["model.safetensors", "modeling_x.py"]
            stub.add(rid, model_payload(rid, base_model=base, relation="finetune", license="other", license_name=lic, files=files), delay=latency)
        ids.append(rid)
    src = root / "src"
    src.mkdir(parents=True)
    for f in range(10):  # every repo referenced twice, from different files: still one request per repo
        chunk = ids[f * len(ids) // 10:(f + 1) * len(ids) // 10]
        body = ["from transformers import AutoModelForCausalLM", ""]
        body += [f'm{j} = AutoModelForCausalLM.from_pretrained("{rid}")' for j, rid in enumerate(chunk)]
        (src / f"svc_{f}.py").write_text("\n".join(body) + "\n", encoding="utf-8")
        (src / f"svc_{f}_again.py").write_text("\n".join(body) + "\n", encoding="utf-8")
    return ids


class TimedClient:
    """Wraps the real client to measure the Hub phase alone (the rest of the scan shares 2 busy cores)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.online = inner.online
        self.seconds = 0.0

    def model_info(self, repo_id: str, revision: str | None = None) -> Any:
        return self.inner.model_info(repo_id, revision)

    def model_infos(self, keys: Any) -> Any:
        start = time.perf_counter()
        try:
            return self.inner.model_infos(keys)
        finally:
            self.seconds += time.perf_counter() - start


def timed(config: ScanConfig, online: bool) -> tuple[float, float, Any]:
    """(whole scan seconds, Hub phase seconds, report)."""
    client = TimedClient(create_client(config)) if online else None
    start = time.perf_counter()
    report = run_scan(config, hub=client)
    return time.perf_counter() - start, client.seconds if client else 0.0, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.05, help="simulated Hub latency per request (seconds)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, HubStub() as stub:
        root = Path(tmp) / "project"
        ids = build(stub, root, args.models, args.latency)
        config = ScanConfig(root=root, hub={"endpoint": stub.url}, cache_dir=Path(tmp) / "cache")
        offline_s, _, _ = timed(config.with_changes(offline=True), online=False)
        cold_s, cold_hub_s, report = timed(config, online=True)
        cold_requests = stub.count()
        per_repo = collections.Counter(s.repo_id for s in stub.requests)
        warm_s, warm_hub_s, warm = timed(config, online=True)
        warm_requests = stub.count() - cold_requests
        dead = HubStub().start()
        dead_url = dead.url
        dead.stop()
        down_s, down_hub_s, down = timed(config.with_changes(hub={"endpoint": dead_url}, cache_dir=Path(tmp) / "cache2"), online=True)
        hf = [m for m in report.models if m.kind.value == "hf-model"]
        result = {
            "referenced_repos": len(set(ids)), "references": sum(len(m.references) for m in hf),
            "repos_on_hub_incl_ancestors": len(per_repo), "cold_requests": cold_requests,
            "max_requests_per_repo": max(per_repo.values()), "warm_requests": warm_requests,
            "simulated_latency_s": args.latency,
            "offline_scan_s": round(offline_s, 3), "cold_scan_s": round(cold_s, 3), "warm_scan_s": round(warm_s, 3),
            "cold_hub_phase_s": round(cold_hub_s, 3), "warm_hub_phase_s": round(warm_hub_s, 4),
            "hub_down_scan_s": round(down_s, 3), "hub_down_hub_phase_s": round(down_hub_s, 3),
            "hub_down_errors": sum(1 for e in down.errors if e.stage == "resolve"),
            "base_country_known": sum(1 for m in hf if m.base.known), "models": len(hf),
            "identical_reports_cold_warm": [m for m in report.models] == [m for m in warm.models],
        }
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if result["max_requests_per_repo"] == 1 and result["warm_requests"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
