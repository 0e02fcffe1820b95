"""``python -m replay`` and the ``replay`` console script ([project.scripts] points at ``run``)."""

import sys


def run() -> None:
    """Load the command line and run it. Ctrl-C while it loads (importing click and the commands, 0.3 s) ends
    as Ctrl-C later does, exit 130 and one line: a pip- or uv-generated script imports its entry point's module
    before any handler is set, so the import of replay.cli is made here, inside the try, not in the script."""
    try:
        from replay.cli import main
    except KeyboardInterrupt:
        print("replay: error: interrupted", file=sys.stderr, flush=True)
        sys.exit(130)
    main()


if __name__ == "__main__":
    run()
