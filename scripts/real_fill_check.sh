#!/usr/bin/env bash
# Compile `hs-scaffold fill` output for real: scaffold `acmepay` from a doc in a real Hyperswitch
# checkout prepared for building (see ../shared/tools/real-build.md: real-checkout.sh, then
# real-build.sh), fill it, then `cargo check -p hyperswitch_connectors` and count the errors in the
# filled connector. Each doc is one round; the checkout is reset to its HEAD between rounds.
#
# usage: scripts/real_fill_check.sh CHECKOUT [DOC ...]
#   DOC defaults to the sandbox doc and two evaluation docs (bearer + JSON, signature + nested JSON).
# Takes about 2 minutes a round on a warm target/ (9 minutes for the first, cold).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
checkout=$(cd "${1:?usage: real_fill_check.sh CHECKOUT [DOC ...]}" && pwd)
shift
docs=("$@")
if ((${#docs[@]} == 0)); then
  docs=("$here/tests/fixtures/docs/kestrel_doc.md"
        "$here/tests/fixtures/docs/eval/zuriko_doc.md"
        "$here/tests/fixtures/docs/eval/harborline_doc.md")
fi
hs=(python -m scaffold)
features="v1,frm,payouts,hyperswitch_interfaces/v1"
cd "$checkout"
[[ -z $(git status --porcelain) ]] || { echo "real_fill_check: $checkout has uncommitted changes" >&2; exit 2; }
base=$(git rev-parse HEAD)
for doc in "${docs[@]}"; do
  git reset -q --hard "$base" && git clean -qfd -e target
  echo "== $(basename "$doc")"
  (cd "$here" && "${hs[@]}" -q new acmepay https://api.acmepay.test/ --repo "$checkout" --doc "$doc" --no-build)
  (cd "$here" && "${hs[@]}" fill acmepay --repo "$checkout")
  log=$(mktemp)
  start=$(date +%s)
  cargo check -p hyperswitch_connectors --features "$features" --message-format short >"$log" 2>&1 || true
  errors=$(grep -c '^[^ ]*: error' "$log" || true)
  mine=$(grep '^crates/hyperswitch_connectors/src/connectors/acmepay' "$log" | grep -c ': error' || true)
  echo "   cargo check: $((($(date +%s) - start))) s, $errors errors, $mine in acmepay's files (log: $log)"
  grep '^crates/hyperswitch_connectors/src/connectors/acmepay' "$log" | grep ': error' | head -20 || true
done
git reset -q --hard "$base" && git clean -qfd -e target
