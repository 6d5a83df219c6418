"""Server-chosen values (ids, times, a server's own address) mapped between two sides, not
masked: the first time the reference says `a` where the candidate says `b`, `a` and `b` are
paired, and from then on the candidate must say `b` wherever the reference says `a` (and
nowhere else), in answers and in the requests sent to it.

A value is server-chosen when it is the value of an id member (`id`, `image_id`,
`productId`), or when it is text long or mixed enough not to be a word (a shortuuid, a UUID,
a checksum); times are compared by their format, since two servers' clocks never agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote

WORDS = re.compile(r"([A-Za-z0-9_-]+)")
"""Splits text into its words (odd places) and what separates them (even places)."""
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?")
QUERY_PARAMETER = re.compile(r"(?P<separator>[?&])(?P<name>[^&=#]+)=(?P<value>[^&#]*)")
SHORTEST_CHOSEN_WORD = 16
SHORTEST_MIXED_WORD = 6
UNIX_TIME_SECONDS = (1e9, 1e10)
ORIGIN_PLACEHOLDER = "\x00origin\x00"


def id_namespace(member: str) -> str | None:
    """For a member whose value names something (`id`, `image_id`, `productId`, the form
    field `fields[productId]`), the kind of thing it names (`id`, `image`, `product`):
    numeric ids of different kinds are different numbers; None for another member."""
    words = re.findall(r"[A-Za-z0-9_]+", member)
    name = words[-1] if words else ""
    if name.lower() == "id":
        return "id"
    for suffix in ("_id", "Id", "ID"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name.removesuffix(suffix).replace("_", "").lower()
    return None


def looks_chosen(word: str) -> bool:
    """Text a server made up rather than a word: long, or of letters and digits mixed."""
    has_digit = any(character.isdigit() for character in word)
    has_letter = any(character.isalpha() for character in word)
    return len(word) >= SHORTEST_CHOSEN_WORD or (
        len(word) >= SHORTEST_MIXED_WORD and has_digit and has_letter
    )


def word_kind(word: str) -> tuple[str, int]:
    """Two words of the same kind may name the same thing on two servers: integers of any
    length, other words of the same length."""
    return ("digits", 0) if word.isdigit() else ("text", len(word))


def same_time_format(ours: str, theirs: str) -> bool:
    return re.sub(r"\d", "0", ours) == re.sub(r"\d", "0", theirs)


def is_clock_reading(value: float) -> bool:
    """A fractional number (a duration) or a Unix time: the server's clock, not a fact."""
    if isinstance(value, float) and not value.is_integer():
        return True
    return UNIX_TIME_SECONDS[0] <= value < UNIX_TIME_SECONDS[1]


@dataclass
class ValueMap:
    """The pairs of server-chosen values learned so far, one to one, from the driving side
    (`ours`) to another (`theirs`). Numeric ids are paired per kind (a product 1 and a
    picture 1 are different things); other words across the whole answer."""

    our_origin: str = ""
    their_origin: str = ""
    forward: dict[str, str] = field(default_factory=dict)
    backward: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, dict[str, str]] = field(default_factory=dict)
    """Kind → our numeric id → theirs."""
    numbers_back: dict[str, dict[str, str]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    """Our whole texts (links) that agree with different texts of theirs: a request that
    sends one of ours sends theirs."""
    given: set[str] = field(default_factory=set)
    """Our words of values the user gave each side (translated even when they are digits)."""
    spellings: tuple[Callable[[str], str | None], ...] = ()
    """Other ways a request may write a value (an id's UUID form)."""
    spelled: dict[str, str] = field(default_factory=dict)
    """Our values' other spellings, to theirs: translated in requests, never answered."""

    def pair(self, ours: str, theirs: str) -> None:
        self.forward[ours] = theirs
        self.backward[theirs] = ours
        for spell in self.spellings:
            our_spelling, their_spelling = spell(ours), spell(theirs)
            if our_spelling is not None and their_spelling is not None:
                self.spelled[our_spelling] = their_spelling

    def pair_given(self, ours: str, theirs: str, kind: str | None = None) -> None:
        """Two values the user gave, each to its side, for the same thing (an id, a key, a
        webhook): the whole values, and their words one by one when they have as many; a
        numeric id of `kind` (a product) among the ids of that kind only."""
        if ours == theirs:
            return
        if kind is not None and ours.isdigit() and theirs.isdigit():
            self.numbers.setdefault(kind, {})[ours] = theirs
            self.numbers_back.setdefault(kind, {})[theirs] = ours
            return
        self.pair(ours, theirs)
        self.given.add(ours)
        our_words, their_words = WORDS.findall(ours), WORDS.findall(theirs)
        if len(our_words) == len(their_words):
            for our_word, their_word in zip(our_words, their_words, strict=True):
                if our_word != their_word:
                    self.pair(our_word, their_word)
                    self.given.add(our_word)

    def words_agree(self, ours: str, theirs: str, kind: str | None = None) -> bool:
        """Whether `theirs` may be the other side's word for `ours`; a first meeting of two
        server-chosen words pairs them. `kind`: the word is an id of that kind."""
        if ours in self.forward or theirs in self.backward:
            return self.forward.get(ours) == theirs and self.backward.get(theirs) == ours
        if ours.isdigit() and theirs.isdigit():
            return self._numbers_agree(ours, theirs, kind)
        chosen = kind is not None or (looks_chosen(ours) and looks_chosen(theirs))
        if ours == theirs:
            if chosen:
                self.pair(ours, theirs)
            return True
        if chosen and word_kind(ours) == word_kind(theirs):
            self.pair(ours, theirs)
            return True
        return False

    def _numbers_agree(self, ours: str, theirs: str, kind: str | None) -> bool:
        if kind is None:
            # A number inside text: the same, or ids paired as ids of some kind.
            return ours == theirs or any(
                paired.get(ours) == theirs for paired in self.numbers.values()
            )
        forward = self.numbers.setdefault(kind, {})
        backward = self.numbers_back.setdefault(kind, {})
        if ours in forward or theirs in backward:
            return forward.get(ours) == theirs and backward.get(theirs) == ours
        forward[ours], backward[theirs] = theirs, ours
        return True

    def texts_agree(self, ours: str, theirs: str, kind: str | None = None) -> bool:
        """Whether two texts say the same, word by word, server-chosen words mapped."""
        if TIMESTAMP.fullmatch(ours) and TIMESTAMP.fullmatch(theirs):
            return same_time_format(ours, theirs)
        if kind is not None and WORDS.fullmatch(ours) and WORDS.fullmatch(theirs):
            return self.words_agree(ours, theirs, kind)
        our_parts = WORDS.split(self._placeheld(ours, self.our_origin))
        their_parts = WORDS.split(self._placeheld(theirs, self.their_origin))
        if len(our_parts) != len(their_parts) or our_parts[0::2] != their_parts[0::2]:
            return False
        agree = all(
            self.words_agree(our_word, their_word)
            for our_word, their_word in zip(our_parts[1::2], their_parts[1::2], strict=True)
        )
        if agree and ours != theirs:
            self.texts[ours] = theirs
        return agree

    def numbers_agree(self, ours: float, theirs: float, kind: str | None = None) -> bool:
        if isinstance(ours, bool) or isinstance(theirs, bool):
            return ours is theirs
        if is_clock_reading(ours) and is_clock_reading(theirs):
            return True
        if kind is not None and isinstance(ours, int) and isinstance(theirs, int):
            return self.words_agree(str(ours), str(theirs), kind)
        return ours == theirs and type(ours) is type(theirs)

    def translated_text(self, text: str, kind: str | None = None) -> str:
        """`text` as the other side must be sent it: a link an answer gave as the other
        side's answer gave it; an id of `kind` as theirs; server-chosen words replaced by
        the other side's (numbers inside text only when the user gave them)."""
        for known in (self.texts, self.forward, self.spelled):
            if text in known:
                return known[text]
        if kind is not None and text in self.numbers.get(kind, {}):
            return self.numbers[kind][text]
        if self.our_origin and self.their_origin:
            text = text.replace(self.our_origin, self.their_origin)
        if "?" in text:
            text = QUERY_PARAMETER.sub(self._translated_parameter, text)
        parts = WORDS.split(text)
        for place in range(1, len(parts), 2):
            word = parts[place]
            if word in self.forward and (not word.isdigit() or word in self.given):
                parts[place] = self.forward[word]
            elif word in self.spelled:
                parts[place] = self.spelled[word]
        return "".join(parts)

    def _translated_parameter(self, parameter: re.Match[str]) -> str:
        """A query parameter's numeric id (`id=5`, `fields[productId]=1`) as theirs."""
        name, value = parameter["name"], parameter["value"]
        kind = id_namespace(unquote(name))
        if kind is None or not value.isdigit():
            return parameter[0]
        return f"{parameter['separator']}{name}={self.translated_text(value, kind)}"

    def translated_number(self, number: int, kind: str) -> int:
        mapped = self.numbers.get(kind, {}).get(str(number)) or self.forward.get(str(number))
        return int(mapped) if mapped is not None and mapped.isdigit() else number

    @staticmethod
    def _placeheld(text: str, origin: str) -> str:
        return text.replace(origin, ORIGIN_PLACEHOLDER) if origin else text
