"""Errors that name their cause: the command line maps each class to one exit code.

Bad input names the file, the record and the problem (InputError, exit 3). The other classes say
what the user can do: fix the command (UsageError, exit 2) or build first (NoBuildError, exit 6).
Any other exception reaching the command line is a bug in kgraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem in one record of one input file."""

    path: Path
    record: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.record}: {self.message}" if self.record else f"{where}: {self.message}"


class InputError(Exception):
    """Bad input: one or more problems, each naming its file and record."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UsageError(ValueError):
    """The command was given a wrong option value, or a file or name that does not exist."""


class NoBuildError(FileNotFoundError):
    """There is no build to read, or it is damaged: run 'kgraph build'."""


class ProblemList:
    """Collects problems so that a curator sees all of them in one run."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: Path, record: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(path, record, message, line))

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(self.problems)
