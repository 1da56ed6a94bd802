# Shared by scripts/install-*.sh: a tool that the end-to-end tests drive, installed with npm once into a folder
# outside the repository and reused by later runs. Source it from a script that runs with `set -euo pipefail`.

# Reads the script's arguments into the globals `force` (--force: install even when a working copy is there) and
# `install` (--no-install: only look). Anything else ends the script with exit code 2.
parse_install_options() {
  local script="$1"
  shift
  force=0
  install=1
  local arg
  for arg in "$@"; do
    case "$arg" in
      --force) force=1 ;;
      --no-install) install=0 ;;
      *) echo "$script: unknown argument \"$arg\" (expected --force or --no-install)." >&2; exit 2 ;;
    esac
  done
}

# Installs the package.json read from stdin into DIR: npm installs it in a sibling folder, which then replaces DIR, so
# an interrupted install never looks installed and a working copy is kept until the new one is complete.
npm_install_into() {
  local dir="$1"
  mkdir -p "$(dirname "$dir")"
  install_staging="$(mktemp -d "$dir.staging.XXXXXX")"
  trap 'rm -rf "$install_staging"' EXIT
  cat >"$install_staging/package.json"
  (cd "$install_staging" && npm install --no-audit --no-fund --loglevel=error >&2)
  rm -rf "$dir.old"
  if [[ -d "$dir" ]]; then mv "$dir" "$dir.old"; fi
  mv "$install_staging" "$dir"
  trap - EXIT
  rm -rf "$dir.old"
}
