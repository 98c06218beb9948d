/* The guarded implementation of the compiled hot path: see _native.c and
 * overridable/_guarded.py. */

#include "_native.h"

/* ------------------------------------------------------------------------------------ */
/* Guarded: an implementation whose common call goes straight to the library's function
 * (see overridable._guarded, the Python reference, for the rule it checks). */

enum { ATTR_DTYPE, ATTR_NDIM, NATTRS };  /* the attributes the guard reads */
static PyObject *attr_names[NATTRS];

typedef struct {
    PyObject_HEAD
    PyObject *slow;          /* the adapter: every call the guard does not pass */
    PyObject *fast;          /* the library's function, for arrays that pass the guard */
    PyObject *owner;         /* the array type, matched exactly */
    PyObject *dtypes;        /* a tuple of dtypes (given as a frozenset), or NULL: any */
    PyObject *scalar;        /* (array, Python int or float) -> result, or NULL */
    PyObject *scalar_dtypes; /* the array dtypes the scalar call takes (a tuple) */
    PyObject *lead_dtypes;   /* the first argument's dtypes, apart from the others', or NULL */
    PyObject *getters[NATTRS];      /* the owner's data descriptors, or NULL: guarded_attr */
    unsigned int getter_tags[NATTRS];  /* the owner's version tag when each was read */
    Py_ssize_t arity;
    Py_ssize_t max_ndim;     /* the largest ndim an array may have, or -1: any */
    int sequence;            /* the one argument is a tuple or list of arrays */
    int shape;               /* one more argument: a tuple of Python ints */
    int axis;                /* one more argument: NumPy's axis, an int, passed by position */
    vectorcallfunc vectorcall;
} Guarded;

static PyObject *str_axis = NULL;

/* getattr(array, attr_names[which]) (a new reference), for an array of the owner type.
 * When the owner reads attributes the generic way and the attribute is a data descriptor
 * of the type, that descriptor is called directly: the generic lookup would find and call
 * the same one (a data descriptor wins over the instance's dict). It is looked up again
 * whenever the owner's version tag changes, as CPython's own attribute cache does. */
static PyObject *
guarded_attr(Guarded *self, PyObject *array, int which)
{
    PyTypeObject *owner = (PyTypeObject *)self->owner;
    if (owner->tp_getattro != PyObject_GenericGetAttr
            || !(owner->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG))
        return PyObject_GetAttr(array, attr_names[which]);
    if (self->getters[which] == NULL || self->getter_tags[which] != owner->tp_version_tag) {
        PyObject *descr = _PyType_Lookup(owner, attr_names[which]);  /* borrowed */
        Py_CLEAR(self->getters[which]);
        if (descr == NULL || Py_TYPE(descr)->tp_descr_get == NULL
                || Py_TYPE(descr)->tp_descr_set == NULL
                || !(owner->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG))
            return PyObject_GetAttr(array, attr_names[which]);
        self->getters[which] = Py_NewRef(descr);
        self->getter_tags[which] = owner->tp_version_tag;
    }
    PyObject *descr = Py_NewRef(self->getters[which]);  /* the getter may run Python code */
    PyObject *value = Py_TYPE(descr)->tp_descr_get(descr, array, self->owner);
    Py_DECREF(descr);
    return value;
}

/* 1 when each of the n arrays has at most max_ndim dimensions (any, when -1), 0 when
 * not, -1 on error. */
static int
guarded_ndim_ok(Guarded *self, PyObject *const *args, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n && self->max_ndim >= 0; i++) {
        PyObject *nd = guarded_attr(self, args[i], ATTR_NDIM);
        if (nd == NULL)
            return -1;
        Py_ssize_t v = PyLong_Check(nd) ? PyLong_AsSsize_t(nd) : -2;
        Py_DECREF(nd);
        if (v == -1 && PyErr_Occurred()) {
            if (!PyErr_ExceptionMatches(PyExc_OverflowError))
                return -1;
            PyErr_Clear();  /* too many dimensions: not the common call */
        }
        if (v < 0 || v > self->max_ndim)
            return 0;
    }
    return 1;
}

/* 1 when the arrays all have one dtype in `dtypes` (any, when NULL), 0 when not, -1 on
 * error. The arrays are of the owner type; their dtypes are compared by identity, with
 * each other and with the tuple's (NumPy's dtypes hash slowly: no set lookup). */
static int
guarded_same_dtype(Guarded *self, PyObject *const *args, Py_ssize_t n, PyObject *dtypes)
{
    if (n == 1 && dtypes == NULL)
        return 1;  /* one array, any dtype: nothing to read */
    PyObject *first = guarded_attr(self, args[0], ATTR_DTYPE);
    if (first == NULL)
        return -1;
    int ok = 1;
    for (Py_ssize_t i = 1; i < n && ok; i++) {
        PyObject *d = guarded_attr(self, args[i], ATTR_DTYPE);
        if (d == NULL) {
            Py_DECREF(first);
            return -1;
        }
        ok = d == first;
        Py_DECREF(d);
    }
    if (ok && dtypes != NULL) {
        ok = 0;
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(dtypes) && !ok; i++)
            ok = PyTuple_GET_ITEM(dtypes, i) == first;
    }
    Py_DECREF(first);
    return ok;
}

/* 1 when every one of the n objects is exactly of the owner type. */
static int
guarded_owned(Guarded *self, PyObject *const *items, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++)
        if (Py_TYPE(items[i]) != (PyTypeObject *)self->owner)
            return 0;
    return 1;
}

/* The route of a call: 1 with *route set (borrowed: fast or scalar) when the guard
 * passes, 0 when the call is the adapter's, -1 on error. */
static int
guarded_route(Guarded *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
              PyObject **route)
{
    Py_ssize_t nkw = kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames);
    Py_ssize_t arity = self->arity;
    if (self->axis) {
        /* axis: one more positional Python int, or the keyword axis= (alone), an int */
        if (nkw == 1) {
            PyObject *name = PyTuple_GET_ITEM(kwnames, 0);
            if (nargs != arity || (name != str_axis
                                   && PyUnicode_CompareWithASCIIString(name, "axis") != 0))
                return 0;
            if (!PyLong_CheckExact(args[nargs]))
                return 0;
        }
        else if (nkw != 0 || (nargs != arity && (nargs != arity + 1
                                                 || !PyLong_CheckExact(args[arity]))))
            return 0;
    }
    else if (self->shape) {
        if (nkw != 0 || nargs != 2 || !PyTuple_CheckExact(args[1]))
            return 0;
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args[1]); i++)
            if (!PyLong_CheckExact(PyTuple_GET_ITEM(args[1], i)))
                return 0;
    }
    else if (nkw != 0 || nargs != arity)
        return 0;

    PyObject *const *arrays = args;
    Py_ssize_t narrays = arity;
    PyObject *items = NULL;  /* a list's items, held as a tuple: reading a dtype may run
                                Python code, which may change the list */
    if (self->sequence) {
        if (PyTuple_CheckExact(args[0]))
            items = Py_NewRef(args[0]);
        else if (PyList_CheckExact(args[0]))
            items = PyList_AsTuple(args[0]);
        else
            return 0;
        if (items == NULL)
            return -1;
        narrays = PyTuple_GET_SIZE(items);
        arrays = &PyTuple_GET_ITEM(items, 0);
    }
    if (narrays > 0 && guarded_owned(self, arrays, narrays)) {
        int lead = self->lead_dtypes != NULL;
        int ok = guarded_ndim_ok(self, arrays, narrays);
        if (ok > 0 && lead)  /* where(condition, x, y): the condition's dtype on its own */
            ok = guarded_same_dtype(self, arrays, 1, self->lead_dtypes);
        if (ok > 0)
            ok = guarded_same_dtype(self, arrays + lead, narrays - lead, self->dtypes);
        Py_XDECREF(items);
        if (ok > 0)
            *route = self->fast;
        return ok;
    }
    Py_XDECREF(items);
    if (self->scalar != NULL && nargs == 2 && Py_TYPE(args[0]) == (PyTypeObject *)self->owner
            && (PyFloat_CheckExact(args[1]) || PyLong_CheckExact(args[1]))) {
        int ok = guarded_ndim_ok(self, args, 1);
        if (ok > 0)
            ok = guarded_same_dtype(self, args, 1, self->scalar_dtypes);
        if (ok > 0)
            *route = self->scalar;
        return ok;
    }
    return 0;
}

static PyObject *
guarded_vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf,
                   PyObject *kwnames)
{
    Guarded *self = (Guarded *)callable;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    PyObject *route = NULL;
    int ok = guarded_route(self, args, nargs, kwnames, &route);
    if (ok < 0)
        return NULL;
    if (ok) {
        PyObject *result;
        if (kwnames == NULL) {
            result = PyObject_Vectorcall(route, args, nargsf, NULL);
        }
        else {  /* axis= (the value follows the positional arguments): by position */
            result = PyObject_Vectorcall(route, args, nargs + 1, NULL);
        }
        /* The library's error is not NumPy's: the adapter says what NumPy says. */
        if (result != NULL || !PyErr_ExceptionMatches(PyExc_Exception))
            return result;
        PyErr_Clear();
    }
    return PyObject_Vectorcall(self->slow, args, nargsf, kwnames);
}

static PyObject *
guarded_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"slow", "fast", "owner", "arity", "dtypes", "scalar",
                             "scalar_dtypes", "lead_dtypes", "sequence", "shape", "axis",
                             "max_ndim", NULL};
    PyObject *slow, *fast, *owner, *dtypes = Py_None, *scalar = Py_None,
             *scalar_dtypes = Py_None, *lead_dtypes = Py_None, *axis = Py_False,
             *max_ndim = Py_None;
    Py_ssize_t arity;
    int sequence = 0, shape = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOO!n|$OOOOppOO:Guarded", kwlist, &slow,
                                     &fast, &PyType_Type, &owner, &arity, &dtypes, &scalar,
                                     &scalar_dtypes, &lead_dtypes, &sequence, &shape, &axis,
                                     &max_ndim))
        return NULL;
    if (!PyCallable_Check(slow) || !PyCallable_Check(fast)
            || (scalar != Py_None && !PyCallable_Check(scalar))) {
        PyErr_SetString(PyExc_TypeError, "Guarded: slow, fast and scalar must be callable");
        return NULL;
    }
    if (arity < 1 || arity > 3) {
        PyErr_SetString(PyExc_ValueError, "Guarded: arity must be 1, 2 or 3");
        return NULL;
    }
    if ((dtypes != Py_None && !PyFrozenSet_CheckExact(dtypes))
            || (scalar == Py_None) != (scalar_dtypes == Py_None)
            || (scalar_dtypes != Py_None && !PyFrozenSet_CheckExact(scalar_dtypes))
            || (scalar != Py_None && arity != 2)
            || (lead_dtypes != Py_None && (!PyFrozenSet_CheckExact(lead_dtypes) || arity < 2
                                           || scalar != Py_None))) {
        PyErr_SetString(PyExc_TypeError, "Guarded: dtypes must be a frozenset or None, "
                        "scalar (arity 2 only) comes with a frozenset of scalar_dtypes, and "
                        "lead_dtypes (a frozenset; arity 2 or 3, no scalar) goes alone");
        return NULL;
    }
    if (!PyBool_Check(axis)
            || ((sequence || shape || axis == Py_True)
                && (arity != 1 || scalar != Py_None
                    || (shape && (sequence || axis == Py_True))))) {
        PyErr_SetString(PyExc_TypeError, "Guarded: sequence, shape and axis (a bool) take "
                        "arity 1 and no scalar; shape goes without sequence and axis");
        return NULL;
    }
    Py_ssize_t ndim = -1;
    if (max_ndim != Py_None) {
        ndim = PyLong_CheckExact(max_ndim) ? PyLong_AsSsize_t(max_ndim) : -1;
        if (ndim < 0) {
            PyErr_Clear();
            PyErr_SetString(PyExc_ValueError, "Guarded: max_ndim must be an int >= 0 or None");
            return NULL;
        }
    }
    Guarded *self = (Guarded *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->slow = Py_NewRef(slow);
    self->fast = Py_NewRef(fast);
    self->owner = Py_NewRef(owner);
    self->dtypes = dtypes == Py_None ? NULL : PySequence_Tuple(dtypes);
    self->scalar = scalar == Py_None ? NULL : Py_NewRef(scalar);
    self->scalar_dtypes = scalar_dtypes == Py_None ? NULL : PySequence_Tuple(scalar_dtypes);
    self->lead_dtypes = lead_dtypes == Py_None ? NULL : PySequence_Tuple(lead_dtypes);
    if ((dtypes != Py_None && self->dtypes == NULL)
            || (scalar_dtypes != Py_None && self->scalar_dtypes == NULL)
            || (lead_dtypes != Py_None && self->lead_dtypes == NULL)) {
        Py_DECREF(self);
        return NULL;
    }
    self->axis = axis == Py_True;
    self->arity = arity;
    self->max_ndim = ndim;
    self->sequence = sequence;
    self->shape = shape;
    self->vectorcall = guarded_vectorcall;
    return (PyObject *)self;
}

static int
guarded_traverse(Guarded *self, visitproc visit, void *arg)
{
    Py_VISIT(self->slow);
    Py_VISIT(self->fast);
    Py_VISIT(self->owner);
    Py_VISIT(self->dtypes);
    Py_VISIT(self->scalar);
    Py_VISIT(self->scalar_dtypes);
    Py_VISIT(self->lead_dtypes);
    for (int i = 0; i < NATTRS; i++)
        Py_VISIT(self->getters[i]);
    return 0;
}

static int
guarded_clear(Guarded *self)
{
    Py_CLEAR(self->slow);
    Py_CLEAR(self->fast);
    Py_CLEAR(self->owner);
    Py_CLEAR(self->dtypes);
    Py_CLEAR(self->scalar);
    Py_CLEAR(self->scalar_dtypes);
    Py_CLEAR(self->lead_dtypes);
    for (int i = 0; i < NATTRS; i++)
        Py_CLEAR(self->getters[i]);
    return 0;
}

static void
guarded_dealloc(Guarded *self)
{
    PyObject_GC_UnTrack(self);
    guarded_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
guarded_slow_attr(Guarded *self, const char *name)
{
    if (self->slow == NULL) {
        PyErr_SetString(PyExc_AttributeError, name);
        return NULL;
    }
    return PyObject_GetAttrString(self->slow, name);
}

/* What introspection reads (inspect.signature, help, the engine's explain): the adapter's. */
static PyObject *
guarded_getattro(PyObject *obj, PyObject *name)
{
    PyObject *value = PyObject_GenericGetAttr(obj, name);
    Guarded *self = (Guarded *)obj;
    if (value != NULL || self->slow == NULL || !PyErr_ExceptionMatches(PyExc_AttributeError))
        return value;
    PyErr_Clear();
    return PyObject_GetAttr(self->slow, name);
}

static PyObject *
guarded_get_doc(Guarded *self, void *Py_UNUSED(closure))
{
    return guarded_slow_attr(self, "__doc__");
}

static PyObject *
guarded_get_module(Guarded *self, void *Py_UNUSED(closure))
{
    return guarded_slow_attr(self, "__module__");
}

static PyObject *
guarded_repr(Guarded *self)
{
    return PyUnicode_FromFormat("<guarded %R>", self->slow);
}

static PyMemberDef guarded_members[] = {
    {"__wrapped__", T_OBJECT, offsetof(Guarded, slow), READONLY,
     "The adapter: every call the guard does not pass (the Python reference's answer)."},
    {"fast", T_OBJECT, offsetof(Guarded, fast), READONLY, "The library's function."},
    {NULL}
};

static PyGetSetDef guarded_getset[] = {
    {"__doc__", (getter)guarded_get_doc, NULL, NULL, NULL},
    {"__module__", (getter)guarded_get_module, NULL, NULL, NULL},
    {NULL}
};

PyTypeObject ov_GuardedType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "overridable._native.Guarded",
    .tp_basicsize = sizeof(Guarded),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_new = guarded_new,
    .tp_dealloc = (destructor)guarded_dealloc,
    .tp_traverse = (traverseproc)guarded_traverse,
    .tp_clear = (inquiry)guarded_clear,
    .tp_call = PyVectorcall_Call,
    .tp_vectorcall_offset = offsetof(Guarded, vectorcall),
    .tp_getattro = guarded_getattro,
    .tp_repr = (reprfunc)guarded_repr,
    .tp_members = guarded_members,
    .tp_getset = guarded_getset,
};

int
ov_guarded_ready(void)
{
    attr_names[ATTR_DTYPE] = PyUnicode_InternFromString("dtype");
    attr_names[ATTR_NDIM] = PyUnicode_InternFromString("ndim");
    str_axis = PyUnicode_InternFromString("axis");
    if (!attr_names[ATTR_DTYPE] || !attr_names[ATTR_NDIM] || !str_axis)
        return -1;
    return PyType_Ready(&ov_GuardedType);
}
