"""Build the optional compiled hot path of the engine (``overridable._native``).

Everything else is in ``pyproject.toml``. The extension is optional: without a C
compiler, or when it fails to build, the install still succeeds and the engine runs
its pure-Python reference path (the same semantics, held equal by a differential
test). ``python -m overridable info`` says which path is active.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("overridable._native",
                  [f"src/overridable/_native{part}.c"
                   for part in ("", "_dispatcher", "_context", "_guarded")],
                  depends=["src/overridable/_native.h"], optional=True),
    ],
)
