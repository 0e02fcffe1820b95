"""The ``replay`` command line. Each subcommand lives in the module of its stage and is
imported only when invoked, so ``replay --help`` stays fast and nothing imports locust."""

from __future__ import annotations

import importlib
import sys

import click

from replay import __version__
from replay.console import error
from replay.errors import ReplayError

__all__ = ["main"]

# name -> "module:attribute" of a click command
COMMANDS: dict[str, str] = {
    "capture": "replay.capture.cli:capture",
    "inspect": "replay.inspect:inspect_cmd",
    "import": "replay.formats.cli:import_cmd",
    "export": "replay.formats.cli:export_cmd",
    "demo": "replay.demo.cli:demo",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="replay")
def cli() -> None:
    """Capture production-like HTTP traffic, reshape it, and rehearse a release against staging."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: bad input is one line on stderr and exit code 2, never a traceback."""
    try:
        rc = cli.main(args=argv, prog_name="replay", standalone_mode=False)
    except click.exceptions.Exit as e:
        rc = e.exit_code
    except click.ClickException as e:
        hint = ""
        if isinstance(e, click.UsageError) and e.ctx is not None:
            hint = f" (see '{e.ctx.command_path} --help')"
        error(f"{e.format_message()}{hint}")
        rc = 2
    except ReplayError as e:
        error(str(e))
        rc = e.exit_code
    except (KeyboardInterrupt, click.Abort):
        error("interrupted")
        rc = 130
    sys.exit(rc if isinstance(rc, int) else 0)
