"""The editor the app hands an article's file to: `$VISUAL`, else `$EDITOR`, and what went
wrong with it, in words."""

from __future__ import annotations

import sys
from pathlib import Path

from reader.ui.editing import NO_EDITOR, editor_command, run_editor


def test_visual_comes_before_editor_and_is_split_like_a_shell() -> None:
    environ = {"VISUAL": "code --wait '--name=my notes'", "EDITOR": "vi"}
    assert editor_command(environ) == ["code", "--wait", "--name=my notes"]
    assert editor_command({"VISUAL": "  ", "EDITOR": "nano -w"}) == ["nano", "-w"]


def test_no_editor_set_says_how_to_set_one() -> None:
    assert editor_command({}) == NO_EDITOR
    assert editor_command({"VISUAL": "", "EDITOR": " "}) == NO_EDITOR


def test_an_editor_that_is_not_a_command_line_says_so() -> None:
    assert editor_command({"EDITOR": "vim 'unclosed"}) == (
        "$EDITOR is not a command line (No closing quotation): vim 'unclosed"
    )


def test_the_editor_gets_the_file_and_its_failures_are_worded(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("before")
    append = [sys.executable, "-c", "import sys; open(sys.argv[1], 'a').write(' after')"]
    assert run_editor(append, article) is None
    assert article.read_text() == "before after"
    failing = [sys.executable, "-c", "raise SystemExit(4)"]
    assert run_editor(failing, article) == f"The editor {sys.executable!r} exited with status 4."
    missing = ["/nonexistent/editor"]
    assert run_editor(missing, article) == (
        "The editor '/nonexistent/editor' was not found: check $VISUAL or $EDITOR."
    )
    not_a_program = [str(tmp_path)]
    assert run_editor(not_a_program, article) == (
        f"The editor {str(tmp_path)!r} could not be started: Permission denied."
    )
