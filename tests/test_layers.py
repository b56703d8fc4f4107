"""The module layers (pyproject.toml, [tool.importlinter]): no module imports from a layer above it."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` run on the package and pyproject.toml under ``root``."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([LINT_IMPORTS, "--no-cache"], cwd=root, env=env, capture_output=True, text=True, timeout=120)


def test_modules_stand_in_layers() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_import_from_a_higher_layer_breaks_the_contract(tmp_path: Path) -> None:
    """The contract is real: a copy of the package where the model imports the runner fails it,
    even though the import is inside a function."""
    shutil.copytree(ROOT / "reportlint", tmp_path / "reportlint", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with open(tmp_path / "reportlint" / "_analysis.py", "a", encoding="utf-8") as module:
        module.write("\n\ndef _upward() -> None:\n    from reportlint._run import run  # noqa: F401\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0, result.stdout
    assert "BROKEN" in result.stdout and "reportlint._analysis -> reportlint._run" in result.stdout, result.stdout
