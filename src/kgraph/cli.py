"""The kgraph command line."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from kgraph.catalogue import read_catalogue
from kgraph.coverage import coverage, total_share
from kgraph.docs import ontology_html
from kgraph.errors import InputError
from kgraph.export import FORMATS, write_file_atomically
from kgraph.extraction import draft_yaml, evaluate, extract
from kgraph.graph.layout import EXPORT_FILES, GRAPH_PAGE, BuildLayout, BuildUnusable, verify_build
from kgraph.graph.readback import StoredBuild
from kgraph.graph.swap import replace_in_build
from kgraph.ontology import Ontology
from kgraph.pipeline import Progress, ShapesError, assemble, checked_build
from kgraph.project import Project, read_dataset_config
from kgraph.publish.build_page import build_project
from kgraph.push import PushError, Store, push
from kgraph.query import CatalogueQuery, KnowledgeGraph, QueryError, read_catalogue_queries, read_query
from kgraph.results import RESULT_FORMATS, render_result
from kgraph.serve import Limits
from kgraph.serve import serve as serve_endpoint
from kgraph.source import read_document
from kgraph.stats import entities_per_class, statements_per_relation
from kgraph.tables import format_table

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3
EXIT_NOT_CONFORMANT = 4
EXIT_QUERY_ERROR = 5
EXIT_NO_BUILD = 6
EXIT_PUSH_FAILED = 7

EPILOG = """exit codes:
  0  success
  2  wrong usage, or an option value that names nothing (an unknown relation, entity or format)
  3  bad input: malformed YAML, unknown or duplicate id, bad date, unknown relation,
     quote not in the source, types outside a relation's domain or range
  4  the graph does not conform to the SHACL shapes or the SPARQL checks
  5  a query cannot run: a syntax error (its line and column are shown) or a bad parameter
  6  no usable build: none, a damaged one or one older than its inputs; run 'kgraph build'
  7  a push failed (the target graph is left as it was)
"""


# Failures a user can act on: the message prefix and the exit code of each (first match wins).
_ERRORS: dict[type[Exception], tuple[str, int]] = {
    BuildUnusable: ("", EXIT_NO_BUILD),
    ShapesError: ("", EXIT_NOT_CONFORMANT),
    QueryError: ("the query cannot run: ", EXIT_QUERY_ERROR),
    PushError: ("the push failed and the target graph was left as it was: ", EXIT_PUSH_FAILED),
    FileNotFoundError: ("", EXIT_NO_BUILD),
    ValueError: ("", EXIT_USAGE),
}


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    project = Project(Path(args.root).resolve())
    progress = Progress(None if args.quiet else sys.stderr)
    try:
        return args.handler(args, project, progress)
    except BrokenPipeError:
        # The reader (head, less) closed the pipe early; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except InputError as error:
        print(f"error: bad input ({len(error.problems)} problem(s)):", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except tuple(_ERRORS) as error:
        prefix, code = next(v for k, v in _ERRORS.items() if isinstance(error, k))
        print(f"error: {prefix}{error}", file=sys.stderr)
        return code


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

    def command(name: str, handler: Callable, help_text: str, examples: str = "") -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=(f"examples:\n{examples}\n" if examples else "") + EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler)
        return sub

    build = command("build", _build, "check the data, validate it with SHACL and write build/ atomically")
    build.add_argument(
        "-o", "--output", help="output folder (default: build/ in the project); a link to the current version"
    )
    command("validate", _validate, "check the data and validate it with SHACL; write nothing")
    export = command("export", _export, "write the graph in one format to a file or to standard output")
    export.add_argument("--format", choices=FORMATS, default="turtle", help="serialisation (default: turtle)")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    command("stats", _stats, "print entities per class and statements per relation")
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
    query.add_argument("--width", type=int, help="table width in characters (default: the terminal's)")
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
    serve.add_argument("--port", type=int, default=7878, help="port (default: 7878; 0 picks a free one)")
    serve.add_argument("--timeout", type=float, default=10.0, help="seconds a query may run (default: 10)")
    serve.add_argument("--max-rows", type=int, default=10_000, help="largest result served (default: 10000)")
    serve.add_argument("--workers", type=int, default=2, help="queries that can run at once (default: 2)")
    serve.add_argument("--build-dir", help="the build to serve (default: build/ in the project)")
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
    push = command("push", _push, "upload the build to a store that speaks the SPARQL 1.1 Graph Store Protocol")
    push.add_argument("--endpoint", required=True, help="the store's Graph Store endpoint, e.g. http://host:7878/store")
    push.add_argument("--graph", help="the named graph to fill (default: <base>graph/all)")
    push.add_argument("--update-endpoint", help="the store's SPARQL Update endpoint, to swap the upload in atomically")
    push.add_argument("--user", help="user name for HTTP basic authentication")
    push.add_argument("--password-env", metavar="VAR", help="environment variable that holds the password")
    push.add_argument("--replace", action="store_true", help="replace the graph's content (default: add to it)")
    push.add_argument("--chunk-size", type=int, default=5000, help="triples per request (default: 5000)")
    push.add_argument("--build-dir", help="the build to push (default: build/ in the project)")
    docs = command("docs", _docs, "write HTML documentation of the ontology (needs pyLODE: pip install 'kgraph[docs]')")
    docs.add_argument("-o", "--output", help="HTML file to write (default: build/ontology.html)")
    command("analyze", _analyze, "print central parties, blocs of mutual support, the arms trade and bridges")
    draft = command("draft", _draft, "extract draft statements from a new article as curation YAML to review")
    draft.add_argument("article", help="a plain-text article in the seed's format")
    draft.add_argument("-o", "--output", help="YAML file to write (default: standard output)")
    evaluate_command = command(
        "eval", _eval, "measure the extractors on the curated sources: precision, recall and F1 per relation"
    )
    evaluate_command.add_argument("--errors", type=int, default=25, help="false positives and negatives shown (25)")
    cover = command("coverage", _coverage, "list, per section, the sentences no statement cites")
    cover.add_argument("--section", help="only sections whose heading path contains this text")
    cover.add_argument("--summary", action="store_true", help="print the per-section table only")
    return parser


def _build(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    output = Path(args.output) if args.output else project.build_dir
    build = build_project(project, output, args.base, progress)
    print(
        f"built {len(build.catalogue)} entities, {len(build.statements)} statements, "
        f"{build.triple_count} triples into {output}"
    )
    return EXIT_OK


def _load_build(args: argparse.Namespace, project: Project, progress: Progress) -> StoredBuild:
    """The build the reading commands use: --build-dir if given (checked whole), else the project's (checked
    whole and no older than its inputs)."""
    explicit = getattr(args, "build_dir", None)
    folder = Path(explicit) if explicit else project.build_dir
    with progress.step(f"loading the build in {folder}"):
        return StoredBuild.load(folder, None if explicit else project.root)


def _validate(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    build = checked_build(project, args.base, progress)
    print(
        f"valid: {len(build.catalogue)} entities and {len(build.statements)} statements; "
        "every quote is verbatim and the graph conforms to the SHACL shapes"
    )
    return EXIT_OK


def _export(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    layout = verify_build(project.build_dir, [EXPORT_FILES[args.format]], project.root)
    content = layout.export(args.format).read_bytes()
    if args.output:
        write_file_atomically(Path(args.output), content)
    else:
        sys.stdout.buffer.write(content)
    return EXIT_OK


def _stats(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    build = _load_build(args, project, progress)
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
    print(f"{len(build)} triples")
    return EXIT_OK


def _open_graph(args: argparse.Namespace, project: Project) -> KnowledgeGraph:
    build_dir = Path(args.build_dir) if getattr(args, "build_dir", None) else project.build_dir
    return KnowledgeGraph.open(build_dir, project.queries_dir)


def _query(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    graph = _open_graph(args, project)
    text = args.query
    if text.endswith(".rq") and Path(text).is_file():
        text: CatalogueQuery | str = read_query(Path(text))
    params = {}
    for item in args.param:
        name, equals, value = item.partition("=")
        if not equals or not name:
            raise QueryError(f"--param takes NAME=VALUE, not {item!r}")
        params[name.lstrip("?$")] = value
    result = graph.query(text, **params)
    width = args.width or shutil.get_terminal_size((120, 24)).columns
    sys.stdout.buffer.write(render_result(result, args.format, graph.compact, width))
    return EXIT_OK


def _serve(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    build_dir = Path(args.build_dir) if args.build_dir else project.build_dir
    graph = KnowledgeGraph.open(build_dir, project.queries_dir)

    def ready(server) -> None:
        host, port = server.server_address[:2]
        print(
            f"SPARQL endpoint: http://{host}:{port}/sparql  query page: http://{host}:{port}/  "
            f"({len(graph)} triples, {args.workers} workers, {args.timeout:g} s per query; Ctrl-C stops)",
            flush=True,
        )

    limits = Limits(timeout=args.timeout, max_rows=args.max_rows)
    with contextlib.suppress(KeyboardInterrupt):
        serve_endpoint(
            BuildLayout(build_dir).ntriples,
            graph.prefixes,
            graph.catalogue,
            args.host,
            args.port,
            limits,
            args.workers,
            BuildLayout(build_dir).page,
            ready,
        )
    return EXIT_OK


def _queries(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    catalogue = read_catalogue_queries(project.queries_dir)
    rows = [
        (name, q.question, ", ".join(f"{k} (default {v})" for k, v in q.params.items()))
        for name, q in sorted(catalogue.items())
    ]
    width = shutil.get_terminal_size((160, 24)).columns
    print(format_table(("name", "question", "parameters"), rows, f"{len(rows)} catalogue queries", width))
    return EXIT_OK


def _viz(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.network import neighbourhood, network_of_triples, statement_network, style
    from kgraph.viz import parse_period, render_page, resolve_names, select

    build = _load_build(args, project, progress)
    graph = statement_network(build.catalogue, build.statements, build.ontology)
    looks = style()
    if args.query:
        knowledge = KnowledgeGraph(build.store, build.prefixes)
        triples = knowledge.query(read_query(Path(args.query)))
        graph = network_of_triples(graph, triples, build.iris)
    relations = {r: r for r in build.ontology.relations} | {k: v["label"] for k, v in looks.kinds.items()}
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
            raise ValueError(f"{args.focus!r} has no statement in this selection")
        graph = neighbourhood(graph, centre, args.depth)
        title = args.title or f"{build.catalogue[centre].label}: {args.depth}-step neighbourhood"
    output = Path(args.output) if args.output else project.build_dir / GRAPH_PAGE
    credit = "; ".join(s.attribution for s in config.sources)
    with progress.step(f"drawing {graph.number_of_nodes()} entities and {graph.number_of_edges()} statements"):
        page = render_page(graph, title, credit, args.color_by).encode("utf-8")
        if args.output:
            write_file_atomically(output, page)
        else:
            # The page inside build/ is part of the build: a new version of it, swapped in whole.
            replace_in_build(project.build_dir, GRAPH_PAGE, page)
    print(f"wrote {output}: {graph.number_of_nodes()} entities, {graph.number_of_edges()} statements")
    return EXIT_OK


def _entity_id(build, name: str) -> str:
    if name in build.catalogue:
        return name
    matches = [
        e.id for e in build.catalogue.values() if name.lower() in {e.label.lower(), *(a.lower() for a in e.aliases)}
    ]
    if len(matches) != 1:
        raise ValueError(f"{name!r} names {len(matches)} entities{': ' + ', '.join(matches) if matches else ''}")
    return matches[0]


def _push(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    build_dir = Path(args.build_dir) if args.build_dir else project.build_dir
    data = BuildLayout(build_dir).ntriples
    if not data.is_file():
        raise FileNotFoundError(f"no build in {build_dir}: run 'kgraph build' first")
    password = None
    if args.password_env:
        if args.password_env not in os.environ:
            raise ValueError(f"--password-env names {args.password_env}, which is not set")
        password = os.environ[args.password_env]
    graph = args.graph or read_dataset_config(project.dataset_file, args.base).base + "graph/all"
    store = Store(args.endpoint, args.update_endpoint, args.user, password)
    lines = [line for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    report = push(lines, store, graph, args.replace, args.chunk_size, progress=lambda m: progress.note(m))
    print(
        f"pushed {report.sent} triples in {report.chunks} chunk(s) to <{report.graph}> at {args.endpoint}; "
        f"the store now holds {report.held} triples in that graph"
    )
    return EXIT_OK


def _docs(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    output = Path(args.output) if args.output else project.build_dir / "ontology.html"
    with progress.step(f"documenting {project.ontology_file.name} with pyLODE"):
        page = ontology_html(project.ontology_file)
    if args.output or not project.build_dir.exists():
        write_file_atomically(output, page.encode("utf-8"))
    else:
        # A page inside build/ is part of the build: a new version of it, swapped in whole.
        replace_in_build(project.build_dir, output.name, page.encode("utf-8"))
    print(f"wrote {output}")
    return EXIT_OK


def _analyze(args: argparse.Namespace, project: Project, progress: Progress) -> int:
    from kgraph.analyze import arms_supply, blocs, bridges, central_parties
    from kgraph.network import statement_network

    build = _load_build(args, project, progress)
    graph = statement_network(build.catalogue, build.statements, build.ontology)
    sides = read_dataset_config(project.dataset_file, args.base).sides
    unknown = [i for ids in sides.values() for i in ids if i not in build.catalogue]
    if unknown:
        raise ValueError(f"data/dataset.yaml: sides name unknown entities: {', '.join(unknown)}")
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
    path = Path(args.article)
    if not path.is_file():
        raise ValueError(f"no article at {path}")
    config = read_dataset_config(project.dataset_file, args.base)
    ontology = Ontology.read(project.ontology_file)
    catalogue = read_catalogue(list(config.entity_files), ontology)
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


def _eval(args: argparse.Namespace, project: Project, progress: Progress) -> int:
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


def _coverage(args: argparse.Namespace, project: Project, progress: Progress) -> int:
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
