"""User code with mistakes a type checker must catch through the stubs."""

import overridable.numpy as unp

unp.zeross(3)
unp.sum([1, 2], axes=0)
unp.linalg.nrom([1.0])
