"""Articles and the readers that turn files and streams into them.

Supported inputs: the seed format (a first line ``date YYYY-MM-DD`` then the
text), plain ``.txt`` (date from the caller, else from a ``YYYY-MM-DD`` in the
file name), JSONL and CSV with ``text``, ``date`` and optional ``title``,
``url``, ``source``, ``id``, HTML, directories, globs and stdin.

Readers yield ``Article`` objects or ``ReadError`` objects: in a batch a bad
item is reported and the rest go through.
"""

from __future__ import annotations

import csv
import datetime as dt
import glob
import hashlib
import html
import io
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .errors import BadArticle, BadDate, BadInput

MAX_CHARS = 500_000  # spaCy's parser memory grows with length; longer inputs are refused
MAX_FILE_BYTES = 10_000_000  # a single-article file bigger than this is not an article

_SEED_HEADER = re.compile(r"^\s*date\s+(\S+)\s*", re.IGNORECASE)
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


@dataclass
class Article:
    text: str
    date: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    id: str | None = None
    origin: str | None = None  # file (and line) it was read from
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self):
        if self.date is not None:
            self.date = normalize_date(self.date)
        if not self.id:
            self.id = article_id(self.text, self.url)


@dataclass
class ReadError:
    """An input item that could not be read; reported, never fatal in a batch."""

    origin: str
    message: str


def normalize_date(value) -> str | None:
    """Return ISO YYYY-MM-DD, or raise BadDate."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$", text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    if not match:
        raise BadDate(f"date {text!r} is not YYYY-MM-DD")
    try:
        return dt.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        raise BadDate(f"date {text!r} is not a real calendar date") from None


def normalize_text(text: str) -> str:
    """Whitespace- and Unicode-normalized text: what the article id is computed from."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def article_id(text: str, url: str | None = None) -> str:
    """Stable id: the same text (and url) always gives the same id."""
    key = normalize_text(text)
    if url:
        key = url.strip() + "\n" + key
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


_COMMON_ENGLISH = frozenset(
    "the of and to in a is that for on was with said by as at from it his he she be are were has have an "
    "after over this their they who will would not but its after killed people police".split()
)
# frequent function words of other languages written in Latin script (none of them English words)
_COMMON_FOREIGN = frozenset(
    "der die das und ist nicht mit für auf ein eine dem den des sich hat sind wird "  # German
    "le la les et est une dans pour pas qui sur avec du au aux ces sont "  # French
    "el los las y es del por con una para como pero sus fue "  # Spanish
    "il di che non della per gli sono nel alla "  # Italian
    "o os e não com uma para são pelo "  # Portuguese
    "het een van en niet met zijn voor "  # Dutch
    "ve bir bu ile için olarak".split()  # Turkish
)


def check_text(text: str) -> str:
    """Raise BadArticle for text the pipeline cannot sensibly process."""
    if text is None or not text.strip():
        raise BadArticle("article is empty")
    if "\x00" in text:
        raise BadArticle("article looks binary (contains NUL bytes)")
    if len(text) > MAX_CHARS:
        raise BadArticle(f"article is too large ({len(text):,} characters; the limit is {MAX_CHARS:,})")
    controls = sum(1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 20000):
        raise BadArticle("article looks binary (many control characters)")
    sample = text[:20000]
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) >= 40 and sum(1 for ch in letters if ord(ch) > 0x24F) > 0.5 * len(letters):
        raise BadArticle("article does not look like English text (mostly non-Latin script)")
    words = re.findall(r"[^\W\d_]+", sample.lower())
    english = sum(1 for w in words if w in _COMMON_ENGLISH)
    foreign = sum(1 for w in words if w in _COMMON_FOREIGN)
    # only a clear case is refused: short headlines and lists of names carry few function words
    if foreign >= 4 and foreign > 2 * english:
        raise BadArticle("article does not look like English text")
    return text


# ---------------------------------------------------------------- readers


def parse_seed(raw: str) -> tuple[str | None, str]:
    """Split the seed format ``date YYYY-MM-DD`` + text; returns (date, text)."""
    match = _SEED_HEADER.match(raw)
    if not match:
        return None, raw
    return normalize_date(match.group(1)), raw[match.end():]


def html_to_text(raw: str) -> tuple[str | None, str]:
    """Strip tags from an HTML page; returns (title, text) with paragraph breaks kept."""
    title_match = re.search(r"<title[^>]*>(.*?)</title>", raw, re.IGNORECASE | re.DOTALL)
    title = html.unescape(" ".join(title_match.group(1).split())) if title_match else None
    body = re.sub(r"(?is)<(script|style|noscript|head)\b.*?(</\1>|$)", " ", raw)
    body = re.sub(r"(?i)<\s*(br|/p|/div|/h\d|/li|/tr|p|div|h\d|li)\b[^>]*>", "\n\n", body)
    body = re.sub(r"<[^>]*>?", " ", body)
    body = html.unescape(body)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body)]
    return title, "\n\n".join(p for p in paragraphs if p)


def decode_bytes(data: bytes, origin: str) -> str:
    if b"\x00" in data[:8192]:
        raise BadArticle(f"{origin}: file is binary")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadArticle(f"{origin}: file is not text in UTF-8 or Windows-1252")


def _record_to_article(row: dict, origin: str, default_date: str | None) -> Article:
    if not isinstance(row, dict):
        raise BadInput(f"{origin}: expected an object with a 'text' field")
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadArticle(f"{origin}: missing or empty 'text'")
    date = row.get("date") or default_date
    return Article(
        text=text,
        date=date,
        title=row.get("title") or None,
        url=row.get("url") or None,
        source=row.get("source") or None,
        id=str(row["id"]) if row.get("id") not in (None, "") else None,
        origin=origin,
    )


def read_jsonl(stream: Iterable[str], origin: str, date: str | None = None) -> Iterator[Article | ReadError]:
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            row = json.loads(line)
            yield _record_to_article(row, where, date)
        except json.JSONDecodeError as exc:
            yield ReadError(where, f"broken JSON line ({exc.msg})")
        except (BadArticle, BadInput, BadDate) as exc:
            yield ReadError(where, exc.message)


def read_csv(stream: Iterable[str], origin: str, date: str | None = None) -> Iterator[Article | ReadError]:
    csv.field_size_limit(MAX_FILE_BYTES)
    try:
        reader = csv.DictReader(stream)
        if not reader.fieldnames or "text" not in reader.fieldnames:
            yield ReadError(origin, "CSV has no 'text' column")
            return
        for number, row in enumerate(reader, 2):
            where = f"{origin}:{number}"
            try:
                yield _record_to_article(row, where, date)
            except (BadArticle, BadInput, BadDate) as exc:
                yield ReadError(where, exc.message)
    except csv.Error as exc:
        yield ReadError(origin, f"broken CSV ({exc})")


def date_from_name(name: str) -> str | None:
    match = _DATE_IN_NAME.search(name)
    if not match:
        return None
    try:
        return normalize_date(match.group(1))
    except BadDate:
        return None


def read_text(raw: str, origin: str, date: str | None = None, name: str = "") -> Article:
    """A single article from a text (seed format or plain)."""
    seed_date, text = parse_seed(raw)
    warnings = []
    chosen = date or seed_date or date_from_name(name)
    if chosen is None:
        warnings.append("article date unknown: give --date or put YYYY-MM-DD in the file name")
    return Article(text=text, date=chosen, origin=origin, warnings=warnings)


def read_path(path: Path, date: str | None = None) -> Iterator[Article | ReadError]:
    """Articles from one file, by its extension."""
    origin = str(path)
    try:
        size = path.stat().st_size
        suffix = path.suffix.lower()
        if suffix == ".jsonl" or suffix == ".ndjson":
            with path.open("r", encoding="utf-8", errors="replace") as stream:
                yield from read_jsonl(stream, origin, date)
            return
        if suffix == ".csv":
            with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as stream:
                yield from read_csv(stream, origin, date)
            return
        if size > MAX_FILE_BYTES:
            yield ReadError(origin, f"file is too large for one article ({size:,} bytes)")
            return
        raw = decode_bytes(path.read_bytes(), origin)
        if suffix == ".json":
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                yield ReadError(origin, f"broken JSON ({exc.msg})")
                return
            rows = data if isinstance(data, list) else [data]
            for number, row in enumerate(rows):
                try:
                    yield _record_to_article(row, f"{origin}[{number}]", date)
                except (BadArticle, BadInput, BadDate) as exc:
                    yield ReadError(f"{origin}[{number}]", exc.message)
            return
        if suffix in (".html", ".htm"):
            title, text = html_to_text(raw)
            article = read_text(text, origin, date, path.name)
            article.title = title
            yield article
            return
        yield read_text(raw, origin, date, path.name)
    except (BadArticle, BadInput, BadDate) as exc:
        yield ReadError(origin, exc.message)
    except OSError as exc:
        yield ReadError(origin, f"cannot read file ({exc.strerror or exc})")


READABLE_SUFFIXES = (".txt", ".jsonl", ".ndjson", ".csv", ".json", ".html", ".htm", "")


def expand_paths(specs: Iterable[str]) -> Iterator[Path | ReadError]:
    """Files named by paths, directories (recursive) and globs, in a stable order."""
    for spec in specs:
        if spec == "-":
            yield Path("-")
            continue
        path = Path(spec)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in READABLE_SUFFIXES and not child.name.startswith("."):
                    yield child
        elif path.exists():
            yield path
        else:
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                yield ReadError(spec, "no such file, directory or glob match")
            for match in matches:
                if Path(match).is_file():
                    yield Path(match)


def read_stdin(date: str | None = None, stream=None) -> Iterator[Article | ReadError]:
    stream = stream or sys.stdin
    raw = stream.read()
    stripped = raw.lstrip()
    if stripped.startswith("{"):
        yield from read_jsonl(io.StringIO(raw), "<stdin>", date)
    else:
        try:
            yield read_text(raw, "<stdin>", date)
        except (BadArticle, BadDate) as exc:
            yield ReadError("<stdin>", exc.message)


def read_articles(specs: Iterable[str], date: str | None = None) -> Iterator[Article | ReadError]:
    """Everything the CLI's PATH arguments name, as Articles or ReadErrors."""
    date = normalize_date(date) if date else None
    for item in expand_paths(specs):
        if isinstance(item, ReadError):
            yield item
        elif str(item) == "-":
            yield from read_stdin(date)
        else:
            yield from read_path(item, date)
