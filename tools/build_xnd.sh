#!/usr/bin/env bash
# Build ndtypes and xnd 0.2.0b2 (plures; upstream unmaintained since 2018) from their
# PyPI sdists on Python 3.11 (3.12 has no stdlib distutils, which fix 1 needs).
#
# Usage: tools/build_xnd.sh [--here] [WORKDIR]       Needs gcc, make and PyPI.
#   (default)  install into a throw-away virtual environment WORKDIR/venv
#              (--system-site-packages, so NumPy and overridable are visible there);
#   --here     install into the current interpreter's environment ($PYTHON, default
#              `python`, else `python3`: the active venv's). Skipped if that interpreter
#              already imports ndtypes and xnd. This is what CI does (.ci/run).
# WORKDIR: where the sdists are unpacked and built (default: a new temp dir).
# The script fails loudly (non-zero exit, the build log's tail) on any error.
set -euo pipefail

HERE=0
if [ "${1:-}" = "--here" ]; then
    HERE=1
    shift
fi
case "${1:-}" in -*) echo "usage: $0 [--here] [WORKDIR]" >&2; exit 2 ;; esac
PYTHON=${PYTHON:-$(command -v python || command -v python3)}
CHECK='import ndtypes, xnd; x = xnd.xnd([[1.0] * 5] * 5, type="5 * 5 * float32"); print(x.type, x[0][0])'

"$PYTHON" -c 'import sys; sys.exit(sys.version_info >= (3, 12))' || {
    echo "build_xnd.sh: $("$PYTHON" -V) has no stdlib distutils; this build needs Python <= 3.11" >&2
    exit 1
}
if [ "$HERE" = 1 ] && "$PYTHON" -c "$CHECK" >/dev/null 2>&1; then
    echo "OK: $PYTHON already imports ndtypes and xnd; nothing to do"
    exit 0
fi

WORK=${1:-$(mktemp -d -t xnd-build-XXXXXX)}
mkdir -p "$WORK" && cd "$WORK"
WORK=$(pwd)
echo "building in $WORK"

if [ "$HERE" = 1 ]; then
    VPY=$("$PYTHON" -c 'import sys; print(sys.executable)')
else
    "$PYTHON" -m venv --system-site-packages venv
    VPY="$WORK/venv/bin/python"
fi
SITE=$("$VPY" -c 'import sysconfig; print(sysconfig.get_paths()["platlib"])')

rm -rf sdists ndtypes-0.2.0b2 xnd-0.2.0b2
"$VPY" -m pip download --quiet --no-binary :all: --no-deps -d sdists ndtypes==0.2.0b2 xnd==0.2.0b2
tar xzf sdists/ndtypes-0.2.0b2.tar.gz
tar xzf sdists/xnd-0.2.0b2.tar.gz

# Fix 1: setup.py's make_symlinks() chdirs into <site-packages>/ndtypes (and xnd) to link
# the shared library. With setuptools' distutils shim (the default since setuptools 60)
# "setup.py install" builds an egg instead, that folder never exists and the step raises
# FileNotFoundError; xnd's build then cannot find ndtypes' headers and library there either.
# Python 3.11 still ships the stdlib distutils, which installs the plain layout setup.py expects.
export SETUPTOOLS_USE_DISTUTILS=stdlib

# Fix 2: CPython 3.11 removed the private _PyFloat_{Pack,Unpack}{2,4,8}; the public
# PyFloat_{Pack,Unpack}{2,4,8} (same arguments) replace them.
sed -i -E 's/_PyFloat_(Pack|Unpack)([248])/PyFloat_\1\2/g' xnd-0.2.0b2/python/xnd/_xnd.c

(cd ndtypes-0.2.0b2 && "$VPY" setup.py install) > ndtypes-build.log 2>&1 \
    || { tail -40 ndtypes-build.log; echo "build_xnd.sh: ndtypes failed to build ($WORK)" >&2; exit 1; }
(cd xnd-0.2.0b2 && "$VPY" setup.py install) > xnd-build.log 2>&1 \
    || { tail -40 xnd-build.log; echo "build_xnd.sh: xnd failed to build ($WORK)" >&2; exit 1; }

cd /
"$VPY" -c "$CHECK" || { echo "build_xnd.sh: $VPY cannot import the build" >&2; exit 1; }
echo "OK: $VPY imports ndtypes and xnd ($SITE)"
