"""The CLI: extract in every format, schema, and clean errors for bad input."""

from __future__ import annotations

import json

from click.testing import CliRunner

from eventwire.cli import main

from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "2024-03-14_arauca_strikes.txt"

STORY = "Sudanese soldiers clashed with Rapid Support Forces fighters in Omdurman on Sunday, residents said."


def test_cli_extract_json_on_example():
    result = CliRunner().invoke(main, ["extract", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["date"] == "2024-03-14"
    for key in ("actors", "events", "quotes", "casualties", "times", "places"):
        assert isinstance(record[key], list)
    assert any(a["code"] == "COLGOV" for a in record["actors"])


def test_cli_extract_table_shows_sections_and_evidence():
    result = CliRunner().invoke(main, ["extract", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    for section in ("ACTORS", "EVENTS", "QUOTES", "CASUALTIES", "TIMES", "PLACES"):
        assert section in result.output
    assert "[Defence Minister Laura Beltran]" in result.output


def test_cli_extract_batch_skips_bad_and_keeps_good(tmp_path):
    (tmp_path / "2024-06-02_good.txt").write_text(STORY)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.txt").write_bytes(b"\x00\xff" * 50)
    (tmp_path / "batch.jsonl").write_text('{"text": "' + STORY + ' Later.", "date": "2024-06-03"}\n{oops\n')
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert sorted(r["date"] for r in lines) == ["2024-06-02", "2024-06-03"]
    assert "empty" in result.stderr and "binary" in result.stderr and "broken JSON" in result.stderr
    assert "3 of 5 article(s) skipped" in result.stderr


def test_cli_extract_single_bad_file_fails_cleanly(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("   ")
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 1
    assert "article is empty" in result.stderr
    assert "Traceback" not in result.output


def test_cli_extract_bad_date_is_a_usage_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(STORY)
    result = CliRunner().invoke(main, ["extract", str(path), "--date", "31/12/2024"])
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output


def test_cli_extract_stdin():
    result = CliRunner().invoke(main, ["extract", "-", "--date", "2024-06-02", "--format", "jsonl"], input=STORY)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["date"] == "2024-06-02"


def test_cli_schema_is_json_schema():
    result = CliRunner().invoke(main, ["schema"])
    schema = json.loads(result.output)
    assert schema["title"] == "ArticleRecord"
    for key in ("actors", "events", "quotes", "casualties", "times", "places"):
        assert key in schema["properties"]


def test_cli_bench_unknown_task():
    result = CliRunner().invoke(main, ["bench", "nonsense"])
    assert result.exit_code != 0 and "unknown benchmark" in result.output
