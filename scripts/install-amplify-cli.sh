#!/usr/bin/env bash
# Installs the real Amplify CLI (Gen 1) that the end-to-end tests drive, into a folder outside the repository that
# later runs reuse (about 1.4 GB, 2-3 minutes the first time). Prints the absolute path of its `amplify` binary.
#
#   AMPLIFY_CLI_DIR   where to install (default ~/.cache/amplify-aws-roles/amplify-cli-14.2.2)
#   --force           reinstall even when a working installation is there
#
# The override pins @aws-amplify/amplify-category-api, which cli-internal depends on with a range, to 5.15.3 so that
# every run installs the same tree.
set -euo pipefail

CLI_VERSION=14.2.2
CATEGORY_API_VERSION=5.15.3
dir="${AMPLIFY_CLI_DIR:-$HOME/.cache/amplify-aws-roles/amplify-cli-$CLI_VERSION}"
bin="$dir/node_modules/.bin/amplify"

force=0
[[ "${1:-}" == "--force" ]] && force=1

# A throwaway HOME for the check, so that it never reads or writes the user's ~/.amplify.
working() {
  [[ -x "$bin" ]] || return 1
  local home
  home="$(mktemp -d)"
  local version
  version="$(HOME="$home" AMPLIFY_CLI_DISABLE_TELEMETRY=1 "$bin" --version 2>/dev/null | tail -n 1 || true)"
  rm -rf "$home"
  [[ "$version" == *"$CLI_VERSION"* ]]
}

if [[ $force == 0 ]] && working; then
  echo "$bin"
  exit 0
fi

mkdir -p "$(dirname "$dir")"
# Install into a sibling folder and move it into place at the end, so an interrupted install never looks installed.
staging="$(mktemp -d "$dir.staging.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

cat >"$staging/package.json" <<JSON
{
  "name": "amplify-aws-roles-amplify-cli",
  "private": true,
  "description": "The Amplify CLI used by amplify-aws-roles' end-to-end tests",
  "dependencies": { "@aws-amplify/cli-internal": "$CLI_VERSION" },
  "overrides": { "@aws-amplify/amplify-category-api": "$CATEGORY_API_VERSION" }
}
JSON

echo "Installing @aws-amplify/cli-internal@$CLI_VERSION into $dir (about 1.4 GB, a few minutes)..." >&2
(cd "$staging" && npm install --no-audit --no-fund --loglevel=error >&2)

rm -rf "$dir.old"
[[ -d "$dir" ]] && mv "$dir" "$dir.old"
mv "$staging" "$dir"
trap - EXIT
rm -rf "$dir.old"

if ! working; then
  echo "The Amplify CLI was installed into $dir but \"$bin --version\" does not report $CLI_VERSION." >&2
  exit 1
fi
echo "$bin"
