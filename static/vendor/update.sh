#!/usr/bin/env bash
# Re-vendor the pinned front-end packages into static/vendor/.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @navikt/ds-css@8.16.2 htmx.org@2.0.11 >/dev/null)
tar xzf "$tmp"/navikt-ds-css-8.16.2.tgz -C "$tmp" package/dist/index.min.css
cp "$tmp"/package/dist/index.min.css aksel/index.min.css
rm -rf "$tmp/package"
tar xzf "$tmp"/htmx.org-2.0.11.tgz -C "$tmp" package/dist/htmx.min.js
cp "$tmp"/package/dist/htmx.min.js htmx/htmx.min.js
