"""Deterministic, quote-heavy article bodies for the quote extractor's throughput benchmark.

`synth.py` writes seed-shaped feeds with two quote styles; these bodies (made in memory, no
files) carry every style the extractor handles, so its slow paths are in the measurement too:
multi-paragraph British quotes, attribution before and after, split quotes, pronoun and surname
follow-ups, curly and double marks, list items, block quotes, captions and scare quotes.

    uv run python benchmarks/quotes_synth.py [N] [--seed S]   # prints one body, for a look
"""

from __future__ import annotations

import argparse
import random

RANKS = ["PC", "DC", "DS", "Sgt", "Inspector", "Chief Inspector", "Superintendent", "Cllr", "Dr"]
HONORIFICS = ["Mr", "Mrs", "Ms"]
FIRST = ["Mark", "Sarah", "Chris", "Ashley", "Priya", "Tom", "Helen", "Owen", "Aisha", "Jo"]
LAST = [
    "Hedges",
    "Osborn",
    "O'Neill",
    "Clark",
    "Patel",
    "Baker",
    "Moore",
    "Price",
    "Khan",
    "Lévêque",
]
TOWNS = ["Canterbury", "Maidstone", "Dover", "Ashford", "Margate", "Folkestone", "Deal", "Hythe"]
ROLES = [
    "District Commander for {town}",
    "of the Community Safety Unit",
    "{town} City Council's lead councillor for enforcement",
    "who leads the neighbourhood team in {town}",
]
FILLER = (
    "officers worked with partners across the district to reduce harm and keep people safe "
    "residents were reminded to report concerns and to look out for vulnerable neighbours the "
    "operation forms part of a wider programme of patrols visits and community meetings it's "
    "the council's view that the dogs' owners and Kent's drivers can help"
)
WORDS = FILLER.split(" ")


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _person(rng: random.Random) -> tuple[str, str, str]:
    return rng.choice(RANKS), f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(HONORIFICS)


def body(rng: random.Random, words: int = 500) -> str:
    """One article body of about `words` words, quotes in every style."""
    town = rng.choice(TOWNS)
    rank, name, honorific = _person(rng)
    other_rank, other, _ = _person(rng)
    surname = name.split()[-1]
    role = rng.choice(ROLES).format(town=town)
    paragraphs = [
        f"Kent Police's {other_rank} {other} (left) and {honorific} {rng.choice(FIRST)} "
        f"{rng.choice(LAST)}, Centre Manager of {town} Shopping Centre.",
        f"Police in **{town}** have joined Operation 'Sceptre' against a so-called "
        f"'county lines' gang. {_sentence(rng, 20)}",
        f"{rank} {name}, {role}, said: '{_sentence(rng, 30)}",
        f"'{_sentence(rng, 25)}'",
        f"'{_sentence(rng, 8)[:-1]},' said {rank} {surname}, '{_sentence(rng, 8).lower()}'",
        f"She added: ‘{_sentence(rng, 15)}’",
        f"A police spokesperson said: “{_sentence(rng, 20)}”",
        "Residents told us:\n\n"
        f"- '{_sentence(rng, 10)[:-1]},' said {honorific} {rng.choice(FIRST)} {rng.choice(LAST)}.\n"
        f'- "{_sentence(rng, 10)[:-1]}," said {rng.choice(FIRST)} {rng.choice(LAST)}.',
        f"> '{_sentence(rng, 18)}'\n>\n> — {other_rank} {other}, {role}",
    ]
    while sum(len(p.split()) for p in paragraphs) < words - 30:
        if rng.random() < 0.15:
            paragraphs.append(f"## {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}")
        paragraphs.append(_sentence(rng, rng.randint(30, 70)))
    paragraphs.append(f"'{_sentence(rng, 20)[:-1]},' {rank} {name} told reporters.")
    return "\n\n".join(paragraphs) + "\n"


def generate_bodies(count: int, *, seed: int = 1, words: int = 500) -> list[str]:
    """`count` bodies; the same (count, seed, words) always gives the same bodies."""
    rng = random.Random(seed)
    return [body(rng, words) for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=int, nargs="?", default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(generate_bodies(args.index + 1, seed=args.seed)[-1])


if __name__ == "__main__":
    main()
