#!/usr/bin/env bash
# Runs `ic50 inspect` on every export in a folder of real plate-reader exports (not part of the
# project, so not part of the test suite) and prints one line per file: format, plates, reads,
# counts — or the error. Exit 1 if any export is not read. Usage: npm run check:realdata -- DIR
set -u
cd "$(dirname "$0")/.."
dir="${1:?usage: npm run check:realdata -- DIR (a folder of real plate-reader exports)}"
[ -d "$dir" ] || { echo "no such directory: $dir" >&2; exit 2; }
failed=0
for f in "$dir"/*; do
  case "$f" in *.md) continue ;; esac
  if out=$(node bin/ic50.js inspect "$f" --format json 2>/dev/null); then
    node -e '
      const r = JSON.parse(process.argv[1]);
      if (r.kind === "layout") {
        // A plate map: what inspect understood of it.
        const maps = r.layouts.map((l) => `${l.rows}×${l.columns} ${l.wells} wells (` + Object.entries(l.roles).map(([k, n]) => `${n} ${k}`).join(", ") + ")");
        console.log(`${require("path").basename(r.file)}: plate map (${r.source}) — ${maps.join(" | ")}`);
        process.exit(0);
      }
      const plates = r.plates.map((p) => `${p.id} ${p.rows}×${p.columns}: ` + p.reads.map((x) =>
        `"${x.label}" ${x.origin} ${x.numeric} numeric/${x.empty} empty` +
        (Object.keys(x.markers).length ? "/" + Object.entries(x.markers).map(([m, n]) => `${m}×${n}`).join(",") : "")).join("; "));
      console.log(`${require("path").basename(r.file)}: ${r.format.map((f) => f.id).join(",")} — ${plates.join(" | ")}`);
    ' "$out"
  else
    echo "$(basename "$f"): not read — $(node bin/ic50.js inspect "$f" 2>&1 >/dev/null | head -1)"
    case "$f" in *layout*) ;; *) failed=1 ;; esac
  fi
done
exit $failed
