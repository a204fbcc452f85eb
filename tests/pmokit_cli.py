"""Running the ``pmokit`` command in-process, as its entry point does, for the CLI tests."""

from __future__ import annotations

import pytest

from pmokit.generators import cli


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``pmokit ARGV`` through :func:`pmokit.generators.cli.main`: exit code, stdout, stderr."""
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
        raise SystemExit(0)
    captured = capsys.readouterr()
    return int(exit_.value.code or 0), captured.out, captured.err
