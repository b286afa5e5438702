# tools/lib.sh: shared by tools/run and tools/test. Debian 12; no systemd assumed.
# shellcheck shell=bash

VIREO_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# What Vireo needs to build and run.
VIREO_BUILD_PACKAGES=(
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev libgtksourceview-5-dev
  libvirt-dev libvirt-glib-1.0-dev libxml2-dev libgvnc-1.0-dev libosinfo-1.0-dev
  libepoxy-dev libx11-dev libxi-dev
  desktop-file-utils appstream
)
VIREO_RUNTIME_PACKAGES=(
  libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils dnsmasq-base osinfo-db
  openssh-client netcat-openbsd socat adwaita-icon-theme
)
# What the tests need on top: cmocka, an X server and its keymap tools and data (the console's
# keymap tests), a real sshd, schema tools.
VIREO_TEST_PACKAGES=(
  libcmocka-dev xvfb xauth x11-xkb-utils xkb-data openssh-server libxml2-utils python3 valgrind
  debian-installer-12-netboot-amd64 xdotool virtinst xorriso isolinux syslinux-common
)

say () { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die () { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, else through sudo.
as_root () {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "'$*' needs root and sudo is not installed; run it as root once"
  fi
}

# Installs the packages not installed yet; does nothing (quickly) when all are there.
ensure_packages () {
  local missing=() pkg status
  for pkg in "$@"; do
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
    [ "${status:0:2}" = "ii" ] || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  # Services cannot start in a container without systemd: do not let their scripts fail the install.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || die "apt-get could not install: ${missing[*]}"
}

# Configures (once) and builds a build directory.
build () {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    say "Configuring $dir"
    meson setup "$dir" "$VIREO_TOP" "$@" >/dev/null || meson setup "$dir" "$VIREO_TOP" "$@"
  fi
  say "Building $dir"
  meson compile -C "$dir" >/dev/null || meson compile -C "$dir"
}

libvirtd_answers () {
  # `virsh version` opens the connection and asks the daemon: a real answer, not a pid file.
  timeout 60 virsh -q -c qemu:///system version >/dev/null 2>&1
}

# Starts virtlogd and libvirtd when the daemon is installed but not running (no systemd here).
ensure_libvirtd () {
  command -v libvirtd >/dev/null 2>&1 || return 1
  libvirtd_answers && return 0
  say "Starting libvirtd"
  pgrep -x virtlogd >/dev/null 2>&1 || as_root virtlogd -d || true
  pgrep -x libvirtd >/dev/null 2>&1 || as_root libvirtd -d || true
  local i
  for i in $(seq 1 60); do
    [ -S /run/libvirt/libvirt-sock ] && libvirtd_answers && return 0
    sleep 1
  done
  return 1
}
