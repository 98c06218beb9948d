/* The compiled hot path of the engine: the multimethod object (Dispatcher,
 * _native_dispatcher.c), the base of the backend context managers (ContextBase,
 * _native_context.c) and the guarded implementation (Guarded, _native_guarded.c: a
 * backend's common call straight to its library's function). This file is the module:
 * its configuration (configure) and its start.
 *
 * It only *reads* the engine's state, with the same meaning as the pure-Python
 * reference (_multimethod.py's generated functions, _state.py's contexts):
 *
 * - the local state: the ContextVar `local_state`, whose value is a _Node;
 * - the plans cached on a node: node.plans[token][types] (typed multimethods) or
 *   node.plans[token] (the others), where token is read from the multimethod's
 *   token cell, swapped by the engine on every change of the process-wide state.
 *
 * A call whose plan is cached is served here: the key built as the Python key
 * function builds it, the plan called with the arguments in the one calling
 * convention (required ones by position, optional ones by keyword when they are
 * not their default, positional-only optional ones by position, up to the last
 * one given, when any optional one is given). Everything else goes to the Python reference function: cache
 * misses (it resolves and caches), unusual call shapes (it raises the TypeError
 * Python would), and declines (to the engine's `declined`, with the token the
 * call began with). Resolution, explanation, cache writes and invalidation are
 * Python, unchanged.
 *
 * Why an inline cache: building a tuple key and hashing it costs more than the
 * rest of the call; the last (node, token, types) -> plan of each multimethod is
 * kept in the object and compared pointer by pointer, holding strong references
 * so that no address can be reused by another object while it is kept.
 *
 * Plain CPython C API. No borrowed reference is kept across a call into Python.
 * Free-threaded builds are not supported: the inline cache relies on the GIL to
 * be read and written as a whole (a free-threaded build would need a per-object
 * lock or an immutable, atomically swapped cache entry).
 */

#include "_native.h"

PyObject *ov_local_state = NULL;
PyObject *ov_bnie_type = NULL;
PyObject *ov_all_marker = NULL;

static PyObject *
configure(PyObject *module, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"local_state", "not_implemented_error", "all_marker", NULL};
    PyObject *var = NULL, *bnie = NULL, *all = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O!OO:configure", kwlist,
                                     &PyContextVar_Type, &var, &bnie, &all))
        return NULL;
    if (bnie != NULL && !PyExceptionClass_Check(bnie)) {
        PyErr_SetString(PyExc_TypeError, "configure: not_implemented_error must be an exception");
        return NULL;
    }
    if (var != NULL) {
        Py_INCREF(var);
        Py_XSETREF(ov_local_state, var);
    }
    if (bnie != NULL) {
        Py_INCREF(bnie);
        Py_XSETREF(ov_bnie_type, bnie);
    }
    if (all != NULL) {
        Py_INCREF(all);
        Py_XSETREF(ov_all_marker, all);
    }
    Py_RETURN_NONE;
}

static PyMethodDef module_methods[] = {
    {"configure", (PyCFunction)(void (*)(void))configure, METH_VARARGS | METH_KEYWORDS,
     "Hand the engine's state objects to the compiled path (once, at import)."},
    {NULL}
};

static struct PyModuleDef native_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "overridable._native",
    .m_doc = "The compiled hot path of the overridable engine (see _native.c).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC
PyInit__native(void)
{
    if (ov_dispatcher_ready() < 0 || ov_context_ready() < 0 || ov_guarded_ready() < 0)
        return NULL;
    PyObject *m = PyModule_Create(&native_module);
    if (m == NULL)
        return NULL;
    struct { const char *name; PyTypeObject *type; } types[] = {
        {"Dispatcher", &ov_DispatcherType}, {"ContextBase", &ov_ContextBaseType},
        {"Guarded", &ov_GuardedType},
    };
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        Py_INCREF(types[i].type);
        if (PyModule_AddObject(m, types[i].name, (PyObject *)types[i].type) < 0) {
            Py_DECREF(types[i].type);
            Py_DECREF(m);
            return NULL;
        }
    }
    return m;
}
