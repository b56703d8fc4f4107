"""Named analyses of one document: each computed once per document and options, on first use.

Several rules need the same derived view of a report (its timelines, the evidence around each
sentence, the facts of its source material). An :class:`Analysis` names that computation; the
engine gives every document one :class:`Analyses` store, so a result is shared by the rules that
ask for it and is dropped with the document. No rule builds a cache key: the key is the
analysis itself and its options, which must be hashable and frozen (a tuple or a NamedTuple).
"""
from __future__ import annotations

import inspect
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast, overload

if TYPE_CHECKING:
    from reportlint._document import Document

_Result = TypeVar("_Result")
_Options = TypeVar("_Options", bound=Hashable)


class Analysis(Generic[_Options, _Result]):
    """A named, pure function of a document (through its :class:`Analyses`) and frozen options."""

    __slots__ = ("name", "compute")

    def __init__(self, name: str, compute: Callable[[Analyses, _Options], _Result]) -> None:
        self.name = name
        self.compute = compute

    def __repr__(self) -> str:
        return f"Analysis({self.name})"


@overload
def analysis(func: Callable[[Analyses], _Result]) -> Analysis[None, _Result]: ...
@overload
def analysis(func: Callable[[Analyses, _Options], _Result]) -> Analysis[_Options, _Result]: ...
def analysis(func: Callable[..., Any]) -> Analysis[Any, Any]:
    """Declare an analysis: ``func(analyses)`` or ``func(analyses, options)``."""
    name = f"{func.__module__}.{func.__qualname__}"
    if len(inspect.signature(func).parameters) == 1:
        return Analysis(name, lambda analyses, _options: func(analyses))
    return Analysis(name, func)


class Analyses:
    """The analyses of one document, made by the engine for it and dropped with it."""

    __slots__ = ("doc", "_results")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._results: dict[tuple[Analysis[Any, Any], Hashable], object] = {}

    @overload
    def get(self, analysis: Analysis[None, _Result]) -> _Result: ...
    @overload
    def get(self, analysis: Analysis[_Options, _Result], options: _Options) -> _Result: ...
    def get(self, analysis: Analysis[Any, _Result], options: Hashable = None) -> _Result:
        """The result of ``analysis`` with ``options`` for this document, computed on first use."""
        key = (analysis, options)
        try:
            return cast(_Result, self._results[key])
        except KeyError:
            result = self._results[key] = analysis.compute(self, options)
            return result
