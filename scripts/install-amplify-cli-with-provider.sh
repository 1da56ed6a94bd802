#!/usr/bin/env bash
# The Amplify CLI 14.2.2 with another built-in provider (@aws-amplify/amplify-provider-awscloudformation) put in place
# of its own, for the version matrix: 14.2.2 ships provider 8.11.16; the CLI 14.5 line ships 8.11.19, whose code
# differs only by the Gen 1 new-customer check (and whose dependencies are the same packages a patch level apart).
# Prints the absolute path of that CLI's `amplify` binary (the only line on stdout).
#
#   install-amplify-cli-with-provider.sh PROVIDER_VERSION [--no-install]
#
# The 14.2.2 tree (scripts/install-amplify-cli.sh, installed or reused) is copied with hard links (no second 1.4 GB),
# the provider folder's own files are removed (its nested node_modules stay) and the requested version's published
# files take their place. Reused while that folder's provider reports the version.
set -euo pipefail

provider="${1:-}"
install=1
[[ "${2:-}" == "--no-install" ]] && install=0
if [[ ! "$provider" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || [[ $# -gt 2 ]] || [[ $# == 2 && $install == 1 ]]; then
  echo "install-amplify-cli-with-provider.sh: expected a provider version such as 8.11.19, then optionally --no-install." >&2
  exit 2
fi
package=@aws-amplify/amplify-provider-awscloudformation
dir="$HOME/.cache/amplify-aws-roles/amplify-cli-14.2.2-provider-$provider"
bin="$dir/node_modules/.bin/amplify"
installed_version() {
  node -e 'try { process.stdout.write(require(process.argv[1]).version) } catch { }' "$dir/node_modules/$package/package.json"
}

if [[ -x "$bin" && "$(installed_version)" == "$provider" ]]; then
  echo "Reusing the Amplify CLI 14.2.2 with $package $provider at $bin." >&2
  echo "$bin"
  exit 0
fi
if [[ $install == 0 ]]; then
  echo "No Amplify CLI 14.2.2 with $package $provider in $dir; without --no-install this script makes it." >&2
  exit 1
fi

base_bin="$(bash "$(dirname "$0")/install-amplify-cli.sh" ${AMPLIFY_CLI_INSTALL_ARGS:-})"
base="$(cd "$(dirname "$base_bin")/../.." && pwd)"
[[ -d "$base/node_modules/$package" ]] || { echo "The Amplify CLI at $base has no $package to replace." >&2; exit 1; }

staging="$(mktemp -d "$dir.staging.XXXXXX")"
work="$(mktemp -d)"
trap 'rm -rf "$staging" "$work"' EXIT
echo "Copying the Amplify CLI 14.2.2 at $base (hard links) and putting $package $provider in place of its provider..." >&2
cp -al "$base/." "$staging/"
target="$staging/node_modules/$package"
# Unlink (never write through) the copied provider files: they are hard links into the 14.2.2 tree.
find "$target" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
(cd "$work" && npm pack --silent "$package@$provider" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work"
cp -R "$work/package/." "$target/"

rm -rf "$dir.old"
[[ -d "$dir" ]] && mv "$dir" "$dir.old"
mv "$staging" "$dir"
trap - EXIT
rm -rf "$dir.old" "$work"
if [[ "$(installed_version)" != "$provider" ]]; then
  echo "$package in $dir does not report $provider." >&2
  exit 1
fi
echo "$bin"
