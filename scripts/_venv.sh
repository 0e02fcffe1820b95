# Sourced by scripts/*: make .venv if missing and install the project into it.
# Re-installs only when pyproject.toml is newer than the last install.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
extra="${venv_extra:-}"  # set by the calling script; not $1, which is the caller's own arguments
stamp=".venv/.installed${extra:+-$extra}"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "installing replay into .venv ${extra:+(with $extra extras)}" >&2
    quiet_pip() {  # pip, without its warning about each local index directory that lacks a package
        .venv/bin/python -m pip install --quiet --disable-pip-version-check "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
    }
    # uv (itself from the registry) installs the same versions as pip, fetching and compiling in parallel:
    # about a fifth of pip's time on a fresh clone. It reads no pip.conf, so where it cannot be had or
    # cannot install (a mirror only pip is told of), pip does it. REPLAY_NO_UV=1 skips it.
    if [ -n "${REPLAY_NO_UV:-}" ] || ! { quiet_pip uv && .venv/bin/uv pip install --quiet --compile-bytecode \
        --python .venv/bin/python -e ".${extra:+[$extra]}"; }; then
        quiet_pip -e ".${extra:+[$extra]}"
    fi
    touch "$stamp"
fi
export PATH="$root/.venv/bin:$PATH"
