"""The CLI tells a user in one line which file it could not read, instead of a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from articles_tools import cli


@pytest.mark.parametrize("command", ["tag", "parse"])
def test_a_file_that_cannot_be_read_is_one_clear_line(command: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no such article.txt"
    assert cli.main([command, str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"articles {command}: cannot read {missing}: No such file or directory"
    assert cli.main([command, str(tmp_path)]) == 2  # a directory
    assert "Is a directory" in capsys.readouterr().err


def test_tag_reads_standard_input_when_the_file_is_a_dash(monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import json

    monkeypatch.setattr("sys.stdin", io.StringIO("Egyptian Foreign Minister Sameh Shoukry arrived in Cairo."))
    assert cli.main(["tag", "-"]) == 0
    names = [json.loads(line)["name"] for line in capsys.readouterr().out.splitlines()]
    assert "Sameh Shoukry" in names and "Cairo" in names
