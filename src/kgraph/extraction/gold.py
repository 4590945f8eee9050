"""Drafted statements scored against gold files (tests/data/corpus/README.md): per relation key and per article,
precision, recall, F1, status errors, and the false positives and misses with their sentences.

A gold file lists `facts` ([subject, key, object], names as `|`-separated aliases) and `contested` claims
([subject, key, object, status]). A drafted statement is scored under the key its relation maps to
(assets/gold-relations.txt); it matches a gold fact when the key is the same and its subject and object each
have a name (label or alias, ignoring case) among the gold aliases. An asserted draft matches a fact; a
contested draft (alleged, denied, disputed) matches a contested claim. A draft of a contested claim as fact (or
the reverse) is a status error: a false positive and a miss. The same fact drafted from several sentences counts
once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from kgraph.statements import Statement

KEYS = ("signed", "mediated", "suppliedArmsTo", "supported", "recognised", "belligerent", "led")
STATUSES = ("alleged", "denied", "disputed")


def relation_keys() -> dict[str, str]:
    """The ontology relation → gold key table (assets/gold-relations.txt)."""
    text = resources.files("kgraph").joinpath("assets/gold-relations.txt").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            relation, _, key = line.partition(":")
            table[relation.strip()] = key.strip()
    return table


class GoldError(ValueError):
    """A gold file that does not follow the format; names the file, the entry and the problem."""

    def __init__(self, path: Path | str, record: str, message: str):
        self.path, self.record, self.message = Path(path), record, message
        super().__init__(f"{path}: {record}: {message}" if record else f"{path}: {message}")


@dataclass(frozen=True)
class GoldFact:
    subject: tuple[str, ...]  # aliases, lower case
    key: str
    object: tuple[str, ...]
    status: str  # "asserted" for a fact, else alleged / denied / disputed

    @property
    def text(self) -> str:
        return f"{self.subject[0]} {self.key} {self.object[0]}" + (
            f" [{self.status}]" if self.status != "asserted" else ""
        )


@dataclass(frozen=True)
class Gold:
    path: Path
    article: str
    facts: tuple[GoldFact, ...]


def _aliases(value: object, path: Path, where: str) -> tuple[str, ...]:
    if not isinstance(value, str) or not value.strip():
        raise GoldError(path, where, f"a name must be a non-empty string, not {value!r}")
    return tuple(alias.strip().lower() for alias in value.split("|") if alias.strip())


def read_gold(path: Path) -> Gold:
    """One gold file; a GoldError names the file, the entry and the problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise GoldError(path, "", f"cannot read the gold file: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("article"), str):
        raise GoldError(path, "", "a gold file is a mapping with `article`, `facts` and `contested`")
    facts: list[GoldFact] = []
    for part, width in (("facts", 3), ("contested", 4)):
        entries = data.get(part) or []
        if not isinstance(entries, list):
            raise GoldError(path, part, "must be a list")
        for number, entry in enumerate(entries, 1):
            where = f"{part} entry {number}"
            if not isinstance(entry, list) or len(entry) != width:
                raise GoldError(path, where, f"expected {width} items, got {entry!r}")
            key = entry[1]
            if key not in KEYS:
                raise GoldError(path, where, f"unknown relation {key!r} (known: {', '.join(KEYS)})")
            status = entry[3] if width == 4 else "asserted"
            if width == 4 and status not in STATUSES:
                raise GoldError(path, where, f"unknown status {status!r} (known: {', '.join(STATUSES)})")
            facts.append(GoldFact(_aliases(entry[0], path, where), key, _aliases(entry[2], path, where), status))
    return Gold(path, data["article"], tuple(facts))


def gold_files(paths: list[Path]) -> list[Path]:
    """Gold files named directly, or every `*.gold.yaml` in a directory (or its `gold/` folder)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            folder = path / "gold" if (path / "gold").is_dir() else path
            found += sorted(folder.glob("*.gold.yaml"))
        elif path.is_file():
            found.append(path)
        else:
            raise GoldError(path, "", "no such gold file or directory")
    if not found:
        raise GoldError(paths[0] if paths else ".", "", "no *.gold.yaml file here")
    return found


def article_path(gold: Gold) -> Path:
    """The article a gold file is about: next to it, or in the `articles/` folder beside its folder."""
    for candidate in (gold.path.parent / gold.article, gold.path.parent.parent / "articles" / gold.article):
        if candidate.is_file():
            return candidate
    raise GoldError(gold.path, "article", f"{gold.article!r} is not beside it nor in ../articles/")


@dataclass(frozen=True)
class Miss:
    fact: GoldFact
    article: str


@dataclass(frozen=True)
class Wrong:
    statement: Statement
    key: str
    article: str
    status_error: GoldFact | None = None  # the gold fact whose status the draft got wrong


@dataclass
class Score:
    """Counts for one relation key, one article, or all."""

    name: str
    true_positives: int = 0
    false_positives: list[Wrong] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        found = self.true_positives + len(self.false_positives)
        return self.true_positives / found if found else None

    @property
    def recall(self) -> float | None:
        expected = self.true_positives + len(self.misses)
        return self.true_positives / expected if expected else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def status_errors(self) -> list[Wrong]:
        return [w for w in self.false_positives if w.status_error is not None]


@dataclass
class GoldReport:
    relations: dict[str, Score]
    articles: dict[str, Score]
    total: Score

    def table(self) -> str:
        lines = [f"{'':34} {'TP':>4} {'FP':>4} {'FN':>4} {'P':>6} {'R':>6} {'F1':>6} {'status':>6}"]
        for label, scores in (("relation", self.relations.values()), ("article", self.articles.values())):
            lines.append(f"-- per {label}")
            for score in [*scores, self.total]:
                lines.append(
                    f"{score.name[:34]:34} {score.true_positives:>4} {len(score.false_positives):>4}"
                    f" {len(score.misses):>4} {_fmt(score.precision):>6} {_fmt(score.recall):>6}"
                    f" {_fmt(score.f1):>6} {len(score.status_errors):>6}"
                )
        return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


Names = Callable[[str], tuple[str, ...]]


def score_article(gold: Gold, statements: list[Statement], names: Names) -> list[tuple[str, str, object]]:
    """Outcomes for one article: ("tp", key, fact), ("fp", key, Wrong) and ("fn", key, Miss)."""
    keys = relation_keys()
    matched: set[GoldFact] = set()
    wrong: dict[tuple, Wrong] = {}
    for statement in statements:
        key = keys.get(statement.relation)
        if key is None:
            continue
        subject, obj = names(statement.subject), names(statement.object)
        contested = statement.status != "asserted"
        same = [f for f in gold.facts if f.key == key and set(subject) & set(f.subject) and set(obj) & set(f.object)]
        right = [f for f in same if (f.status != "asserted") == contested]
        if right:
            matched.add(right[0])
            continue
        fact_key = (subject[0], key, obj[0], contested)
        wrong.setdefault(fact_key, Wrong(statement, key, gold.article, same[0] if same else None))
    outcomes: list[tuple[str, str, object]] = [("tp", f.key, f) for f in gold.facts if f in matched]
    outcomes += [("fp", w.key, w) for w in wrong.values()]
    outcomes += [("fn", f.key, Miss(f, gold.article)) for f in gold.facts if f not in matched]
    return outcomes


def score(results: list[tuple[Gold, list[Statement], Names]]) -> GoldReport:
    """Scores per relation key, per article and in all, micro-averaged."""
    relations = {key: Score(key) for key in KEYS}
    articles: dict[str, Score] = {}
    total = Score("all relations")
    for gold, statements, names in results:
        article = articles.setdefault(gold.article, Score(gold.article))
        for kind, key, item in score_article(gold, statements, names):
            for target in (relations[key], article, total):
                if kind == "tp":
                    target.true_positives += 1
                elif kind == "fp":
                    target.false_positives.append(item)  # type: ignore[arg-type]
                else:
                    target.misses.append(item)  # type: ignore[arg-type]
    return GoldReport(relations, articles, total)
