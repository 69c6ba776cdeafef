#!/usr/bin/env bash
# Render the icon's PNG sizes and the Windows .ico from medfund.svg.
# Needs Debian's librsvg2-bin (rsvg-convert) and imagemagick (convert).
set -euo pipefail
cd "$(dirname "$0")"
sizes=(16 32 48 64 128 256)
for s in "${sizes[@]}"; do
    rsvg-convert -w "$s" -h "$s" medfund.svg -o "medfund-$s.png"
done
# Each size drawn from the SVG, not scaled down from the largest.
convert $(printf 'medfund-%s.png ' "${sizes[@]}") medfund.ico
