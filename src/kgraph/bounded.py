"""Run a job in a child process with a time limit and a memory limit, and stop it when it passes one.

pyoxigraph cannot be interrupted from Python (a running query holds the interpreter until it ends),
so `kgraph query` evaluates in a forked child that can be killed. The child inherits the loaded graph
(fork), so starting it costs milliseconds; it writes its output into a pipe that the parent copies to
its own output as it comes, so rows stream and nothing is held whole in memory.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import resource
import selectors
import signal
import time
from collections.abc import Callable
from typing import BinaryIO

from kgraph.options import format_size

_CHUNK = 65536


class LimitExceeded(Exception):
    """The job passed its time or memory limit and was stopped."""


def run_bounded(job: Callable[[BinaryIO], int], out: BinaryIO, timeout: float | None, max_memory: int | None) -> int:
    """Run `job(output)` in a forked child, copy what it writes to `out`, and return its exit code.

    An exception the job raises is raised here (pickled back through a pipe). Past `timeout` seconds the
    child is killed and LimitExceeded raised; `max_memory` (bytes) caps the child's address space, and a
    child that runs out of it raises LimitExceeded too.
    """
    data_read, data_write = os.pipe()
    report_read, report_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(data_read)
        os.close(report_read)
        _run_child(job, data_write, report_write, max_memory)
    os.close(data_write)
    os.close(report_write)
    report = bytearray()
    try:
        finished = _copy(data_read, report_read, out, report, timeout)
    except BaseException:  # a closed output (BrokenPipeError) or Ctrl-C: stop the child too
        _kill(pid)
        raise
    finally:
        os.close(data_read)
        os.close(report_read)
    if not finished:
        _kill(pid)
        raise LimitExceeded(f"the query ran past the time limit of {timeout:g} s (--timeout) and was stopped")
    _, status = os.waitpid(pid, 0)
    if report:
        raise pickle.loads(bytes(report))
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    limit = f" of {format_size(max_memory)} (--max-memory)" if max_memory else ""
    raise LimitExceeded(
        f"the query was stopped by signal {os.WTERMSIG(status)}, most likely for want of memory: "
        f"it needed more than the memory limit{limit}"
    )


def _run_child(job: Callable[[BinaryIO], int], data: int, report: int, max_memory: int | None) -> None:
    code = 1
    output = os.fdopen(data, "wb", buffering=_CHUNK)
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        # Errors come back through the report pipe; the allocator's own complaint when the memory limit
        # is hit ("memory allocation of N bytes failed", a backtrace) would only add noise.
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
        if max_memory:
            resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
        code = job(output)
        output.flush()
    except MemoryError:
        limit = f"the memory limit of {format_size(max_memory)} (--max-memory)"
        _report(report, LimitExceeded(f"the query needed more than {limit} and was stopped"))
    except BaseException as error:  # handed to the parent, which raises it as its own
        _report(report, error)
    finally:
        with contextlib.suppress(BaseException):
            output.close()
        os._exit(code)


def _report(report: int, error: BaseException) -> None:
    try:
        data = pickle.dumps(error)
    except Exception:
        data = pickle.dumps(RuntimeError(str(error)))
    with os.fdopen(report, "wb") as pipe:
        pipe.write(data)


def _copy(data: int, report: int, out: BinaryIO, received: bytearray, timeout: float | None) -> bool:
    """Copy the child's output to `out` and its report into `received` until both pipes close (True),
    or until `timeout` seconds have passed (False)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(data, selectors.EVENT_READ)
        selector.register(report, selectors.EVENT_READ)
        while selector.get_map():
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return False
            for key, _ in selector.select(left):
                chunk = os.read(key.fd, _CHUNK)
                if not chunk:
                    selector.unregister(key.fd)
                elif key.fd == data:
                    out.write(chunk)
                    out.flush()
                else:
                    received.extend(chunk)
    return True


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, ChildProcessError):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
