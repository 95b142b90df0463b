#!/usr/bin/env bash
# Installs what building and testing test-as-self needs, from Debian's packages, and nothing that
# is already there, then the npm packages of the conformance tests into their own node_modules.
# Safe to run again and again. (Chromium and its driver are for the browser test of the Secret Drop
# form; python-telegram-bot and Node.js for the conformance tests of real client libraries.)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake ninja-build g++ pkg-config clang-format ccache clang libclang-rt-14-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libvalijson-dev libfmt-dev libcli11-dev libcpp-httplib-dev
  libcurl4-openssl-dev libssl-dev libboost1.81-dev
  chromium chromium-driver
  python3-python-telegram-bot python3-yaml nodejs
)
# NodeSource's nodejs package carries npm; Debian's needs its own.
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

install_missing_packages() {
  if [ ${#missing[@]} -eq 0 ]; then
    echo "bootstrap: every package is installed"
    return
  fi
  echo "bootstrap: installing ${missing[*]}"
  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      as_root=(sudo)
    else
      echo "bootstrap: need root to install ${missing[*]} (no sudo here); install them and run again" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# A project-local node_modules exactly as its package-lock.json says. npm ci deletes and re-creates
# node_modules, so it runs only when the lockfile differs from the one of the last install.
install_node_modules() {
  local dir=$1
  local stamp="$dir/node_modules/.installed-from-lockfile"
  local lock
  lock=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock" ]; then
    echo "bootstrap: $dir/node_modules matches its lockfile"
    return
  fi
  echo "bootstrap: npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund)
  echo "$lock" >"$stamp"
}

install_missing_packages
install_node_modules tests/conformance/node
