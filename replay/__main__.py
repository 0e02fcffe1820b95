import sys

try:
    from replay.cli import main
except KeyboardInterrupt:  # Ctrl-C while the command line loads (0.3 s): as Ctrl-C later, not a traceback
    print("replay: error: interrupted", file=sys.stderr, flush=True)
    sys.exit(130)

main()
