#!/usr/bin/env bash
# Install what the browser tests need from Debian's packages: Chromium, which
# Playwright drives (Playwright's own browser download cannot run here), and
# fonts-noto-cjk, so that Chromium draws JupyterLab's Chinese text with real
# glyphs. The Playwright Python package comes from pyproject.toml's test extra.
#
# Run as root (CI runs as root) or through sudo. It does nothing when both
# packages are already installed, so repeated runs cost no network time.
set -euo pipefail

packages=(chromium fonts-noto-cjk)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query --show --showformat='${Status}' "$package" 2>/dev/null \
        | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "Browser test packages already installed: ${packages[*]}"
    exit 0
fi

if ! command -v apt-get >/dev/null; then
    echo "apt-get not found: install ${missing[*]} with this system's package manager" >&2
    exit 1
fi

run_as_root=()
if [ "$(id -u)" -ne 0 ]; then
    run_as_root=(sudo)
fi

echo "Installing ${missing[*]} from Debian's packages ..."
"${run_as_root[@]}" apt-get update -qq
"${run_as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
