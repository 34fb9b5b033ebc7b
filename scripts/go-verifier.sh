#!/usr/bin/env bash
# go-verifier.sh: builds test/transparency/go-verifier, which checks hitos's transparency log with
# Go's golang.org/x/mod/sumdb/note and sumdb/tlog, and prints the binary's path. Works offline:
# Go and x/mod come from Debian's golang-go and golang-golang-x-mod-dev (installed here if
# missing, as root or through `sudo -n`), built in GOPATH mode without the module proxy. The
# binary is cached in node_modules/.cache/hitos-go-verifier/ under a digest of its sources.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

gopath=/usr/share/gocode
xmod=$gopath/src/golang.org/x/mod
source=test/transparency/go-verifier
cache=node_modules/.cache/hitos-go-verifier

bash scripts/apt-ensure.sh go golang-go >&2
if [ ! -f "$xmod/sumdb/note/note.go" ] || [ ! -f "$xmod/sumdb/tlog/tlog.go" ]; then
  echo "golang.org/x/mod is missing: installing Debian's golang-golang-x-mod-dev / instalando golang-golang-x-mod-dev" >&2
  apt() {
    if [ "$(id -u)" -eq 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"
    else sudo -n env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"; fi
  }
  apt install -y golang-golang-x-mod-dev >/dev/null ||
    { apt update >/dev/null && apt install -y golang-golang-x-mod-dev >/dev/null; }
  [ -f "$xmod/sumdb/tlog/tlog.go" ] ||
    { echo "could not install golang-golang-x-mod-dev / no se pudo instalar golang-golang-x-mod-dev" >&2; exit 1; }
fi

digest=$(cat "$source/main.go" "$xmod"/sumdb/note/note.go "$xmod"/sumdb/tlog/*.go <(go version) |
  sha256sum | cut -c1-16)
binary=$cache/go-verifier-$digest
if [ ! -x "$binary" ]; then
  mkdir -p "$cache"
  partial=$(mktemp "$cache/building.XXXXXX")
  GOPATH=$gopath GO111MODULE=off GOFLAGS= GOPROXY=off GOTOOLCHAIN=local \
    GOCACHE="$PWD/$cache/go-build" go build -o "$partial" "./$source"
  mv -f "$partial" "$binary"
fi
echo "$PWD/$binary"
