#!/bin/sh
# Usage: policy-mount.sh <folder> <over> <program> [arguments…]
# Runs the program in a mount namespace of its own, where <folder> is bind-mounted over the
# folder <over> (where the browser reads its policies). Nothing outside that namespace
# changes, and the mount goes away with the program. Needs root.
set -eu
folder=$1 over=$2
shift 2
exec unshare --mount --propagation private -- sh -c 'mount --bind "$0" "$1" && shift && exec "$@"' "$folder" "$over" "$@"
