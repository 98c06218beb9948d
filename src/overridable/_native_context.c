/* The compiled __enter__/__exit__ of the backend context managers: see _native.c. */

#include "_native.h"

/* ------------------------------------------------------------------------------------
 * ContextBase: __enter__ and __exit__ of set_backend/skip_backend contexts.
 *
 * No Python code runs between reading and writing the local state, so an
 * asynchronous exception (a signal handler's) cannot land between them: the block is
 * entered or not, left or not.
 */

static PyObject *str_ctx = NULL;
static PyObject *str_parent = NULL;
static PyObject *str_child = NULL;
static PyObject *str_out_of_order = NULL;

typedef struct {
    PyObject_HEAD
    PyObject *memo_parent;  /* (parent, child) of the last entry: the trie look-up, memoised */
    PyObject *memo_child;
} ContextBase;

static int
set_local(PyObject *node)
{
    PyObject *token = PyContextVar_Set(ov_local_state, node);
    if (token == NULL)
        return -1;
    Py_DECREF(token);
    return 0;
}

static PyObject *
context_enter(ContextBase *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *cur = NULL;
    if (ov_local_state == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "overridable._native is not configured");
        return NULL;
    }
    if (PyContextVar_Get(ov_local_state, NULL, &cur) < 0)
        return NULL;
    PyObject *node;
    if (self->memo_parent == cur && self->memo_child != NULL) {
        node = self->memo_child;
        Py_INCREF(node);
    }
    else {
        node = PyObject_CallMethodOneArg(cur, str_child, (PyObject *)self);
        if (node == NULL) {
            Py_DECREF(cur);
            return NULL;
        }
        PyObject *old_parent = self->memo_parent, *old_child = self->memo_child;
        Py_INCREF(cur);
        Py_INCREF(node);
        self->memo_parent = cur;
        self->memo_child = node;
        Py_XDECREF(old_parent);
        Py_XDECREF(old_child);
    }
    int rc = set_local(node);
    Py_DECREF(node);
    Py_DECREF(cur);
    if (rc < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
context_exit(ContextBase *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_Format(PyExc_TypeError, "__exit__ takes 3 arguments (%zd given)", nargs);
        return NULL;
    }
    PyObject *cur = NULL;
    if (PyContextVar_Get(ov_local_state, NULL, &cur) < 0)
        return NULL;
    PyObject *ctx = PyObject_GetAttr(cur, str_ctx);
    if (ctx == NULL) {
        Py_DECREF(cur);
        return NULL;
    }
    Py_DECREF(ctx);  /* compared by identity only; cur keeps it alive */
    if (ctx == (PyObject *)self) {
        PyObject *parent = PyObject_GetAttr(cur, str_parent);
        Py_DECREF(cur);
        if (parent == NULL)
            return NULL;
        int rc = set_local(parent);
        Py_DECREF(parent);
        if (rc < 0)
            return NULL;
        Py_RETURN_NONE;
    }
    if (args[0] != Py_None) {
        /* An exception on its way out: leave this block and any inside it; never
         * replace the exception. */
        PyObject *node = cur;  /* owned */
        while (node != Py_None) {
            PyObject *c = PyObject_GetAttr(node, str_ctx);
            if (c == NULL) {
                Py_DECREF(node);
                return NULL;
            }
            Py_DECREF(c);
            PyObject *parent = PyObject_GetAttr(node, str_parent);
            Py_DECREF(node);
            if (parent == NULL)
                return NULL;
            if (c == (PyObject *)self) {
                int rc = set_local(parent);
                Py_DECREF(parent);
                if (rc < 0)
                    return NULL;
                Py_RETURN_NONE;
            }
            node = parent;
        }
        Py_DECREF(node);
        Py_RETURN_NONE;
    }
    /* Out of order, with no exception in flight: the Python side words the error. */
    PyObject *r = PyObject_CallMethodOneArg((PyObject *)self, str_out_of_order, cur);
    Py_DECREF(cur);
    return r;
}

static int
context_traverse(ContextBase *self, visitproc visit, void *arg)
{
    Py_VISIT(self->memo_parent);
    Py_VISIT(self->memo_child);
    return 0;
}

static int
context_clear(ContextBase *self)
{
    Py_CLEAR(self->memo_parent);
    Py_CLEAR(self->memo_child);
    return 0;
}

static void
context_dealloc(ContextBase *self)
{
    PyObject_GC_UnTrack(self);
    context_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef context_methods[] = {
    {"__enter__", (PyCFunction)context_enter, METH_NOARGS, "Enter the block."},
    {"__exit__", (PyCFunction)(void (*)(void))context_exit, METH_FASTCALL, "Leave the block."},
    {NULL}
};

PyTypeObject ov_ContextBaseType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "overridable._native.ContextBase",
    .tp_doc = "The compiled __enter__/__exit__ of backend context managers.",
    .tp_basicsize = sizeof(ContextBase),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
    .tp_dealloc = (destructor)context_dealloc,
    .tp_traverse = (traverseproc)context_traverse,
    .tp_clear = (inquiry)context_clear,
    .tp_methods = context_methods,
};

int
ov_context_ready(void)
{
    str_ctx = PyUnicode_InternFromString("ctx");
    str_parent = PyUnicode_InternFromString("parent");
    str_child = PyUnicode_InternFromString("child");
    str_out_of_order = PyUnicode_InternFromString("_out_of_order");
    if (!str_ctx || !str_parent || !str_child || !str_out_of_order)
        return -1;
    return PyType_Ready(&ov_ContextBaseType);
}
