"""The labelled evaluation set for quote extraction, and how a result is scored against it.

`load_cases()` reads `cases.yaml` beside this file, plus the seed article from `../shared` when
it is present (its text is read from there, never copied into this repository). `score()` gives
precision, recall and F1 for:

- attribution: each expected quote paired with the predicted quote that shares most of its words
  (at least half, one-to-one); a pair counts when the speaker's name matches too;
- boundaries: quote texts that match exactly (whitespace runs aside);
- speakers: (name, title, role) triples that match exactly;
- mentions: names of people mentioned but not quoted.

Used by tests/unit/test_quotes.py and benchmarks/quotes_eval.py.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reader.quotes import ArticleQuotes, extract_quotes, normalise_name

HERE = Path(__file__).resolve().parent
CASES_FILE = HERE / "cases.yaml"
SAMPLE_LABELS = HERE / "sample_feed.yaml"
REPO = HERE.parents[2]
# ../shared beside the project; PRESSREADER_SHARED names it for a checkout elsewhere (a worktree).
SHARED = Path(os.environ.get("PRESSREADER_SHARED") or REPO.parent / "shared")
SEED_FILE = SHARED / "examples" / "kent-emergency-medical-packs.md"

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ExpectedSpeaker:
    name: str
    title: str | None
    role: str | None
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class ExpectedMention:
    name: str
    title: str | None = None
    role: str | None = None
    details: bool = False  # whether title and role were labelled too


@dataclass(frozen=True)
class EvalCase:
    id: str
    conventions: tuple[str, ...]
    body: str
    speakers: tuple[ExpectedSpeaker, ...]
    mentioned: tuple[ExpectedMention, ...] | None = None  # None: not labelled for this case
    known_failure: str | None = None


@dataclass
class Score:
    """Counts for one measure; precision, recall and F1 follow from them."""

    matched: int = 0
    predicted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def add(self, other: Score) -> None:
        self.matched += other.matched
        self.predicted += other.predicted
        self.expected += other.expected


@dataclass
class Scores:
    attribution: Score = field(default_factory=Score)
    boundaries: Score = field(default_factory=Score)
    speakers: Score = field(default_factory=Score)
    mentions: Score = field(default_factory=Score)

    def items(self) -> list[tuple[str, Score]]:
        return [
            ("attribution (quote → speaker)", self.attribution),
            ("boundaries (exact quote text)", self.boundaries),
            ("speakers (name, title, role)", self.speakers),
            ("mentions (names)", self.mentions),
        ]

    def add(self, other: Scores) -> None:
        for mine, theirs in zip(
            (self.attribution, self.boundaries, self.speakers, self.mentions),
            (other.attribution, other.boundaries, other.speakers, other.mentions),
            strict=True,
        ):
            mine.add(theirs)


# ---------------------------------------------------------------------------------------------
# Loading


def load_cases(*, include_seed: bool = True) -> list[EvalCase]:
    """Every labelled case; the seed article too when ../shared has it."""
    data = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    cases = [_case(entry) for entry in data]
    if include_seed:
        seed = seed_case()
        if seed is not None:
            cases.append(seed)
    return cases


def _case(entry: dict) -> EvalCase:
    speakers = tuple(
        ExpectedSpeaker(
            name=speaker["name"],
            title=speaker.get("title"),
            role=speaker.get("role"),
            quotes=tuple(speaker["quotes"]),
        )
        for speaker in entry.get("speakers") or ()
    )
    mentioned = entry.get("mentioned")
    return EvalCase(
        id=entry["id"],
        conventions=tuple(entry.get("conventions") or ()),
        body=entry["body"],
        speakers=speakers,
        mentioned=None if mentioned is None else tuple(_mention(m) for m in mentioned),
        known_failure=entry.get("known_failure"),
    )


def _mention(entry: str | dict) -> ExpectedMention:
    if isinstance(entry, str):
        return ExpectedMention(entry)
    return ExpectedMention(entry["name"], entry.get("title"), entry.get("role"), details=True)


def load_sample_cases(feed: Path | None = None) -> list[EvalCase]:
    """The labelled articles of the bundled sample feed that are present (written by a
    teammate, not for the extractor: the nearest thing to held-out text we have)."""
    from reader.store.resources import sample_feed_path

    feed = feed or sample_feed_path()
    cases = []
    for entry in yaml.safe_load(SAMPLE_LABELS.read_text(encoding="utf-8")):
        body = seed_body(feed / entry["file"])
        if body is None:
            continue
        speakers = tuple(
            ExpectedSpeaker(
                speaker["name"],
                speaker.get("title"),
                speaker.get("role"),
                tuple(
                    quote if isinstance(quote, str) else quote_between(body, *quote)
                    for quote in speaker["quotes"]
                ),
            )
            for speaker in entry["speakers"]
        )
        mentioned = tuple(_mention(m) for m in entry.get("mentioned") or ())
        cases.append(
            EvalCase("sample:" + entry["file"], ("sample-feed",), body, speakers, mentioned)
        )
    return cases


def seed_body(path: Path = SEED_FILE) -> str | None:
    """The body of an article file (the seed by default), parsed the way the app parses it."""
    if not path.is_file():
        return None
    from reader.articles.model import Article
    from reader.articles.parse import parse_file

    article = parse_file(path)
    return article.body if isinstance(article, Article) else None


def seed_case(path: Path = SEED_FILE) -> EvalCase | None:
    """Issue 3's "seed, exactly": two speakers, one two-paragraph quote each, four mentioned.

    The expected quotes are cut out of the file between the phrases the issue names."""
    body = seed_body(path)
    if body is None:
        return None
    hedges = quote_between(
        body, "Knife crime and violence is very low", "should they ever be needed."
    )
    clark = quote_between(body, "The most important role", "playing their part in this.")
    return EvalCase(
        id="seed-kent-emergency-medical-packs",
        conventions=("seed", "multi-paragraph", "attribution-before", "mentioned", "caption"),
        body=body,
        speakers=(
            ExpectedSpeaker(
                "Mark Hedges", "Chief Inspector", "District Commander for Canterbury", (hedges,)
            ),
            ExpectedSpeaker(
                "Ashley Clark",
                "Cllr",
                "Canterbury City Council's lead councillor for enforcement",
                (clark,),
            ),
        ),
        mentioned=tuple(
            ExpectedMention(name)
            for name in ("Chris Green", "Sarah Osborn", "Mark Stuart", "Matthew Scott")
        ),
    )


def quote_between(body: str, first_words: str, last_words: str) -> str:
    """The quote that runs from `first_words` to `last_words` in `body`, as the labelling rules
    write it: each paragraph without its opening mark, paragraphs joined by a blank line."""
    start = body.index(first_words)
    end = body.index(last_words, start) + len(last_words)
    paragraphs = re.split(r"\n[ \t]*\n", body[start:end])
    cleaned = [_SPACES.sub(" ", p).strip().lstrip("'‘\"“") for p in paragraphs if p.strip()]
    return "\n\n".join(cleaned)


# ---------------------------------------------------------------------------------------------
# Scoring


def score(
    cases: Iterable[EvalCase], extract: Callable[[str], ArticleQuotes] = extract_quotes
) -> Scores:
    total = Scores()
    for case in cases:
        total.add(score_case(case, extract(case.body)))
    return total


def score_case(case: EvalCase, result: ArticleQuotes) -> Scores:
    expected = [(text, s.name) for s in case.speakers for text in s.quotes]
    predicted = [(q.text, s.name) for s in result.speakers for q in s.quotes]
    scores = Scores()
    scores.attribution = _attribution(expected, predicted)
    scores.boundaries = _multiset(
        [_norm_text(text) for text, _ in expected], [_norm_text(text) for text, _ in predicted]
    )
    scores.speakers = _multiset(
        [_triple(s.name, s.title, s.role) for s in case.speakers],
        [_triple(s.name, s.title, s.role) for s in result.speakers],
    )
    if case.mentioned is not None:
        scores.mentions = _multiset(
            [normalise_name(m.name) for m in case.mentioned],
            [normalise_name(m.name) for m in result.mentioned],
        )
    return scores


def mismatches(case: EvalCase, result: ArticleQuotes) -> list[str]:
    """Every way `result` differs from the labels, readable in a test failure."""
    problems: list[str] = []
    want = {
        (_triple(s.name, s.title, s.role), tuple(_norm_text(q) for q in s.quotes))
        for s in case.speakers
    }
    got = {
        (_triple(s.name, s.title, s.role), tuple(_norm_text(q.text) for q in s.quotes))
        for s in result.speakers
    }
    problems += [f"missing speaker/quotes: {item}" for item in sorted(want - got)]
    problems += [f"unexpected speaker/quotes: {item}" for item in sorted(got - want)]
    if case.mentioned is not None:
        detailed = all(m.details for m in case.mentioned)
        want_m = {_mention_key(m.name, m.title, m.role, detailed) for m in case.mentioned}
        got_m = {_mention_key(m.name, m.title, m.role, detailed) for m in result.mentioned}
        problems += [f"missing mention: {item}" for item in sorted(want_m - got_m, key=str)]
        problems += [f"unexpected mention: {item}" for item in sorted(got_m - want_m, key=str)]
    return problems


def _attribution(
    expected: Sequence[tuple[str, str]], predicted: Sequence[tuple[str, str]]
) -> Score:
    matched = 0
    used: set[int] = set()
    for text, name in expected:
        words = _words(text)
        best, best_overlap = None, 0.5
        for index, (other, _) in enumerate(predicted):
            if index in used:
                continue
            overlap = _jaccard(words, _words(other))
            if overlap >= best_overlap:
                best, best_overlap = index, overlap
        if best is not None:
            used.add(best)
            matched += normalise_name(predicted[best][1]) == normalise_name(name)
    return Score(matched, len(predicted), len(expected))


def _multiset(expected: Sequence[object], predicted: Sequence[object]) -> Score:
    common = Counter(expected) & Counter(predicted)
    return Score(sum(common.values()), len(predicted), len(expected))


def _norm_text(text: str) -> str:
    return "\n\n".join(_SPACES.sub(" ", part).strip() for part in text.split("\n\n"))


def _triple(name: str, title: str | None, role: str | None) -> tuple[str, str, str]:
    return (_SPACES.sub(" ", name).strip(), title or "", _SPACES.sub(" ", role or "").strip())


def _mention_key(name: str, title: str | None, role: str | None, detailed: bool) -> tuple:
    return _triple(name, title, role) if detailed else (normalise_name(name),)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _jaccard(left: set[str], right: set[str]) -> float:
    if not left and not right:
        return 1.0
    return len(left & right) / len(left | right)
