#!/bin/sh
# hs-scaffold's `cargo` for scripts/add_connector.sh. Calls that need no work are answered
# here (a Python start costs ~0.1 s each); anything else, or any argument outside a plain
# character set, goes to `python -m scaffold.cargo_shim`.
sub=$1; case "$sub" in +*) sub=$2;; esac
action=; detail=
case "$sub" in
@DEFERRED_CASES@
  install) case " $* " in *" cargo-generate "*) action=skipped; detail="@SKIPPED@";; esac;;
esac
args=
for a in "$@"; do
  case "$a" in *[!A-Za-z0-9_+=./:,-]*|"") action=;; esac
  args="$args${args:+, }\"$a\""
done
if [ -n "$action" ]; then
  if [ -n "$@ENV_LOG@" ]; then
    printf '{"args": [%s], "action": "%s", "detail": "%s", "seconds": 0}\n' \
      "$args" "$action" "$detail" >> "$@ENV_LOG@"
  fi
  echo "hs-scaffold cargo shim: $detail" >&2
  exit 0
fi
exec "@PYTHON@" -m scaffold.cargo_shim "$@"
