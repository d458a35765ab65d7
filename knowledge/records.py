"""Decision records: parse Nygard/MADR structure and cut records into citable section chunks.

Why structure and not blobs: a precedent must be cited as "ADR-0021 Use Auth0, Consequences:
...", and a superseded decision must never look current. So title, status (with "Superseded
by ..."), date, deciders and named sections are parsed, and every chunk carries them.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from markdown_it import MarkdownIt
from pydantic import BaseModel, Field

from knowledge.readers import RecordError, read_record_text
from knowledge.sections import canonical_section, normalise_status

MAX_CHUNK_CHARS = 1500
WHOLE_CHARS = 1500
"""A record's whole passage (title, context, decision) is cut here: e5-small reads ~512 tokens."""
_WHOLE_SECTIONS = ("summary", "body", "context", "decision")
_md = MarkdownIt("commonmark")
_NUMBERED_STEM = re.compile(r"^(?:adr|dr|ad)?[-_ ]?(\d{1,5})(?=\D|$)", re.IGNORECASE)
_TITLE_NUMBER = re.compile(r"^(?:(?:adr|dr)[-\s]?)?\d+\s*[.:)]\s*|^(?:adr|dr)[-\s]?\d+\s+[-–:]\s*", re.I)
_META_LINE = re.compile(
    r"^\s*[-*]?\s*(?:\*\*|__)?(status|date|deciders|decision[- ]makers|datum|besluitvormers)"
    r"(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.+?)\s*$",
    re.IGNORECASE,
)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_URL = re.compile(r"https?://\S+")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_NO_SPACE_TITLE = re.compile(r"\A\s*(#{1,6})(\w)")  # "#25. Title" is meant as a heading


class Section(BaseModel):
    """One top-level part of a record: `name` is canonical ("consequences"), `heading` as written."""

    name: str
    heading: str
    text: str


class Chunk(BaseModel):
    """The unit that is embedded, stored and returned as a quote.

    `kind` "section" is one part of a record (cited as "Consequences: ..."); "whole" is the record
    read as one passage (title, context, decision), which is what a proposal is usually about.
    """

    index: int
    kind: str = "section"
    section: str
    heading: str
    text: str
    embed_text: str


class DecisionRecord(BaseModel):
    decision_id: str
    title: str
    status: str = "unknown"
    status_text: str | None = None
    superseded_by: str | None = None
    date: str | None = None
    deciders: list[str] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    source: str
    content_hash: str

    @property
    def status_label(self) -> str:
        """Status as shown in results, e.g. "superseded by ADR015" (first word is the status)."""
        if self.status == "superseded" and self.superseded_by:
            return f"superseded by {self.superseded_by}"
        return self.status

    def section(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)

    def chunks(self, max_chars: int = MAX_CHUNK_CHARS) -> list[Chunk]:
        """Section chunks; long sections split at paragraph boundaries so each fits e5's window."""
        out: list[Chunk] = []
        for sec in self.sections:
            if sec.name in {"status", "date"}:
                continue
            for piece in _split(sec.text, max_chars):
                embed = f"{self.title}\n{sec.heading}\n{clean_for_embedding(piece)}"
                out.append(Chunk(index=len(out), section=sec.name, heading=sec.heading, text=piece, embed_text=embed))
        whole = self.whole_text()
        if whole:
            out.append(Chunk(index=len(out), kind="whole", section="record", heading="", text=whole, embed_text=whole))
        return out

    def whole_text(self, max_chars: int = WHOLE_CHARS) -> str:
        """Title, context and decision as one passage (other sections if a record has neither)."""
        parts = [s for s in self.sections if s.name in _WHOLE_SECTIONS]
        if not parts:
            parts = [s for s in self.sections if s.name not in {"status", "date"}][:2]
        body = "\n\n".join(clean_for_embedding(s.text) for s in parts if s.text.strip())
        if not body:
            return ""
        text = f"{self.title}\n\n{body}"
        if len(text) <= max_chars:
            return text
        cut = text.rfind(" ", 0, max_chars)
        return text[: cut if cut > max_chars // 2 else max_chars].rstrip()


def decision_id_for(path: Path, meta: dict[str, Any] | None = None) -> str:
    """ "ADR-0021" from a numbered file name (or an `id` in front matter), else a slug of the name."""
    if meta and meta.get("id"):
        return str(meta["id"]).strip()
    match = _NUMBERED_STEM.match(path.stem)
    if match:
        return f"ADR-{match.group(1)}"
    return slugify(path.stem) or "record"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def load_record(path: Path, decision_id: str | None = None) -> DecisionRecord:
    """Read and parse one file; raises RecordError (file name + reason) on any problem."""
    return parse_record(read_record_text(path), path, decision_id)


def parse_record(text: str, path: Path, decision_id: str | None = None) -> DecisionRecord:
    meta, body = _split_front_matter(text, path)
    title, sections, preamble = _structure(body)
    inline = _inline_meta(preamble)
    status_text = _status_text(meta, sections, inline)
    status, superseded_by = normalise_status(status_text)
    sections = [s for s in sections if s.text.strip()]
    if not sections and preamble.strip():  # no headings at all: the whole text is one section
        sections = [Section(name="body", heading="", text=preamble)]
    elif _has_prose(preamble):  # text between title and first heading is kept, not dropped
        sections.insert(0, Section(name="summary", heading="Summary", text=preamble))
    if not any(s.name not in {"status", "date"} for s in sections):
        raise RecordError(path, "no decision text found (only a title or metadata)")
    return DecisionRecord(
        decision_id=decision_id or decision_id_for(path, meta),
        title=_clean_title(str(meta.get("title") or title or path.stem)),
        status=status,
        status_text=status_text,
        superseded_by=superseded_by or _str_or_none(meta.get("superseded-by") or meta.get("superseded_by")),
        date=_date_text(meta.get("date")) or inline.get("date") or _first_line(sections, "date"),
        deciders=_deciders(meta.get("deciders") or meta.get("decision-makers") or inline.get("deciders")),
        sections=sections,
        source=str(path),
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def clean_for_embedding(text: str) -> str:
    """Drop URLs, link targets and comments: they cost embedding time and carry no meaning."""
    text = _COMMENT.sub("", text)
    text = _REF_DEF.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _URL.sub("", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        raise RecordError(path, f"invalid YAML front matter ({str(exc).splitlines()[0]})") from exc
    meta = post.metadata if isinstance(post.metadata, dict) else {}
    return {str(k).lower(): v for k, v in meta.items()}, post.content


def _structure(body: str) -> tuple[str | None, list[Section], str]:
    """Title, top-level sections and the preamble text between title and first section."""
    body = _NO_SPACE_TITLE.sub(r"\1 \2", _COMMENT.sub("", body).lstrip("\n"), count=1)
    lines = body.split("\n")  # not splitlines(): markdown-it counts only "\n" as a line break
    tokens = _md.parse(body)
    heads = [
        (int(t.tag[1]), t.map[0], t.map[1], _md_inline(tokens, i))
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.map
    ]
    title = None
    if heads and (heads[0][0] == 1 or not any(h[0] == 1 for h in heads)):
        title = heads[0][3]
        title_end = heads[0][2]
        heads = heads[1:]
    else:
        first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
        title_end = 0 if first is None else first + 1
        title = lines[first].strip() if first is not None and (not heads or heads[0][1] > first) else None
    if not heads:
        return title, [], "\n".join(lines[title_end:]).strip()
    top = min(h[0] for h in heads)
    cuts = [h for h in heads if h[0] == top or canonical_section(h[3]) in {"consequences", "options"}]
    preamble = "\n".join(lines[title_end : cuts[0][1]]).strip()
    sections = []
    for n, (_, _start, end, heading) in enumerate(cuts):
        stop = cuts[n + 1][1] if n + 1 < len(cuts) else len(lines)
        name = canonical_section(heading) or heading.strip().lower()
        sections.append(Section(name=name, heading=heading.strip(), text="\n".join(lines[end:stop]).strip()))
    return title, sections, preamble


def _md_inline(tokens: list[Any], open_index: int) -> str:
    return str(tokens[open_index + 1].content) if open_index + 1 < len(tokens) else ""


def _inline_meta(preamble: str) -> dict[str, str]:
    found: dict[str, str] = {}
    keys = {"datum": "date", "besluitvormers": "deciders", "decision-makers": "deciders", "decision makers": "deciders"}
    for line in preamble.splitlines():
        match = _META_LINE.match(line)
        if match:
            key = keys.get(match.group(1).lower(), match.group(1).lower())
            found.setdefault(key, match.group(2).strip("*_ "))
    return found


def _status_text(meta: dict[str, Any], sections: list[Section], inline: dict[str, str]) -> str | None:
    if meta.get("status"):
        return str(meta["status"]).strip()
    line = _first_line(sections, "status")
    if line:
        return line
    return inline.get("status")


def _first_line(sections: list[Section], name: str) -> str | None:
    for sec in sections:
        if sec.name == name:
            for line in sec.text.splitlines():
                cleaned = line.strip().lstrip(">*-` ").strip("`*_ ")
                if cleaned:
                    return cleaned
    return None


def _has_prose(preamble: str) -> bool:
    rest = [ln for ln in preamble.splitlines() if ln.strip() and not _META_LINE.match(ln)]
    return len(" ".join(rest)) > 40


def _clean_title(title: str) -> str:
    title = title.strip().strip("#").strip()
    cleaned = _TITLE_NUMBER.sub("", title).strip()
    return cleaned or title


def _date_text(value: Any) -> str | None:
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return _str_or_none(value)


def _str_or_none(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def _deciders(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in re.split(r",(?![^()]*\))|;", str(value)) if part.strip()]


def _split(text: str, max_chars: int) -> list[str]:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    pieces: list[str] = []
    current = ""
    for para in paragraphs:
        while len(para) > max_chars:
            cut = para.rfind(" ", 0, max_chars)
            cut = cut if cut > max_chars // 2 else max_chars
            if current:
                pieces.append(current)
                current = ""
            pieces.append(para[:cut].strip())
            para = para[cut:].strip()
        if current and len(current) + len(para) + 2 > max_chars:
            pieces.append(current)
            current = para
        else:
            current = f"{current}\n\n{para}" if current else para
    if current:
        pieces.append(current)
    return pieces
