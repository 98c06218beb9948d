#!/usr/bin/env bash
# Build ndtypes and xnd 0.2.0b2 (plures; upstream unmaintained since 2018) from their
# PyPI sdists on Python 3.11, into a throw-away virtual environment. Not run in CI.
# Usage: tools/build_xnd.sh [WORKDIR]   (default: a new temp dir). Needs gcc, make.
set -euo pipefail
PYTHON=${PYTHON:-python3}
WORK=${1:-$(mktemp -d -t xnd-build-XXXXXX)}
mkdir -p "$WORK" && cd "$WORK"
echo "building in $WORK"

"$PYTHON" -m venv --system-site-packages venv
VPY="$WORK/venv/bin/python"
SITE=$("$VPY" -c 'import sysconfig; print(sysconfig.get_paths()["platlib"])')

"$VPY" -m pip download --no-binary :all: --no-deps -d sdists ndtypes==0.2.0b2 xnd==0.2.0b2
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
    || { tail -40 ndtypes-build.log; exit 1; }
(cd xnd-0.2.0b2 && "$VPY" setup.py install) > xnd-build.log 2>&1 \
    || { tail -40 xnd-build.log; exit 1; }

cd /
"$VPY" -c 'import ndtypes, xnd; x = xnd.xnd([[1.0] * 5] * 5, type="5 * 5 * float32"); print(x.type, x[0][0])'
echo "OK: $VPY imports ndtypes and xnd ($SITE)"
