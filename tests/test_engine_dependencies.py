"""A file whose references depend on a sibling module is never answered from the per-file cache alone."""

from __future__ import annotations

from pathlib import Path

from scanner.config import ScanConfig
from scanner.pipeline import run_scan


def _ids(root: Path, cache: Path, clock: object) -> set[str]:
    config = ScanConfig(root=root, offline=True, cache_dir=cache)
    report = run_scan(config, clock=clock)  # type: ignore[arg-type]
    return {r.identifier for r in report.references if r.location.path == "app/main.py"}


def test_edit_of_imported_constant_reaches_a_cached_importer(tmp_path: Path, clock: object) -> None:
    root = tmp_path / "proj"
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "settings.py").write_text('PRIMARY = "Qwen/Qwen2.5-7B-Instruct"\n')
    (root / "app" / "main.py").write_text(
        "from transformers import AutoModel\nfrom .settings import PRIMARY\n\nmodel = AutoModel.from_pretrained(PRIMARY)\n"
    )
    cache = tmp_path / "cache"
    assert _ids(root, cache, clock) == {"Qwen/Qwen2.5-7B-Instruct"}
    (root / "app" / "settings.py").write_text('PRIMARY = "mistralai/Mistral-7B-Instruct-v0.3"\n')  # main.py untouched
    assert _ids(root, cache, clock) == {"mistralai/Mistral-7B-Instruct-v0.3"}


def test_untouched_siblings_keep_the_importer_cached(tmp_path: Path) -> None:
    """The importer's result is reused while every sibling it read has the same content; editing one re-analyses it."""
    from scanner.discover.engine import scan_files

    root = tmp_path / "proj"
    (root / "app").mkdir(parents=True)
    (root / "app" / "settings.py").write_text('PRIMARY = "Qwen/Qwen2.5-7B-Instruct"\n')
    (root / "app" / "other.py").write_text('OTHER = "x"\n')
    (root / "app" / "main.py").write_text(
        "from transformers import AutoModel\nfrom .settings import PRIMARY\n\nmodel = AutoModel.from_pretrained(PRIMARY)\n"
    )
    config = ScanConfig(root=root, offline=True, cache_dir=tmp_path / "cache")
    first = scan_files(config, workers=1, use_cache=True)
    assert first.stats.scanned == 3
    second = scan_files(config, workers=1, use_cache=True)
    assert second.stats.scanned == 0 and second.stats.cache_hits + second.stats.digest_hits == 3  # just written: racy-clean rule
    assert {r.identifier for r in second.references if r.location.path == "app/main.py"} == {"Qwen/Qwen2.5-7B-Instruct"}
    (root / "app" / "other.py").write_text('OTHER = "y"\n')  # not read by main.py: main.py stays a hit
    third = scan_files(config, workers=1, use_cache=True)
    assert third.stats.scanned == 1 and third.stats.cache_hits + third.stats.digest_hits == 2
    (root / "app" / "settings.py").write_text('PRIMARY = "mistralai/Mistral-7B-Instruct-v0.3"\n')
    fourth = scan_files(config, workers=1, use_cache=True)
    assert fourth.stats.scanned == 2  # settings.py and main.py
    assert {r.identifier for r in fourth.references if r.location.path == "app/main.py"} == {"mistralai/Mistral-7B-Instruct-v0.3"}


def test_the_pool_is_decided_by_python_bytes_not_file_counts() -> None:
    from scanner.discover.engine import PARALLEL_MIN_WORK, estimated_work, use_pool
    from scanner.discover.walker import WalkEntry

    def entries(n: int, size: int, suffix: str) -> list[WalkEntry]:
        return [WalkEntry(f"pkg/m{i}{suffix}", size, 1, 1, i) for i in range(n)]

    library = entries(2000, 20_000, ".py")  # a diffusers-sized library: 2,000 modules, 40 MB of Python
    assert estimated_work(library) == 40_000_000 and use_pool(library, 2)
    assert not use_pool(library, 1)
    data = entries(300, 20_000, ".csv")  # 6 MB of data files: an eighth of the work each, no pool
    assert estimated_work(data) < PARALLEL_MIN_WORK and not use_pool(data, 2)
    assert not use_pool(entries(40, 2_000, ".py"), 2)  # a small app: the pool would cost more than it saves
    assert use_pool(entries(75, 16_000, ".py"), 2)  # smolagents-sized (1.2 MB of Python): ~1.5 s of analysis, both cores
    assert use_pool(entries(100, 16_000, ".ts"), 2) and use_pool(entries(100, 16_000, ".go"), 2)  # tree-sitter code too


def test_pool_chunks_share_the_work_in_order() -> None:
    from scanner.discover.engine import CHUNK_FILES, _chunks
    from scanner.discover.walker import WalkEntry

    tasks = [(WalkEntry(f"m{i}.py", 16_000, 1, 1, i), None) for i in range(75)]  # 1.2 MB of Python
    pooled = list(_chunks(tasks, 2))
    assert len(pooled) >= 8  # four or more per worker, not one chunk for one worker
    assert [t for chunk in pooled for t in chunk] == tasks  # the same tasks, in order
    serial = list(_chunks(tasks, 1))
    assert len(serial) == 1 and len(tasks) < CHUNK_FILES
