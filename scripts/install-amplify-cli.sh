#!/usr/bin/env bash
# Finds or installs the real Amplify CLI (Gen 1) that the end-to-end tests drive, and prints the absolute path of its
# `amplify` binary (the only line on stdout). An Amplify CLI 14.x that is already there is reused, looked for in order:
#   1. the folder AMPLIFY_CLI_DIR (default ~/.cache/amplify-aws-roles/amplify-cli-14.2.2), as this script installs it
#      (node_modules/.bin/amplify), as an npm prefix (bin/amplify), or holding the binary itself (amplify);
#   2. `amplify` on PATH.
# Otherwise it installs @aws-amplify/cli-internal 14.2.2 into AMPLIFY_CLI_DIR (about 1.4 GB, 2-3 minutes), which later
# runs then reuse.
#
#   --force            install into AMPLIFY_CLI_DIR even when a working CLI is there
#   --no-install       only look: exit 1 with a sentence when no Amplify CLI 14.x is found
#   --version=X.Y.Z    another CLI (the version matrix: 11.1.0) in its own folder amplify-cli-X.Y.Z, reused only when
#                      that folder holds exactly X.Y.Z (never PATH)
#
# For 14.2.2 the override pins @aws-amplify/amplify-category-api, which cli-internal depends on with a range, to 5.15.3
# so that every run installs the same tree (older lines pin it exactly themselves).
set -euo pipefail

CLI_VERSION=14.2.2
REUSABLE_MAJOR=14
exact=0
options=()
for arg in "$@"; do
  case "$arg" in
    --version=*) CLI_VERSION="${arg#--version=}"; exact=1 ;;
    *) options+=("$arg") ;;
  esac
done
if [[ ! "$CLI_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "install-amplify-cli.sh: \"--version=$CLI_VERSION\" is not a version such as 11.1.0." >&2
  exit 2
fi
overrides=''
[[ "$CLI_VERSION" == 14.2.2 ]] && overrides=', "overrides": { "@aws-amplify/amplify-category-api": "5.15.3" }'
dir="${AMPLIFY_CLI_DIR:-$HOME/.cache/amplify-aws-roles/amplify-cli-$CLI_VERSION}"
bin="$dir/node_modules/.bin/amplify"

# shellcheck source=lib/install-once.sh
source "$(dirname "$0")/lib/install-once.sh"
parse_install_options install-amplify-cli.sh "${options[@]+"${options[@]}"}"

# The version a binary reports, run in a throwaway HOME so that the check never reads or writes the user's ~/.amplify.
version_of() {
  [[ -x "$1" && ! -d "$1" ]] || return 1
  local home version
  home="$(mktemp -d)"
  version="$(HOME="$home" AMPLIFY_CLI_DISABLE_TELEMETRY=1 "$1" --version 2>/dev/null </dev/null | tail -n 1 || true)"
  rm -rf "$home"
  [[ -n "$version" ]] && echo "$version"
}

reusable() {
  local version
  version="$(version_of "$1")" || return 1
  if [[ $exact == 1 ]]; then [[ "$version" == "$CLI_VERSION" ]]; else [[ "$version" =~ ^$REUSABLE_MAJOR\.[0-9]+\.[0-9]+ ]]; fi
}

if [[ $force == 0 ]]; then
  on_path=''
  [[ $exact == 0 ]] && on_path="$(command -v amplify || true)"
  for candidate in "$bin" "$dir/bin/amplify" "$dir/amplify" "$on_path"; do
    [[ -n "$candidate" ]] || continue
    if reusable "$candidate"; then
      candidate="$(cd "$(dirname "$candidate")" && pwd)/$(basename "$candidate")"
      echo "Reusing the Amplify CLI $(version_of "$candidate") at $candidate." >&2
      echo "$candidate"
      exit 0
    fi
  done
  if [[ $install == 0 ]]; then
    wanted="$REUSABLE_MAJOR.x"
    [[ $exact == 1 ]] && wanted="$CLI_VERSION"
    echo "No Amplify CLI $wanted found in $dir (node_modules/.bin, bin or the folder itself) or on PATH; without --no-install this script installs $CLI_VERSION into $dir." >&2
    exit 1
  fi
fi

echo "Installing @aws-amplify/cli-internal@$CLI_VERSION into $dir (about 1.4 GB, a few minutes)..." >&2
npm_install_into "$dir" <<JSON
{
  "name": "amplify-aws-roles-amplify-cli",
  "private": true,
  "description": "The Amplify CLI used by amplify-aws-roles' end-to-end tests",
  "dependencies": { "@aws-amplify/cli-internal": "$CLI_VERSION" }$overrides
}
JSON

if [[ "$(version_of "$bin" || true)" != *"$CLI_VERSION"* ]]; then
  echo "The Amplify CLI was installed into $dir but \"$bin --version\" does not report $CLI_VERSION." >&2
  exit 1
fi
echo "$bin"
