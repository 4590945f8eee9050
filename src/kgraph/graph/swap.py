"""Putting a new build in place in one step, so that readers see the old build or the new, never none or half.

`build` is a symbolic link to a versioned sibling folder `.build.v-XXXX`. A new build is written and
flushed into a fresh version folder with its manifest last, then a new link is renamed over `build`:
`rename(2)` of a link is atomic, so at every instant `build` names a complete build. The folder a link
replaced stays until the next build (a reader may still be reading it); that build removes every
version other than the current one, and any folder or link a killed build left behind. Builds into the
same folder take a lock (`.build.lock`) so that they never remove each other's work in progress.

A `build` that is still a real folder (from an older kgraph, or made by hand) is exchanged with the
link atomically with `renameat2(RENAME_EXCHANGE)` where the kernel has it, else replaced by two renames.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from kgraph.graph.layout import MANIFEST_FILE, manifest_bytes, verify_build

# A test hook: the name of a step at which a build pauses (printing that it did), so a test can kill it there.
PAUSE_VARIABLE = "KGRAPH_TEST_PAUSE_AT"
STEPS = ("staging", "staged", "linked", "swapped")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def pause_point(step: str) -> None:
    """Pause for a test that wants to kill the build at `step` (does nothing unless the test hook is set)."""
    if os.environ.get(PAUSE_VARIABLE) == step:
        print(f"paused at {step}", file=sys.stderr, flush=True)
        time.sleep(600)


def write_build(output: Path, files: Mapping[str, bytes]) -> None:
    """Replace the build folder `output` with `files` in one step; a failure leaves the previous build."""
    output = Path(os.path.abspath(output))
    output.parent.mkdir(parents=True, exist_ok=True)
    with _locked(output):
        remove_stale(output)
        pause_point("staging")
        version = Path(tempfile.mkdtemp(prefix=f".{output.name}.v-", dir=output.parent))
        try:
            version.chmod(0o777 & ~_umask())
            for name, content in files.items():
                _write_flushed(version / name, content)
            _fsync_folder(version)
            pause_point("staged")
            link = output.with_name(f".{output.name}.link-{version.name.rsplit('-', 1)[-1]}")
            os.symlink(version.name, link)
            pause_point("linked")
            _put_in_place(link, output)
            _fsync_folder(output.parent)
        except BaseException:
            shutil.rmtree(version, ignore_errors=True)
            raise
        pause_point("swapped")


def replace_in_build(output: Path, name: str, content: bytes) -> None:
    """Put one file into an existing, verified build as a new version of it (the manifest updated to match)."""
    layout = verify_build(output)
    manifest = json.loads(layout.manifest.read_bytes())
    files = {listed: (layout.folder / listed).read_bytes() for listed in manifest["files"]}
    files[name] = content
    files.pop(MANIFEST_FILE, None)
    files[MANIFEST_FILE] = manifest_bytes(files, manifest.get("inputs", {}), manifest.get("options", {}))
    write_build(output, files)


def remove_stale(output: Path) -> None:
    """Remove what earlier builds left beside `output`: versions not in use, links and folders of killed builds."""
    current = os.readlink(output) if output.is_symlink() else None
    for path in output.parent.glob(f".{output.name}.*"):
        if path.name in {current, f".{output.name}.lock"}:
            continue
        if path.is_symlink() or path.is_file():
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _put_in_place(link: Path, output: Path) -> None:
    if output.is_symlink() or not output.exists():
        os.replace(link, output)
        return
    if not _exchange(link, output):
        retired = output.with_name(f".{output.name}.old-{link.name.rsplit('-', 1)[-1]}")
        output.rename(retired)
        os.replace(link, output)
        link = retired
    # `link` now names the folder that used to be `output`.
    shutil.rmtree(link, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two names atomically with renameat2(RENAME_EXCHANGE); False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0


@contextlib.contextmanager
def _locked(output: Path) -> Iterator[None]:
    with open(output.with_name(f".{output.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write_flushed(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
