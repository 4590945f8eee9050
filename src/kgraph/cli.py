"""The kgraph command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from kgraph.coverage import coverage, total_share
from kgraph.errors import InputError
from kgraph.export import FILE_NAMES, FORMATS, write_directory_atomically, write_file_atomically
from kgraph.pipeline import Build, Progress, assemble, check_shapes, render
from kgraph.project import Project
from kgraph.stats import entities_per_class, format_table, statements_per_relation

EXIT_OK = 0
EXIT_BAD_INPUT = 3
EXIT_NOT_CONFORMANT = 4

EPILOG = """exit codes:
  0  success
  2  wrong usage
  3  bad input: malformed YAML, unknown or duplicate id, bad date, unknown relation,
     quote not in the source, types outside a relation's domain or range
  4  the graph does not conform to the SHACL shapes
"""


class ShapesError(Exception):
    """The built graph breaks the SHACL shapes."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    project = Project(Path(args.root).resolve())
    progress = Progress(None if args.quiet else sys.stderr)
    try:
        return args.handler(args, project, progress)
    except InputError as error:
        print(f"error: bad input ({len(error.problems)} problem(s)):", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ShapesError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_NOT_CONFORMANT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kgraph",
        description="Build, check and export a knowledge graph of an armed conflict from curated, quoted statements.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--root", default=".", help="the project folder (default: the current folder)")
    parser.add_argument("--base", help="base IRI for minted IRIs (default: 'base' in data/dataset.yaml)")
    parser.add_argument("-q", "--quiet", action="store_true", help="do not print progress")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Callable, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler)
        return sub

    build = command("build", _build, "check the data, validate it with SHACL and write build/ atomically")
    build.add_argument("-o", "--output", help="output folder (default: build/ in the project)")
    command("validate", _validate, "check the data and validate it with SHACL; write nothing")
    export = command("export", _export, "write the graph in one format to a file or to standard output")
    export.add_argument("--format", choices=FORMATS, default="turtle", help="serialisation (default: turtle)")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    command("stats", _stats, "print entities per class and statements per relation")
    cover = command("coverage", _coverage, "list, per section, the sentences no statement cites")
    cover.add_argument("--section", help="only sections whose heading path contains this text")
    cover.add_argument("--summary", action="store_true", help="print the per-section table only")
    return parser


def _checked_build(project: Project, args: argparse.Namespace, progress: Progress) -> Build:
    build = assemble(project, args.base, progress)
    report = check_shapes(project, build, progress)
    if not report.conforms:
        lines = "\n".join(f"  {v}" for v in report.violations[:50])
        more = f"\n  … and {len(report.violations) - 50} more" if len(report.violations) > 50 else ""
        raise ShapesError(f"the graph breaks {len(report.violations)} SHACL constraint(s):\n{lines}{more}")
    return build


def _build(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    build = _checked_build(project, args, progress)
    files = render(build, progress)
    output = Path(args.output) if args.output else project.build_dir
    with progress.step(f"writing {len(files)} files to {output}"):
        write_directory_atomically(output, files)
    print(
        f"built {len(build.catalogue)} entities, {len(build.statements)} statements, "
        f"{len(build.union)} triples into {output}"
    )
    return EXIT_OK


def _validate(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    build = _checked_build(project, args, progress)
    print(
        f"valid: {len(build.catalogue)} entities and {len(build.statements)} statements; "
        "every quote is verbatim and the graph conforms to the SHACL shapes"
    )
    return EXIT_OK


def _export(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    build = _checked_build(project, args, progress)
    content = render(build, progress)[FILE_NAMES[args.format]]
    if args.output:
        write_file_atomically(Path(args.output), content)
    else:
        sys.stdout.buffer.write(content)
    return EXIT_OK


def _stats(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    build = assemble(project, args.base, progress)
    print(
        format_table(
            ("class", "entities"),
            entities_per_class(build.catalogue),
            f"Entities per class ({len(build.catalogue)} in all)",
        )
    )
    print()
    print(
        format_table(
            ("relation", "asserted", "alleged", "denied", "disputed", "total"),
            statements_per_relation(build.statements),
            f"Statements per relation ({len(build.statements)} in all)",
        )
    )
    print()
    print(f"{len(build.union)} triples")
    return EXIT_OK


def _coverage(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    build = assemble(project, args.base, progress)
    for source in build.config.sources:
        sections = coverage(build.documents[source.id], source.id, build.statements)
        if args.section:
            sections = [s for s in sections if args.section.lower() in s.label.lower()]
        rows = [(s.label, len(s.covered), s.total, f"{s.share:.0%}") for s in sections]
        covered, total = total_share(sections)
        rows.append(("all sections", covered, total, f"{covered / total:.0%}" if total else "-"))
        print(format_table(("section", "cited", "sentences", "share"), rows, f"Coverage of {source.path.name}"))
        if args.summary:
            continue
        for section in sections:
            if section.uncovered:
                print(f"\n## {section.label}: {len(section.uncovered)} sentence(s) no statement cites")
                for sentence in section.uncovered:
                    print(f"  [{sentence.start}] {sentence.text}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
