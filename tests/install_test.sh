#!/usr/bin/env bash
# The tool as its users install it: `cmake --install` into a temporary prefix, and the Debian
# package `cpack -G DEB` builds, unpacked into a temporary root (no container, nothing installed
# on this machine). Each installed binary plans examples/orders byte for byte as the build does;
# the man page renders; the package's Depends are installed Debian packages; the man page, bash
# and zsh completion know every option of --help and the values of those with a fixed set.
# Usage: bash tests/install_test.sh path/to/backfill-plan   (its folder is the build folder)
set -uo pipefail
tool=$(realpath "$1")
build=$(dirname "$tool")
root=${SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi; }

plan_with() { (cd "$root/examples/orders" && "$1" orders.status --detailed --date 2026-11-21) 2>/dev/null; }
plan_with "$tool" >"$work/expected.md"

# cmake --install
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1
check "cmake --install succeeds" '[ $? -eq 0 ] || grep -q . /dev/null'
prefix=$work/prefix
check "installs bin/backfill-plan" '[ -x "$prefix/bin/backfill-plan" ]'
plan_with "$prefix/bin/backfill-plan" >"$work/installed.md"
check "the installed binary plans examples/orders as the build does" 'cmp -s "$work/expected.md" "$work/installed.md"'
man_page=$prefix/share/man/man1/backfill-plan.1
bash_completion=$prefix/share/bash-completion/completions/backfill-plan
zsh_completion=$prefix/share/zsh/vendor-completions/_backfill-plan
check "installs the man page" '[ -f "$man_page" ]'
check "installs bash completion" '[ -f "$bash_completion" ]'
check "installs zsh completion" '[ -f "$zsh_completion" ]'
version=$("$tool" --version | sed -n 's/^backfill-plan //p')
check "the man page renders and names the version" \
  'MANWIDTH=80 man -l "$man_page" 2>/dev/null | grep -q "backfill-plan $version" || groff -man -Tutf8 "$man_page" 2>/dev/null | grep -q "backfill-plan $version"'

# Every option of --help, in the man page (as \-\-name) and both completions; every value of the
# options with a fixed set ({a,b,c} in --help) in both completions.
options=$("$tool" --help | grep -oE '^ +(-h,)?--[a-z-]+' | sed 's/.*--/--/' | sort -u)
check "--help lists options" '[ "$(echo "$options" | wc -l)" -ge 20 ]'
for option in $options; do
  check "man page documents $option" 'grep -qF -- "$(printf "%s" "$option" | sed "s/-/\\\\-/g")" "$man_page"'
  check "bash completion offers $option" 'grep -qE -- "(^|[ \"])$option( |\"|$)" "$bash_completion"'
  check "zsh completion offers $option" 'grep -qE -- "$option(\}.)?\[" "$zsh_completion"'
done
while read -r option values; do
  for value in ${values//,/ }; do
    check "bash completion offers $option $value" 'grep -E -- "^ *$option\)" "$bash_completion" | grep -qw -- "$value"'
    check "zsh completion offers $option $value" 'grep -F -- "$option[" "$zsh_completion" | grep -qw -- "$value"'
  done
done < <("$tool" --help | sed -nE 's/^ +(--[a-z-]+) TEXT:\{([^}]*)\}.*/\1 \2/p')
# The bash completion completes an option's values as a shell would ask it.
check "bash completion: --format completes its values" '
  COMPREPLY=(); source "$bash_completion"; COMP_WORDS=(backfill-plan --format j); COMP_CWORD=2; _backfill_plan
  [ "${COMPREPLY[*]}" = json ]'

# The Debian package.
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/package" >"$work/cpack.log" 2>&1
deb=$(ls "$work"/package/backfill-plan_*.deb 2>/dev/null | head -1)
check "cpack -G DEB builds backfill-plan_${version}_*.deb" '[ -n "$deb" ] && [[ $deb == *_${version}_* ]]'
if [ -n "$deb" ]; then
  depends=$(dpkg-deb -f "$deb" Depends)
  check "the package depends on libpg_query's runtime package" '[[ $depends == *libpg-query* ]]'
  missing=
  for package in $(echo "$depends" | tr ',' '\n' | sed -E 's/\(.*\)//; s/\|.*//' | tr -d ' '); do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=" $package"
  done
  check "every package it depends on is a Debian package installed here:$missing" '[ -z "$missing" ]'
  dpkg-deb -x "$deb" "$work/root"
  check "the package holds /usr/bin/backfill-plan, the man page and the completions" \
    '[ -x "$work/root/usr/bin/backfill-plan" ] && [ -f "$work/root/usr/share/man/man1/backfill-plan.1" ] &&
     [ -f "$work/root/usr/share/bash-completion/completions/backfill-plan" ] && [ -f "$work/root/usr/share/zsh/vendor-completions/_backfill-plan" ]'
  plan_with "$work/root/usr/bin/backfill-plan" >"$work/packaged.md"
  check "the packaged binary plans examples/orders as the build does" 'cmp -s "$work/expected.md" "$work/packaged.md"'
fi
[ "$failed" -eq 0 ] || tail -n 5 "$work/cpack.log" "$work/install.log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
