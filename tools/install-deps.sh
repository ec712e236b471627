#!/bin/bash
# Installs the Debian 12 packages Kefu Desk needs to build, run and test.
# Only what is missing; apt-get update only when something is.
set -euo pipefail
packages=(
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libsqlite3-dev libnotify-dev libglpk-dev libicu-dev
  libarchive-dev libxml2-dev libical-dev libxlsxwriter-dev unzip
  dosfstools xvfb xauth dbus dbus-x11 at-spi2-core gir1.2-atspi-2.0 python3-gi python3-dbusmock
  dunst libnotify-bin imagemagick desktop-file-utils appstream sqlite3
  clang libclang-rt-14-dev fonts-noto-cjk locales dconf-gsettings-backend xdotool xclip
)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
