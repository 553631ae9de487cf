#!/bin/sh
# Renders the report's page (report --html) of the demo quarter in headless
# Chromium (the OS package: apt-get install chromium) and keeps a screenshot
# in docs/report-page.png; it also prints the page to PDF and says how many
# A4 pages it has. The day and the data are fixed, so the picture is the same
# every time:  sh tools/screenshot_report.sh
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
doorstroom=${DOORSTROOM:-$here/.venv/bin/doorstroom}
export DOORSTROOM_DB="$work/demo.db" DOORSTROOM_TODAY=2026-12-01 DOORSTROOM_LANG=nl
"$doorstroom" demo >/dev/null
echo "Gemeente Voorbeeld" > "$work/organisatie.txt"
printf 'alternatief;dagtarief_euro\nmaatschappelijke-opvang;62,25\npleegzorg;120,00\ncrisisopvang;95,50\nanders;\n' > "$work/tarieven.csv"
"$doorstroom" report --tariffs "$work/tarieven.csv" --html "$work/rapport.html" >/dev/null
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir=$work/profile"
$browser $flags --window-size=760,1100 --screenshot="$work/shot.png" "file://$work/rapport.html" 2>/dev/null
$browser $flags --no-pdf-header-footer --print-to-pdf="$work/rapport.pdf" "file://$work/rapport.html" 2>/dev/null
cp "$work/shot.png" "$here/docs/report-page.png"
pages=$(python3 -c "import re,sys; print(re.findall(rb'/Count (\\d+)', open(sys.argv[1], 'rb').read())[-1].decode())" "$work/rapport.pdf")
echo "docs/report-page.png written; printed: $pages A4 page(s)"
