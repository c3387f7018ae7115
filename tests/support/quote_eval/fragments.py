"""Issue 12's fragment rule: how attribution is scored on real text, in one place.

Used by benchmarks/quotes_eval.py and the tests (tests/unit/test_quote_fragments.py).

- A **fragment** is one run of speech between quote marks: a quote split by "she said" is two,
  a quote over several paragraphs is one per paragraph. A label gives the fragment's first words.
- A prediction (one `Quote`) **covers** a fragment when the fragment's first five words appear,
  in order and one after another, among the prediction's words. A prediction that joins
  fragments (a multi-paragraph quote, a split quote joined) covers them all. Words are runs of
  letters and digits, case-folded, curly apostrophes read as straight ones; punctuation and
  markdown are not words, so "Lock it, and check it" is five words.
- The **speaker is right** when every word of the labelled name, leaving out a/an/the, is among
  the words of the predicted speaker's name: "Greene" is not right for "Mavis Greene", and
  "police spokesperson" is right for "a police spokesperson".
- **Precision** counts predictions that cover a fragment and name its speaker, over all
  predictions (so a scare quote taken for speech costs precision). **Recall** counts fragments
  covered by a prediction with the right speaker, over all fragments.

Two sets are scored with it: `../shared/corpus` (real press releases, when present; read in
place, never copied) and the team's own set (tests/quote_eval/cases.yaml: each labelled quote's
paragraphs are its fragments).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from reader.quotes import ArticleQuotes, extract_quotes

from . import SHARED, EvalCase

HERE = Path(__file__).resolve().parent
CORPUS = SHARED / "corpus"
KINDS_FILE = HERE / "real_kinds.yaml"
FIRST_WORDS = 5

_WORD = re.compile(r"\w+")
_NOT_NAME_WORDS = frozenset({"a", "an", "the"})


@dataclass(frozen=True, slots=True)
class Fragment:
    """One labelled run of speech: its first words as printed, and who said it."""

    words: str
    speaker: str


@dataclass(frozen=True, slots=True)
class Labelled:
    """One article (or passage) with its labelled fragments."""

    id: str
    body: str
    fragments: tuple[Fragment, ...]
    title: str = ""
    non_quotes: tuple[str, ...] = ()  # quoted words nobody says (a sneer, a scheme's name)


@dataclass(frozen=True, slots=True)
class Prediction:
    text: str
    speaker: str


@dataclass
class FragmentScore:
    correct: int = 0  # predictions that cover a fragment and name its speaker
    predicted: int = 0
    found: int = 0  # fragments covered with the right speaker
    fragments: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.fragments if self.fragments else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def add(self, other: FragmentScore) -> None:
        self.correct += other.correct
        self.predicted += other.predicted
        self.found += other.found
        self.fragments += other.fragments


@dataclass(frozen=True, slots=True)
class Problem:
    """One way a prediction and the labels disagree, for reading the failures."""

    case: str
    kind: str  # "missed", "wrong speaker" or "not speech"
    text: str
    expected: str
    got: str


def words(text: str) -> list[str]:
    return _WORD.findall(text.replace("’", "'").replace("‘", "'").casefold())


def covers(prediction: str, fragment: str) -> bool:
    """Do the fragment's first five words appear one after another in the prediction?"""
    wanted = words(fragment)[:FIRST_WORDS]
    have = words(prediction)
    if not wanted:
        return False
    size = len(wanted)
    return any(have[i : i + size] == wanted for i in range(len(have) - size + 1))


def speaker_right(predicted: str, labelled: str) -> bool:
    wanted = [word for word in words(labelled) if word not in _NOT_NAME_WORDS]
    have = set(words(predicted))
    return bool(wanted) and all(word in have for word in wanted)


def predictions(result: ArticleQuotes) -> list[Prediction]:
    return [Prediction(quote.text, speaker.name) for speaker, quote in result.quotes]


def score_one(
    case: Labelled, predicted: Sequence[Prediction]
) -> tuple[FragmentScore, list[Problem]]:
    score = FragmentScore(predicted=len(predicted), fragments=len(case.fragments))
    problems: list[Problem] = []
    covering = [[p for p in predicted if covers(p.text, f.words)] for f in case.fragments]
    for fragment, found in zip(case.fragments, covering, strict=True):
        if any(speaker_right(p.speaker, fragment.speaker) for p in found):
            score.found += 1
        else:
            got = found[0].speaker if found else ""
            kind = "wrong speaker" if found else "missed"
            problems.append(Problem(case.id, kind, fragment.words, fragment.speaker, got))
    for prediction in predicted:
        right = any(
            covers(prediction.text, f.words) and speaker_right(prediction.speaker, f.speaker)
            for f in case.fragments
        )
        score.correct += right
        if not right and not any(covers(prediction.text, f.words) for f in case.fragments):
            problems.append(Problem(case.id, "not speech", prediction.text, "", prediction.speaker))
    return score, problems


def score_all(
    cases: Iterable[Labelled], extract: Callable[[Labelled], ArticleQuotes] | None = None
) -> tuple[FragmentScore, list[Problem]]:
    run = extract or (lambda case: extract_quotes(case.body, title=case.title))
    total = FragmentScore()
    problems: list[Problem] = []
    for case in cases:
        score, found = score_one(case, predictions(run(case)))
        total.add(score)
        problems += found
    return total, problems


# ---------------------------------------------------------------------------------------------
# The two labelled sets


def corpus_cases(folder: Path = CORPUS) -> list[Labelled]:
    """The real articles of ../shared/corpus with their labels; empty when it is absent."""
    labels_file = folder / "expected.json"
    if not labels_file.is_file():
        return []
    from reader.articles.model import Article
    from reader.articles.parse import parse_file

    labels = json.loads(labels_file.read_text(encoding="utf-8"))
    cases = []
    for name, label in sorted(labels.items()):
        article = parse_file(folder / "articles" / name)
        if not isinstance(article, Article):
            raise ValueError(f"{name}: the corpus article does not parse: {article}")
        title = article.title.rsplit(" | ", 1)[0]
        non_quotes = tuple(label.get("non_quotes") or ())
        cases.append(Labelled(name, article.body, _fragments(label), title, non_quotes))
    return cases


def own_cases() -> list[Labelled]:
    """The team's own passages: cases.yaml (seed excluded; each labelled quote paragraph is a
    fragment, a split quote the labels join is one) and real_kinds.yaml (issue 12's kinds)."""
    from . import load_cases

    return [labelled(case) for case in load_cases(include_seed=False)] + kind_cases()


def labelled(case: EvalCase) -> Labelled:
    """An eval case's labels as fragments: each paragraph of a labelled quote is one."""
    return Labelled(
        case.id,
        case.body,
        tuple(
            Fragment(paragraph, speaker.name)
            for speaker in case.speakers
            for quote in speaker.quotes
            for paragraph in quote.split("\n\n")
        ),
    )


def kind_cases() -> list[Labelled]:
    """real_kinds.yaml: original passages of each kind issue 12 lists, with counter-cases."""
    entries = yaml.safe_load(KINDS_FILE.read_text(encoding="utf-8"))
    return [
        Labelled(
            entry["id"],
            entry["body"],
            _fragments(entry),
            title=entry.get("title", ""),
            non_quotes=tuple(entry.get("non_quotes") or ()),
        )
        for entry in entries
    ]


def spoken_non_quotes(case: Labelled, predicted: Sequence[Prediction]) -> list[str]:
    """The labelled non-quotes (scare quotes, names of things) a prediction took as speech on
    their own (one nested inside a quote of speech is part of that speech)."""
    alone = [p for p in predicted if not any(covers(p.text, f.words) for f in case.fragments)]
    return [text for text in case.non_quotes if any(covers(p.text, text) for p in alone)]


def kind_of(case_id: str) -> str:
    """The `kind` a real_kinds.yaml passage is labelled with ("" for other cases)."""
    return _KINDS().get(case_id, "")


def _fragments(label: dict) -> tuple[Fragment, ...]:
    return tuple(
        Fragment(quote, speaker["name"])
        for speaker in label.get("speakers") or ()
        for quote in speaker["quotes"]
    )


@lru_cache(maxsize=1)
def _KINDS() -> dict[str, str]:
    entries = yaml.safe_load(KINDS_FILE.read_text(encoding="utf-8"))
    return {entry["id"]: entry["kind"] for entry in entries}
