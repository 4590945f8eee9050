"""The drafts of a project awaiting review: listed for `kgraph review`, found by id for `accept` and `reject`."""

from __future__ import annotations

from dataclasses import dataclass

from kgraph.catalogue import Entity, read_catalogue
from kgraph.curation.review_file import Decision
from kgraph.errors import UsageError
from kgraph.extraction.drafting import UnreviewedDrafts, draft_all
from kgraph.extraction.review import Reviewed, decisions_of, entities_used, review_drafts
from kgraph.project import DatasetConfig, Project, read_dataset_config
from kgraph.source import read_document
from kgraph.statements import Statement


@dataclass(frozen=True)
class Pending:
    """The project's drafts, the decisions taken on them, and what is left to decide."""

    config: DatasetConfig
    catalogue: dict[str, Entity]
    drafts: UnreviewedDrafts
    decisions: dict[str, Decision]
    reviewed: Reviewed

    def find(self, ids: list[str], accepting: bool = False) -> list[Statement]:
        """The drafts with these ids, in the order given; an unknown or already decided id is a UsageError (but
        one accepted by hand and not yet written may be accepted: that writes it)."""
        by_id = {s.id: s for s in self.drafts.statements}
        unknown = [i for i in ids if i not in by_id]
        if unknown:
            raise UsageError(f"no draft with id {', '.join(unknown)}; 'kgraph review' lists them")
        unwritten = {s.id for s in self.reviewed.unwritten} if accepting else set()
        decided = [f"{i} ({self.decisions[i].decision})" for i in ids if i in self.decisions and i not in unwritten]
        if decided:
            where = self.config.review_file
            raise UsageError(f"already decided: {', '.join(decided)}; change the decision in {where} by hand")
        return [by_id[i] for i in dict.fromkeys(ids)]

    def label(self, entity_id: str) -> str:
        entity = self.catalogue.get(entity_id) or self.drafts.proposed.get(entity_id)
        return entity.label if entity else entity_id


def load_pending(project: Project, base: str | None, sources: list[str] | None = None) -> Pending:
    """Draft the sources marked `extract: true` and those named, and apply the review file."""
    project.check()
    config = read_dataset_config(project.dataset_file, base)
    known = {s.id: s for s in config.sources}
    for name in sources or []:
        if name not in known:
            raise UsageError(f"no source {name!r} in {project.dataset_file}; use one of {', '.join(known)}")
    drafted = [s.id for s in config.sources if s.extract or s.id in (sources or [])]
    if not drafted:
        raise UsageError(f"no source is drafted: give one 'extract: true' in {project.dataset_file}, or use --source")
    ontology = project.read_ontology()
    catalogue = read_catalogue(list(config.entity_files), ontology)
    documents = {i: read_document(known[i].path) for i in drafted}
    drafts = draft_all(documents, drafted, catalogue, ontology)
    decisions = decisions_of(config.review_file)
    reviewed = review_drafts(drafts.statements, list(drafts.proposed.values()), decisions, drafted)
    return Pending(config, catalogue, drafts, decisions, reviewed)


def listing(pending: Pending, source: list[str] | None = None, min_confidence: float = 0.0) -> str:
    """The undecided drafts, each with its confidence, its reading, its sentence and the entities it would create
    (and the catalogue entities each may be)."""
    blocks = []
    unwritten = {s.id for s in pending.reviewed.unwritten}
    for s in pending.reviewed.statements:
        if source and s.evidence.source_id not in source:
            continue
        if (s.confidence or 0.0) < min_confidence:
            continue
        reading = f"{pending.label(s.subject)} {s.relation} {pending.label(s.object)}"
        if s.on_behalf_of:
            reading += f" (for {pending.label(s.on_behalf_of)})"
        lines = [f"{s.id}  confidence {s.confidence:.2f}  {s.status}", f"  {reading}", f'  "{s.evidence.quote}"']
        if s.id in unwritten:
            lines.append("  accepted in the review file; 'kgraph accept' writes it into the curated YAML")
        for entity_id in sorted(entities_used([s])):
            entity = pending.drafts.proposed.get(entity_id)
            if entity is None:
                continue
            maybe = pending.drafts.possible_matches.get(entity_id, ())
            note = f"; may be {', '.join(f'kgr:{m}' for m in maybe)}: check before accepting" if maybe else ""
            lines.append(f"  creates {entity_id} ({'/'.join(entity.types)}, {entity.label!r}){note}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
