"""Checks that a test ``.align`` file can be scored against its gold file.

Vecalign's scorer silently scores any ids. A test bead that uses a sentence id outside the gold's range
(a test file made from another version of the text, or for another file), or an id that an earlier
test bead already used (a broken aligner, a file concatenated twice), makes the scores meaningless.
:func:`check_test` finds such beads: ``ipcorpus eval`` stops with one line naming the file, the line and
the id, or, with ``--lenient``, warns and leaves those beads out of the scores.

The gold's range on each side is ``0 .. max id``; a gold file that uses an id twice is refused (it is
not an alignment).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ipcorpus.errors import InputError

AlignPair = tuple[tuple[int, ...], tuple[int, ...]]
_SIDES = ("zh", "en")


@dataclass
class TestCheck:
    """The beads of a test file to score, and the ones left out with the reason for each."""

    kept: list[AlignPair]
    #: (line number, reason) of every bead left out
    problems: list[tuple[int, str]] = field(default_factory=list)

    __test__ = False  # not a pytest class


def gold_ranges(gold: list[tuple[int, AlignPair]], name: str) -> tuple[int, int]:
    """The number of (zh, en) sentences the gold covers (max id + 1 per side); InputError when the
    gold uses an id twice."""
    sizes = []
    for side in (0, 1):
        seen: set[int] = set()
        for no, bead in gold:
            for i in bead[side]:
                if i in seen:
                    raise InputError(f"{name}:{no}: the gold uses {_SIDES[side]} id {i} twice; "
                                     "not an alignment that can be scored against")
                seen.add(i)
        sizes.append(max(seen) + 1 if seen else 0)
    return sizes[0], sizes[1]


def check_test(gold: list[tuple[int, AlignPair]], test: list[tuple[int, AlignPair]],
               gold_name: str, test_name: str, *, lenient: bool = False) -> TestCheck:
    """Beads of ``test`` whose ids are inside the gold's range and not used by an earlier bead.

    Without ``lenient`` the first offending bead raises InputError (``test.align:7: zh id 57 is outside
    the gold's range 0-41 (gold.align)``); with it, offending beads are left out and listed.
    """
    sizes = gold_ranges(gold, gold_name)
    used: tuple[set[int], set[int]] = (set(), set())
    out = TestCheck([])
    for no, bead in test:
        reason = _problem(bead, sizes, used, gold_name)
        if reason is None:
            for side in (0, 1):
                used[side].update(bead[side])
            out.kept.append(bead)
            continue
        if not lenient:
            raise InputError(f"{test_name}:{no}: {reason}; fix the file or use --lenient to leave such beads out")
        out.problems.append((no, reason))
    return out


def _problem(bead: AlignPair, sizes: tuple[int, int], used: tuple[set[int], set[int]], gold_name: str) -> str | None:
    """Why ``bead`` cannot be scored (an id outside the gold's range, or used twice), or None."""
    for side in (0, 1):
        here: set[int] = set()
        for i in bead[side]:
            if i >= sizes[side]:
                span = f"0-{sizes[side] - 1}" if sizes[side] else "empty"
                return f"{_SIDES[side]} id {i} is outside the gold's range {span} ({gold_name})"
            if i in used[side] or i in here:
                return f"{_SIDES[side]} id {i} is used twice"
            here.add(i)
    return None
