#!/bin/sh
# hs-scaffold's `cargo` for scripts/add_connector.sh. Calls that need no work are answered
# here (a Python start costs ~0.1 s each), and so is `generate --path T -n NAME` when hs-scaffold
# rendered T for NAME ahead (scaffold/cargo_shim.py: render_ahead) and T is unchanged since; anything
# else, or any argument outside a plain character set, goes to `python -m scaffold.cargo_shim`.
ahead="@AHEAD@"
rendered_ahead() {  # $1: --path, $2: T, $3: -n or --name, $4: NAME, nothing else
  [ -n "$ahead" ] && [ -f "$ahead/sums" ] && [ $# -eq 4 ] && [ "$1" = --path ] || return 1
  case "$3" in -n|--name) ;; *) return 1;; esac
  read -r name < "$ahead/name" && read -r folder < "$ahead/folder" || return 1
  [ "$4" = "$name" ] && [ -d "$2" ] && [ ! -e "$folder" ] && [ ! -L "$folder" ] || return 1
  [ "$(cd "$2" && @TEMPLATE_SUMS@)" = "$(cat "$ahead/sums")" ] || return 1
  cp -R "$ahead/tree" "$folder" || { rm -rf "$folder"; return 1; }
  detail="native render of $2 into $folder (rendered ahead)"
}
plain=1
args=
for a in "$@"; do
  case "$a" in *[!A-Za-z0-9_+=./:,-]*|"") plain=;; esac
  args="$args${args:+, }\"$a\""
done
[ -n "$plain" ] || exec "@PYTHON@" -m scaffold.cargo_shim "$@"
sub=$1; case "$sub" in +*) sub=$2;; esac
action=; detail=
case "$sub" in
@DEFERRED_CASES@
  install) case " $* " in *" cargo-generate "*) action=skipped; detail="@SKIPPED@";; esac;;
  generate) if [ "$1" = generate ]; then shift; rendered_ahead "$@" && action=rendered; set -- generate "$@"; fi;;
esac
if [ -n "$action" ]; then
  if [ -n "$@ENV_LOG@" ]; then
    printf '{"args": [%s], "action": "%s", "detail": "%s", "seconds": 0}\n' \
      "$args" "$action" "$detail" >> "$@ENV_LOG@"
  fi
  echo "hs-scaffold cargo shim: $detail" >&2
  exit 0
fi
exec "@PYTHON@" -m scaffold.cargo_shim "$@"
