#!/usr/bin/env bash
# Finds or installs Amplify Gen 2's command line (`npx ampx`, npm @aws-amplify/backend-cli) that the end-to-end tests
# drive, and prints the folder whose node_modules holds it (the only line on stdout). A Gen 2 project has it as a
# development dependency and runs it through npx, so the tests link a project's node_modules to this folder's.
# One already in AMPX_DIR (default ~/.cache/amplify-aws-roles/ampx-1.10.0) whose `ampx --version` says 1.x is reused;
# otherwise it installs @aws-amplify/backend-cli 1.10.0 with aws-cdk-lib and constructs into AMPX_DIR (about 800 MB,
# a minute or two), which later runs then reuse.
#
#   --force        install into AMPX_DIR even when a working ampx is there
#   --no-install   only look: exit 1 with a sentence when no ampx 1.x is found
#
# aws-cdk-lib and constructs are ampx's peer dependencies: it imports aws-cdk-lib when it starts, whatever the command.
# Both are pinned so that every run installs the same tree.
set -euo pipefail

AMPX_VERSION=1.10.0
CDK_LIB_VERSION=2.278.0
CONSTRUCTS_VERSION=10.8.1
REUSABLE_MAJOR=1
dir="${AMPX_DIR:-$HOME/.cache/amplify-aws-roles/ampx-$AMPX_VERSION}"

# shellcheck source=lib/install-once.sh
source "$(dirname "$0")/lib/install-once.sh"
parse_install_options install-ampx.sh "$@"

# The version `ampx --version` reports, run as npx runs it (ampx refuses to start without the npm_config_user_agent that
# npx sets), in a throwaway HOME and without telemetry, so that the check never reads or writes the user's files.
version_of() {
  local bin="$1/node_modules/.bin/ampx" home version
  [[ -x "$bin" ]] || return 1
  home="$(mktemp -d)"
  version="$(cd "$1" && HOME="$home" npm_config_user_agent=npm AMPLIFY_DISABLE_TELEMETRY=1 "$bin" --version 2>/dev/null </dev/null | tail -n 1 || true)"
  rm -rf "$home"
  [[ -n "$version" ]] && echo "$version"
}

if [[ $force == 0 ]]; then
  if version="$(version_of "$dir")" && [[ "$version" =~ ^$REUSABLE_MAJOR\.[0-9]+\.[0-9]+ ]]; then
    dir="$(cd "$dir" && pwd)"
    echo "Reusing ampx $version in $dir." >&2
    echo "$dir"
    exit 0
  fi
  if [[ $install == 0 ]]; then
    echo "No ampx $REUSABLE_MAJOR.x found in $dir/node_modules/.bin; without --no-install this script installs @aws-amplify/backend-cli $AMPX_VERSION into $dir." >&2
    exit 1
  fi
fi

echo "Installing @aws-amplify/backend-cli@$AMPX_VERSION into $dir (about 800 MB, a minute or two)..." >&2
npm_install_into "$dir" <<JSON
{
  "name": "amplify-aws-roles-ampx",
  "private": true,
  "description": "Amplify Gen 2's command line, used by amplify-aws-roles' end-to-end tests",
  "dependencies": {
    "@aws-amplify/backend-cli": "$AMPX_VERSION",
    "aws-cdk-lib": "$CDK_LIB_VERSION",
    "constructs": "$CONSTRUCTS_VERSION"
  }
}
JSON

if [[ "$(version_of "$dir" || true)" != "$AMPX_VERSION" ]]; then
  echo "ampx was installed into $dir but \"$dir/node_modules/.bin/ampx --version\" does not report $AMPX_VERSION." >&2
  exit 1
fi
echo "$dir"
