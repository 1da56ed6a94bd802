#!/usr/bin/env bash
# Installs this package the way users install it from the registry (`npm i -g amplify-aws-roles`), without a
# registry: `npm pack` makes the tarball that `npm publish` would upload, and `npm i -g --prefix PREFIX` installs it
# globally into a throwaway prefix. Prints the installed package folder (the one to give `amplify plugin add`) as
# the only line on stdout; everything else goes to stderr.
#
#   scripts/pack-install.sh [PREFIX]   PREFIX defaults to a new temporary folder
#
# It packs the current dist/: run `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -f dist/amplify-aws-roles.js || ! -f dist/src/provider.d.ts ]]; then
  echo "dist/ is missing or incomplete: run \"npm run build\" before packing." >&2
  exit 1
fi

prefix="${1:-$(mktemp -d "${TMPDIR:-/tmp}/amplify-aws-roles-prefix.XXXXXX")}"
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"
packs="$(mktemp -d "${TMPDIR:-/tmp}/amplify-aws-roles-pack.XXXXXX")"
trap 'rm -rf "$packs"' EXIT

# --ignore-scripts: pack what was built, without prepack building again.
tarball="$(npm pack --ignore-scripts --pack-destination "$packs" --loglevel=error | tail -n 1)"
echo "packed $tarball ($(wc -c <"$packs/$tarball") bytes)" >&2
npm install --global --prefix "$prefix" --no-audit --no-fund --prefer-offline --loglevel=error "$packs/$tarball" >&2

installed="$(npm root --global --prefix "$prefix")/amplify-aws-roles"
if [[ ! -f "$installed/package.json" ]]; then
  echo "npm installed the tarball into $prefix, but $installed/package.json is not there." >&2
  exit 1
fi
echo "installed into $installed (bin: $(npm prefix --global --prefix "$prefix")/bin/amplify-aws-roles)" >&2
echo "$installed"
