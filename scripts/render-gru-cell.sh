#!/usr/bin/env bash
# Renders notebooks/figures/gru-cell.svg (the source of the GRU cell diagram) to
# notebooks/figures/gru-cell.png with headless Chromium, at the SVG's own 800 x 500 size.
# Notebooks 01 and 03 attach the PNG: JupyterLab renders markdown attachments only in raster
# formats (PNG, JPEG, GIF, BMP, WebP) and refuses an SVG attachment. After editing the SVG,
# run this, then re-attach the PNG to both notebooks (test/notebook-diagram.test.ts checks it).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '<html><body style="margin:0;background:#fff"><img src="file://%s"></body></html>' \
  "$PWD/notebooks/figures/gru-cell.svg" > "$tmp/figure.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$tmp/profile" \
  --window-size=800,500 --screenshot="$tmp/gru-cell.png" "file://$tmp/figure.html" 2>/dev/null
mv "$tmp/gru-cell.png" notebooks/figures/gru-cell.png
