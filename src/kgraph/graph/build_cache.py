"""The build cache: results of per-source work kept in the project (`.kgraph-cache/`) under a content hash.

An entry's name is the SHA-256 of everything its result depends on (see kgraph.graph.units), so a changed
input gives a new name and a stale entry can never be read. Entries are written atomically (a temporary
file renamed into place). Each carries a keyed BLAKE2 tag made with a secret kept outside the project
(`$XDG_CACHE_HOME/kgraph/cache-secret`): entries are pickles, and a cache folder copied from elsewhere (or
damaged, or cut short) fails the tag and is ignored, so loading one never runs code nobody here wrote. An
entry that cannot be read for any reason is recomputed, never an error.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import tempfile
from pathlib import Path
from typing import Any

import kgraph

CACHE_FOLDER = ".kgraph-cache"
SECRET_VARIABLE = "KGRAPH_CACHE_SECRET"  # a file holding the secret, for tests and shared machines
_MAGIC = b"kgraph-cache 1\n"
_TAG_BYTES = 32


def digest(*parts: bytes | str) -> str:
    """SHA-256 of the parts, each length-prefixed so that no two lists of parts give the same text."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


_CODE_DIGEST: str | None = None


def code_digest() -> str:
    """A digest of kgraph's own files (modules, and the lexicons and assets they read): results made by other
    code are never reused."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        package = Path(kgraph.__file__).resolve().parent
        parts: list[bytes | str] = []
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                parts += [path.relative_to(package).as_posix(), path.read_bytes()]
        _CODE_DIGEST = digest(*parts)
    return _CODE_DIGEST


def _secret_file() -> Path:
    if os.environ.get(SECRET_VARIABLE):
        return Path(os.environ[SECRET_VARIABLE])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "kgraph" / "cache-secret"


def _secret() -> bytes | None:
    """This user's cache secret, made on first use; None where it can be neither read nor made."""
    path = _secret_file()
    for _ in range(2):  # a second read when another build made the file first
        try:
            return bytes.fromhex(path.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            pass
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        except OSError:
            return None
        with os.fdopen(descriptor, "w", encoding="ascii") as stream:
            stream.write(secrets.token_hex(32) + "\n")
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


class BuildCache:
    """Entries by kind and key in one folder; `folder=None` (or no usable secret) caches nothing."""

    def __init__(self, folder: Path | None):
        self._secret = _secret() if folder is not None else None
        self.folder = folder if self._secret is not None else None
        self.used: set[Path] = set()
        self.hits = self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def _path(self, kind: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / kind / f"{key}.pickle"

    def _tag(self, kind: str, key: str, payload: bytes) -> bytes:
        assert self._secret is not None
        return hmac.new(self._secret, digest(kind, key).encode("ascii") + payload, "blake2b").digest()[:_TAG_BYTES]

    def get(self, kind: str, key: str) -> Any | None:
        """The entry, or None if there is none or it cannot be trusted or read."""
        if self.folder is None:
            return None
        path = self._path(kind, key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        head, tag, payload = (
            data[: len(_MAGIC)],
            data[len(_MAGIC) : len(_MAGIC) + _TAG_BYTES],
            data[len(_MAGIC) + _TAG_BYTES :],
        )
        if head != _MAGIC or not hmac.compare_digest(tag, self._tag(kind, key, payload)):
            self.misses += 1
            return None
        try:
            value = pickle.loads(payload)
        except Exception:  # a tagged entry we cannot load (an older Python, say) is only a miss
            self.misses += 1
            return None
        self.used.add(path)
        self.hits += 1
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store an entry atomically; a cache that cannot be written is skipped, never an error."""
        if self.folder is None:
            return
        path = self._path(kind, key)
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(_MAGIC + self._tag(kind, key, payload) + payload)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return
        self.used.add(path)

    def prune(self) -> None:
        """Remove the entries this build neither read nor wrote (older versions of changed sources)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*"):
            if path not in self.used:
                path.unlink(missing_ok=True)
