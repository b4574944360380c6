"""Spoken product names matched to the names the household already uses.

"nutella" should add the jar scanned last month, named "Nutella 400 g" by Open Food
Facts; "pommes" must not become "Pommes de terre", nor "apples" "Apple juice". So a
spoken name matches a known one either as a whole (accent-insensitive fuzzy ratio, which
also absorbs plurals and small recognition slips), or as a run of its words that is the
known name's head: French names put the head first and its complements after "de"/"à",
English ones put it last; a capitalised run later in a lower-case name is a brand, and counts.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from device.voice.tokens import Token, tokenize
from household.units import find_unit

MIN_WHOLE_SCORE = 86.0
"""fuzz.ratio of the whole folded names; 86 keeps 'lait'/'laid' and 'beer'/'beef' apart."""
MIN_WORD_SCORE = 88.0
"""fuzz.ratio for one word of a partial match ('yaourt'/'yaourts' passes)."""
_LINKS = {"fr": {"de", "d'", "du", "des", "a", "au", "aux", "en", "l'", "la"}, "en": {"of"}}
_DROPPED = {"fr": {"le", "la", "les", "l'", "un", "une"}, "en": {"the", "a", "an"}}


def match_known_name(spoken: str, known_names: Sequence[str], lang: str) -> str | None:
    """The known name ``spoken`` refers to (the earliest of equally good ones), or None."""
    words = _content(tokenize(spoken, lang), lang)
    if not words:
        return None
    best_name, best_score = None, 0.0
    for known in known_names:
        score = _score(words, tokenize(known, lang), lang)
        if score > best_score:
            best_name, best_score = known, score
    return best_name


def _content(tokens: Sequence[Token], lang: str) -> list[str]:
    """Folded, singular words without articles, digits or units."""
    return [_singular(t.key) for t in tokens if t.key not in _DROPPED[lang] and _is_wordlike(t.key)]


def _is_wordlike(key: str) -> bool:
    return not any(c.isdigit() for c in key) and find_unit(key) is None and key != ","


def _singular(key: str) -> str:
    if len(key) > 3 and key[-1] in "sx" and not key.endswith("ss"):
        return key[:-1]
    return key


def _score(spoken: list[str], known_tokens: list[Token], lang: str) -> float:
    """How well the spoken words name this known product: 0 (not at all) to 100."""
    known = [t for t in known_tokens if _is_wordlike(t.key) and t.key not in _DROPPED[lang]]
    known_words = [_singular(t.key) for t in known]
    if not known_words:
        return 0.0
    whole = fuzz.ratio(" ".join(spoken), " ".join(known_words))
    if whole >= MIN_WHOLE_SCORE:
        return whole
    start = _find_run(spoken, known_words)
    if start is None:
        return 0.0
    end = start + len(spoken)
    before = known_words[start - 1] if start else None
    after = known_words[end] if end < len(known_words) else None
    # Sentence case capitalises the first word anyway, so only a later capital marks a brand.
    run_is_brand = start > 0 and all(t.text[:1].isupper() for t in known[start:end])
    run_is_brand = run_is_brand and not any(
        t.text[:1].isupper() for index, t in enumerate(known) if index and not start <= index < end
    )
    links = _LINKS[lang]
    if lang == "fr":
        is_head = before not in links and after not in links
    else:
        is_head = after is None or (start == 0 and after in links)
    if not (is_head or run_is_brand):
        return 0.0
    # Partial matches rank below whole ones, better the more of the name they cover.
    return 80.0 + 5.0 * len(spoken) / len(known_words)


def _find_run(spoken: list[str], known: list[str]) -> int | None:
    """Where the spoken words appear in a row among the known ones, fuzzily."""
    for start in range(len(known) - len(spoken) + 1):
        if all(
            fuzz.ratio(word, known[start + offset]) >= MIN_WORD_SCORE
            for offset, word in enumerate(spoken)
        ):
            return start
    return None
