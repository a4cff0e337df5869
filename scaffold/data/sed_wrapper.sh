#!/bin/sh
# hs-scaffold's `sed` for scripts/add_connector.sh. An in-place call (-i) runs the real sed and
# appends a record to the log: exit status, folder, arguments, a checksum of every argument that
# is a file before and after, and sed's error output (shown as usual too). Other calls are the
# real sed, untouched. Fields are NUL-separated; a record ends with NUL and a newline.
real="@REAL_SED@"
log="@LOG@"
inplace=
for a in "$@"; do
  case "$a" in -i*|--in-place*|-[!-]*i*) inplace=1;; esac
done
[ -n "$inplace" ] || exec "$real" "$@"
sums() {
  for a in "$@"; do
    if [ -f "$a" ] && [ ! -L "$a" ]; then cksum < "$a"; else echo -; fi
  done
}
before=$(sums "$@")
err="$log.$$.err"  # left for the shim folder's removal: one process fewer per call
"$real" "$@" 2>"$err"
rc=$?
after=$(sums "$@")
{
  printf 'sed\0%s\0%s\0%s\0' "$rc" "$PWD" "$#"
  printf '%s\0' "$@"
  printf '%s\0%s\0' "$before" "$after"
  if [ -s "$err" ]; then cat "$err"; fi
  printf '\0\n'
} >> "$log"
if [ -s "$err" ]; then cat "$err" >&2; fi
exit "$rc"
