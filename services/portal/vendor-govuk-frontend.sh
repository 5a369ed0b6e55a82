#!/usr/bin/env bash
# Re-vendor GOV.UK Frontend's built CSS and JS into services/portal/static/govuk-frontend, so a
# fresh clone serves the pages offline. Run it only to change version: the result is committed.
#   services/portal/vendor-govuk-frontend.sh 6.3.0
# 6.3.0 is the release govuk-frontend-jinja 4.1.0 (pyproject.toml) was verified against.
#
# This service is not on GOV.UK, so the GOV.UK brand stays out: no GDS Transport font (the
# stylesheet falls back to Arial), no crown, no GOV.UK icons. Only the MIT-licensed code is kept.
set -euo pipefail
version="${1:?give the govuk-frontend version, e.g. 6.3.0}"
target="$(cd "$(dirname "$0")" && pwd)/static/govuk-frontend"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "govuk-frontend@$version" >/dev/null && tar xzf ./*.tgz)
dist="$work/package/dist/govuk"
rm -rf "$target" && mkdir -p "$target"
# Drop the two @font-face rules and the font's name from every font stack.
sed -e 's/@font-face{font-family:GDS Transport;[^}]*}//g' \
    -e 's/font-family:GDS Transport,/font-family:/g' \
    -e 's/font-family:GDS Transport;/font-family:arial,sans-serif;/g' \
    "$dist/govuk-frontend.min.css" >"$target/govuk-frontend.min.css"
cp "$dist/govuk-frontend.min.js" "$target/govuk-frontend.min.js"
echo "$version" >"$target/VERSION"
cat >"$target/LICENSE.txt" <<LICENCE
govuk-frontend $version, from the npm registry (https://github.com/alphagov/govuk-frontend).
The fonts, the crown and the GOV.UK icons of the package are not included.

The MIT License (MIT)

Copyright (c) 2018 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
LICENCE
grep -q "GDS Transport" "$target/govuk-frontend.min.css" && { echo "font left in the CSS" >&2; exit 1; }
echo "vendored govuk-frontend $version into $target"
