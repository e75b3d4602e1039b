"""What a batch remembers between runs, so that a re-run skips the work already done.

Each finished document has ``DIR/NAME/batch-state.json``: the settings signature it was made with, the
SHA-256 of its input files and of each output file, and its counts. A re-run skips the document when
the signature and the input hashes are the same and every output is there with the recorded hash. The
state file is written (atomically) after the outputs are in place and removed before they are replaced,
so a kill at any moment leaves either a state that matches the outputs or none (the document is then
aligned again). ``DIR/batch-state.json`` does the same for the corpus-level outputs (merged TMX,
glossary, term base load): its signature is built from every document's output hashes and the
mining settings.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ipcorpus.errors import InputError

STATE_NAME = "batch-state.json"
_CHUNK = 1 << 20


def file_hash(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a file's bytes (hex)."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                h.update(chunk)
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder, not a file") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return h.hexdigest()


def as_json(value: Any) -> Any:
    """``value`` as it reads back from JSON (tuples become lists), for comparing with a stored state."""
    return json.loads(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str))


def signature_hash(value: Any) -> str:
    """A short stable hash of a JSON-able value (sorted keys)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class State:
    """The state of one finished document (or of the corpus-level outputs)."""

    signature: dict[str, Any]
    inputs: dict[str, str] = field(default_factory=dict)  # path -> sha256
    outputs: dict[str, str] = field(default_factory=dict)  # file name in the folder -> sha256
    stats: dict[str, Any] = field(default_factory=dict)

    def matches(self, signature: dict[str, Any], inputs: dict[str, str], folder: Path) -> bool:
        """Whether this state still describes ``folder``: same settings, same inputs, outputs intact."""
        if self.signature != as_json(signature) or self.inputs != inputs or not self.outputs:
            return False
        return all(_same_file(folder / name, digest) for name, digest in self.outputs.items())


def _same_file(path: Path, digest: str) -> bool:
    try:
        return file_hash(path) == digest
    except InputError:
        return False


def output_hashes(folder: Path, names: list[str] | tuple[str, ...]) -> dict[str, str]:
    """The hashes of the files ``names`` that exist in ``folder``."""
    return {n: file_hash(folder / n) for n in names if (folder / n).is_file()}


def read_state(folder: Path) -> State | None:
    """The state recorded in ``folder`` (None when absent or unreadable: the work is then redone)."""
    try:
        data = json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))
        return State(data["signature"], data.get("inputs", {}), data.get("outputs", {}), data.get("stats", {}))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_state(folder: Path, state: State) -> None:
    """Record ``state`` in ``folder`` (atomic)."""
    from ipcorpus.fileio import atomic_write_text

    atomic_write_text(folder / STATE_NAME, json.dumps(asdict(state), ensure_ascii=False, indent=1) + "\n")


def forget_state(folder: Path) -> None:
    """Remove ``folder``'s state before its outputs are replaced."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(folder / STATE_NAME)
