#!/bin/sh
# Records when a preparation step of `make demo` ended, so the demo can print how long
# each stage took, make's own steps included:
#   stamp.sh FILE begin     start a new record
#   stamp.sh FILE NAME      NAME ended now
set -eu
[ $# -eq 2 ] || {
  echo "usage: stamp.sh FILE begin|NAME" >&2
  exit 2
}
file=$1
mkdir -p "$(dirname "$file")"
[ "$2" = begin ] && : >"$file"
printf '%s %s\n' "$2" "$(date +%s%3N)" >>"$file"
