"""Run a job in a child process with a time limit and a memory limit, and stop it when it passes one.

pyoxigraph cannot be interrupted from Python (a running query holds the interpreter until it ends),
so `kgraph query` evaluates in a forked child that writes its output itself and can be killed. The
child inherits the loaded graph from the parent (fork), so starting it costs milliseconds.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import resource
import signal
import sys
import time
from collections.abc import Callable

_POLL = 0.02


class LimitExceeded(Exception):
    """The job passed its time or memory limit and was stopped."""


def run_bounded(job: Callable[[], int], timeout: float | None, max_memory_mb: int | None) -> int:
    """Run `job` in a forked child and return its exit code.

    An exception the job raises is re-raised here (pickled back through a pipe). Past `timeout` seconds
    the child is killed and LimitExceeded raised; `max_memory_mb` caps the child's address space, and
    a child that dies for want of memory raises LimitExceeded too.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(reader)
        _run_child(job, writer, max_memory_mb)
    os.close(writer)
    os.set_blocking(reader, False)
    report = bytearray()
    try:
        status = _wait(pid, timeout, reader, report)
    except BaseException:
        _kill(pid)
        raise
    finally:
        os.close(reader)
    if timeout is not None and status is None:
        raise LimitExceeded(f"the query ran past the time limit of {timeout:g} s (--timeout) and was stopped")
    if report:
        raise pickle.loads(bytes(report))
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    limit = f" of {max_memory_mb} MB (--max-memory)" if max_memory_mb else ""
    raise LimitExceeded(
        f"the query stopped with signal {os.WTERMSIG(status)}, most likely for want of memory: "
        f"it needed more than the limit{limit}"
    )


def _run_child(job: Callable[[], int], writer: int, max_memory_mb: int | None) -> None:
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if max_memory_mb:
            limit = max_memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        code = job()
    except MemoryError:
        limit = f"the memory limit of {max_memory_mb} MB (--max-memory)"
        _report(writer, LimitExceeded(f"the query needed more than {limit} and was stopped"))
    except BaseException as error:  # handed to the parent, which reports it as if raised there
        _report(writer, error)
    finally:
        with contextlib.suppress(BaseException):  # a closed pipe: the parent has the job's report already
            sys.stdout.flush()
        os._exit(code)


def _report(writer: int, error: BaseException) -> None:
    try:
        data = pickle.dumps(error)
    except Exception:
        data = pickle.dumps(RuntimeError(str(error)))
    with os.fdopen(writer, "wb") as pipe:
        pipe.write(data)


def _wait(pid: int, timeout: float | None, reader: int, report: bytearray) -> int | None:
    """The child's wait status, or None (with the child killed) once `timeout` has passed; what the
    child reports through the pipe is read meanwhile into `report`, so it never blocks on a full pipe."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        _drain(reader, report)
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            _drain(reader, report)
            return status
        if deadline is not None and time.monotonic() >= deadline:
            _kill(pid)
            return None
        time.sleep(_POLL)


def _drain(reader: int, report: bytearray) -> None:
    while True:
        try:
            chunk = os.read(reader, 65536)
        except BlockingIOError:
            return
        if not chunk:
            return
        report.extend(chunk)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
