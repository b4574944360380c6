#!/bin/sh
# Installs the few Debian / Ubuntu / Raspberry Pi OS packages restock needs beside PyPI:
#   libzbar0       the ZBar library that pyzbar reads barcodes with
#   libportaudio2  the audio library behind sounddevice (microphone)
#   espeak-ng      spoken confirmations (optional, but small)
#   alsa-utils     aplay, which plays the daemon's feedback tones
#   python3-venv   to create .venv on Debian's own Python
# Nothing is installed when everything is already there.
set -eu

missing=""
has_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
has_lib libzbar.so.0 || missing="$missing libzbar0"
has_lib libportaudio.so.2 || missing="$missing libportaudio2"
command -v espeak-ng >/dev/null 2>&1 || missing="$missing espeak-ng"
command -v aplay >/dev/null 2>&1 || missing="$missing alsa-utils"
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing="$missing python3-venv"

[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "restock needs these system packages:$missing (install them with your package manager)" >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
    echo "Installing system packages:$missing (sudo may ask for your password)"
else
    echo "restock needs these system packages; as root run: apt-get install$missing" >&2
    exit 1
fi
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
