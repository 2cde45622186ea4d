"""Excerpts of a document's text around the words a search found."""

from __future__ import annotations


def excerpt(text: str, words: list[str], *, width: int = 120) -> tuple[str, str, str] | None:
    """The text around the first query word found: (before, word, after); None if no word occurs."""
    folded = text.lower()
    best = None
    for word in words:
        position = folded.find(word)
        if position >= 0 and (best is None or position < best[0]):
            best = (position, len(word))
    if best is None:
        return None
    position, length = best
    start = max(0, position - width // 3)
    end = min(len(text), position + length + width)
    before = ("…" if start > 0 else "") + text[start:position]
    after = text[position + length : end] + ("…" if end < len(text) else "")
    return before, text[position : position + length], after
