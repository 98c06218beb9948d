/* Shared by the compiled hot path's parts (see _native.c): the module-wide
 * configuration and each part's type and start-up function. */

#ifndef OVERRIDABLE_NATIVE_H
#define OVERRIDABLE_NATIVE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <string.h>

/* Module-wide configuration, set once by configure() (_native.c). */
extern PyObject *ov_local_state;  /* the ContextVar of the local state */
extern PyObject *ov_bnie_type;    /* BackendNotImplementedError */
extern PyObject *ov_all_marker;   /* _ALL: marks a key holding every part */

/* The types, each made ready (with the strings it interns) by its part's function:
 * 0 on success, -1 with an exception set. */
extern PyTypeObject ov_DispatcherType;   /* _native_dispatcher.c */
extern PyTypeObject ov_ContextBaseType;  /* _native_context.c */
extern PyTypeObject ov_GuardedType;      /* _native_guarded.c */
int ov_dispatcher_ready(void);
int ov_context_ready(void);
int ov_guarded_ready(void);

#endif
