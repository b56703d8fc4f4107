"""Repository-local rules: ``local-plugins = ["tools.report_rules"]`` with ``local-plugin-paths``.

A local plugin is a module with a ``RULES`` tuple, exactly like an installed plugin, but it is
imported from the repository instead of an entry point. Its codes may use any prefix but RL.
"""
from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reportlint._registry import _CODE, RuleError, rules_of


def load_local_plugins(configs: Iterable[Any], errors: list[str]) -> list[tuple[str, Any]]:
    """``(module name, rules)`` for every local plugin the configs name; failures go to ``errors``."""
    loaded: list[tuple[str, Any]] = []
    seen: set[str] = set()
    for config in configs:
        data = config.data
        for path in data.get("local-plugin-paths", ()):
            folder = str((Path(config.root) / path).resolve())
            if folder not in sys.path:
                sys.path.insert(0, folder)
        for module_name in data.get("local-plugins", ()):
            if module_name in seen:
                continue
            seen.add(module_name)
            try:
                module = importlib.import_module(module_name)
                found = rules_of(module, module_name)
            except RuleError as exc:
                errors.append(f"{config.label}: {exc}")
                continue
            except (Exception, SystemExit, GeneratorExit) as exc:  # noqa: BLE001 - a broken plugin must not stop the others, nor end the run
                errors.append(f"{config.label}: local plugin {module_name!r} failed to import: {type(exc).__name__}: {exc}")
                continue
            reserved = [r.code for r in found if (m := _CODE.fullmatch(r.code)) and m.group("prefix") == "RL"]
            if reserved:
                errors.append(f"{config.label}: local plugin {module_name!r}: code {reserved[0]} uses the RL prefix reserved for reportlint's own rules")
                continue
            loaded.append((module_name, tuple(found)))
    return loaded
