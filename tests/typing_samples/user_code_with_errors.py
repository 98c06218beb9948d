"""User code with mistakes a type checker must catch through the stubs."""

import numpy as np

import overridable as ov
import overridable.numpy as unp

unp.zeross(3)
unp.sum([1, 2], axes=0)
unp.linalg.nrom([1.0])
y = np.ones(3)
unp.mean(y, axis="0")
s: str = unp.mean(y)
ov.set_backend(42)
unp.ones(3, dtype=3.5)
