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
    # uv (itself from the registry) installs what pip would, fetching and compiling in parallel: about a
    # fifth of pip's time on a fresh clone. uv reads no pip.conf, so pip's own settings (indexes, find-links,
    # constraints, from its files and PIP_* variables) are handed to it, with pip's rule of the best version
    # across indexes; where uv cannot be had or cannot install, pip does it. REPLAY_NO_UV=1 skips uv.
    uv_args=(--quiet --compile-bytecode --python .venv/bin/python --index-strategy unsafe-best-match)
    while IFS='=' read -r key value; do
        value="${value#\'}" && value="${value%\'}"
        case "${key##*.}" in
            index-url) uv_args+=(--index-url "$value") ;;
            extra-index-url) for v in $value; do uv_args+=(--extra-index-url "$v"); done ;;
            find-links) for v in $value; do uv_args+=(--find-links "$v"); done ;;
            constraint) for v in $value; do uv_args+=(--constraint "$v"); done ;;
        esac
    done < <(.venv/bin/python -m pip config list 2>/dev/null || true)
    if [ -n "${REPLAY_NO_UV:-}" ] || ! { quiet_pip uv && .venv/bin/uv pip install "${uv_args[@]}" -e ".${extra:+[$extra]}"; }; then
        quiet_pip -e ".${extra:+[$extra]}"
    fi
    touch "$stamp"
fi
export PATH="$root/.venv/bin:$PATH"
