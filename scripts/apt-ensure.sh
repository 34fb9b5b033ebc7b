#!/usr/bin/env bash
# apt-ensure.sh COMMAND PACKAGE: installs Debian's PACKAGE when COMMAND is not on the PATH
# (as root, or through `sudo -n`), updating the package lists once if the first try fails.
set -euo pipefail
command -v "$1" >/dev/null 2>&1 && exit 0
apt() {
  if [ "$(id -u)" -eq 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"
  else sudo -n env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"; fi
}
echo "$1 is missing: installing Debian's $2 / instalando el paquete $2" >&2
apt install -y "$2" >/dev/null || { apt update >/dev/null && apt install -y "$2" >/dev/null; }
command -v "$1" >/dev/null 2>&1 || { echo "could not install $2 / no se pudo instalar $2" >&2; exit 1; }
