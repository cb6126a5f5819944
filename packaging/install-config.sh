#!/bin/sh
# install-config.sh SOURCE DEST MODE: installs a configuration file without ever overwriting one
# the site has edited. A missing DEST is installed; an identical one is left alone; a different
# one is kept and the new version goes beside it as DEST.dist, for the administrator to merge.
# Used by `make install`; `uninstall-config` below is what `make uninstall` uses.
#
# install-config.sh --uninstall SOURCE DEST: removes DEST only if it is still what was shipped,
# and DEST.dist always; reports an edited DEST that it keeps.
set -eu

if [ "$1" = --uninstall ]; then
  source=$2 dest=$3
  rm -f "$dest.dist"
  if [ -f "$dest" ]; then
    if cmp -s "$source" "$dest"; then
      rm -f "$dest"
    else
      echo "kept $dest (edited on this site)"
    fi
  fi
  exit 0
fi

source=$1 dest=$2 mode=$3
mkdir -p "$(dirname "$dest")"
if [ ! -e "$dest" ]; then
  install -m "$mode" "$source" "$dest"
elif cmp -s "$source" "$dest"; then
  :
else
  install -m "$mode" "$source" "$dest.dist"
  echo "kept $dest (edited on this site); the new version is $dest.dist"
fi
