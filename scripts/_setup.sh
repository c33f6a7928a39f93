# shellcheck shell=bash
# Shared setup for scripts/demo, scripts/test and scripts/lock; source it, do not run it.
#
# After `newsevents_setup`, the repository root is the working directory and .venv/ holds
# exactly what requirements.lock pins (hash-checked) plus newsevents itself (editable).
# A hash of requirements.lock + pyproject.toml is kept in .venv/.installed-hash so that an
# unchanged checkout skips the install and starts in well under a second.

set -euo pipefail

NEWSEVENTS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$NEWSEVENTS_ROOT/.venv"
HASH_FILE="$VENV/.installed-hash"
# Never wait for an answer: CI runs without stdin.
export PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1

_log() { printf '[setup] %s\n' "$*" >&2; }

_is_py311() {
    "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1
}

# Print the interpreter to build .venv with: python3.11, else python3 when that is 3.11.
newsevents_pick_python() {
    local candidate
    for candidate in python3.11 python3; do
        # A pyenv shim may exist for a version that is not installed, so run it, not `command -v`.
        if _is_py311 "$candidate"; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    _log "newsevents needs Python 3.11 (python3.11, or python3 being 3.11); none was found."
    return 1
}

# Create .venv with Python 3.11 unless a working 3.11 one is already there.
newsevents_ensure_venv() {
    if [[ -x "$VENV/bin/python" ]] && _is_py311 "$VENV/bin/python"; then
        return 0
    fi
    local python
    python="$(newsevents_pick_python)"
    _log "creating .venv with $python"
    rm -rf "$VENV"
    "$python" -m venv "$VENV"
}

_wanted_hash() {
    cat "$NEWSEVENTS_ROOT/requirements.lock" "$NEWSEVENTS_ROOT/pyproject.toml" \
        | sha256sum | cut -d' ' -f1
}

# Uninstall what an earlier lock installed and this one no longer pins, so that .venv holds
# exactly the lock (plus newsevents itself and the installer).
_remove_unlocked() {
    local extra
    extra="$("$VENV/bin/python" scripts/lockcheck.py --unpinned requirements.lock)"
    if [[ -n "$extra" ]]; then
        _log "removing packages the lock no longer pins: $extra"
        # shellcheck disable=SC2086
        "$VENV/bin/python" -m pip uninstall -qq -y $extra
    fi
}

# Make .venv match requirements.lock and install newsevents into it; skip when unchanged.
newsevents_setup() {
    cd "$NEWSEVENTS_ROOT"
    newsevents_ensure_venv
    local wanted
    wanted="$(_wanted_hash)"
    if [[ -f "$HASH_FILE" && "$(cat "$HASH_FILE")" == "$wanted" ]]; then
        return 0
    fi
    rm -f "$HASH_FILE"
    _log "installing requirements.lock (hash-checked, exactly as pinned)"
    # --no-deps: install the files the lock names and resolve nothing. Without it pip
    # re-resolves extras that a locked package asks for (justext wants lxml[html_clean]>=4.4.2)
    # against whatever the index holds that day, and --require-hashes then refuses the newer,
    # unpinned release it picked: the install would depend on what is published later.
    # scripts/lockcheck.py proves the lock is closed (every requirement, extras included, is
    # pinned), which is what makes --no-deps safe.
    # -qq: the machine's pip configuration may list local mirrors, and pip warns once per
    # package that a mirror lacks; errors are still shown.
    "$VENV/bin/python" -m pip install -qq --no-deps --require-hashes -r requirements.lock
    _remove_unlocked
    "$VENV/bin/python" scripts/lockcheck.py requirements.lock pyproject.toml
    "$VENV/bin/python" -m pip check >/dev/null
    # The build backend (setuptools) comes from the lock too, so no unchecked download happens.
    _log "installing newsevents (editable)"
    "$VENV/bin/python" -m pip install -qq --no-deps --no-build-isolation -e .
    printf '%s\n' "$wanted" >"$HASH_FILE"
    _log "done"
}

export PATH="$VENV/bin:$PATH"
