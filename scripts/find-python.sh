# Sourced by scripts/test-*.sh. find_python X.Y prints the path of a Python X.Y that really runs
# (a pyenv shim exists even without that version): pythonX.Y on PATH, else under ~/.pyenv.
find_python() {
    local v=$1 cand
    for cand in "$(command -v "python$v" || true)" \
                "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$v".*/bin/"python$v"; do
        if [ -n "$cand" ] && [ -x "$cand" ] && "$cand" -c 'import sys' >/dev/null 2>&1; then
            echo "$cand"; return 0
        fi
    done
    return 1
}

# is_ci: true when CI is set to anything but ""/0/false/no
is_ci() {
    case "${CI:-}" in ""|0|false|no) return 1 ;; *) return 0 ;; esac
}
