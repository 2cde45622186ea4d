"""Excerpts of a document's text around the words a search found, with those words marked."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    text: str
    marked: bool


def excerpt(text: str, words: list[str], *, width: int = 120) -> list[Piece]:
    """About ``width`` characters of ``text`` around the first occurrence of the longest query word,
    cut into pieces where every occurrence of a query word is ``marked`` (single characters are
    marked only when the query has nothing longer). Empty when no word occurs.
    """
    if not text or not words:
        return []
    folded = text.lower()  # query words are lower case already
    longest = max(len(word) for word in words)
    wanted = [word for word in words if len(word) > 1] if longest > 1 else list(words)
    anchor = next((folded.find(w) for w in sorted(wanted, key=len, reverse=True) if w in folded), -1)
    if anchor < 0:
        return []
    start = max(0, anchor - width // 3)
    end = min(len(text), start + width)
    window, window_folded = text[start:end], folded[start:end]
    pattern = re.compile("|".join(re.escape(word) for word in sorted(wanted, key=len, reverse=True)))
    pieces: list[Piece] = [Piece("…", False)] if start > 0 else []
    position = 0
    for match in pattern.finditer(window_folded):
        if match.start() > position:
            pieces.append(Piece(window[position : match.start()], False))
        pieces.append(Piece(window[match.start() : match.end()], True))
        position = match.end()
    if position < len(window):
        pieces.append(Piece(window[position:], False))
    if end < len(text):
        pieces.append(Piece("…", False))
    return pieces
