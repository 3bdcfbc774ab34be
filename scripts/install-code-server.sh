#!/usr/bin/env bash
# Installs code-server (VS Code served to a browser) for the end-to-end tests, without the
# downloads that its npm postinstall makes: ripgrep comes from Debian's package and every native
# module is compiled here from the source in its npm package.
#
# The install goes to a cache outside the repository, so the next run only checks a marker file:
#   ${SWITCHBOARD_CODE_SERVER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/switchboard/code-server-VERSION}
# It is built in a staging folder beside that and moved into place only once complete, so a
# failed run leaves nothing half-installed and a rerun starts over.
#
# Prints the path of the code-server entry script on its last line of output.
set -euo pipefail

readonly version=4.100.3
readonly cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/switchboard"
readonly prefix="${SWITCHBOARD_CODE_SERVER_DIR:-$cache_root/code-server-$version}"
readonly marker="$prefix/.install-complete"
readonly entry="$prefix/node_modules/code-server/out/node/entry.js"

# Debian packages: ripgrep replaces the binary that @vscode/ripgrep downloads, libkrb5-dev has
# the headers that the kerberos module compiles against, and chromium is the browser the tests
# drive.
readonly debian_packages=(chromium ripgrep libkrb5-dev)

# Native modules of VS Code's server on Linux. The Windows-only ones (windows-process-tree,
# windows-registry) are left unbuilt, and @parcel/watcher loads the prebuilt binary from its
# @parcel/watcher-linux-* package.
readonly native_modules=(kerberos @vscode/spdlog @vscode/deviceid native-watchdog node-pty)

current_step=''
log_file=''

step() {
  current_step="$1"
  echo "install-code-server: $current_step"
}

on_error() {
  local status=$?
  echo "install-code-server: step failed: $current_step (exit status $status)" >&2
  if [[ -n "$log_file" && -s "$log_file" ]]; then
    echo "install-code-server: last lines of $log_file:" >&2
    tail -n 30 "$log_file" >&2
  fi
  echo "install-code-server: nothing was installed to $prefix; fix the cause and rerun" >&2
  exit "$status"
}
trap on_error ERR

# Runs a command with its output appended to the log, which on_error shows on failure.
run() {
  "$@" >>"$log_file" 2>&1
}

if [[ -f "$marker" && -f "$entry" ]]; then
  echo "install-code-server: code-server $version is already installed in $prefix"
  echo "$entry"
  exit 0
fi

step 'check Node.js version'
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [[ "$node_major" != 20 ]]; then
  echo "install-code-server: code-server $version requires Node.js 20, found $(node --version)" >&2
  false
fi

step 'check Debian packages'
missing_packages=()
for package in "${debian_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing_packages+=("$package")
  fi
done
if ((${#missing_packages[@]} > 0)); then
  if [[ "$(id -u)" != 0 ]]; then
    echo "install-code-server: missing Debian packages: ${missing_packages[*]}" >&2
    echo "install-code-server: install them with: sudo apt-get install -y ${missing_packages[*]}" >&2
    false
  fi
  step "install Debian packages: ${missing_packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing_packages[@]}"
fi

mkdir -p "$(dirname "$prefix")"

# Two concurrent runs would build into the same staging folder, so the second waits here and
# then finds the first one's marker.
exec 9>"$prefix.lock"
flock 9
if [[ -f "$marker" && -f "$entry" ]]; then
  echo "install-code-server: code-server $version was installed by a concurrent run"
  echo "$entry"
  exit 0
fi

staging="$prefix.staging"
rm -rf "$staging"
mkdir -p "$staging"
log_file="$prefix.log"
: >"$log_file"
echo "install-code-server: building in $staging, log in $log_file"

# node-gyp downloads Node.js headers unless it is given a folder that has them. Node.js installed
# from a distribution package or a tarball has them under its own prefix.
gyp_args=()
node_prefix="$(dirname "$(dirname "$(command -v node)")")"
if [[ -z "${npm_config_nodedir:-}" && -f "$node_prefix/include/node/node.h" ]]; then
  gyp_args+=("--nodedir=$node_prefix")
fi
node_gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"

step "download code-server $version from the npm registry"
echo '{ "name": "switchboard-code-server", "private": true }' >"$staging/package.json"
run npm install --prefix "$staging" --ignore-scripts --no-audit --no-fund "code-server@$version"
code_server="$staging/node_modules/code-server"
vscode="$code_server/lib/vscode"

step 'install the dependencies of VS Code'
run npm install --prefix "$vscode" --omit=dev --ignore-scripts --no-audit --no-fund

step 'copy Debian ripgrep into @vscode/ripgrep'
mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
cp "$(command -v rg)" "$vscode/node_modules/@vscode/ripgrep/bin/rg"

for module in "${native_modules[@]}"; do
  step "build native module $module"
  (cd "$vscode/node_modules/$module" && run node "$node_gyp" rebuild "${gyp_args[@]}")
done

# What code-server's own postinstall does besides installing: VS Code and extensions look for
# files under node_modules.asar, and the terminal's `code` command is a per-platform script.
step 'link node_modules.asar and the command-line scripts'
ln -sfn node_modules "$vscode/node_modules.asar"
ln -sfn code-linux.sh "$vscode/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$vscode/bin/helpers/browser.sh"

step 'install the dependencies of the built-in extensions'
run npm install --prefix "$vscode/extensions" --omit=dev --no-audit --no-fund

# argon2 hashes passwords for code-server's login page. It is loaded at start even with
# --auth none, and its install script would download a prebuilt binary.
step 'build argon2'
argon2="$(cd "$code_server" && node -p 'path.dirname(require.resolve("argon2/package.json"))')"
(
  cd "$argon2"
  run env npm_config_node_gyp="$node_gyp" \
    node "$(node -p 'require.resolve("@mapbox/node-pre-gyp/bin/node-pre-gyp")')" rebuild \
    "${gyp_args[@]}"
)

# An empty --config keeps code-server from writing a default one under $HOME/.config.
step 'check that code-server starts'
: >"$staging/empty-config.yaml"
run node "$code_server/out/node/entry.js" --config "$staging/empty-config.yaml" --version
run node -e 'require(process.argv[1]).hash("check")' "$argon2"

step "move the install to $prefix"
rm -rf "$prefix"
mv "$staging" "$prefix"
echo "$version" >"$marker"

echo "install-code-server: code-server $version installed in $prefix"
echo "$entry"
