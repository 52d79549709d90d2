"""The positioned YAML loader: positions, aliases, merge keys, and every kind of bad input."""

from __future__ import annotations

import pytest

from incidentctl import yamlio
from incidentctl.errors import SourceError


def root(text: str, typed: bool = False) -> yamlio.Map:
    composed = yamlio.compose(text, typed=typed)
    assert not composed.problems, composed.problems
    node = composed.documents[0].root
    assert isinstance(node, yamlio.Map)
    return node


def test_positions_are_one_based_for_keys_values_and_items() -> None:
    node = root(
        "groups:\n  - name: a\n    rules:\n      - alert: X\n        expr: up\n"
    )
    assert node.key_pos("groups") == (1, 1)
    groups = node["groups"]
    assert groups.pos == [(2, 5)]
    rule = groups[0]["rules"][0]
    assert rule.key_pos("expr") == (5, 9)
    assert rule.value_pos("expr") == (5, 15)


def test_raw_scalars_stay_text_and_plain_nulls_are_none() -> None:
    node = root("a: 1\nb: true\nc: ~\nd:\ne: 'null'\nf: \"5m\"\n")
    assert node == {"a": "1", "b": "true", "c": None, "d": None, "e": "null", "f": "5m"}
    assert type(node["a"]) is yamlio.Plain and type(node["f"]) is str


def test_typed_mode_resolves_the_core_schema() -> None:
    node = root("a: 1\nb: true\nc: 1.5\nd: ~\ne: '1'\nf: 0x1\n", typed=True)
    assert node == {"a": 1, "b": True, "c": 1.5, "d": None, "e": "1", "f": "0x1"}


def test_anchors_aliases_and_merge_keys_work_as_prometheus_reads_them() -> None:
    text = (
        "base: &labels {team: a, severity: P1}\n"
        "rule:\n  labels:\n    <<: *labels\n    severity: P0\n"
        "same: *labels\n"
    )
    node = root(text)
    assert node["rule"]["labels"] == {"severity": "P0", "team": "a"}
    assert node["same"] is node["base"]
    assert node["rule"]["labels"].key_pos("severity") == (5, 5)


def test_duplicate_keys_are_problems_with_positions_and_first_wins() -> None:
    composed = yamlio.compose("a: 1\nb: 2\na: 3\n")
    assert composed.problems == [
        yamlio.YamlProblem(3, 1, 'mapping key "a" already defined at line 1')
    ]
    assert composed.documents[0].root["a"] == "1"


def test_complex_keys_are_problems_not_crashes() -> None:
    composed = yamlio.compose("? [a, b]\n: 1\nc: 2\n")
    assert composed.problems[0].line == 1
    assert composed.documents[0].root == {"c": "2"}


def test_multi_document_streams_keep_each_start() -> None:
    composed = yamlio.compose("a: 1\n---\n# only a comment\n---\nb: 2\n")
    assert [(d.root, d.line) for d in composed.documents] == [
        ({"a": "1"}, 1),
        (None, 4),
        ({"b": "2"}, 5),
    ]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: [1, 2\n", 2, 1),
        ("a:\n\tb: 1\n", 2, 1),
        ("a: b: c\n", 1, 5),
        ("*unknown\n", 1, 1),
    ],
)
def test_syntax_errors_carry_the_parser_position(
    text: str, line: int, column: int
) -> None:
    with pytest.raises(yamlio.YamlSyntaxError) as info:
        yamlio.compose(text)
    assert (info.value.line, info.value.column) == (line, column)


def test_deep_nesting_is_an_error_or_a_value_never_a_crash() -> None:
    text = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    try:
        yamlio.compose(text)
    except yamlio.YamlSyntaxError as exc:
        assert exc.line == 1


def test_crlf_and_bom_are_read_like_lf() -> None:
    text = yamlio.decode(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n", "f.yaml")
    node = root(text)
    assert node == {"a": "1", "b": "2"}
    assert node.key_pos("b") == (2, 1)


@pytest.mark.parametrize(
    ("data", "message", "position"),
    [
        (b"a: 1\n\x89PNG\x00\x00", "binary file", (2, 5)),
        (b"a: caf\xe9\n", "not valid UTF-8 (byte 0xe9)", (1, 7)),
        (b"\xff\xfea\x00", "UTF-16", (1, 1)),
    ],
)
def test_unreadable_bytes_get_one_clear_error(
    data: bytes, message: str, position: tuple[int, int]
) -> None:
    with pytest.raises(SourceError) as info:
        yamlio.decode(data, "f.yaml")
    assert message in info.value.message
    assert (info.value.line, info.value.column) == position


def test_files_over_the_limit_are_refused_before_parsing() -> None:
    with pytest.raises(SourceError, match="larger than 1 MiB"):
        yamlio.decode(b"a" * (1024 * 1024 + 1), "big.yaml", max_bytes=1024 * 1024)
