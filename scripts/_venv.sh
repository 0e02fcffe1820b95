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
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra:+[$extra]}" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
    touch "$stamp"
fi
export PATH="$root/.venv/bin:$PATH"
