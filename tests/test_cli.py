from __future__ import annotations

from tests.conftest import assert_bad_input, run_replay


def test_help_lists_commands() -> None:
    proc = run_replay("--help")
    assert proc.returncode == 0
    for name in ("capture", "inspect", "import", "export", "demo"):
        assert name in proc.stdout


def test_unknown_option() -> None:
    assert_bad_input(run_replay("inspect", "--frobnicate", "x"), "--frobnicate")


def test_unknown_command() -> None:
    assert_bad_input(run_replay("frobnicate"), "frobnicate")


def test_missing_required_option() -> None:
    assert_bad_input(run_replay("capture", "--out", "x.jsonl"), "--upstream")


def test_every_command_resolves() -> None:
    """Each COMMANDS entry names an importable click command (help lists them without importing)."""
    import click

    from replay.cli import COMMANDS, cli

    ctx = click.Context(cli)
    for name in COMMANDS:
        assert isinstance(cli.get_command(ctx, name), click.Command), name
