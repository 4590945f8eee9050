"""The layout of a build folder: its file names (the one definition), its manifest, and its checks.

A build is complete when `manifest.json` is present and every file it lists has the recorded size and
SHA-256. The manifest also records a digest of every input file (data/ and ontology/, and the files of
kgraph's own ontology the project uses for want of its own), so a reader can tell that the build is older
than its inputs. Nothing here imports the rest of kgraph.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kgraph.errors import NoBuildError

EXPORT_FILES = {"turtle": "kgraph.ttl", "nt": "kgraph.nt", "jsonld": "kgraph.jsonld", "trig": "kgraph.trig"}
VOID_FILE = "void.ttl"
CONTEXT_FILE = "context.jsonld"
GRAPH_PAGE = "graph.html"
# Drafts live in their own named graph, <base>graph/drafts, written to the TriG export only: the single-graph
# exports (Turtle, N-Triples, JSON-LD) are the curated graph. A proposed entity is typed with this class.
DRAFTS_GRAPH = "drafts"
PROPOSED_CLASS = "ProposedEntity"
MANIFEST_FILE = "manifest.json"
MANIFEST_FORMAT = 1
INPUT_FOLDERS = ("data", "ontology")
# What a project takes from the ontology kgraph ships when it has no file (or folder) of that name itself.
ONTOLOGY_FILE = "kgraph.ttl"
SHAPES_FILE = "shapes.ttl"
SHIPPED_INPUTS = (f"ontology/{ONTOLOGY_FILE}", f"ontology/{SHAPES_FILE}", "ontology/checks")
SHIPPED_KEY = "kgraph/"  # how the manifest names a shipped input: kgraph/ontology/kgraph.ttl
RUN_BUILD = "run 'kgraph build'"


class BuildUnusable(NoBuildError):
    """There is no build to read, or it is damaged, or it is older than its inputs (exit 6)."""


@dataclass(frozen=True)
class BuildLayout:
    """Where each output of a build lives inside its folder."""

    folder: Path

    def export(self, fmt: str) -> Path:
        return self.folder / EXPORT_FILES[fmt]

    @property
    def ntriples(self) -> Path:
        return self.export("nt")

    def graph_file(self, drafts: bool = False) -> Path:
        """The file the reading commands load: the curated graph (N-Triples), or with drafts the TriG export."""
        return self.export("trig" if drafts else "nt")

    @property
    def context(self) -> Path:
        return self.folder / CONTEXT_FILE

    @property
    def void(self) -> Path:
        return self.folder / VOID_FILE

    @property
    def page(self) -> Path:
        return self.folder / GRAPH_PAGE

    @property
    def manifest(self) -> Path:
        return self.folder / MANIFEST_FILE

    def prefixes(self) -> dict[str, str]:
        """The project's prefixes, from context.jsonld."""
        try:
            return dict(json.loads(self.context.read_text(encoding="utf-8"))["@context"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            problem = f"the build in {self.folder} is damaged: {self.context.name}: {error}"
            raise BuildUnusable(f"{problem}; {RUN_BUILD}") from None


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def shipped_folder() -> Path:
    """Where kgraph keeps the ontology/ and queries/ it ships: inside the installed package, or, run from a
    checkout (an editable install), the repository's own folders, which are the files people edit."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "shipped"
    if (packaged / SHIPPED_INPUTS[0]).is_file():
        return packaged
    return package.parents[1]


def own_or_shipped(root: Path, relative: str, shipped: Path) -> Path:
    """The project's own file or folder at `relative`, or else kgraph's shipped one."""
    own = root / relative
    return own if own.exists() else shipped / relative


def input_files(root: Path, names: Iterable[str] = INPUT_FOLDERS) -> list[Path]:
    """The files named, and those under the folders named, in `root` (a build reads data/ and ontology/),
    hidden files aside."""
    found = []
    for name in names:
        for path in [root / name] if (root / name).is_file() else sorted((root / name).rglob("*")):
            parts = path.relative_to(root).parts
            if path.is_file() and not any(part.startswith(".") for part in parts):
                found.append(path)
    return found


def input_digests(root: Path, shipped: Path | None = None) -> dict[str, str]:
    """SHA-256 of each input file, by its path relative to the project root (POSIX form), and of each shipped
    ontology file the project uses, as kgraph/<path>: a kgraph with another ontology makes the build stale."""
    digests = {path.relative_to(root).as_posix(): sha256_file(path) for path in input_files(root)}
    shipped = shipped if shipped is not None else shipped_folder()
    if shipped.resolve() != root.resolve():
        used = [name for name in SHIPPED_INPUTS if own_or_shipped(root, name, shipped) != root / name]
        for path in input_files(shipped, used):
            digests[SHIPPED_KEY + path.relative_to(shipped).as_posix()] = sha256_file(path)
    return digests


def manifest_bytes(files: Mapping[str, bytes], inputs: Mapping[str, str], options: Mapping[str, str]) -> bytes:
    """The manifest of a build: each file's size and SHA-256, the inputs' digests and the build options."""
    manifest = {
        "format": MANIFEST_FORMAT,
        "files": {
            name: {"bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}
            for name, content in sorted(files.items())
        },
        "inputs": dict(sorted(inputs.items())),
        "options": dict(sorted(options.items())),
    }
    return (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode("utf-8")


def verify_build(folder: Path, needed: Iterable[str] = (), project_root: Path | None = None) -> BuildLayout:
    """Check that `folder` holds a complete, undamaged build (and, given the project, one no older than its
    inputs); raise BuildUnusable saying what is wrong. Every file's size is checked, and the checksum of the
    files in `needed` (those the reader will read; all of them when none is named). Returns the layout of the
    folder as resolved once, so that a build swapped in meanwhile cannot mix two versions."""
    shown = folder
    if not folder.exists():
        raise BuildUnusable(f"no build in {shown}: {RUN_BUILD} first")
    folder = folder.resolve()
    layout = BuildLayout(folder)
    try:
        manifest = json.loads(layout.manifest.read_text(encoding="utf-8"))
        listed = manifest["files"]
        if manifest.get("format") != MANIFEST_FORMAT or not isinstance(listed, dict):
            raise ValueError("unknown manifest format")
    except FileNotFoundError:
        raise BuildUnusable(
            f"the build in {shown} is incomplete or from an older kgraph: {MANIFEST_FILE} is missing; {RUN_BUILD}"
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BuildUnusable(f"the build in {shown} is damaged: {MANIFEST_FILE}: {error}; {RUN_BUILD}") from None
    needed = set(needed)
    for name in sorted(needed - set(listed)):
        raise BuildUnusable(f"the build in {shown} has no {name}; {RUN_BUILD}")
    for name, record in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            raise BuildUnusable(f"the build in {shown} is damaged: {name} is missing; {RUN_BUILD}")
        size = path.stat().st_size
        if size != record.get("bytes"):
            raise BuildUnusable(
                f"the build in {shown} is damaged: {name} has {size} bytes, the manifest says {record.get('bytes')} "
                f"(truncated or edited); {RUN_BUILD}"
            )
        if (name in needed or not needed) and sha256_file(path) != record.get("sha256"):
            raise BuildUnusable(
                f"the build in {shown} is damaged: {name} does not match its checksum in {MANIFEST_FILE}; {RUN_BUILD}"
            )
    if project_root is not None:
        _check_fresh(shown, manifest.get("inputs", {}), project_root)
    return layout


def _check_fresh(shown: Path, recorded: Mapping[str, str], root: Path) -> None:
    current = input_digests(root)
    changed = sorted(name for name in set(current) | set(recorded) if current.get(name) != recorded.get(name))
    if changed:
        more = f" and {len(changed) - 1} more" if len(changed) > 1 else ""
        raise BuildUnusable(f"the build in {shown} is older than its inputs ({changed[0]} changed{more}); {RUN_BUILD}")
