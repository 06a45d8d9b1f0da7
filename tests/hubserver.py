"""A loopback stub of the Hugging Face Hub model API (GET /api/models/{repo_id}[/revision/{rev}]) for tests and benches.

Usage::

    with HubStub() as hub:
        hub.add("org/model", model_payload("org/model", license="apache-2.0", files=["model.safetensors"]))
        api = HfApi(endpoint=hub.url, token=False)    # or ScanConfig(hub={"endpoint": hub.url})

Routes can fail first (429/500 with Retry-After), answer slowly, send malformed JSON, be gated (403 GatedRepo) or
private (401 without the right bearer token). Every request is recorded in ``hub.requests``.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    payload: Mapping[str, Any] | None = None
    fail_first: list[int] = field(default_factory=list)  # statuses answered before the real one, one per request
    retry_after: str | None = None  # sent with the fail_first answers
    delay: float = 0.0
    body: bytes | None = None  # raw body instead of JSON (malformed answers)
    status: int = 200
    private_token: str | None = None  # 401 unless "Authorization: Bearer <token>"
    gated_token: str | None = None  # 403 X-Error-Code: GatedRepo unless bearer token
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Seen:
    path: str
    repo_id: str
    revision: str | None
    query: Mapping[str, list[str]]
    authorization: str | None
    user_agent: str | None


class HubStub:
    """Threaded HTTP server on 127.0.0.1 with an ephemeral port; unknown repos answer 404 RepoNotFound."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str | None], Route] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- setup -------------------------------------------------------------------------------------------------
    def add(self, repo_id: str, payload: Mapping[str, Any] | None = None, *, revision: str | None = None, **route: Any) -> Route:
        r = Route(payload=payload if payload is not None else model_payload(repo_id), **route)
        self.routes[(repo_id, revision)] = r
        return r

    @property
    def url(self) -> str:
        assert self._server is not None, "server not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def count(self, repo_id: str | None = None) -> int:
        with self._lock:
            return sum(1 for s in self.requests if repo_id is None or s.repo_id == repo_id)

    def start(self) -> HubStub:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are two writes: without this, delayed ACKs add ~40 ms each

            def do_GET(self) -> None:  # noqa: N802 (http.server naming)
                stub._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> HubStub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- serving -----------------------------------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parsed = urllib.parse.urlsplit(h.path)
        path = urllib.parse.unquote(parsed.path)
        if not path.startswith("/api/models/"):
            return self._send(h, 404, {"error": "Not Found"}, {"X-Error-Code": "EntryNotFound"})
        rest = path[len("/api/models/"):]
        repo_id, sep, revision = rest.partition("/revision/")
        rev = revision if sep else None
        auth = h.headers.get("Authorization")
        with self._lock:
            self.requests.append(Seen(path=path, repo_id=repo_id, revision=rev, query=urllib.parse.parse_qs(parsed.query),
                                      authorization=auth, user_agent=h.headers.get("User-Agent")))
            route = self.routes.get((repo_id, rev)) or (self.routes.get((repo_id, None)) if rev is not None and len(rev) != 40 else None)
            failing = route.fail_first.pop(0) if route is not None and route.fail_first else None
        if route is None:
            code = "RevisionNotFound" if rev is not None and (repo_id, None) in self.routes else "RepoNotFound"
            return self._send(h, 404, {"error": "Repository not found"}, {"X-Error-Code": code, "X-Error-Message": "Repository not found"})
        if route.delay:
            time.sleep(route.delay)
        if failing is not None:
            extra = {"Retry-After": route.retry_after} if route.retry_after is not None else {}
            return self._send(h, failing, {"error": f"status {failing}"}, extra)
        if route.private_token is not None and auth != f"Bearer {route.private_token}":
            return self._send(h, 401, {"error": "Invalid username or password."}, {"X-Error-Code": "RepoNotFound"})
        if route.gated_token is not None and auth != f"Bearer {route.gated_token}":
            return self._send(h, 403, {"error": "Access to model is restricted."},
                              {"X-Error-Code": "GatedRepo", "X-Error-Message": "Access to model is restricted."})
        if route.body is not None:
            return self._send_raw(h, route.status, route.body, route.headers)
        payload = dict(route.payload or {})
        if rev is not None and len(rev) == 40:
            payload["sha"] = rev
        return self._send(h, route.status, payload, route.headers)

    def _send(self, h: BaseHTTPRequestHandler, status: int, data: Any, headers: Mapping[str, str]) -> None:
        self._send_raw(h, status, json.dumps(data).encode(), {"Content-Type": "application/json", **headers})

    @staticmethod
    def _send_raw(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: Mapping[str, str]) -> None:
        try:
            h.send_response(status)
            for key, value in headers.items():
                h.send_header(key, value)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)


def model_payload(repo_id: str, *, author: str | None = None, license: str | None = None, license_name: str | None = None,
                  license_link: str | None = None, base_model: str | Iterable[str] | None = None, relation: str | None = None,
                  files: Iterable[str] = ("config.json", "model.safetensors"), gated: bool | str = False,
                  config: Mapping[str, Any] | None = None, tags: Iterable[str] = (), security: Mapping[str, Any] | None = None,
                  downloads: int = 1234, private: bool = False, relation_tag: bool = True) -> dict[str, Any]:
    """JSON shaped like the real /api/models/{repo_id} answer (cardData, siblings, base_model tags ...)."""
    card: dict[str, Any] = {}
    if license is not None:
        card["license"] = license
    if license_name is not None:
        card["license_name"] = license_name
    if license_link is not None:
        card["license_link"] = license_link
    bases = [base_model] if isinstance(base_model, str) else list(base_model or [])
    all_tags = list(tags)
    if bases:
        card["base_model"] = bases[0] if len(bases) == 1 else bases
        if relation is not None:
            card["base_model_relation"] = relation
        for b in bases:
            all_tags.append(f"base_model:{b}")
            if relation_tag and relation is not None:
                all_tags.append(f"base_model:{relation}:{b}")
    if license is not None:
        all_tags.append(f"license:{license}")
    sha = hashlib.sha1(repo_id.encode()).hexdigest()
    data: dict[str, Any] = {
        "_id": sha[:24], "id": repo_id, "modelId": repo_id, "author": author or repo_id.split("/")[0], "sha": sha,
        "lastModified": "2025-01-02T03:04:05.000Z", "createdAt": "2024-05-06T07:08:09.000Z", "private": private,
        "gated": gated, "disabled": False, "downloads": downloads, "likes": 7, "tags": all_tags,
        "library_name": "transformers", "pipeline_tag": "text-generation",
        "siblings": [{"rfilename": f} for f in files], "cardData": card,
    }
    if config is not None:
        data["config"] = dict(config)
    if security is not None:
        data["securityRepoStatus"] = dict(security)
    return data


def hub_config(root: Any, stub: HubStub, cache_dir: Any, **hub: Any) -> Any:
    """A ScanConfig pointing at the stub with fast retries (backoff 10 ms) and a generous timeout (busy CI machines)."""
    from pathlib import Path

    from scanner.config import ScanConfig

    settings = {"endpoint": stub.url, "backoff": 0.01, "timeout": 10.0, **hub}
    return ScanConfig(root=Path(root), hub=settings, cache_dir=Path(cache_dir))
