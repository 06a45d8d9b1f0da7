"""Safe YAML loading that remembers the line of every mapping and list item, for error messages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, ValidationError
from .yamllines import LineDict as LineDict
from .yamllines import LineList as LineList
from .yamllines import line_of as line_of


class _Loader(yaml.SafeLoader):
    pass


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser (about 6x faster) with the same constructors; errors are re-read by _Loader for its messages."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be scalars", key_node.start_mark
            )
        skey = str(key) if not isinstance(key, str) else key
        result[skey] = loader.construct_object(value_node, deep=True)
        result.key_lines[skey] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp_as_text(loader: _Loader, node: yaml.ScalarNode) -> Any:
    # Keep dates as ISO text: reports and policies compare strings, and JSON cannot hold a date object.
    return loader.construct_scalar(node)


MAX_DEPTH = 128  # collections inside collections; real configs stay under 30


# Fast-path bounds: 2 * (31 + 1) + 2 * 7 + 31 = 109 < MAX_DEPTH.
_FAST_BRACKETS = 32
_DEEP_INDENT = re.compile(r"^[ \t]{32}", re.M)
_LONG_INDICATOR_RUN = re.compile(r"^[ \t]*(?:[-?:][ \t]+){8}", re.M)  # runs only when no indent reaches 32
_HAS_BREAK = re.compile("[\r\x85\u2028\u2029]")  # YAML 1.1 line breaks that ``^`` in re.M does not know
_BREAKS = str.maketrans({"\r": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})


class TooDeep(yaml.YAMLError):
    """A document nested deeper than MAX_DEPTH: refused before any recursive composer sees it."""

    def __init__(self, line: int | None) -> None:
        super().__init__(f"nested deeper than {MAX_DEPTH} levels")
        self.line = line


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Raise TooDeep when ``text`` nests collections deeper than ``limit``.

    PyYAML composes recursively (in C for libyaml, where older builds overflow the C stack and crash the process;
    in Python, where it raises RecursionError), so every loader of untrusted YAML calls this first. A block
    collection inside another starts at a deeper column at least every second level, either on a new line (deeper
    indentation) or after a compact indicator on the same line (``- - x``, ``? - x``); a flow collection needs a
    bracket. So depth <= 2 * (indent + 1) + 2 * indicators + brackets, and a document whose indentation, indicator
    runs and brackets are all small cannot be deep: three C-speed scans decide that for almost every file. Otherwise
    the event stream of libyaml's parser (iterative, no recursion) gives the exact depth.
    """
    probe = text.translate(_BREAKS) if _HAS_BREAK.search(text) else text
    if (
        probe.count("[") + probe.count("{") < _FAST_BRACKETS
        and not _DEEP_INDENT.search(probe)
        and not _LONG_INDICATOR_RUN.search(probe)
    ):
        return
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    opens = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    closes = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):  # noqa: S506 - events only, nothing is constructed
            if isinstance(event, opens):
                depth += 1
                if depth > limit:
                    mark = event.start_mark
                    raise TooDeep(mark.line + 1 if mark is not None else None)
            elif isinstance(event, closes):
                depth -= 1
    except TooDeep:
        raise
    except yaml.YAMLError:
        return  # a syntax error: the loader reports it, with its own message and line


for _cls in (_Loader, _FastLoader):
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def load_yaml_text(text: str, *, source: str) -> Any:
    """Parse YAML text safely; a syntax error becomes a ValidationError naming ``source`` and the line."""
    try:
        check_depth(text)
    except TooDeep as exc:
        raise ValidationError([Problem(source, exc.line, "", f"invalid YAML: {exc}")]) from None
    try:
        return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - derives from (C)SafeLoader
    except RecursionError:
        raise ValidationError([Problem(source, None, "", "invalid YAML: aliases nest too deep")]) from None
    except yaml.YAMLError:
        pass  # parse again with the pure-Python loader: same result, and the error messages users know
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ValidationError([Problem(source, line, "", f"invalid YAML: {exc.problem or exc}")]) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise ValidationError([Problem(source, None, "", f"invalid YAML: {exc}")]) from None


def load_yaml_file(path: Path, *, display: str | None = None) -> Any:
    """Read and parse a YAML file; unreadable or invalid files raise ValidationError."""
    source = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError([Problem(source, None, "", f"cannot read: {exc}")]) from None
    return load_yaml_text(text, source=source)
