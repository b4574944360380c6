"""The phrase tables of ``phrases`` compiled for one language: folded word tuples to match.

Built once per language (``lexicon(lang)`` caches it), so parsing an utterance only
compares short tuples of words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Generic, TypeVar

from device.voice import phrases
from device.voice.tokens import fold_key, phrase_keys
from household.units import find_unit

Tag = TypeVar("Tag")


@dataclass(frozen=True)
class PhraseTable(Generic[Tag]):
    """Phrases (tuples of folded words), each with a tag, matched longest first."""

    entries: tuple[tuple[tuple[str, ...], Tag], ...]

    @classmethod
    def build(cls, lang: str, *tables: tuple[str, Tag]) -> PhraseTable[Tag]:
        """Compile '|'-separated tables, each with its tag."""
        seen: dict[tuple[str, ...], Tag] = {}
        for text, tag in tables:
            for phrase in phrases.split_table(text):
                seen.setdefault(phrase_keys(phrase, lang), tag)
        ordered = sorted(seen.items(), key=lambda entry: -len(entry[0]))
        return cls(tuple((words, tag) for words, tag in ordered if words))

    def longest_start(self, words: Sequence[str]) -> tuple[int, Tag] | None:
        """(words used, tag) of the longest phrase ``words`` starts with."""
        head = tuple(words)
        for phrase, tag in self.entries:
            if head[: len(phrase)] == phrase:
                return len(phrase), tag
        return None

    def match_start(self, words: Sequence[str]) -> int:
        """How many words the longest phrase at the start covers (0: none)."""
        found = self.longest_start(words)
        return found[0] if found else 0

    def match_end(self, words: Sequence[str]) -> int:
        """How many words the longest phrase at the end covers (0: none)."""
        tail = tuple(words)
        for phrase, _tag in self.entries:
            if len(phrase) <= len(tail) and tail[len(tail) - len(phrase) :] == phrase:
                return len(phrase)
        return 0

    def skip(self, words: Sequence[str], start: int) -> int:
        """The index after any run of these phrases from ``start``, keeping one word."""
        while start < len(words) - 1:
            used = self.match_start(words[start:])
            if not used or start + used >= len(words):
                return start
            start += used
        return start


def _words(text: str) -> frozenset[str]:
    return frozenset(fold_key(word) for word in phrases.split_table(text))


@dataclass(frozen=True)
class Lexicon:
    """Everything the intent parser looks up for one language."""

    lang: str
    fillers: PhraseTable[None]
    actions: PhraseTable[tuple[object, bool]]
    undo_objects: PhraseTable[None]
    set_prefixes: PhraseTable[None]
    set_bare_prefixes: PhraseTable[None]
    set_suffixes: PhraseTable[None]
    more_prefixes: PhraseTable[None]
    more_suffixes: PhraseTable[None]
    trailing: PhraseTable[None]
    trailing_remove: PhraseTable[None]
    articles: PhraseTable[None]
    conjunctions: PhraseTable[None]
    hedges: PhraseTable[None]
    not_for_the_list: PhraseTable[None]
    item_starts: PhraseTable[None]
    name_links: frozenset[str]
    set_verbs: frozenset[str]
    set_link: frozenset[str]
    count_containers: frozenset[str]
    size_words: frozenset[str]
    name_adjectives: frozenset[str]
    of: frozenset[str]
    dozens: frozenset[str] = frozenset({"douzaine", "douzaines", "dozen", "dozens"})
    times: frozenset[str] = frozenset({"x", "fois", "times"})
    compound_names: tuple[tuple[str, ...], ...] = ()
    measures: Mapping[str, tuple[str, float, frozenset[str]]] = field(default_factory=dict)
    """This language's own measure words: folded word -> (unit code, factor, the words
    after which it is a noun instead), from ``phrases.SPOKEN_MEASURES``."""
    _known_cache: dict = field(default_factory=dict, compare=False, repr=False)

    def unit_at(self, words: Sequence[str], index: int) -> tuple[str, float] | None:
        """(unit code, how many of it the word is) for the word at ``index``, if a unit.

        "deux litres" -> ("l", 1.0); "une livre" (French) -> ("g", 500.0): a measure of
        the language is stored in the list's units, so it adds up with them.
        """
        word = words[index]
        measure = self.measures.get(word)
        if measure is not None:
            unit, factor, not_after = measure
            return None if index and words[index - 1] in not_after else (unit, factor)
        code = find_unit(word)
        return None if code is None else (code, 1.0)

    def known_phrases(self, known_names: Sequence[str]) -> tuple[tuple[str, ...], ...]:
        """The household's names as word tuples, for names holding 'et' / 'and'."""
        key = tuple(known_names)
        if key not in self._known_cache:
            if len(self._known_cache) > 8:
                self._known_cache.clear()
            self._known_cache[key] = tuple(
                phrase_keys(name, self.lang) for name in known_names if len(name.split()) > 2
            )
        return self._known_cache[key]


@cache
def lexicon(lang: str) -> Lexicon:
    """The compiled tables of ``lang``."""
    from device.voice.intents import Action

    def table(*texts: str) -> PhraseTable[None]:
        return PhraseTable.build(lang, *((text, None) for text in texts))

    return Lexicon(
        lang=lang,
        fillers=table(phrases.LEADING_FILLERS[lang]),
        actions=PhraseTable.build(
            lang,
            (phrases.UNDO[lang], (Action.UNDO, True)),
            (phrases.REMOVE[lang], (Action.REMOVE, True)),
            (phrases.ADD_STRONG[lang], (Action.ADD, True)),
            (phrases.ADD_WEAK[lang], (Action.ADD, False)),
        ),
        undo_objects=table(phrases.UNDO_OBJECTS[lang]),
        set_prefixes=table(phrases.SET_PREFIXES[lang]),
        set_bare_prefixes=table(phrases.SET_BARE_PREFIXES[lang]),
        set_suffixes=table(phrases.SET_SUFFIXES[lang]),
        more_prefixes=table(phrases.MORE_PREFIXES[lang]),
        more_suffixes=table(phrases.MORE_SUFFIXES[lang]),
        trailing=table(phrases.TRAILING[lang]),
        trailing_remove=table(phrases.TRAILING_REMOVE[lang]),
        articles=table(phrases.ARTICLES[lang]),
        conjunctions=table(phrases.CONJUNCTIONS[lang]),
        hedges=table(phrases.HEDGES[lang]),
        not_for_the_list=table(phrases.NOT_FOR_THE_LIST[lang]),
        item_starts=table(phrases.ITEM_STARTS[lang]),
        name_links=_words(phrases.NAME_LINKS[lang]),
        set_verbs=_words(phrases.SET_VERBS[lang]),
        set_link=frozenset(fold_key(w) for w in phrases.SET_LINK[lang]),
        count_containers=_words(phrases.COUNT_CONTAINERS[lang]),
        size_words=_words(phrases.SIZE_WORDS[lang]),
        name_adjectives=_words(phrases.NAME_ADJECTIVES[lang]),
        of=frozenset(fold_key(w) for w in phrases.OF[lang]),
        compound_names=tuple(
            phrase_keys(p, lang) for p in phrases.split_table(phrases.COMPOUND_NAMES[lang])
        ),
        measures={
            fold_key(word): (measure.unit, measure.factor, _words(measure.not_after))
            for word, measure in phrases.SPOKEN_MEASURES.get(lang, {}).items()
        },
    )
