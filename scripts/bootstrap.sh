#!/usr/bin/env bash
# Installs what building and testing test-as-self needs, from Debian's packages, and nothing that
# is already there. Safe to run again and again. (Chromium and its driver are for the browser test
# of the Secret Drop form.)
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config clang-format ccache clang libclang-rt-14-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libfmt-dev libcli11-dev libcpp-httplib-dev
  libcurl4-openssl-dev libssl-dev
  chromium chromium-driver
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: every package is installed"
  exit 0
fi

echo "bootstrap: installing ${missing[*]}"
as_root=()
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
