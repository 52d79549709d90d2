"""Hostile input: every bad file gets one clear finding at file:line:col, and never stops the others."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import GOOD_RULES

GOOD = GOOD_RULES


def _lint(cli, directory: Path) -> dict:  # type: ignore[no-untyped-def, type-arg]
    result = cli("lint", str(directory), "-f", "json", "-j", "1")
    assert result.code in (0, 1), result.err
    assert result.err == ""
    return json.loads(result.out)  # type: ignore[no-any-return]


def _messages(data: dict) -> dict[str, list[str]]:  # type: ignore[type-arg]
    out: dict[str, list[str]] = {}
    for finding in data["findings"]:
        name = finding["path"].rsplit("/", 1)[1]
        out.setdefault(name, []).append(
            f"{finding['line']}:{finding['column']} {finding['rule_id']} {finding['message']}"
        )
    return out


def test_each_bad_file_gets_its_finding_and_the_good_file_is_still_linted(
    cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    files = {
        "good.yaml": GOOD.encode(),
        "binary.yaml": b"\x7fELF\x02\x01\x01\x00\x00\x00",
        "latin1.yaml": "groups:\n- name: caf\xe9\n".encode("latin-1"),
        "utf16.yaml": "groups: []\n".encode("utf-16"),
        "bom-crlf.yaml": b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode(),
        "tabs.yaml": b"groups:\n\t- name: a\n",
        "dupkeys.yaml": b"groups:\n  - name: a\n    rules: []\n    name: b\n",
        "empty.yaml": b"",
        "null.yaml": b"null\n",
        "braces.yaml": b"{}\n",
        "comments.yaml": b"# nothing here\n",
        "deep.yaml": b"groups: " + b"[" * 20000 + b"]" * 20000 + b"\n",
        "list.json": b'{"groups": [{"name": "a", "rules": [{"record": "a:b", "expr": "up"}]}]}',
        "tabbed.json": b'{\n\t"groups": [\n\t\t{"name": "a", "rules": []}\n\t]\n}\n',
        "na\u00efve \u2603 name.yaml": GOOD.encode(),
        "-rf.yaml": GOOD.encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    data = _lint(cli, tmp_path)
    messages = _messages(data)
    assert data["summary"]["files"] == len(files)
    assert messages["binary.yaml"] == [
        "1:8 IC004 binary file (NUL byte); not a YAML document"
    ]
    assert messages["latin1.yaml"] == [
        "2:12 IC004 not valid UTF-8 (byte 0xe9); save the file as UTF-8"
    ]
    assert messages["utf16.yaml"] == [
        "1:1 IC004 file is UTF-16 encoded; save it as UTF-8"
    ]
    assert messages["tabs.yaml"][0].startswith("2:1 IC001 YAML syntax error")
    assert messages["dupkeys.yaml"] == [
        '4:5 IC001 mapping key "name" already defined at line 2'
    ]
    assert messages["deep.yaml"][0].startswith("1:")
    for clean in (
        "good.yaml",
        "bom-crlf.yaml",
        "empty.yaml",
        "null.yaml",
        "braces.yaml",
        "comments.yaml",
        "list.json",
        "tabbed.json",
        "na\u00efve \u2603 name.yaml",
        "-rf.yaml",
    ):
        assert clean not in messages, messages.get(clean)
    assert data["summary"]["alerts"] == 4  # good, bom-crlf, the two hostile names
    assert data["summary"]["records"] == 1


def test_crlf_positions_match_lf_positions(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = GOOD.replace("          summary: Checkout is down\n", "")
    (tmp_path / "lf.yaml").write_bytes(bad.encode())
    (tmp_path / "crlf.yaml").write_bytes(bad.replace("\n", "\r\n").encode())
    found = _messages(_lint(cli, tmp_path))
    assert found["lf.yaml"] == found["crlf.yaml"]


def test_a_50_mb_file_gets_one_line_not_a_hang(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        chunk = (
            b"# padding padding padding padding padding padding padding padding\n"
            * 16384
        )
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    (tmp_path / "good.yaml").write_text(GOOD)
    messages = _messages(_lint(cli, tmp_path))
    assert messages == {
        "big.yaml": [
            "1:1 IC004 file is larger than 32 MiB; raise --max-file-size to lint it"
        ]
    }
