"""Independent RDF tools for the tests: Raptor's rapper, Apache Jena (RIOT and ARQ), rdflib and Oxigraph.

Debian's Jena 4.5 ships jars but no launch scripts, and its repackaged Xerces cannot find its message
bundles; a tiny jar that copies the bundles to where the classes look for them fixes that.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

JARS = Path("/usr/share/java")
JENA_JARS = [
    line.strip()
    for line in (Path(__file__).resolve().parent / "data" / "jena" / "classpath.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
RUNNER = Path(__file__).resolve().parent / "data" / "jena" / "RunQueries.java"


def require(tool: str) -> str:
    """The path of a tool the tests need; fail, naming the Debian package, when it is missing."""
    path = shutil.which(tool)
    if path is None:
        raise RuntimeError(f"{tool} is not installed: run scripts/test.sh, which installs it with apt-get")
    return path


@cache
def jena_classpath(workdir: Path) -> str:
    """The classpath for Jena's command classes, with the Xerces message-bundle fix."""
    require("java")
    missing = [j for j in JENA_JARS if not (JARS / f"{j}.jar").exists()]
    if missing:
        raise RuntimeError(f"Jena jars missing ({', '.join(missing)}): install libapache-jena-java")
    fix = workdir / "jena-xerces-msgfix.jar"
    prefix = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile(JARS / "jena-core.jar") as core, zipfile.ZipFile(fix, "w") as out:
        for name in core.namelist():
            if name.startswith(prefix + "impl/") and name.endswith(".properties"):
                out.writestr("xerces/" + name[len(prefix) :], core.read(name))
    return ":".join([*(str(JARS / f"{j}.jar") for j in JENA_JARS), str(fix)])


def canonical_ntriples(text: str | bytes, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> set[str]:
    """Triples as canonical N-Triples strings (graph names dropped), whatever escaping a tool used."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return {f"{q.subject} {q.predicate} {q.object} ." for q in ox.parse(data, format=fmt)}


def rapper(path: Path, syntax: str) -> set[str]:
    """Parse with Raptor; its N-Triples output, canonicalised."""
    result = subprocess.run(
        [require("rapper"), "-q", "-i", syntax, "-o", "ntriples", str(path)],
        capture_output=True,
        check=True,
        timeout=300,
    )
    return canonical_ntriples(result.stdout)


def riot(path: Path, workdir: Path) -> set[str]:
    """Parse with Jena RIOT; its N-Quads output, canonicalised."""
    # Debian's Jena 4.5 lacks a jakarta.json implementation for its JSON-LD 1.1 reader; its JSON-LD 1.0
    # reader (jsonld-java) works.
    syntax = ["--syntax=jsonld10"] if path.suffix == ".jsonld" else []
    result = subprocess.run(
        ["java", "-cp", jena_classpath(workdir), "riotcmd.riot", "--output=nquads", *syntax, str(path)],
        capture_output=True,
        check=True,
        timeout=300,
    )
    return canonical_ntriples(result.stdout, ox.RdfFormat.N_QUADS)


def arq_select_all(data: Path, queries: dict[str, str], workdir: Path, timeout: int = 60) -> dict[str, dict | str]:
    """Run every query with Jena ARQ in one JVM: name -> SPARQL JSON results, or the error as text."""
    classes = workdir / "classes"
    classes.mkdir(exist_ok=True)
    classpath = jena_classpath(workdir)
    subprocess.run([require("javac"), "-cp", classpath, "-d", str(classes), str(RUNNER)], check=True, timeout=300)
    folder = workdir / "arq"
    folder.mkdir(exist_ok=True)
    files = []
    for name, text in queries.items():
        path = folder / f"{name}.rq"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    subprocess.run(
        ["java", "-cp", f"{classes}:{classpath}", "RunQueries", str(data), str(folder), str(timeout), *files],
        check=True,
        timeout=timeout * len(files) + 300,
        capture_output=True,
    )
    results: dict[str, dict | str] = {}
    for name in queries:
        answer, error = folder / f"{name}.rq.json", folder / f"{name}.rq.error"
        results[name] = json.loads(answer.read_text("utf-8")) if answer.exists() else error.read_text("utf-8")
    return results


XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {f"{XSD}{t}" for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")}


def canonical_term(kind: str, value: str, datatype: str | None = None, language: str | None = None) -> str:
    """One result term in a form every engine agrees on: numbers by value, tags in lower case."""
    if kind == "uri":
        return f"<{value}>"
    if language:
        return f'"{value}"@{language.lower()}'
    datatype = datatype or f"{XSD}string"
    if datatype in NUMERIC:
        number = Decimal(value)
        return f"number:{number.normalize() if number != 0 else 0}"
    if datatype == f"{XSD}boolean":
        return f"boolean:{value in {'true', '1'}}"
    return f'"{value}"^^<{datatype}>'


def rows_from_json(result: dict) -> Counter:
    """A multiset of rows from SPARQL 1.1 JSON results."""
    if "boolean" in result:
        return Counter([("boolean", result["boolean"])])
    rows = Counter()
    for binding in result["results"]["bindings"]:
        rows[
            tuple(
                sorted(
                    (
                        name,
                        canonical_term(
                            "uri" if t["type"] == "uri" else t["type"], t["value"], t.get("datatype"), t.get("xml:lang")
                        ),
                    )
                    for name, t in binding.items()
                )
            )
        ] += 1
    return rows


def rows_from_oxigraph(solutions) -> Counter:
    names = [v.value for v in solutions.variables]
    rows = Counter()
    for solution in solutions:
        row = []
        for name in names:
            term = solution[name]
            if term is None:
                continue
            if isinstance(term, ox.NamedNode):
                row.append((name, canonical_term("uri", term.value)))
            else:
                row.append((name, canonical_term("literal", term.value, term.datatype.value, term.language)))
        rows[tuple(sorted(row))] += 1
    return rows


def rows_from_rdflib(result) -> Counter:
    rows = Counter()
    for solution in result:
        row = []
        for name in result.vars:
            term = solution[name]
            if term is None:
                continue
            if isinstance(term, URIRef):
                row.append((str(name), canonical_term("uri", str(term))))
            else:
                datatype = str(term.datatype) if term.datatype else None
                row.append((str(name), canonical_term("literal", str(term), datatype, term.language)))
        rows[tuple(sorted(row))] += 1
    return rows


def with_values(text: str, values: dict) -> str:
    """A parameterised query with its values opening the WHERE group as a VALUES block, for engines that
    cannot bind parameters (Jena's command line, a remote SPARQL endpoint)."""
    if not values:
        return text
    block = "VALUES (" + " ".join(f"?{k}" for k in values) + ") { (" + " ".join(v.n3() for v in values.values()) + ") }"
    head, where, body = text.partition("WHERE {")
    assert where, "every parameterised catalogue query has a WHERE group"
    return f"{head}{where}\n  {block}{body}"


VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


@contextmanager
def virtuoso(workdir: Path, data_dir: Path) -> Iterator[tuple[str, str]]:
    """A private Virtuoso 7 on loopback ports, its database in `workdir`, allowed to load from `data_dir`.
    Yields (isql address, SPARQL endpoint URL)."""
    require("virtuoso-t")
    isql_port, http_port = free_port(), free_port()
    ini = VIRTUOSO_INI.read_text(encoding="utf-8")
    ini = re.sub(r"/var/lib/virtuoso-opensource-7/db/", f"{workdir}/", ini)
    ini = re.sub(r"(?m)^ServerPort(\s*)=\s*1111\b.*$", f"ServerPort = 127.0.0.1:{isql_port}", ini)
    ini = re.sub(r"(?m)^ServerPort(\s*)=\s*8890\b.*$", f"ServerPort = 127.0.0.1:{http_port}", ini)
    ini = re.sub(r"(?m)^DirsAllowed\s*=\s*(.*)$", rf"DirsAllowed = \1, {data_dir}", ini)
    ini = re.sub(r"(?m)^ResultSetMaxRows\s*=.*$", "ResultSetMaxRows = 1000000", ini)
    config = workdir / "virtuoso.ini"
    config.write_text(ini, encoding="utf-8")
    process = subprocess.Popen(
        ["virtuoso-t", "+foreground", "+configfile", str(config)],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    address = f"127.0.0.1:{isql_port}"
    try:
        for _ in range(120):
            if isql(address, "status();", check=False).returncode == 0:
                break
            time.sleep(0.5)
        else:
            raise RuntimeError("Virtuoso did not start within 60 s")
        yield address, f"http://127.0.0.1:{http_port}/sparql"
    finally:
        isql(address, "shutdown;", check=False)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def isql(address: str, statement: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["isql-vt", address, "dba", "dba", f"exec={statement}"],
        capture_output=True,
        text=True,
        timeout=300,
        check=check,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
