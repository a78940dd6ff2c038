"""The values the assistant hands to its users: Citation, Answer, DocumentInfo."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

ABSTAIN = "The indexed documents do not say; I found nothing that answers this."


@dataclass
class Citation:
    """One footnote: the exact passage, or table row and column, that supports a claim."""

    n: int
    doc_id: str
    title: str
    publisher: str | None
    author: str | None
    date: str | None
    quote: str  # exactly the cleaned text at [start, end)
    start: int
    end: int
    table: str | None = None  # caption of the cited table
    row: str | None = None  # row label as printed
    column: str | None = None  # column header as printed, e.g. "March 31, 2025 · RMB"
    units: str | None = None  # e.g. "RMB thousands"
    score: float = 0.0
    page: int | None = None  # 1-based page of a PDF where the quote (or cited cell) is printed
    box: tuple[float, float, float, float] | None = None  # around it on that page: x0, top, x1, bottom in points
    removed: bool = False  # the cited document was deleted after this answer was given

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Answer:
    """A short answer whose every sentence carries [n] markers pointing at verified citations."""

    text: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    value: list[str] = field(default_factory=list)  # the short answer itself; empty when abstained
    scale: str = ""  # "", thousand, million, billion, percent
    answerer: str = "extractive"
    note: str = ""  # e.g. why a configured model was not used
    dropped: list[str] = field(default_factory=list)  # sentences verification removed
    question: str = ""
    seconds: float = 0.0
    final: bool = True  # False for streaming snapshots before verification

    @classmethod
    def abstention(cls, question: str, answerer: str = "extractive", note: str = "",
                   dropped: list[str] | None = None) -> "Answer":
        """The answer that says the documents do not answer the question."""
        return cls(ABSTAIN, True, question=question, answerer=answerer, note=note, dropped=list(dropped or []))

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "value": list(self.value),
            "scale": self.scale,
            "answerer": self.answerer,
            "note": self.note,
            "dropped": list(self.dropped),
            "question": self.question,
            "seconds": round(self.seconds, 4),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Answer":
        """The Answer that `to_dict` gave `d` (a web client sends it back as conversation history)."""
        fields = {k: d[k] for k in ("text", "abstained", "value", "scale", "answerer", "note", "dropped", "question",
                                    "seconds") if k in d}
        known = Citation.__dataclass_fields__
        return cls(**fields, citations=[Citation(**{k: v for k, v in c.items() if k in known})
                                        for c in d.get("citations", [])])


@dataclass
class DocumentInfo:
    """What the document library shows of one indexed document."""

    doc_id: str
    title: str
    publisher: str | None
    author: str | None
    date: str | None
    kind: str
    source: str
    chunks: int
    tables: int
    parent: str | None = None
    instructions: list[str] = field(default_factory=list)  # sentences suspected of instructing an assistant
    edited: list[str] = field(default_factory=list)  # of title, publisher, date: those set by hand (Assistant.edit)

    def to_dict(self) -> dict:
        return asdict(self)
