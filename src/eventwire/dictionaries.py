"""Actor dictionaries: our own lexicon files and user dictionaries in PETRARCH/TABARI format.

An ``ActorLexicon`` holds two kinds of entries:

- actors: phrases that name someone ("Hamas", "the White House", "Barack Obama",
  "Israeli", "Washington"), each with a CAMEO-style code, possibly date-restricted;
- agents / roles: words that give a role ("minister" -> GOV, "militants" -> REB),
  combined with a country found beside them ("Israeli minister" -> ISRGOV).

Built-in data lives in ``eventwire/ontology/`` (countries.csv, actor_orgs.csv,
actor_roles.csv, actor_places.csv). TABARI files are loaded with
``load_tabari``; their entries take precedence over the built-in ones.
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import BadDictionary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DatedCode:
    code: str
    start: str | None = None  # ISO date the code starts to apply, inclusive
    end: str | None = None  # ISO date it stops applying, inclusive


@dataclass
class ActorEntry:
    """A named actor: the phrases that name it and its code(s)."""

    name: str
    phrases: list[str]
    codes: list[DatedCode]
    kind: str = "organization"  # person | organization | country | group | place
    country: str | None = None
    sector: str | None = None
    metonym: bool = False  # a place name standing for a government ("Washington")
    demonym: bool = False  # "Israeli", "Palestinians"
    origin: str = "builtin"

    def code_on(self, date: str | None) -> str | None:
        """The code in force on ``date`` (ISO); undated codes apply when no dated one does."""
        dated = [c for c in self.codes if c.start or c.end]
        if date:
            for c in dated:
                if (c.start is None or c.start <= date) and (c.end is None or date <= c.end):
                    return c.code
        undated = [c for c in self.codes if not (c.start or c.end)]
        if undated:
            return undated[0].code
        if dated:  # no date known: the most recent range
            return sorted(dated, key=lambda c: c.end or "9999")[-1].code
        return None


@dataclass(frozen=True)
class Role:
    """A role word: its sector code, and whether it names the head of a body."""

    term: str
    sector: str | None
    leader: bool = False
    applies_to: str = "person"  # person (a title) | group (a collective noun)
    suffix: bool = True  # True: appended to a country code (TABARI "~GOV")


@dataclass
class ActorLexicon:
    actors: list[ActorEntry] = field(default_factory=list)
    roles: dict[str, Role] = field(default_factory=dict)
    countries: dict[str, dict] = field(default_factory=dict)  # ISO3/CAMEO -> row

    @classmethod
    def builtin(cls) -> "ActorLexicon":
        return _builtin_lexicon().copy()

    def copy(self) -> "ActorLexicon":
        return ActorLexicon(list(self.actors), dict(self.roles), dict(self.countries))

    def add_tabari(self, path: str | Path) -> int:
        """Load a TABARI actors or agents file; returns the number of entries read."""
        actors, roles = load_tabari(path)
        for actor in actors:  # entries coded with a bare three-letter code are countries (or country-like)
            if all(len(c.code) == 3 and c.code.isalpha() for c in actor.codes):
                for c in actor.codes:  # a country our table lacks (a user's own, or a fictional one)
                    self.countries.setdefault(c.code, {"iso3": c.code, "cameo": c.code, "name": actor.name,
                                                       "demonyms": "", "aliases": "", "metonyms": ""})
                actor.kind = "country"
                actor.country = self.countries[actor.codes[0].code]["iso3"]
        # user entries go first so that they win over built-ins on the same phrase
        self.actors = actors + self.actors
        self.roles.update({role.term: role for role in roles})
        log.info("loaded %d actors and %d agents from %s", len(actors), len(roles), path)
        return len(actors) + len(roles)

    def country_of_code(self, code: str | None) -> str | None:
        """The ISO3 country a CAMEO actor code starts with, if any."""
        if code and len(code) >= 3 and code[:3] in self.countries:
            return self.countries[code[:3]]["iso3"]
        return None


# ------------------------------------------------------------------ built-in data


def _data_file(name: str) -> str:
    return resources.files("eventwire.ontology").joinpath(name).read_text(encoding="utf-8")


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


@functools.lru_cache(maxsize=1)
def _builtin_lexicon() -> ActorLexicon:
    lexicon = ActorLexicon()
    # named bodies first: on a phrase both list ("the White House"), the specific body wins
    for row in csv.DictReader(io.StringIO(_data_file("actor_orgs.csv"))):
        lexicon.actors.append(
            ActorEntry(row["name"], [row["name"], *_split(row["aliases"])], [DatedCode(row["code"])],
                       kind=row["kind"] or "organization", country=row["country"] or None, sector=row["sector"] or None)
        )
    for row in csv.DictReader(io.StringIO(_data_file("countries.csv"))):
        code = row["cameo"] or row["iso3"]
        lexicon.countries[code] = row
        lexicon.countries.setdefault(row["iso3"], row)
        names = [row["name"], *_split(row["aliases"])]
        lexicon.actors.append(
            ActorEntry(row["name"], names, [DatedCode(code)], kind="country", country=row["iso3"])
        )
        demonyms = _split(row["demonyms"])
        if demonyms:
            lexicon.actors.append(
                ActorEntry(row["name"], demonyms, [DatedCode(code)], kind="country", country=row["iso3"], demonym=True)
            )
        metonyms = [m for m in _split(row["metonyms"]) if m.lower() not in {n.lower() for n in names}]
        if metonyms:
            lexicon.actors.append(
                ActorEntry(f"{row['name']} government", metonyms, [DatedCode(code + "GOV")], kind="organization",
                           country=row["iso3"], sector="GOV", metonym=True)
            )
    for row in csv.DictReader(io.StringIO(_data_file("actor_places.csv"))):
        country = row["country"]
        code = lexicon.countries[country]["cameo"] if country in lexicon.countries else country
        lexicon.actors.append(
            ActorEntry(row["name"], [row["name"], *_split(row["aliases"])], [DatedCode(code)], kind="country",
                       country=country)
        )
    for row in csv.DictReader(io.StringIO(_data_file("actor_roles.csv"))):
        lexicon.roles[row["term"]] = Role(row["term"], row["sector"] or None, row["leader"] == "1", row["applies_to"])
    return lexicon


# ------------------------------------------------------------------ TABARI format

_COMMENT_BLOCK = re.compile(r"<!--.*?-->", re.DOTALL)
_CODE = re.compile(r"\[([^\]]*)\]")
_MACRO = re.compile(r"^(![A-Z0-9_]+!)\s*=\s*(.+)$")


def _phrase(raw: str) -> str:
    """TABARI phrase -> words: underscores join words, a trailing underscore marks a word end."""
    return " ".join(raw.replace("_", " ").split())


def _tabari_date(value: str) -> str | None:
    value = value.strip()
    if re.fullmatch(r"\d{8}", value):
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    if re.fullmatch(r"\d{6}", value):  # yymmdd
        year = int(value[:2])
        century = "19" if year >= 40 else "20"
        return f"{century}{value[:2]}-{value[2:4]}-{value[4:]}"
    return None


def _parse_code(body: str) -> DatedCode | None:
    parts = body.split()
    if not parts or parts[0].startswith("---"):
        return None
    code, restriction = parts[0], "".join(parts[1:])
    if not restriction:
        return DatedCode(code)
    if restriction.startswith(">"):
        return DatedCode(code, start=_tabari_date(restriction[1:]))
    if restriction.startswith("<"):
        return DatedCode(code, end=_tabari_date(restriction[1:]))
    if "-" in restriction:
        start, _, end = restriction.partition("-")
        return DatedCode(code, start=_tabari_date(start), end=_tabari_date(end))
    return DatedCode(code)


def _expand_macros(term: str, macros: dict[str, list[str]]) -> list[str]:
    match = re.search(r"![A-Z0-9_]+!", term)
    if not match or match.group(0) not in macros:
        return [term.replace("!", "")] if match else [term]
    out = []
    for value in macros[match.group(0)]:
        out += _expand_macros(term[:match.start()] + value + term[match.end():], macros)
    return out


def load_tabari(path: str | Path) -> tuple[list[ActorEntry], list[Role]]:
    """Parse a TABARI/PETRARCH ``.actors`` or ``.agents`` file.

    Actors: ``NAME [CODE]`` or ``NAME`` then ``+SYNONYM`` lines and indented
    ``[CODE yymmdd-yymmdd]`` lines. Agents: ``TERM {PLURALS} [~CODE]``, with
    ``!MACRO! = A, B`` substitutions.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise BadDictionary(f"cannot read actor dictionary {path}: {exc.strerror or exc}") from None
    text = _COMMENT_BLOCK.sub("\n", text)
    actors: list[ActorEntry] = []
    roles: list[Role] = []
    macros: dict[str, list[str]] = {}
    current: ActorEntry | None = None
    origin = path.name
    parsed_lines = 0
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        stripped = line.strip()
        macro = _MACRO.match(stripped)
        if macro:
            macros[macro.group(1)] = [_phrase(v) for v in macro.group(2).split(",") if v.strip()]
            continue
        codes_raw = _CODE.findall(stripped)
        head = _CODE.sub(" ", stripped)
        plurals: list[str] = []
        brace = re.search(r"\{([^}]*)\}", head)
        if brace:
            plurals = [_phrase(p) for p in brace.group(1).split(",") if p.strip()]
            head = head[:brace.start()] + head[brace.end():]
        head = head.strip()
        parsed_lines += 1
        if codes_raw and "~" in codes_raw[0]:  # an agent: "~GOV" appends, "IGO~" prefixes
            body = codes_raw[0].strip().split()[0]
            suffix = body.startswith("~")
            sector = body.strip("~") or None
            for term in _expand_macros(head, macros):
                term = _phrase(term).lower()
                if not term:
                    continue
                forms = {term, *[p.lower() for p in plurals]}
                if not brace:  # TABARI forms regular plurals itself
                    forms.add(term + ("es" if term.endswith(("s", "sh", "ch", "x")) else "s"))
                for form in forms:
                    roles.append(Role(form, sector, leader=False, applies_to="any", suffix=suffix))
            current = None
            continue
        if stripped.startswith("+"):
            if current is None:
                log.debug("%s:%d synonym without an actor", origin, number)
                continue
            current.phrases.append(_phrase(head.lstrip("+")))
        elif line[:1] in (" ", "\t") and not head:
            pass  # an indented code line for the current actor
        elif head:
            if head.startswith("!") or "=" in head:
                continue
            current = ActorEntry(_phrase(head).title(), [_phrase(head)], [], kind="other", origin=origin)
            actors.append(current)
        if current is not None:
            for body in codes_raw:
                code = _parse_code(body)
                if code:
                    current.codes.append(code)
    if parsed_lines and not actors and not roles:
        raise BadDictionary(f"{path}: no TABARI actor or agent entries found")
    # the kind (person or organization) is decided where a phrase matches: a PERSON entity or not
    return [a for a in actors if a.codes], roles
