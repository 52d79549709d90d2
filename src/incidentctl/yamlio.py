"""Fast, safe YAML loading that keeps the 1-based line and column of keys and values.

The loader drives libyaml's C event parser (PyYAML's ``_yaml`` extension) and
composes plain Python containers itself. A composer that builds a node object with
two marks for every scalar is several times slower than the events alone (and
ruamel.yaml's pure-Python parser about six times slower than promtool); here a
mapping is a :class:`Map` (a ``dict`` that also knows where each key and value
starts) and a sequence is a :class:`Seq` (a ``list`` that knows where each item
starts). Scalars stay ``str`` (or ``None`` for a plain null) unless ``typed=True``,
which matches how Prometheus (Go yaml.v3) reads a scalar into a string field.

Anchors and aliases share one object, as Prometheus reads them; ``<<`` merge keys
are honoured. Duplicate keys and complex keys are reported as problems with their
position, not raised, so one bad key never hides the rest of the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# libyaml through PyYAML, not ruamel.yaml.clibz: clibz's libyaml fork refuses valid
# YAML such as a colon inside a flow scalar (Backstage's ``memberOf: [group:a/b]``).
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from incidentctl.errors import SourceError

_Parser: Any
try:
    from yaml import YAMLError as _CYAMLError
    from yaml._yaml import CParser as _CParser

    _Parser = _CParser
    _ERRORS: tuple[type[BaseException], ...] = (_CYAMLError,)
    C_PARSER = True
except ImportError:  # pragma: no cover - only where PyYAML has no C extension
    _Parser = None
    _ERRORS = ()
    C_PARSER = False

_ERRORS = (*_ERRORS, YAMLError)

Position = tuple[int, int]

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")


class Plain(str):
    """A plain scalar kept as text that typed YAML would read as a bool or number.

    Prometheus (Go yaml.v3) reads such a scalar into a string field as its text, but
    Kubernetes refuses it where a string is required (labels, annotations).
    """

    __slots__ = ()


_NON_STRING = re.compile(
    r"(?:[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
    r"|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N)\Z"
)


class Map(dict[Any, Any]):
    """A YAML mapping: a dict that knows the position of itself, its keys and values."""

    __slots__ = ("col", "kpos", "line", "vpos")

    line: int
    col: int
    kpos: dict[Any, Position]
    vpos: dict[Any, Position]

    def key_pos(self, key: Any) -> Position:
        """Where ``key`` starts, or where the mapping starts when the key is absent."""
        return self.kpos.get(key, (self.line, self.col))

    def value_pos(self, key: Any) -> Position:
        """Where the value of ``key`` starts, or the mapping's start when absent."""
        return self.vpos.get(key, (self.line, self.col))


class Seq(list[Any]):
    """A YAML sequence: a list that knows the position of itself and of every item."""

    __slots__ = ("col", "line", "pos")

    line: int
    col: int
    pos: list[Position]


@dataclass(frozen=True)
class YamlProblem:
    """Something libyaml accepts but Prometheus (yaml.v3) refuses: a duplicate key."""

    line: int
    column: int
    message: str


class YamlSyntaxError(Exception):
    """The text is not YAML; carries the parser's 1-based position."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Document:
    """One document of a YAML stream: its root value and where it starts."""

    root: Any
    line: int
    column: int


@dataclass
class Composed:
    """Every document of a stream and every problem found while composing it."""

    documents: list[Document] = field(default_factory=list)
    problems: list[YamlProblem] = field(default_factory=list)


def read_text(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a file as UTF-8 text; refuse binary, oversized or non-UTF-8 input."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise SourceError(f"cannot read file: {exc.strerror or exc}", path) from exc
    return decode(data, path, max_bytes)


def decode(data: bytes, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode bytes the way Prometheus reads a rule file (UTF-8, an optional BOM)."""
    if len(data) > max_bytes:
        raise SourceError(
            f"file is larger than {max_bytes // (1024 * 1024)} MiB; "
            "raise --max-file-size to lint it",
            path,
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError("file is UTF-16 encoded; save it as UTF-8", path, 1, 1)
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        line, col = _byte_position(data, nul)
        raise SourceError(
            "binary file (NUL byte); not a YAML document", path, line, col
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(data, exc.start)
        raise SourceError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            path,
            line,
            col,
        ) from exc


def _byte_position(data: bytes, offset: int) -> Position:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


def _events(text: str) -> Iterator[Any]:
    if _Parser is not None:
        parser = _Parser(text)
        get = parser.get_event
        while True:
            event = get()
            yield event
            if type(event).__name__ == "StreamEndEvent":
                return
    from ruamel.yaml.parser import Parser  # pragma: no cover
    from ruamel.yaml.reader import Reader  # pragma: no cover
    from ruamel.yaml.scanner import Scanner  # pragma: no cover

    class _Loader(Reader, Scanner, Parser):  # pragma: no cover
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream, loader=self)
            Scanner.__init__(self, loader=self)
            Parser.__init__(self, loader=self)

    loader = _Loader(text)  # pragma: no cover
    while loader.check_event():  # pragma: no cover
        yield loader.get_event()


def _typed(value: str) -> Any:
    """Resolve a plain scalar by the YAML 1.2 core schema."""
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value) and value not in (".", "-", "+"):
        return float(value)
    return value


def compose(text: str, typed: bool = False) -> Composed:
    """Compose every document of ``text``; raise YamlSyntaxError on bad YAML."""
    try:
        return _compose(text, typed)
    except _ERRORS as exc:
        raise _syntax_error(exc) from None
    except RecursionError:  # libyaml never recurses here, but be safe
        raise YamlSyntaxError("document is nested too deeply", 1, 1) from None


def _syntax_error(exc: BaseException) -> YamlSyntaxError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"{context}: {problem}" if context and problem != context else problem
    if mark is None and isinstance(exc, MarkedYAMLError):  # pragma: no cover
        mark = exc.problem_mark
    if mark is None:
        return YamlSyntaxError(str(message), 1, 1)
    return YamlSyntaxError(str(message), mark.line + 1, mark.column + 1)


def _compose(text: str, typed: bool) -> Composed:  # noqa: PLR0912, PLR0915
    # One flat loop over the event stream with an explicit stack: no recursion, so
    # deep nesting cannot overflow, and no per-node objects beyond the containers.
    out = Composed()
    stack: list[list[Any]] = []  # [container, pending key, key position, merges]
    anchors: dict[str, Any] = {}
    problems = out.problems
    for event in _events(text):
        kind = type(event).__name__
        if kind == "ScalarEvent":
            raw = event.value
            if (
                not event.style and event.implicit[0]
            ):  # plain ("" in libyaml, None in ruamel)
                if typed:
                    value: Any = _typed(raw)
                elif raw in _NULLS:
                    value = None
                elif _NON_STRING.match(raw):
                    value = Plain(raw)
                else:
                    value = raw
            else:
                value = raw
            mark = event.start_mark
            if event.anchor is not None:
                anchors[event.anchor] = value
        elif kind == "MappingStartEvent":
            mark = event.start_mark
            node = Map()
            node.line, node.col, node.kpos, node.vpos = (
                mark.line + 1,
                mark.column + 1,
                {},
                {},
            )
            if event.anchor is not None:
                anchors[event.anchor] = node
            stack.append([node, _NO_KEY, None, None])
            continue
        elif kind == "SequenceStartEvent":
            mark = event.start_mark
            seq = Seq()
            seq.line, seq.col, seq.pos = mark.line + 1, mark.column + 1, []
            if event.anchor is not None:
                anchors[event.anchor] = seq
            stack.append([seq, _NO_KEY, None, None])
            continue
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            frame = stack.pop()
            value = frame[0]
            if frame[3]:
                _apply_merges(value, frame[3], problems)
            mark = None
        elif kind == "AliasEvent":
            mark = event.start_mark
            if event.anchor not in anchors:
                raise YamlSyntaxError(
                    f"unknown alias *{event.anchor}", mark.line + 1, mark.column + 1
                )
            value = anchors[event.anchor]
        elif kind == "DocumentStartEvent":
            anchors = {}
            continue
        else:  # StreamStart, DocumentEnd, StreamEnd
            continue
        position = (
            (value.line, value.col)
            if mark is None
            else (mark.line + 1, mark.column + 1)
        )
        if not stack:
            out.documents.append(Document(value, position[0], position[1]))
            continue
        _attach(stack[-1], value, position, problems)
    return out


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()


def _attach(
    frame: list[Any], value: Any, position: Position, problems: list[YamlProblem]
) -> None:
    container = frame[0]
    if type(container) is Seq:
        container.append(value)
        container.pos.append(position)
        return
    if frame[1] is _NO_KEY:
        if isinstance(value, (Map, Seq)):
            problems.append(
                YamlProblem(
                    position[0],
                    position[1],
                    "a mapping key must be a plain value, not a "
                    + ("mapping" if isinstance(value, Map) else "list"),
                )
            )
            value = _COMPLEX_KEY
        frame[1] = "" if value is None else value
        frame[2] = position
        return
    key = frame[1]
    frame[1] = _NO_KEY
    if key is _COMPLEX_KEY:
        return
    if key == "<<":
        frame[3] = (frame[3] or []) + [(value, position)]
        return
    if key in container:
        first = container.kpos[key]
        problems.append(
            YamlProblem(
                frame[2][0],
                frame[2][1],
                f'mapping key "{key}" already defined at line {first[0]}',
            )
        )
        return
    container[key] = value
    container.kpos[key] = frame[2]
    container.vpos[key] = position


class _ComplexKey:
    __slots__ = ()


_COMPLEX_KEY = _ComplexKey()


def _apply_merges(
    node: Map, merges: list[tuple[Any, Position]], problems: list[YamlProblem]
) -> None:
    """Apply ``<<`` merge keys: explicit keys win, then earlier merge sources."""
    for source, position in merges:
        sources = source if isinstance(source, Seq) else [source]
        for item in sources:
            if not isinstance(item, Map):
                problems.append(
                    YamlProblem(
                        position[0], position[1], "merge key << needs a mapping"
                    )
                )
                continue
            for key, value in item.items():
                if key not in node:
                    node[key] = value
                    node.kpos[key] = item.kpos[key]
                    node.vpos[key] = item.vpos[key]


def plain(value: Any) -> Any:
    """Strip positions: Map → dict, Seq → list, recursively (for small documents)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def dump_documents(documents: list[Any]) -> str:
    """Dump dicts and lists as one deterministic YAML stream (block style, order kept).

    ruamel.yaml's safe dumper does the quoting (``'='``, ``'#channel'``, ``'30m'``
    stay strings); a document separator starts every document after the first.
    """
    from io import StringIO

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = StringIO()
    yaml.dump_all(documents, stream)
    return stream.getvalue()
