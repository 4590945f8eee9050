"""The kgraph command line."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kgraph.errors import InputError, NoBuildError, Problem, UsageError
from kgraph.graph.layout import EXPORT_FILES, GRAPH_PAGE, BuildLayout, verify_build
from kgraph.options import (
    PUSH_DEADLINE,
    PUSH_TIMEOUT,
    limit_seconds,
    limit_size,
    port_number,
    positive_int,
    positive_seconds,
    positive_size,
)
from kgraph.progress import Progress
from kgraph.project import Project, find_root, read_dataset_config
from kgraph.results import RESULT_FORMATS
from kgraph.tables import format_table

if TYPE_CHECKING:
    from kgraph.graph.readback import StoredBuild
    from kgraph.query import KnowledgeGraph

# Each command imports what it needs: `kgraph stats` should not pay for rdflib, networkx or the endpoint.

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3
EXIT_NOT_CONFORMANT = 4
EXIT_QUERY_ERROR = 5
EXIT_NO_BUILD = 6
EXIT_PUSH_FAILED = 7
EXIT_INTERRUPTED = 130  # as shells report a command stopped by Ctrl-C

EPILOG = """exit codes:
  0    success
  1    an internal error: a bug in kgraph (KGRAPH_DEBUG=1 shows the traceback)
  2    wrong usage: an option value that cannot be used or names nothing (an unknown relation,
       entity or format, a graph IRI with spaces, --chunk-size 0), or a file that does not exist
  3    bad input, each problem with its file, line and record: malformed YAML, a field of the wrong
       type, an unknown or duplicate id, a bad date, an unknown relation, a quote not in the source,
       types outside a relation's domain or range, a file that is not UTF-8 or not a regular file
  4    the graph does not conform to the SHACL shapes or the SPARQL checks
  5    a query cannot run: a syntax error (its line and column are shown) or a bad parameter
  6    no usable build: none, a damaged one or one older than its inputs; run 'kgraph build'
  7    a push failed or passed its --deadline (the target graph is left as it was)
  130  interrupted (Ctrl-C)
"""


# Failures a user can act on, by cause: the message prefix and the exit code of each. Only these
# classes are mapped; anything else that reaches main() is a bug in kgraph (see _internal_error).
def _errors() -> dict[type[Exception], tuple[str, int]]:
    # A function, so that the modules defining these errors load only when an error is being handled.
    from kgraph.pipeline import ShapesError
    from kgraph.push import PushError
    from kgraph.query import QueryError

    return {
        UsageError: ("", EXIT_USAGE),
        ShapesError: ("", EXIT_NOT_CONFORMANT),
        QueryError: ("the query cannot run: ", EXIT_QUERY_ERROR),
        NoBuildError: ("", EXIT_NO_BUILD),
        PushError: ("the push failed and the target graph was left as it was: ", EXIT_PUSH_FAILED),
    }


DEBUG_VARIABLE = "KGRAPH_DEBUG"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    # Without --root, the project is the folder with data/dataset.yaml at or above the current one.
    project = Project(Path(args.root).resolve() if args.root else find_root(Path.cwd()))
    progress = Progress(None if args.quiet else sys.stderr)
    try:
        return args.handler(args, project, progress)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (head, less) closed the pipe early; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except InputError as error:
        print(f"error: bad input ({len(error.problems)} problem(s)):", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except tuple(_errors()) as error:
        prefix, code = next(v for k, v in _errors().items() if isinstance(error, k))
        print(f"error: {prefix}{error}", file=sys.stderr)
        return code
    except OSError as error:
        # A file or folder named on the command line (-o, --build-dir, --query…) that cannot be used.
        if error.filename is None:
            return _internal_error(error)
        print(f"error: {error.filename}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:
        return _internal_error(error)


def _internal_error(error: BaseException) -> int:
    """Report a bug in one line (where it happened and how to see the whole traceback)."""
    import traceback

    if os.environ.get(DEBUG_VARIABLE):
        raise error
    frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    print(
        f"internal error: {type(error).__name__}: {error}{where}. This is a bug in kgraph: please report it "
        f"with the command you ran; {DEBUG_VARIABLE}=1 shows the whole traceback.",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kgraph",
        description="Build, check and export a knowledge graph of an armed conflict from curated, quoted statements.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _global_options(parser, {"root": None, "base": None, "quiet": False})
    # The same options after the command name; left unset there, they keep what was given before it.
    after_command = argparse.ArgumentParser(add_help=False)
    _global_options(after_command, dict.fromkeys(("root", "base", "quiet"), argparse.SUPPRESS))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Callable, help_text: str, examples: str = "") -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=(f"examples:\n{examples}\n" if examples else "") + EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            parents=[after_command],
        )
        sub.set_defaults(handler=handler)
        return sub

    init = command(
        "init",
        _init,
        "start a dataset in a new folder: data/dataset.yaml (title, base IRI, licence), sources/, entities/, "
        "statements/ and the review file",
        "  kgraph init my-war --title 'My war knowledge graph' --base https://example.org/my-war/\n",
    )
    init.add_argument("folder", metavar="DIR", help="the folder to create (or an empty one)")
    init.add_argument("--title", help="the dataset's title (default: from the folder name)")
    init.add_argument("--id", help="the dataset's id (default: from the folder name)")
    init.add_argument("--description", help="a paragraph on what the graph holds")
    init.add_argument("--license", help="the licence of the graph, an IRI (default: CC BY-SA 4.0, as Wikipedia's text)")
    add_source = command(
        "add-source",
        _add_source,
        "copy an article into data/sources/ and register it, with its citation, in data/dataset.yaml",
        "  kgraph add-source war.txt --title 'Some war' --publisher 'English Wikipedia' \\\n"
        "      --creator 'Wikipedia contributors' --license https://creativecommons.org/licenses/by-sa/4.0/ \\\n"
        "      --attribution 'Text of the English Wikipedia article \"Some war\", CC BY-SA 4.0.' --extract\n",
    )
    add_source.add_argument("article", metavar="ARTICLE.txt", help="a plain-text article in the seed's format")
    add_source.add_argument("--title", help="the article's title (required)")
    add_source.add_argument("--publisher", help="who published it (required)")
    add_source.add_argument("--creator", help="who wrote it (required)")
    add_source.add_argument("--license", help="the article's licence, an IRI (required: the graph quotes the text)")
    add_source.add_argument("--attribution", help="the credit line shown with the graph (required)")
    add_source.add_argument("--id", help="the source's id (default: from the file name)")
    add_source.add_argument(
        "--extract", action="store_true", help="draft statements from it at every build (extract: true)"
    )
    build = command("build", _build, "check the data, validate it with SHACL and write build/ atomically")
    build.add_argument(
        "-o", "--output", help="output folder (default: build/ in the project); a link to the current version"
    )
    build.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the build cache (.kgraph-cache/ beside it)"
    )
    build.add_argument(
        "--jobs", type=positive_int, default=os.cpu_count() or 1, help="processes for the per-source work (cores)"
    )
    build.add_argument("--scheduler", metavar="ADDRESS", help="run the per-source work on this Dask scheduler")
    command("validate", _validate, "check the data and validate it with SHACL; write nothing")
    export = command("export", _export, "write the graph in one format to a file or to standard output")
    export.add_argument(
        "--format", choices=tuple(EXPORT_FILES), default="turtle", help="serialisation (default: turtle)"
    )
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    stats = command("stats", _stats, "print entities per class and statements per relation")
    _drafts_option(stats)
    query = command(
        "query",
        _query,
        "run SPARQL on the build: inline text, a .rq file or the name of a catalogue query",
        "  kgraph query arms-suppliers --param recipient=Armenia\n"
        "  kgraph query 'SELECT ?label WHERE { kgr:shusha rdfs:label ?label }' --format csv\n"
        "  kgraph query my-query.rq --format json > answer.json\n"
        "  kgraph query 'CONSTRUCT { ?s kg:signed ?a } WHERE { ?s kg:signed ?a }' --format jsonld\n",
    )
    query.add_argument("query", help="SPARQL text, a path to a .rq file, or a catalogue name (see 'kgraph queries')")
    query.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind ?NAME (never pasted into the text): a label such as Azerbaijan, a CURIE such as kgr:russia, "
        '<iri>, a number, or "quoted text"; repeatable',
    )
    query.add_argument(
        "--format",
        choices=RESULT_FORMATS,
        default="table",
        help="table (default) | csv | tsv | json | xml for SELECT and ASK (SPARQL 1.1 result formats); "
        "turtle | jsonld | nt for CONSTRUCT and DESCRIBE (table means turtle there)",
    )
    query.add_argument("--build-dir", help="the build to query (default: build/ in the project)")
    _drafts_option(query)
    query.add_argument("--width", type=int, help="table width in characters (default: the terminal's)")
    query.add_argument(
        "--timeout",
        type=limit_seconds,
        default=60.0,
        help="seconds the query may run before it is stopped with exit code 5 (default: 60; 0: no limit)",
    )
    query.add_argument(
        "--max-memory",
        type=limit_size,
        default="4G",
        metavar="SIZE",
        help="memory the query may use (512M, 4G…) before it is stopped with exit code 5 (default: 4G; 0: no limit)",
    )
    command("queries", _queries, "list the catalogue: name, the question it answers, its parameters")
    serve = command(
        "serve",
        _serve,
        "serve the build as a read-only SPARQL 1.1 endpoint (/sparql) with an offline query page (/)",
        "  kgraph serve                        # http://127.0.0.1:7878/ (page), /sparql (endpoint), /graph\n"
        "  kgraph serve --port 8000 --timeout 30 --workers 4\n"
        "  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\\n"
        "       http://127.0.0.1:7878/sparql\n",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=port_number, default=7878, help="port (default: 7878; 0 picks a free one)")
    serve.add_argument(
        "--timeout",
        type=positive_seconds,
        default=10.0,
        help="seconds a query may run; past it the query is stopped and answered 503 (default: 10)",
    )
    serve.add_argument(
        "--max-rows",
        type=positive_int,
        default=10_000,
        help="largest result served; a larger one is refused with 413, never cut (default: 10000)",
    )
    serve.add_argument(
        "--workers", type=positive_int, default=2, help="worker processes: queries that can run at once (default: 2)"
    )
    serve.add_argument(
        "--max-memory",
        type=positive_size,
        default="2G",
        metavar="SIZE",
        help="memory (address space) of each worker; a query past it is answered 503 (default: 2G)",
    )
    serve.add_argument(
        "--max-body",
        type=positive_size,
        default="4M",
        metavar="SIZE",
        help="largest request body, such as a POSTed query; a larger one is refused with 413 unread (default: 4M)",
    )
    serve.add_argument(
        "--idle-timeout",
        type=positive_seconds,
        default=5.0,
        metavar="SECONDS",
        help="seconds a connection may stay idle, or take to send a request's headers (default: 5)",
    )
    serve.add_argument("--build-dir", help="the build to serve (default: build/ in the project)")
    _drafts_option(serve)
    viz = command("viz", _viz, "draw the statements as a self-contained, offline HTML network")
    viz.add_argument("-o", "--output", help="HTML file to write (default: build/graph.html)")
    viz.add_argument("--relation", nargs="+", metavar="KIND", help="relations or kinds of relation to draw")
    viz.add_argument("--type", nargs="+", metavar="CLASS", help="entity classes or groups to draw")
    viz.add_argument("--period", metavar="FROM-TO", help="only statements holding in these years, e.g. 1992-1994")
    viz.add_argument("--focus", metavar="ENTITY", help="draw one party's neighbourhood (an id or a label)")
    viz.add_argument("--depth", type=int, default=1, help="steps from --focus (default: 1)")
    viz.add_argument("--query", metavar="FILE.rq", help="draw the result of a CONSTRUCT query")
    viz.add_argument(
        "--color-by", choices=("class", "community"), default="class", help="colour nodes by class or bloc"
    )
    viz.add_argument("--title", help="the page title")
    _drafts_option(viz)
    report = command("report", _report, "write the article's figures as charts: one offline HTML page (inline SVG)")
    report.add_argument("-o", "--output", help="HTML file to write (default: build/report.html)")
    report.add_argument("--build-dir", help="the build to read (default: build/ in the project)")
    push = command("push", _push, "upload the build to a store that speaks the SPARQL 1.1 Graph Store Protocol")
    push.add_argument("--endpoint", required=True, help="the store's Graph Store endpoint, e.g. http://host:7878/store")
    push.add_argument("--graph", help="the named graph to fill (default: <base>graph/all)")
    push.add_argument("--update-endpoint", help="the store's SPARQL Update endpoint, to swap the upload in atomically")
    push.add_argument("--user", help="user name for HTTP basic authentication")
    push.add_argument("--password-env", metavar="VAR", help="environment variable that holds the password")
    push.add_argument("--replace", action="store_true", help="replace the graph's content (default: add to it)")
    push.add_argument("--chunk-size", type=int, default=5000, help="triples per request (default: 5000)")
    push.add_argument(
        "--timeout",
        type=float,
        default=PUSH_TIMEOUT,
        help=f"seconds one request may take (default: {PUSH_TIMEOUT:g})",
    )
    push.add_argument(
        "--deadline",
        type=float,
        default=PUSH_DEADLINE,
        help=f"seconds the whole push may take, retries included (default: {PUSH_DEADLINE:g})",
    )
    push.add_argument("--build-dir", help="the build to push (default: build/ in the project)")
    site = command(
        "site",
        _site,
        "write every entity, statement and source page as static HTML that works from file:// (no server)",
        "  kgraph site -o site        # then open site/index.html\n",
    )
    site.add_argument("-o", "--output", required=True, help="folder to write (replaced as a whole)")
    site.add_argument("--build-dir", help="the build to publish (default: build/ in the project)")
    _drafts_option(site)
    docs = command("docs", _docs, "write HTML documentation of the ontology (needs pyLODE: pip install 'kgraph[docs]')")
    docs.add_argument("-o", "--output", help="HTML file to write (default: build/ontology.html)")
    analyze = command("analyze", _analyze, "print central parties, blocs of mutual support, the arms trade and bridges")
    _drafts_option(analyze)
    draft = command("draft", _draft, "extract draft statements from a new article as curation YAML to review")
    draft.add_argument("article", help="a plain-text article in the seed's format")
    draft.add_argument("-o", "--output", help="YAML file to write (default: standard output)")
    review = command(
        "review",
        _review,
        "list the drafts awaiting review: sentence, confidence and the entities each would create",
        "  kgraph review --min-confidence 0.7\n  kgraph accept x-russia-brokered-ceasefire-0c4be1f7d2\n",
    )
    review.add_argument("--source", action="append", help="only drafts of this source id (repeatable)")
    review.add_argument("--min-confidence", type=float, default=0.0, help="only drafts at least this confident")
    accept_command = command(
        "accept", _accept, "write drafts into the curated YAML (statements and the entities they need)"
    )
    accept_command.add_argument("ids", nargs="+", metavar="ID", help="draft ids, as 'kgraph review' lists them")
    accept_command.add_argument("--source", action="append", help="also draft this source (not marked extract)")
    reject_command = command("reject", _reject, "record drafts as rejected: they and their new entities stay out")
    reject_command.add_argument("ids", nargs="+", metavar="ID", help="draft ids, as 'kgraph review' lists them")
    reject_command.add_argument("--reason", help="why, kept in the review file")
    reject_command.add_argument("--source", action="append", help="also draft this source (not marked extract)")
    evaluate_command = command(
        "eval", _eval, "measure the extractors on the curated sources: precision, recall and F1 per relation"
    )
    evaluate_command.add_argument("--errors", type=int, default=25, help="false positives and negatives shown (25)")
    evaluate_command.add_argument(
        "--gold",
        nargs="+",
        metavar="PATH",
        help="score drafts of a corpus against its gold files (a folder with gold/ and articles/, or .gold.yaml files)",
    )
    cover = command("coverage", _coverage, "list, per section, the sentences no statement cites")
    cover.add_argument("--section", help="only sections whose heading path contains this text")
    cover.add_argument("--summary", action="store_true", help="print the per-section table only")
    return parser


def _global_options(parser: argparse.ArgumentParser, defaults: dict[str, object]) -> None:
    """The options every command takes, before or after its name."""
    parser.add_argument(
        "--root",
        default=defaults["root"],
        help="the project folder (default: the nearest folder at or above this one with data/dataset.yaml)",
    )
    parser.add_argument(
        "--base",
        default=defaults["base"],
        help="base IRI for minted IRIs (default: 'base' in data/dataset.yaml; for init, the new dataset's base)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", default=defaults["quiet"], help="do not print progress")


def _init(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.scaffold import init_dataset, next_steps

    folder = Path(args.folder)
    made = init_dataset(folder, args.title, args.base, args.license, args.id, args.description)
    print(f"started the dataset {made.id!r} in {folder}: {', '.join(str(p.relative_to(folder)) for p in made.files)}")
    if args.base is None:
        print(f"its base IRI is {made.base}: change 'base' in data/dataset.yaml to an address you control")
    if not args.quiet:
        print(next_steps(folder), end="")
    return EXIT_OK


def _add_source(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.scaffold import Citation, add_source

    article = Path(args.article)
    if not article.is_file():
        raise UsageError(f"no article at {article}")
    citation = Citation(args.title, args.publisher, args.creator, args.license, args.attribution)
    added = add_source(project.dataset_file, article, citation, args.id, args.extract)
    print(f"added the source {added.record['id']!r} ({added.record['file']}) to {project.dataset_file}")
    if not args.quiet:
        print(f"next: {added.next_step(project.dataset_file.parent)}")
    return EXIT_OK


def _build(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.graph.incremental import BuildOptions
    from kgraph.publish.build_page import build_project

    output = Path(args.output) if args.output else project.build_dir
    options = BuildOptions(cache=not args.no_cache, jobs=args.jobs, scheduler=args.scheduler)
    build = build_project(project, output, args.base, progress, options)
    print(
        f"built {len(build.catalogue)} entities, {len(build.statements)} statements, "
        f"{build.triple_count} triples into {output}"
    )
    return EXIT_OK


def _load_build(args: argparse.Namespace, project: Project, progress: Progress) -> StoredBuild:
    """The build the reading commands use: --build-dir if given (checked whole), else the project's (checked
    whole and no older than its inputs)."""
    from kgraph.graph.readback import StoredBuild

    explicit = getattr(args, "build_dir", None)
    folder = Path(explicit) if explicit else project.build_dir
    with progress.step(f"loading the build in {folder}"):
        return StoredBuild.load(folder, None if explicit else project.root, getattr(args, "drafts", False))


def _drafts_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--drafts",
        action="store_true",
        help="include the drafts (statements drafted from sources marked 'extract: true', and the entities they "
        "propose), shown as drafts; without it only curated data",
    )


def _validate(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.pipeline import checked_build

    build = checked_build(project, args.base, progress)
    print(
        f"valid: {len(build.catalogue)} entities and {len(build.statements)} statements; "
        "every quote is verbatim and the graph conforms to the SHACL shapes"
    )
    return EXIT_OK


def _export(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.export import write_file_atomically

    layout = verify_build(project.build_dir, [EXPORT_FILES[args.format]], project.root)
    content = layout.export(args.format).read_bytes()
    if args.output:
        write_file_atomically(Path(args.output), content)
    else:
        sys.stdout.buffer.write(content)
    return EXIT_OK


def _stats(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.stats import count_build

    build = _load_build(args, project, progress)
    if args.drafts:
        return _stats_with_drafts(build)
    counts = count_build(build.store, build.prefixes)
    print(
        format_table(
            ("class", "entities"),
            counts.classes,
            f"Entities per class ({counts.entities} in all)",
        )
    )
    print()
    print(
        format_table(
            ("relation", "asserted", "alleged", "denied", "disputed", "total"),
            counts.relations,
            f"Statements per relation ({counts.statements} in all)",
        )
    )
    print()
    print(f"{counts.triples} triples")
    return EXIT_OK


def _stats_with_drafts(build: StoredBuild) -> int:
    """The curated tables, then the drafts' counted apart (records read back from the TriG)."""
    from kgraph.stats import apart, entities_per_class, statements_per_relation

    catalogue, statements, proposed, drafted = apart(build.catalogue, build.statements)
    by_status = ("relation", "asserted", "alleged", "denied", "disputed", "total")
    tables = [
        (("class", "entities"), entities_per_class(catalogue), f"Entities per class ({len(catalogue)} in all)"),
        (by_status, statements_per_relation(statements), f"Statements per relation ({len(statements)} in all)"),
        (
            ("proposed class", "entities"),
            entities_per_class(proposed),
            f"Drafts: proposed entities per class they would have ({len(proposed)} in all, not curated)",
        ),
        (
            by_status,
            statements_per_relation(drafted),
            f"Drafts: drafted statements per relation ({len(drafted)} in all, not curated)",
        ),
    ]
    for header, rows, title in tables:
        print(format_table(header, rows, title))
        print()
    print(f"{len(build)} triples (curated and drafts)")
    return EXIT_OK


def _open_graph(args: argparse.Namespace, project: Project) -> KnowledgeGraph:
    from kgraph.query import KnowledgeGraph

    build_dir = Path(args.build_dir) if getattr(args, "build_dir", None) else project.build_dir
    return KnowledgeGraph.open(build_dir, project.query_dirs, getattr(args, "drafts", False))


def _query(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    import shutil

    from kgraph.bounded import LimitExceeded, run_bounded
    from kgraph.query import CatalogueQuery, QueryError, read_query
    from kgraph.results import write_result

    graph = _open_graph(args, project)
    text = args.query
    if text.endswith(".rq") and text not in graph.catalogue:
        if not Path(text).is_file():
            raise UsageError(f"{text} does not exist or is not a file: give SPARQL text, a .rq file or a query name")
        text: CatalogueQuery | str = read_query(Path(text))
    params = {}
    for item in args.param:
        name, equals, value = item.partition("=")
        if not equals or not name:
            raise QueryError(f"--param takes NAME=VALUE, not {item!r}")
        params[name.lstrip("?$")] = value
    width = args.width or shutil.get_terminal_size((120, 24)).columns

    def answer(output: BinaryIO) -> int:
        # Runs in a child process that is killed past --timeout; rows are written as they come.
        write_result(graph.query(text, **params), args.format, graph.compact, width, output)
        return EXIT_OK

    try:
        return run_bounded(answer, sys.stdout.buffer, args.timeout or None, args.max_memory or None)
    except LimitExceeded as error:
        raise QueryError(str(error)) from None


def _serve(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.publish.linked_data import open_pages
    from kgraph.publish.yasgui import yasgui_page
    from kgraph.serve import Limits, WorkerStartError
    from kgraph.serve import serve as serve_endpoint

    build_dir = Path(args.build_dir) if args.build_dir else project.build_dir
    with progress.step("loading the build and its pages"):
        pages = open_pages(build_dir, project.query_dirs, project.dataset_file, args.drafts)
    graph = pages.graph
    front_page = yasgui_page(graph.catalogue, graph.prefixes, pages.title)

    def ready(host: str, port: int) -> None:
        address = f"[{host}]" if ":" in host else host
        print(
            f"SPARQL endpoint: http://{address}:{port}/sparql  query page: http://{address}:{port}/  "
            f"({len(graph)} triples, {args.workers} workers, {args.timeout:g} s per query; Ctrl-C stops)",
            flush=True,
        )

    limits = Limits(
        timeout=args.timeout,
        max_rows=args.max_rows,
        max_memory=args.max_memory,
        max_body=args.max_body,
        idle_timeout=args.idle_timeout,
    )
    try:
        with contextlib.suppress(KeyboardInterrupt):
            serve_endpoint(
                BuildLayout(build_dir).graph_file(args.drafts),
                graph.prefixes,
                front_page,
                args.host,
                args.port,
                limits,
                args.workers,
                BuildLayout(build_dir).page,
                ready,
                pages.respond,
                graph.store,  # the workers query the pages' graph (forked, not loaded again)
            )
    except WorkerStartError as error:
        print(f"error: the endpoint cannot start: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"error: cannot listen on {args.host} port {args.port}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _queries(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    import shutil

    from kgraph.query import read_catalogue_queries

    catalogue = read_catalogue_queries(project.query_dirs)
    rows = [
        (name, q.question, ", ".join(f"{k} (default {v})" for k, v in q.params.items()))
        for name, q in sorted(catalogue.items())
    ]
    width = shutil.get_terminal_size((160, 24)).columns
    print(format_table(("name", "question", "parameters"), rows, f"{len(rows)} catalogue queries", width))
    return EXIT_OK


def _viz(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.network import kind_labels, neighbourhood, network_of_triples, statement_network, style
    from kgraph.query import KnowledgeGraph, read_query
    from kgraph.viz import parse_period, render_page, resolve_names, select

    build = _load_build(args, project, progress)
    graph = statement_network(build.catalogue, build.statements, build.ontology)
    looks = style()
    if args.query:
        knowledge = KnowledgeGraph(build.store, build.prefixes, drafts=args.drafts)
        triples = knowledge.query(read_query(Path(args.query)))
        graph = network_of_triples(graph, triples, build.iris)
    relations = {r: r for r in build.ontology.relations} | kind_labels(build.ontology)
    types = {c: c for c in build.ontology.classes} | {g: v["label"] for g, v in looks.groups.items()}
    graph = select(
        graph,
        resolve_names(args.relation, relations, "relation or kind") if args.relation else None,
        resolve_names(args.type, types, "class or group") if args.type else None,
        parse_period(args.period) if args.period else None,
    )
    config = read_dataset_config(project.dataset_file, args.base)
    title = args.title or config.title
    if args.focus:
        centre = _entity_id(build, args.focus)
        if centre not in graph:
            raise UsageError(f"{args.focus!r} has no statement in this selection")
        graph = neighbourhood(graph, centre, args.depth)
        title = args.title or f"{build.catalogue[centre].label}: {args.depth}-step neighbourhood"
    credit = "; ".join(s.attribution for s in config.sources)
    with progress.step(f"drawing {graph.number_of_nodes()} entities and {graph.number_of_edges()} statements"):
        page = render_page(graph, title, credit, args.color_by).encode("utf-8")
        output = _write_page(project, args.output, GRAPH_PAGE, page)
    print(f"wrote {output}: {graph.number_of_nodes()} entities, {graph.number_of_edges()} statements")
    return EXIT_OK


def _report(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.publish.figures import all_figures
    from kgraph.publish.report import report_page

    graph = _open_graph(args, project)
    config = read_dataset_config(project.dataset_file, args.base)
    credit = "; ".join(s.attribution for s in config.sources)
    with progress.step("drawing the figures"):
        figures = all_figures(graph)
        output = _write_page(project, args.output, "report.html", report_page(config.title, credit, figures).encode())
    print(f"wrote {output}: {len(figures)} figures")
    return EXIT_OK


def _entity_id(build, name: str) -> str:
    if name in build.catalogue:
        return name
    matches = [
        e.id for e in build.catalogue.values() if name.lower() in {e.label.lower(), *(a.lower() for a in e.aliases)}
    ]
    if len(matches) != 1:
        raise UsageError(f"{name!r} names {len(matches)} entities{': ' + ', '.join(matches) if matches else ''}")
    return matches[0]


def _push(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.push import Store, check_push_options, push

    build_dir = Path(args.build_dir) if args.build_dir else project.build_dir
    data = BuildLayout(build_dir).ntriples
    if not data.is_file():
        raise NoBuildError(f"no build in {build_dir}: run 'kgraph build' first")
    password = None
    if args.password_env:
        if args.password_env not in os.environ:
            raise UsageError(f"--password-env names {args.password_env}, which is not set")
        password = os.environ[args.password_env]
    graph = args.graph or read_dataset_config(project.dataset_file, args.base).base + "graph/all"
    store = Store(args.endpoint, args.update_endpoint, args.user, password, timeout=args.timeout)
    check_push_options(store.endpoint, store.update_endpoint, graph, args.chunk_size, args.timeout, args.deadline)
    try:
        lines = [line for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    except UnicodeDecodeError as exc:
        raise NoBuildError(f"{data} is damaged (not UTF-8 at byte {exc.start}): run 'kgraph build'") from None
    report = push(
        lines,
        store,
        graph,
        args.replace,
        args.chunk_size,
        progress=lambda m: progress.note(m),
        deadline=args.deadline,
    )
    held = "did not say how many triples it holds" if report.held is None else f"now holds {report.held} triples"
    print(
        f"pushed {report.sent} triples in {report.chunks} chunk(s) to <{report.graph}> at {args.endpoint}; "
        f"the store {held} in that graph"
    )
    return EXIT_OK


def _site(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.publish.linked_data import open_pages
    from kgraph.publish.site import write_site

    build_dir = Path(args.build_dir) if args.build_dir else project.build_dir
    with progress.step("writing the pages"):
        count = write_site(
            open_pages(build_dir, project.query_dirs, project.dataset_file, args.drafts), Path(args.output)
        )
    print(f"wrote {count} pages into {args.output}; open {Path(args.output) / 'index.html'}")
    return EXIT_OK


def _docs(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.docs import ontology_html

    with progress.step(f"documenting {project.ontology_file.name} with pyLODE"):
        page = ontology_html(project.ontology_file)
    print(f"wrote {_write_page(project, args.output, 'ontology.html', page.encode('utf-8'))}")
    return EXIT_OK


def _write_page(project: Project, output: str | None, name: str, page: bytes) -> Path:
    from kgraph.export import write_file_atomically
    from kgraph.graph.swap import replace_in_build

    """Write a page to `output`, or by default into build/: as a new version of the build, swapped in whole."""
    if output or not project.build_dir.exists():
        path = Path(output) if output else project.build_dir / name
        write_file_atomically(path, page)
        return path
    replace_in_build(project.build_dir, name, page)
    return project.build_dir / name


def _analyze(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.gcpause import cyclic_gc_paused

    # Reading the build back makes some 100,000 objects that live until the end and hold no cycles (a fifth
    # of the run went to scanning them again and again).
    with cyclic_gc_paused():
        return _analyze_build(args, project, progress)


def _analyze_build(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    import shutil

    from kgraph.analyze import arms_supply, blocs, bridges, central_parties
    from kgraph.network import statement_graph

    build = _load_build(args, project, progress)
    graph = statement_graph(build.catalogue, build.statement_facts, build.terms)
    sides = read_dataset_config(project.dataset_file, args.base).sides
    unknown = [i for ids in sides.values() for i in ids if i not in build.catalogue]
    if unknown:
        raise InputError([Problem(project.dataset_file, "sides", f"unknown entities: {', '.join(unknown)}")])
    width = shutil.get_terminal_size((160, 24)).columns
    tables = [
        (("party", "statements", "betweenness"), central_parties(graph), "Most central parties"),
        (
            ("bloc", "anchored by", "members, most connected first"),
            blocs(graph, sides),
            "Blocs of mutual support (communities of asserted support, arms, alliance and fought-for ties)",
        ),
        (
            ("recipient", "supplier", "when", "status", "figures", "according to"),
            arms_supply(graph),
            "Arms supply: suppliers per recipient over time",
        ),
        (("party", *sides), bridges(graph, sides), "Bridges: parties with asserted support or arms ties to both sides"),
    ]
    print("\n\n".join(format_table(header, rows, title, width) for header, rows, title in tables))
    return EXIT_OK


def _draft(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.catalogue import read_catalogue
    from kgraph.export import write_file_atomically
    from kgraph.extraction import draft_yaml, extract
    from kgraph.source import read_document

    path = Path(args.article)
    if not path.is_file():
        raise UsageError(f"no article at {path}")
    ontology = project.read_ontology()
    # Outside any dataset an article is drafted against an empty catalogue: every name is a proposed entity.
    if project.dataset_file.is_file():
        config = read_dataset_config(project.dataset_file, args.base)
        catalogue = read_catalogue(list(config.entity_files), ontology)
    else:
        catalogue = {}
    document = read_document(path)
    with progress.step(f"extracting statements from {path.name}"):
        extraction = extract(document, path.stem, catalogue, ontology)
    text = draft_yaml(extraction)
    if args.output:
        write_file_atomically(Path(args.output), text.encode("utf-8"))
        print(
            f"wrote {args.output}: {len(extraction.statements)} statements and "
            f"{len(extraction.proposed_entities)} proposed entities to review"
        )
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _review(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.extraction.pending import listing, load_pending
    from kgraph.extraction.review import review_warnings

    with progress.step("drafting the sources to review"):
        pending = load_pending(project, args.base, args.source)
    shown = listing(pending, args.source, args.min_confidence)
    if shown:
        print(shown)
    left = len(pending.reviewed.statements)
    print(f"{left} draft(s) to review, {len(pending.decisions)} decided", file=sys.stderr)
    for warning in review_warnings(pending.reviewed):
        print(warning, file=sys.stderr)
    return EXIT_OK


def _accept(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.curation.accept import accept as accept_drafts
    from kgraph.curation.accept import curated_ids, folders
    from kgraph.extraction.pending import load_pending

    pending = load_pending(project, args.base, args.source)
    chosen = pending.find(args.ids, accepting=True)
    ontology = project.read_ontology()
    taken = curated_ids(pending.config, ontology, pending.catalogue)
    titles = {s.id: s.title for s in pending.config.sources}
    where = folders(project.dataset_file, pending.config)
    for draft, new_id in accept_drafts(chosen, pending.drafts.proposed, taken, titles, where):
        print(f"accepted {draft.id} as {new_id} in {where.statements / (draft.evidence.source_id + '.yaml')}")
    return EXIT_OK


def _reject(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.curation.accept import folders
    from kgraph.curation.accept import reject as reject_drafts
    from kgraph.extraction.pending import load_pending

    pending = load_pending(project, args.base, args.source)
    chosen = pending.find(args.ids)
    where = folders(project.dataset_file, pending.config)
    reject_drafts(chosen, args.reason, where)
    print(f"rejected {len(chosen)} draft(s) in {where.review}")
    return EXIT_OK


def _eval(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.extraction import evaluate, extract
    from kgraph.pipeline import assemble

    if args.gold:
        return _eval_gold(args, project, progress)
    build = assemble(project, args.base, progress)
    curated_only = [s for s in build.statements if s.origin == "curated"]
    for source in build.config.sources:
        with progress.step(f"extracting from {source.path.name} with the curated statements hidden"):
            extraction = extract(build.documents[source.id], source.id, build.catalogue, build.ontology)
        curated = [s for s in curated_only if s.evidence.source_id == source.id]
        report = evaluate(extraction.statements, curated)
        print(f"Extractors on {source.path.name}: {len(extraction.statements)} extracted, {len(curated)} curated")
        print(report.table())
        for title, attribute in (
            ("false positives", "false_positive_statements"),
            ("false negatives", "false_negative_statements"),
        ):
            shown = getattr(report.core, attribute)[: args.errors]
            print(f"\nCore relations, {title} ({len(getattr(report.core, attribute))}; {len(shown)} shown):")
            for statement in shown:
                print(
                    f"  {statement.subject} {statement.relation} {statement.object} [{statement.status}]: "
                    f"{statement.evidence.quote[:150]}"
                )
    return EXIT_OK


def _eval_gold(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.catalogue import read_catalogue
    from kgraph.extraction.corpus import draft_corpus, score_corpus, sentence_of
    from kgraph.extraction.gold import GoldError

    config = read_dataset_config(project.dataset_file, args.base)
    ontology = project.read_ontology()
    catalogue = read_catalogue(list(config.entity_files), ontology)
    try:
        with progress.step("drafting the corpus articles"):
            drafted = draft_corpus([Path(p) for p in args.gold], catalogue, ontology)
    except GoldError as error:
        raise InputError([Problem(error.path, error.record, error.message)]) from None
    report = score_corpus(drafted, catalogue)
    documents = {d.gold.article: d.document for d in drafted}
    print(f"Extractors on {len(drafted)} articles, scored against their gold files")
    print(report.table())
    for article, score in report.articles.items():
        wrong, missed = score.false_positives[: args.errors], score.misses[: args.errors]
        if not wrong and not missed:
            continue
        print(f"\n{article}: false positives ({len(score.false_positives)}; {len(wrong)} shown)")
        for item in wrong:
            s = item.statement
            label = "STATUS " if item.status_error else ""
            print(f"  {label}{s.subject} {item.key} {s.object} [{s.status}]: {s.evidence.quote[:150]}")
        print(f"{article}: misses ({len(score.misses)}; {len(missed)} shown)")
        for miss in missed:
            print(f"  {miss.fact.text}: {sentence_of(documents[article], miss.fact)[:150]}")
    return EXIT_OK


def _coverage(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.coverage import coverage, total_share
    from kgraph.source import read_document

    build = _load_build(args, project, progress)
    config = read_dataset_config(project.dataset_file, args.base)
    for source in config.sources:
        sections = coverage(read_document(source.path), source.id, build.statements)
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
