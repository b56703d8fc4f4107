"""Front matter: YAML ``---``, TOML ``+++`` and a leading fenced ```` ```toml ```` block.

Front matter is metadata, never prose: it yields fields (with positions) but no sentences.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

_TOML_FENCE_OPEN = re.compile(r"\A```+\s*toml\s*$")
_MAX_ALIASES = 100


class FrontMatter(NamedTuple):
    """Where the front matter sits and what it says (a NamedTuple: a frozen dataclass costs
    ~0.5 ms to create at import, on every cold start)."""

    kind: str  # "yaml" | "toml" | "toml-fence"
    first_line: int  # 0-based line of the opening delimiter
    end_line: int  # 0-based line after the closing delimiter
    values: dict[str, Any]
    error: str | None


def split_front_matter(lines: Sequence[str]) -> FrontMatter | None:
    """Find front matter at the very top of the file, or None.

    A block that is never closed is not front matter: the file is read as Markdown.
    """
    if not lines:
        return None
    first = lines[0].rstrip()
    closers: tuple[str, ...]
    if first == "---":
        kind, closers = "yaml", ("---", "...")
    elif first == "+++":
        kind, closers = "toml", ("+++",)
    elif _TOML_FENCE_OPEN.fullmatch(first):
        kind, closers = "toml-fence", (first[: len(first) - len(first.lstrip("`"))],)
    else:
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in closers:
            body = "\n".join(lines[1:index])
            values, error = _load(kind, body)
            return FrontMatter(kind, 0, index + 1, values, error)
    return None


def _load(kind: str, body: str) -> tuple[dict[str, Any], str | None]:
    try:
        data = _load_yaml(body) if kind == "yaml" else _load_toml(body)
    except ValueError as exc:
        return {}, str(exc)
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return {}, f"front matter is a {type(data).__name__}, not a mapping of keys to values"
    return data, None


@functools.cache
def _bounded_loader() -> Any:
    """The YAML loader class, made on first use (PyYAML is imported only for YAML front matter)
    and then kept: making the class took a quarter of each front matter's load."""
    import yaml

    class _BoundedLoader(yaml.SafeLoader):
        """Safe loading that refuses alias bombs (billion-laughs)."""

        aliases = 0  # per load: each load makes its own loader, whose count starts here

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                self.aliases += 1
                if self.aliases > _MAX_ALIASES:
                    raise yaml.YAMLError(f"more than {_MAX_ALIASES} aliases")
            return super().compose_node(parent, index)

    return _BoundedLoader


# libyaml's loader (PyYAML's C extension, when installed) reads a typical front matter eight times
# faster. It is used only where it cannot differ from the checked Python loader: a libyaml that
# limits nesting (0.2.5 on: 1,000 levels, so its recursive composer cannot exhaust the C stack),
# no alias ("*", which the alias limit counts), values nested at most _FAST_YAML_DEPTH deep (the
# Python loader, which recurses three or four calls a level, reads those without a RecursionError),
# and any error read again by the Python loader, whose message is the one reported.
_FAST_YAML_DEPTH = 32


@functools.cache
def _fast_loader() -> Any:
    """libyaml's safe loader class, or None where it is missing or does not limit nesting."""
    import yaml

    try:
        from yaml import _yaml

        limits_nesting = tuple(_yaml.get_version()) >= (0, 2, 5)
    except (ImportError, AttributeError, TypeError):
        limits_nesting = False
    return getattr(yaml, "CSafeLoader", None) if limits_nesting else None


def _fast_yaml(body: str) -> tuple[bool, Any]:
    """(True, data) when libyaml read ``body`` as the Python loader would, else (False, None)."""
    import yaml

    loader = _fast_loader()
    if loader is None or "*" in body:
        return False, None
    try:
        data = yaml.load(body, Loader=loader)  # noqa: S506 - the safe loader
    except (yaml.YAMLError, ValueError, RecursionError):
        return False, None
    return (True, data) if _shallow(data) else (False, None)


def _shallow(data: Any) -> bool:
    """Whether no value in ``data`` (a tree: no aliases) is nested deeper than _FAST_YAML_DEPTH."""
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, (list, tuple, set)):
            children = value
        else:
            continue
        if depth == _FAST_YAML_DEPTH:
            return False
        stack.extend((child, depth + 1) for child in children)
    return True


def _load_yaml(body: str) -> Any:
    import yaml

    done, data = _fast_yaml(body)
    if done:
        return data
    try:
        return yaml.load(body, Loader=_bounded_loader())  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at front-matter line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ValueError(f"invalid YAML front matter{where}: {problem}") from None
    except RecursionError:
        raise ValueError("invalid YAML front matter: nested too deeply") from None


def _load_toml(body: str) -> Any:
    from reportlint import _toml as toml

    try:
        return toml.loads(body)
    except toml.TOMLDecodeError as exc:
        raise ValueError(f"invalid TOML front matter: {exc}") from None
    except RecursionError:
        raise ValueError("invalid TOML front matter: nested too deeply") from None


def flatten(values: dict[str, Any]) -> dict[str, str]:
    """Scalar keys as text; one level of tables (``[advisory] date = ...``) is lifted up."""
    flat: dict[str, str] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            for inner_key, inner in value.items():
                if _is_scalar(inner):
                    flat.setdefault(str(inner_key), _scalar_text(inner))
        elif _is_scalar(value):
            flat[str(key)] = _scalar_text(value)
    return flat


def field_values(values: dict[str, Any]) -> dict[str, str]:
    """What the front matter states as fields: :func:`flatten`'s scalars, and each non-empty list
    (``authors: [a, b]``, a YAML list of names) as its items' text joined by ", ". An item that is
    a mapping (``- name: A``) gives its scalar values; an empty list states nothing."""
    fields: dict[str, str] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            for inner_key, inner in value.items():
                text = _field_text(inner)
                if text is not None:
                    fields.setdefault(str(inner_key), text)
        else:
            text = _field_text(value)
            if text is not None:
                fields[str(key)] = text
    return fields


def _field_text(value: Any) -> str | None:
    if _is_scalar(value):
        return _scalar_text(value)
    if not isinstance(value, (list, tuple)):
        return None
    items = []
    for item in value:
        if isinstance(item, dict):
            item = " ".join(_scalar_text(v) for v in item.values() if _is_scalar(v) and v is not None)
        elif not _is_scalar(item):
            continue
        text = _scalar_text(item).strip()
        if text:
            items.append(text)
    return ", ".join(items) if items else None


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list, tuple, set))


def _scalar_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
