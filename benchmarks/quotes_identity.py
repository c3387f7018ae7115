"""Proof that a change to the quote extractor left its output alone: the full output (speakers,
titles, roles, texts, offsets, spans, cues, confidences, mentions, unattributed quotes) of every
article of a fixed set, written once before the change and compared after it.

    uv run python benchmarks/quotes_identity.py --save /tmp/quotes-before.json   # before
    uv run python benchmarks/quotes_identity.py --check /tmp/quotes-before.json  # after

The set: the bundled sample feed, the labelled passages of tests/support/quote_eval, every
article of ../shared (its examples and its corpus, read in place when present), `--count`
quote-heavy bodies of quotes_synth.py, `--count` seed-shaped articles of synth.py, and `--count`
bodies shuffled together from the paragraphs of all of those (new neighbours for every cue that
reads the paragraph before or after). The snapshot holds one digest an article, outside the
project; nothing of ../shared is copied anywhere.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import yaml
from quotes_synth import generate_bodies
from synth import synthetic_article

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # for tests.support

from reader.articles.model import Article  # noqa: E402
from reader.articles.parse import parse_file  # noqa: E402
from reader.quotes import ArticleQuotes, extract_quotes  # noqa: E402
from tests.support.quote_eval import load_cases  # noqa: E402
from tests.support.quote_eval.fragments import CORPUS  # noqa: E402

EVAL = REPO / "tests" / "support" / "quote_eval"


def texts(count: int, seed: int) -> Iterator[tuple[str, str, str]]:
    """(name, body, title) of every article of the set, always in the same order."""
    found = [*_files(), *_labelled()]
    yield from found
    for index, made in enumerate(generate_bodies(count, seed=seed)):
        yield f"quotes_synth:{index}", made, ""
    rng = random.Random(seed)
    generated = []
    for index in range(count):
        made = synthetic_article(rng, index, 500)
        generated.append((f"synth:{index}", made.body, made.title))
    yield from generated
    paragraphs = [
        part for _name, body, _title in [*found, *generated[:200]] for part in body.split("\n\n")
    ]
    heavy = generate_bodies(200, seed=seed + 1)
    paragraphs += [part for body in heavy for part in body.split("\n\n")]
    for index in range(count):
        chosen = rng.sample(paragraphs, rng.randint(2, 14))
        yield f"shuffled:{index}", "\n\n".join(chosen) + "\n", ""
    for index in range(count):
        yield f"scrambled:{index}", _scrambled(rng), ""


# Pieces the extractor reacts to, for bodies no writer would print: every mark, markdown, names,
# titles, roles, verbs and pronouns next to each other in any order.
_PIECES = [
    *"'‘’‛\"“”„«»",
    *[" ", " ", " ", "\n", "\n\n", "\n\n", "> ", "- ", "## ", "1. ", "*", "_", "**"],
    *["\t", "\r\n", "\u00a0", "\u2003", "  ", "```\n", "---\n", "[link](x)", "Élodie Lévêque"],
    *[",", ".", ":", ";", "!", "?", " — ", "-", "(", ")", "5’9”", "it's", "dogs' "],
    *["said", "said:", "added", "told the court:", "adding:", "says", "according to"],
    *["he", "she", "they", "He said", "She added:", "the spokesperson", "The Minister"],
    *["Mark Hedges", "Mr Hedges", "Hedges", "Chief Inspector", "PC", "Cllr Jo Bloggs", "Dana"],
    *["Sir Graham", "Lord Ashworth", "Mrs Penrose", "Alison Penrose", "Kent Police", "MP"],
    *["District Commander for Canterbury", "council boss", "a police spokesperson"],
    *["Those were the words of", "Operation", "Safer Streets", "We", "I", "our", "we are"],
    *["cowardly", "condemned the attack as", "described", "was described as", "from"],
    *["Statement by", "the", "of", "and", "officers worked with partners", "Residents"],
]


def _scrambled(rng: random.Random) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(5, 160)))


def _files() -> Iterator[tuple[str, str, str]]:
    shared = CORPUS.parent
    folders = [REPO / "sample_feed", shared / "examples", CORPUS / "articles"]
    for folder in folders:
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
            article = parse_file(path)
            if isinstance(article, Article):
                yield f"{folder.name}/{path.name}", article.body, article.title


def _labelled() -> Iterator[tuple[str, str, str]]:
    for case in load_cases():
        yield f"case:{case.id}", case.body, ""
    for entry in yaml.safe_load((EVAL / "real_kinds.yaml").read_text(encoding="utf-8")):
        yield f"kind:{entry['id']}", entry["body"], entry.get("title", "")


def digest(quotes: ArticleQuotes) -> str:
    """Every field of the output, nested dataclasses and all: repr shows each of them."""
    return hashlib.sha256(repr(quotes).encode("utf-8", "surrogatepass")).hexdigest()[:24]


def snapshot(count: int, seed: int) -> tuple[dict[str, str], float, int]:
    found: dict[str, str] = {}
    quotes = 0
    started = time.process_time()
    for name, body, title in texts(count, seed):
        result = extract_quotes(body, title)
        quotes += len(result.quotes) + len(result.unattributed)
        found[name] = digest(result)
    return found, time.process_time() - started, quotes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path)
    action.add_argument("--check", type=Path)
    args = parser.parse_args()
    found, seconds, quotes = snapshot(args.count, args.seed)
    print(f"{len(found)} articles, {quotes} quotes, {seconds:.1f} s CPU (with the generators)")
    if args.save:
        args.save.write_text(json.dumps(found, indent=0), encoding="utf-8")
        print(f"saved to {args.save}")
        return
    before = json.loads(args.check.read_text(encoding="utf-8"))
    changed = [name for name in before if found.get(name) != before[name]]
    missing = set(before) ^ set(found)
    print(f"changed: {len(changed)}, not in both: {len(missing)}")
    for name in changed[:20]:
        print(f"  {name}")
    if changed or missing:
        sys.exit(1)
    print("identical")


if __name__ == "__main__":
    main()
