# The bookkeeping the security parts share. Source it after setting `failed=0`.
#   ok NAME / bad NAME     report one check (bad also shows err.txt, if any, and sets failed=1)
#   check NAME COMMAND...  ok when the command succeeds, bad otherwise
ok() { echo "ok   - $1"; }
bad() {
  echo "FAIL - $1"
  failed=1
  [ -s err.txt ] && sed 's/^/       stderr: /' err.txt | head -5
  return 0
}
check() {
  local name=$1
  shift
  if "$@"; then ok "$name"; else bad "$name"; fi
}
