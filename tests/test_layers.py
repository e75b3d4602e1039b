"""The stages import one way: a module may import its own stage and the stages before it,
never one after it. The order is the README's picture, bottom up."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ipcorpus"

#: bottom to top; modules of one tuple are one level (they may import each other)
LAYERS: tuple[tuple[str, ...], ...] = (
    ("types", "errors", "notes", "fileio", "datacache"),
    ("segment",),
    ("ingest",),
    ("embed",),
    ("align",),
    ("export", "evaluate"),
    ("terms",),
    ("report",),
    ("pipeline",),
    ("batch",),
    ("cli", "__main__"),
)
LEVEL = {name: k for k, names in enumerate(LAYERS) for name in names}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "ipcorpus" and len(parts) > 1 else None


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of an ipcorpus module, at the top or inside functions."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
            out += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
    return [(line, m) for line, m in out if m.split(".")[0] == "ipcorpus"]


def test_every_stage_has_a_level():
    stages = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
              if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))}
    stages.discard("__init__")
    assert stages <= set(LEVEL), f"stages without a level in LAYERS: {sorted(stages - set(LEVEL))}"


def test_stages_import_one_way():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        me = _stage(_module_name(path))
        if me is None:
            continue
        for line, module in _imports(path):
            other = _stage(module)
            if other is not None and other in LEVEL and LEVEL[other] > LEVEL[me]:
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line} ({me}) imports {module} ({other})")
    assert not upward, "imports against the layer order:\n" + "\n".join(sorted(set(upward)))


def test_the_check_sees_an_upward_import(tmp_path):
    """The parser finds imports inside functions too (the way the old cycle hid)."""
    f = tmp_path / "m.py"
    f.write_text("def f():\n    from ipcorpus.pipeline import read_pairs\n", encoding="utf-8")
    assert ("ipcorpus.pipeline" in [m for _, m in _imports(f)])
