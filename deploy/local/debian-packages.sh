#!/usr/bin/env bash
# Installs the Debian packages the test suite runs as real peers, when one is missing:
#   dcmtk              storescu/findscu/movescu (a real DICOM modality and query client, incl. DICOM TLS)
#   fonts-dejavu-core  the TrueType font the skin-dose map images are drawn with
#   unzip              the chart check unpacks helm from an npm package
#   nginx              the reverse proxy in front of deploy/local/stack.sh's services (one base URL)
# Needs root (or sudo) and apt; on a machine where they are already installed it only checks.
set -euo pipefail

readonly PACKAGES=(dcmtk fonts-dejavu-core unzip nginx)

log() { echo "debian-packages.sh: $*" >&2; }

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  log "all present: ${PACKAGES[*]}"
  exit 0
fi
command -v apt-get >/dev/null || { log "error: missing ${missing[*]} and no apt-get to install them"; exit 1; }
sudo_cmd=()
[[ "$(id -u)" == 0 ]] || sudo_cmd=(sudo -n)
log "installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
