"""`gapreview review` as a user runs it: real process, real offline pipeline, bad input handled."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agents.schemas import ProposalEvidence, ReviewReport

REPO = Path(__file__).resolve().parents[2]
GAPREVIEW = [sys.executable, "-c", "from app.cli import main; main()"]
SHORT = "# Badge login\n\nWe propose that pickers log in to the WMS with their badge from 1 March 2027.\n"


def run(args: list[str], home: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GAPREVIEW_HOME": str(home)}
    env.pop("GAPREVIEW_MODEL", None)
    return subprocess.run(GAPREVIEW + args, input=stdin, capture_output=True, env=env, cwd=REPO, timeout=300)


def assert_clean_error(result: subprocess.CompletedProcess[bytes], *needles: str) -> None:
    stderr = result.stderr.decode()
    assert result.returncode != 0
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    for needle in needles:
        assert needle in stderr
    assert result.stdout == b""


def test_json_report_from_stdin_is_valid_and_grounded(isolated_home: Path) -> None:
    result = run(["review", "-", "--format", "json", "--no-kb"], isolated_home, SHORT.encode())
    assert result.returncode == 0, result.stderr.decode()
    report = ReviewReport.model_validate_json(result.stdout)
    assert (report.findings or report.appendix) and report.meta.mode == "builtin"
    for finding in report.findings + report.appendix:
        for ev in finding.evidence:
            if isinstance(ev, ProposalEvidence):
                assert ev.quote in SHORT


def test_markdown_report_from_file(isolated_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "badge.md"
    path.write_text(SHORT, encoding="utf-8")
    result = run(["review", str(path), "--no-kb"], isolated_home)
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert out.startswith("# Gap review: badge")
    assert "Stage: exploring" in out


def test_builtin_review_never_imports_litellm(isolated_home: Path) -> None:
    code = (
        "import sys\nfrom app.cli import app\nfrom typer.testing import CliRunner\n"
        f"r = CliRunner().invoke(app, ['review', '-', '--no-kb', '--format', 'json'], input={SHORT!r})\n"
        "assert r.exit_code == 0, r.output\n"
        "print('litellm' in sys.modules)\n"
    )
    env = {**os.environ, "GAPREVIEW_HOME": str(isolated_home)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, cwd=REPO, timeout=300)
    assert out.returncode == 0, out.stderr.decode()
    assert out.stdout.decode().strip().splitlines()[-1] == "False"


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "empty"),
        (b"   \n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 50, "not valid UTF-8"),
    ],
)
def test_bad_files_get_one_clear_line(isolated_home: Path, tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes(content)
    assert_clean_error(run(["review", str(path)], isolated_home), needle, "draft.txt")


def test_windows_1252_text_is_decoded(isolated_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "notitie.txt"
    path.write_bytes("# Coördinatie\n\nWe stellen voor om de café-kassa te vervangen.\n".encode("cp1252"))
    result = run(["review", str(path), "--format", "json", "--no-kb"], isolated_home)
    assert result.returncode == 0, result.stderr.decode()
    assert "café-kassa" in json.dumps(json.loads(result.stdout), ensure_ascii=False)


def test_oversized_file_names_the_limit(isolated_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_text("word " * 50_000, encoding="utf-8")
    assert_clean_error(run(["review", str(path)], isolated_home), "200,000 bytes")


def test_missing_file_and_unknown_format(isolated_home: Path) -> None:
    assert_clean_error(run(["review", "no/such/file.md"], isolated_home), "file not found")
    assert_clean_error(run(["review", "-", "--format", "xml"], isolated_home, SHORT.encode()), "--format")


def test_docx_and_pdf_uploads_are_read(tmp_path: Path) -> None:
    import docx

    from app.documents import read_document

    path = tmp_path / "draft.docx"
    document = docx.Document()
    document.add_heading("Badge login", level=1)
    document.add_paragraph("Pickers log in with their badge.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Go-live", "1 March 2027"
    document.save(str(path))
    expected = "# Badge login\n\nPickers log in with their badge.\n\nGo-live | 1 March 2027\n"
    assert read_document(path, 200_000) == expected
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really a pdf")
    from core.errors import InputError

    with pytest.raises(InputError, match="broken.pdf"):
        read_document(broken, 200_000)
