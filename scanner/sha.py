"""SHA-256 and BLAKE2b for aiscan's own small texts (cache keys, digests of the bundled data and of its code), without
OpenSSL: ``hashlib`` imports ``_hashlib``, whose loading of libcrypto cost ~4 ms of an empty scan (issue 19).

The digests are the very ones ``hashlib.sha256``/``hashlib.blake2b`` give (the same algorithms; ``hashlib.blake2b`` is
this ``_blake2.blake2b``). Only the bulk hashing of model files (the report's ``sha256``) goes through ``hashlib``:
OpenSSL is ~5x faster on large inputs, and a scan that reads model files pays its import anyway.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # typed as hashlib's (same signatures and digests)
    from hashlib import blake2b, sha256
else:
    from _blake2 import blake2b  # = hashlib.blake2b

    try:
        from _sha256 import sha256  # CPython <= 3.11
    except ImportError:  # pragma: no cover - 3.12 renamed it; another Python may have neither
        try:
            from _sha2 import sha256
        except ImportError:
            from hashlib import sha256

__all__ = ["blake2b", "sha256"]
