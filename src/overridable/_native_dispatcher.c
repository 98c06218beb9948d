/* The multimethod object (Dispatcher) of the compiled hot path: see _native.c. */

#include "_native.h"

#define MAX_PARAMS 32
#define MAX_DISPATCH 16
#define MAX_PARTS 12

enum { KIND_POSONLY = 0, KIND_POS = 1, KIND_KWONLY = 2, KIND_VARARGS = 3, KIND_VARKW = 4 };
/* Keywords a **kwargs parameter collects in one call, at most (more: the Python function). */
#define MAX_EXTRA 16
/* Arguments an *args parameter collects in one call, at most (more: the Python function). */
#define MAX_REST 32

static PyObject *str_plans = NULL;

/* Markers in the inline cache's flat encoding of a key (never objects). */
static char seq_marks[MAX_PARTS + 1];
static char full_mark;
#define SEQ_MARK(n) ((PyObject *)&seq_marks[(n)])
#define FULL_MARK ((PyObject *)&full_mark)
#define IS_MARK(p) (((char *)(p) >= seq_marks && (char *)(p) <= seq_marks + MAX_PARTS) \
                    || (char *)(p) == &full_mark)

typedef struct {
    short index;    /* parameter index */
    char many;      /* a sequence of dispatchables */
    char optional;  /* has a default: keyed only when given */
} DispatchParam;

typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    PyObject *dict;
    PyObject *weakreflist;
    PyObject *pyfunc;     /* the Python reference function */
    PyObject *cell;       /* holds the multimethod's current token */
    PyObject *declined;   /* info.native_declined(token, plan, exc, *args, **kwargs) */
    PyObject *annotate;   /* info.annotate(token, plan, exc): a note on a library's error */
    PyObject *names;      /* tuple of every parameter name */
    PyObject *defaults;   /* tuple: each parameter's default, or `required` */
    PyObject *required;   /* the marker of a parameter without a default */
    PyObject *kwnames;    /* dict: keyword mask -> tuple of names (no allocation per call) */
    int fixed;            /* few enough parameters: served here */
    int varkw;            /* the last parameter is **kwargs (not counted in nparams) */
    Py_ssize_t varargs;   /* the index of the *args parameter, or -1 */
    int typed;
    int binds;            /* binds as a method when stored in a class, as functions do */
    Py_ssize_t nparams, npos;
    Py_ssize_t nrequired;  /* required positional parameters (they come first) */
    int plain;             /* no required keyword-only parameter: the common call is positional */
    unsigned char kind[MAX_PARAMS];
    unsigned char has_default[MAX_PARAMS];
    Py_ssize_t ndispatch, nrequired_dispatch;
    DispatchParam dispatch[MAX_DISPATCH];
    /* the inline cache */
    PyObject *ic_node, *ic_token, *ic_plan;
    Py_ssize_t ic_n;
    PyObject *ic_parts[MAX_PARTS];
    /* counters, for tests: calls served here, sent to Python on a miss, or for their shape */
    Py_ssize_t hits, misses, fallbacks;
} Dispatcher;

static void
ic_clear(Dispatcher *self)
{
    PyObject *node = self->ic_node, *token = self->ic_token, *plan = self->ic_plan;
    Py_ssize_t n = self->ic_n;
    PyObject *parts[MAX_PARTS];
    if (n > 0)
        memcpy(parts, self->ic_parts, n * sizeof(PyObject *));
    self->ic_node = self->ic_token = self->ic_plan = NULL;
    self->ic_n = 0;
    /* Decref last: a finalizer run by it may call this multimethod. */
    for (Py_ssize_t i = 0; i < n; i++)
        if (!IS_MARK(parts[i]))
            Py_DECREF(parts[i]);
    Py_XDECREF(node);
    Py_XDECREF(token);
    Py_XDECREF(plan);
}

static void
ic_store(Dispatcher *self, PyObject *node, PyObject *token, PyObject *plan,
         PyObject **parts, Py_ssize_t n)
{
    PyObject *old_node = self->ic_node, *old_token = self->ic_token, *old_plan = self->ic_plan;
    Py_ssize_t old_n = self->ic_n;
    PyObject *old_parts[MAX_PARTS];
    if (old_n > 0)
        memcpy(old_parts, self->ic_parts, old_n * sizeof(PyObject *));
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!IS_MARK(parts[i]))
            Py_INCREF(parts[i]);
        self->ic_parts[i] = parts[i];
    }
    Py_INCREF(node);
    Py_INCREF(token);
    Py_INCREF(plan);
    self->ic_node = node;
    self->ic_token = token;
    self->ic_plan = plan;
    self->ic_n = n;
    for (Py_ssize_t i = 0; i < old_n; i++)
        if (!IS_MARK(old_parts[i]))
            Py_DECREF(old_parts[i]);
    Py_XDECREF(old_node);
    Py_XDECREF(old_token);
    Py_XDECREF(old_plan);
}

/* The key's part for one value: its type, or for a sequence parameter given a list or
 * tuple, the tuple of its items' types. New reference. */
static PyObject *
part_object(PyObject *value, int many)
{
    if (many && (PyList_CheckExact(value) || PyTuple_CheckExact(value))) {
        Py_ssize_t n = PySequence_Fast_GET_SIZE(value);
        PyObject *t = PyTuple_New(n);
        if (t == NULL)
            return NULL;
        PyObject **items = PySequence_Fast_ITEMS(value);
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *tp = (PyObject *)Py_TYPE(items[i]);
            Py_INCREF(tp);
            PyTuple_SET_ITEM(t, i, tp);
        }
        return t;
    }
    PyObject *tp = (PyObject *)Py_TYPE(value);
    Py_INCREF(tp);
    return tp;
}

/* Append one value's part to the flat encoding; 0 when it does not fit. */
static int
part_flat(PyObject *value, int many, PyObject **parts, Py_ssize_t *n)
{
    if (many && (PyList_CheckExact(value) || PyTuple_CheckExact(value))) {
        Py_ssize_t len = PySequence_Fast_GET_SIZE(value);
        if (*n + 1 + len > MAX_PARTS)
            return 0;
        PyObject **items = PySequence_Fast_ITEMS(value);
        parts[(*n)++] = SEQ_MARK(len);
        for (Py_ssize_t i = 0; i < len; i++)
            parts[(*n)++] = (PyObject *)Py_TYPE(items[i]);
        return 1;
    }
    if (*n + 1 > MAX_PARTS)
        return 0;
    parts[(*n)++] = (PyObject *)Py_TYPE(value);
    return 1;
}

/* The cache key of a typed call, as the Python key function builds it. */
static PyObject *
key_object(Dispatcher *self, PyObject **values, int full)
{
    if (!full) {
        if (self->nrequired_dispatch == 1) {
            for (Py_ssize_t i = 0; i < self->ndispatch; i++)
                if (!self->dispatch[i].optional)
                    return part_object(values[self->dispatch[i].index], self->dispatch[i].many);
        }
        PyObject *t = PyTuple_New(self->nrequired_dispatch);
        if (t == NULL)
            return NULL;
        Py_ssize_t j = 0;
        for (Py_ssize_t i = 0; i < self->ndispatch; i++) {
            DispatchParam *d = &self->dispatch[i];
            if (d->optional)
                continue;
            PyObject *p = part_object(values[d->index], d->many);
            if (p == NULL) {
                Py_DECREF(t);
                return NULL;
            }
            PyTuple_SET_ITEM(t, j++, p);
        }
        return t;
    }
    PyObject *t = PyTuple_New(self->ndispatch + 1);
    if (t == NULL)
        return NULL;
    Py_INCREF(ov_all_marker);
    PyTuple_SET_ITEM(t, 0, ov_all_marker);
    for (Py_ssize_t i = 0; i < self->ndispatch; i++) {
        PyObject *p = part_object(values[self->dispatch[i].index], self->dispatch[i].many);
        if (p == NULL) {
            Py_DECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, i + 1, p);
    }
    return t;
}

/* The names tuple for a keyword mask (bit i: parameter i goes by keyword). */
static PyObject *
kwnames_for(Dispatcher *self, unsigned long long mask)
{
    PyObject *key = PyLong_FromUnsignedLongLong(mask);
    if (key == NULL)
        return NULL;
    PyObject *names = PyDict_GetItemWithError(self->kwnames, key);
    if (names != NULL) {
        Py_DECREF(key);
        return names;  /* borrowed: the dict keeps it */
    }
    if (PyErr_Occurred()) {
        Py_DECREF(key);
        return NULL;
    }
    Py_ssize_t count = 0;
    for (Py_ssize_t i = 0; i < self->nparams; i++)
        if (mask & (1ULL << i))
            count++;
    names = PyTuple_New(count);
    if (names == NULL) {
        Py_DECREF(key);
        return NULL;
    }
    Py_ssize_t j = 0;
    for (Py_ssize_t i = 0; i < self->nparams; i++)
        if (mask & (1ULL << i)) {
            PyObject *name = PyTuple_GET_ITEM(self->names, i);
            Py_INCREF(name);
            PyTuple_SET_ITEM(names, j++, name);
        }
    int rc = PyDict_SetItem(self->kwnames, key, names);
    Py_DECREF(key);
    Py_DECREF(names);
    if (rc < 0)
        return NULL;
    return names;  /* borrowed: the dict keeps it */
}

static PyObject *
fallback(Dispatcher *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    return PyObject_Vectorcall(self->pyfunc, args, nargsf, kwnames);
}

/* The plan declined (exc set, or NotImplemented returned): the engine finishes the
 * resolution, with the token the call began with, as the Python function does. */
static PyObject *
call_declined(Dispatcher *self, PyObject *token, PyObject *plan, PyObject *const *args,
              Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *type = NULL, *exc = NULL, *tb = NULL;
    if (PyErr_Occurred()) {
        PyErr_Fetch(&type, &exc, &tb);
        PyErr_NormalizeException(&type, &exc, &tb);
        if (tb != NULL && exc != NULL)
            PyException_SetTraceback(exc, tb);
    }
    Py_ssize_t nkw = kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames);
    PyObject **all = PyMem_Malloc((nargs + nkw + 4) * sizeof(PyObject *));
    if (all == NULL) {
        Py_XDECREF(type);
        Py_XDECREF(exc);
        Py_XDECREF(tb);
        return PyErr_NoMemory();
    }
    all[1] = token;
    all[2] = plan;
    all[3] = exc != NULL ? exc : Py_None;
    for (Py_ssize_t i = 0; i < nargs + nkw; i++)
        all[4 + i] = args[i];
    PyObject *result;
    if (exc != NULL) {
        /* As inside `except ... as exc:`: an error raised while finishing has it as
         * its __context__. */
        PyObject *ot, *ov, *otb;
        PyErr_GetExcInfo(&ot, &ov, &otb);
        Py_INCREF(type);
        Py_INCREF(exc);
        Py_XINCREF(tb);
        PyErr_SetExcInfo(type, exc, tb);
        result = PyObject_Vectorcall(self->declined, all + 1,
                                     (3 + nargs) | PY_VECTORCALL_ARGUMENTS_OFFSET, kwnames);
        PyErr_SetExcInfo(ot, ov, otb);
    }
    else {
        result = PyObject_Vectorcall(self->declined, all + 1,
                                     (3 + nargs) | PY_VECTORCALL_ARGUMENTS_OFFSET, kwnames);
    }
    PyMem_Free(all);
    Py_XDECREF(type);
    Py_XDECREF(exc);
    Py_XDECREF(tb);
    return result;
}

/* A library's exception from the plan: the engine adds a note naming the multimethod
 * and the backend, and the backend may give NumPy's error for the call instead
 * (Backend.explain_error): `annotate(token, plan, exc, *args, **kwargs)` returns the
 * exception to raise (the same one, or NumPy's). */
static void
annotate_error(Dispatcher *self, PyObject *token, PyObject *plan, PyObject *const *args,
               Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *type, *exc, *tb;
    PyErr_Fetch(&type, &exc, &tb);
    PyErr_NormalizeException(&type, &exc, &tb);
    if (exc == NULL) {
        PyErr_Restore(type, exc, tb);
        return;
    }
    if (tb != NULL)
        PyException_SetTraceback(exc, tb);
    Py_ssize_t nkw = kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames);
    PyObject **all = PyMem_Malloc((nargs + nkw + 4) * sizeof(PyObject *));
    PyObject *r = NULL;
    if (all != NULL) {
        all[1] = token;
        all[2] = plan;
        all[3] = exc;
        for (Py_ssize_t i = 0; i < nargs + nkw; i++)
            all[4 + i] = args[i];
        r = PyObject_Vectorcall(self->annotate, all + 1,
                                (3 + nargs) | PY_VECTORCALL_ARGUMENTS_OFFSET, kwnames);
        PyMem_Free(all);
    }
    if (r == NULL || r == exc || !PyExceptionInstance_Check(r)) {
        PyErr_Clear();  /* a note is a courtesy: it never replaces the exception */
        Py_XDECREF(r);
        PyErr_Restore(type, exc, tb);
        return;
    }
    /* NumPy's error, as `raise r from None` in the library's error's handler */
    PyException_SetContext(r, exc);  /* steals exc */
    PyException_SetCause(r, NULL);   /* and suppresses the context */
    Py_XDECREF(type);
    Py_XDECREF(tb);
    PyErr_SetObject((PyObject *)Py_TYPE(r), r);
    Py_DECREF(r);
}

/* The plan cached for this call: 1 (a new reference in *plan), 0 on a miss, -1 on error.
 * `values` holds every parameter's value (the required ones at least, when !full). */
static int
find_plan(Dispatcher *self, PyObject *node, PyObject *token, PyObject **values, int full,
          PyObject **plan)
{
    PyObject *parts[MAX_PARTS];
    Py_ssize_t nparts = 0;
    int flat = 1;
    if (self->typed) {
        if (full)
            parts[nparts++] = FULL_MARK;
        for (Py_ssize_t i = 0; i < self->ndispatch && flat; i++) {
            DispatchParam *d = &self->dispatch[i];
            if (d->optional && !full)
                continue;
            flat = part_flat(values[d->index], d->many, parts, &nparts);
        }
    }
    if (flat && self->ic_node == node && self->ic_token == token && self->ic_n == nparts
            && (nparts == 0 || memcmp(parts, self->ic_parts, nparts * sizeof(PyObject *)) == 0)) {
        *plan = self->ic_plan;
        Py_INCREF(*plan);
        return 1;
    }
    PyObject *plans = PyObject_GetAttr(node, str_plans);
    if (plans == NULL)
        return -1;
    PyObject *entry = PyDict_GetItemWithError(plans, token);  /* borrowed */
    Py_XINCREF(entry);
    Py_DECREF(plans);
    if (entry != NULL && self->typed) {
        if (!PyDict_Check(entry)) {
            Py_DECREF(entry);
            PyErr_SetString(PyExc_SystemError, "overridable: a typed cache is not a dict");
            return -1;
        }
        PyObject *key = key_object(self, values, full);
        if (key == NULL) {
            Py_DECREF(entry);
            return -1;
        }
        PyObject *found = PyDict_GetItemWithError(entry, key);  /* borrowed */
        Py_XINCREF(found);
        Py_DECREF(key);
        Py_DECREF(entry);
        entry = found;
    }
    if (entry == NULL)
        return PyErr_Occurred() ? -1 : 0;
    if (flat)
        ic_store(self, node, token, entry, parts, nparts);
    *plan = entry;
    return 1;
}

/* The plan was called: a decline goes to the engine, a library's error gets its note.
 * Steals the references to token and plan. */
static PyObject *
after_call(Dispatcher *self, PyObject *token, PyObject *plan, PyObject *result,
           PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    if (result == NULL) {
        if (PyErr_ExceptionMatches(ov_bnie_type))
            result = call_declined(self, token, plan, args, nargs, kwnames);
        else if (self->annotate != NULL && PyErr_ExceptionMatches(PyExc_Exception))
            annotate_error(self, token, plan, args, nargs, kwnames);
    }
    else if (result == Py_NotImplemented) {
        Py_DECREF(result);
        result = call_declined(self, token, plan, args, nargs, kwnames);
    }
    Py_DECREF(plan);
    Py_DECREF(token);
    return result;
}

/* The call of a plan with keywords, in the generated function's order:
 * `out` holds the positional values (with a free slot before it); then by keyword the
 * required keyword-only parameters (mask `required`), the keywords **kwargs collected
 * (positions `extra` in the caller's kwnames, as given; none without **kwargs) and the
 * optional parameters given by keyword (mask `optional`). Steals the references to token
 * and plan. */
static PyObject *
call_with_keywords(Dispatcher *self, PyObject *token, PyObject *plan, PyObject **out,
                   Py_ssize_t npositional, unsigned long long required,
                   unsigned long long optional, PyObject **values, Py_ssize_t *extra,
                   Py_ssize_t nextra, PyObject *const *args, Py_ssize_t nargs,
                   PyObject *kwnames)
{
    PyObject *names = NULL, *result;
    Py_ssize_t j = npositional;
    if (nextra == 0 && (required == 0 || optional == 0)) {
        /* Parameters only, in their order: the names tuple is cached. */
        unsigned long long mask = required | optional;
        if (mask != 0) {
            names = kwnames_for(self, mask);  /* borrowed */
            if (names == NULL)
                goto fail;
            Py_INCREF(names);
            for (Py_ssize_t i = 0; i < self->nparams; i++)
                if (mask & (1ULL << i))
                    out[j++] = values[i];
        }
    }
    else {
        Py_ssize_t count = nextra;
        for (Py_ssize_t i = 0; i < self->nparams; i++)
            if ((required | optional) & (1ULL << i))
                count++;
        names = PyTuple_New(count);
        if (names == NULL)
            goto fail;
        Py_ssize_t n = 0;
        for (int pass = 0; pass < 3; pass++) {
            if (pass == 1) {
                for (Py_ssize_t e = 0; e < nextra; e++) {
                    PyObject *name = PyTuple_GET_ITEM(kwnames, extra[e]);
                    Py_INCREF(name);
                    PyTuple_SET_ITEM(names, n++, name);
                    out[j++] = args[nargs + extra[e]];
                }
                continue;
            }
            unsigned long long mask = pass == 0 ? required : optional;
            for (Py_ssize_t i = 0; i < self->nparams; i++)
                if (mask & (1ULL << i)) {
                    PyObject *name = PyTuple_GET_ITEM(self->names, i);
                    Py_INCREF(name);
                    PyTuple_SET_ITEM(names, n++, name);
                    out[j++] = values[i];
                }
        }
    }
    result = PyObject_Vectorcall(plan, out, npositional | PY_VECTORCALL_ARGUMENTS_OFFSET, names);
    Py_XDECREF(names);
    return after_call(self, token, plan, result, args, nargs, kwnames);

fail:
    Py_DECREF(plan);
    Py_DECREF(token);
    return NULL;
}

/* The call, with `rest` the tuple an *args parameter collects (borrowed; NULL without
 * one). */
static PyObject *
dispatch_call(Dispatcher *self, PyObject *const *args, size_t nargsf, PyObject *kwnames,
              PyObject *rest)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    PyObject *node = NULL, *plan = NULL;
    int found;

    if (kwnames == NULL && nargs == self->nrequired && self->plain) {
        /* The common call: the required arguments alone, by position. Every optional
         * parameter is at its default, so the key has the required parts only, and the
         * plan gets the arguments exactly as given. */
        if (PyContextVar_Get(ov_local_state, NULL, &node) < 0)
            return NULL;
        PyObject *token = PyCell_GET(self->cell);
        Py_INCREF(token);
        found = find_plan(self, node, token, (PyObject **)args, 0, &plan);
        Py_DECREF(node);
        if (found <= 0) {
            Py_DECREF(token);
            if (found < 0)
                return NULL;
            self->misses++;
            return fallback(self, args, nargsf, kwnames);
        }
        self->hits++;
        PyObject *result = PyObject_Vectorcall(plan, args, nargsf, NULL);
        return after_call(self, token, plan, result, args, nargs, NULL);
    }

    /* Bind the arguments to the parameters (borrowed: the caller holds them). */
    PyObject *values[MAX_PARAMS];
    Py_ssize_t np = self->nparams;
    Py_ssize_t bound = nargs < self->npos ? nargs : self->npos;
    for (Py_ssize_t i = 0; i < bound; i++)
        values[i] = args[i];
    for (Py_ssize_t i = bound; i < np; i++)
        values[i] = NULL;
    if (rest != NULL)
        values[self->varargs] = rest;
    Py_ssize_t nkw = kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames);
    Py_ssize_t extra[MAX_EXTRA];  /* positions in kwnames of the keywords **kwargs collects */
    Py_ssize_t nextra = 0;
    for (Py_ssize_t k = 0; k < nkw; k++) {
        PyObject *name = PyTuple_GET_ITEM(kwnames, k);
        Py_ssize_t idx = -1;
        for (Py_ssize_t i = 0; i < np; i++)
            if (PyTuple_GET_ITEM(self->names, i) == name) {
                idx = i;
                break;
            }
        if (idx < 0) {
            for (Py_ssize_t i = 0; i < np; i++) {
                int eq = PyUnicode_Compare(PyTuple_GET_ITEM(self->names, i), name);
                if (eq == 0) {
                    idx = i;
                    break;
                }
            }
            if (PyErr_Occurred())
                PyErr_Clear();
        }
        if (idx >= 0 && self->kind[idx] == KIND_VARARGS)
            idx = -1;  /* *args takes nothing by keyword */
        if (self->varkw && (idx < 0 || self->kind[idx] == KIND_POSONLY)) {
            /* As Python binds it: a name no parameter takes by keyword goes to **kwargs. */
            if (nextra == MAX_EXTRA) {
                self->fallbacks++;
                return fallback(self, args, nargsf, kwnames);
            }
            extra[nextra++] = k;
            continue;
        }
        if (idx < 0 || self->kind[idx] == KIND_POSONLY || values[idx] != NULL) {
            self->fallbacks++;  /* unknown, positional-only or repeated: Python says so */
            return fallback(self, args, nargsf, kwnames);
        }
        values[idx] = args[nargs + k];
    }
    /* Defaults; a missing required argument: Python raises the TypeError. */
    unsigned long long given = 0;  /* optional parameters not at their default */
    for (Py_ssize_t i = 0; i < np; i++) {
        PyObject *d = PyTuple_GET_ITEM(self->defaults, i);
        if (values[i] == NULL) {
            if (!self->has_default[i]) {
                self->fallbacks++;
                return fallback(self, args, nargsf, kwnames);
            }
            values[i] = d;
        }
        else if (self->has_default[i] && values[i] != d) {
            given |= 1ULL << i;
        }
    }
    int full = 0;
    if (self->typed) {
        for (Py_ssize_t i = 0; i < self->ndispatch; i++) {
            DispatchParam *d = &self->dispatch[i];
            PyObject *v = values[d->index];
            if (d->optional && v != Py_None && v != PyTuple_GET_ITEM(self->defaults, d->index)) {
                full = 1;
                break;
            }
        }
    }

    if (PyContextVar_Get(ov_local_state, NULL, &node) < 0)
        return NULL;
    PyObject *token = PyCell_GET(self->cell);
    Py_INCREF(token);
    found = find_plan(self, node, token, values, full, &plan);
    Py_DECREF(node);
    if (found <= 0) {
        Py_DECREF(token);
        if (found < 0)
            return NULL;
        self->misses++;  /* a miss: the Python function resolves, caches and calls */
        return fallback(self, args, nargsf, kwnames);
    }
    self->hits++;

    /* Call the plan in the one calling convention. */
    PyObject *result;
    PyObject *buffer[MAX_PARAMS + MAX_REST + MAX_EXTRA + 1];
    PyObject **out = buffer + 1;
    Py_ssize_t npositional = 0;
    unsigned long long kwmask = 0;
    /* Required arguments by position; optional ones by keyword when given, optional
     * positional-only ones by position when any is given. With *args or **kwargs, as the
     * generated function calls: every positional parameter by position (defaults too),
     * the arguments *args collected, and the keywords **kwargs collected, as given. */
    unsigned long long required = 0;
    /* Optional positional-only ones go up to the last one given (where(c, x) is not
     * where(c, x, None)): the count to cut back to, once one is placed. */
    Py_ssize_t trim = -1;
    int collects = self->varkw || rest != NULL;
    for (Py_ssize_t i = 0; i < np; i++) {
        if (self->kind[i] == KIND_VARARGS) {
            for (Py_ssize_t r = 0; r < PyTuple_GET_SIZE(rest); r++)
                out[npositional++] = PyTuple_GET_ITEM(rest, r);
        }
        else if (self->kind[i] == KIND_KWONLY) {
            if (!self->has_default[i])
                required |= 1ULL << i;
            else if (given & (1ULL << i))
                kwmask |= 1ULL << i;
        }
        else if (!self->has_default[i] || collects) {
            out[npositional++] = values[i];
        }
        else if (self->kind[i] == KIND_POSONLY) {
            if (given) {
                if (trim < 0)
                    trim = npositional;
                out[npositional++] = values[i];
                if (given & (1ULL << i))
                    trim = npositional;
            }
        }
        else if (given & (1ULL << i)) {
            kwmask |= 1ULL << i;
        }
    }
    if (trim >= 0)
        npositional = trim;
    if (kwmask != 0 || required != 0 || nextra != 0)
        return call_with_keywords(self, token, plan, out, npositional, required, kwmask,
                                  values, extra, nextra, args, nargs, kwnames);
    if (npositional == nargs && kwnames == NULL)  /* exactly as given: no copy */
        result = PyObject_Vectorcall(plan, args, nargsf, NULL);
    else
        result = PyObject_Vectorcall(plan, out, npositional | PY_VECTORCALL_ARGUMENTS_OFFSET,
                                     NULL);
    return after_call(self, token, plan, result, args, nargs, kwnames);
}

static PyObject *
dispatcher_vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf,
                      PyObject *kwnames)
{
    Dispatcher *self = (Dispatcher *)callable;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (!self->fixed || (nargs > self->npos && self->varargs < 0)) {
        self->fallbacks++;
        return fallback(self, args, nargsf, kwnames);
    }
    if (self->varargs < 0)
        return dispatch_call(self, args, nargsf, kwnames, NULL);
    /* *args: the positional arguments after the parameters before it, as a tuple (the
     * cache key's part is the tuple of their types, as in the Python function). */
    Py_ssize_t nrest = nargs > self->npos ? nargs - self->npos : 0;
    if (nrest > MAX_REST) {
        self->fallbacks++;
        return fallback(self, args, nargsf, kwnames);
    }
    PyObject *rest = PyTuple_New(nrest);
    if (rest == NULL)
        return NULL;
    for (Py_ssize_t r = 0; r < nrest; r++) {
        Py_INCREF(args[self->npos + r]);
        PyTuple_SET_ITEM(rest, r, args[self->npos + r]);
    }
    PyObject *result = dispatch_call(self, args, nargsf, kwnames, rest);
    Py_DECREF(rest);
    return result;
}

static PyObject *
dispatcher_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"function", "cell", "declined", "names", "kinds", "defaults",
                             "required", "dispatch", "binds", "annotate", NULL};
    PyObject *function, *cell, *declined, *names, *kinds, *defaults, *required, *dispatch;
    PyObject *annotate = Py_None;
    int binds = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO!OO!SO!OO|pO:Dispatcher", kwlist,
                                     &function, &PyCell_Type, &cell, &declined,
                                     &PyTuple_Type, &names, &kinds, &PyTuple_Type, &defaults,
                                     &required, &dispatch, &binds, &annotate))
        return NULL;
    if (!PyCallable_Check(function) || !PyCallable_Check(declined)) {
        PyErr_SetString(PyExc_TypeError, "Dispatcher: function and declined must be callable");
        return NULL;
    }
    if (ov_local_state == NULL || ov_bnie_type == NULL || ov_all_marker == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "overridable._native is not configured");
        return NULL;
    }
    Py_ssize_t np = PyTuple_GET_SIZE(names);
    if (PyBytes_GET_SIZE(kinds) != np || PyTuple_GET_SIZE(defaults) != np) {
        PyErr_SetString(PyExc_ValueError, "Dispatcher: names, kinds and defaults differ in length");
        return NULL;
    }
    Dispatcher *self = (Dispatcher *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->vectorcall = dispatcher_vectorcall;
    self->dict = PyDict_New();
    self->kwnames = PyDict_New();
    if (self->dict == NULL || self->kwnames == NULL)
        goto fail;
    Py_INCREF(function);
    self->pyfunc = function;
    Py_INCREF(cell);
    self->cell = cell;
    Py_INCREF(declined);
    self->declined = declined;
    if (annotate != Py_None) {
        Py_INCREF(annotate);
        self->annotate = annotate;
    }
    Py_INCREF(names);
    self->names = names;
    Py_INCREF(defaults);
    self->defaults = defaults;
    Py_INCREF(required);
    self->required = required;
    self->binds = binds;
    self->nparams = np;
    /* `fixed`: the parameters fit. A **kwargs parameter (always last) is served: the
     * keywords no other parameter takes go to it; so is *args: the positional arguments
     * after the parameters before it. */
    const char *k = PyBytes_AS_STRING(kinds);
    self->varargs = -1;
    if (np > 0 && k[np - 1] == KIND_VARKW) {
        self->varkw = 1;
        self->nparams = --np;
    }
    self->fixed = np <= MAX_PARAMS && np < 64;
    for (Py_ssize_t i = 0; i < np && self->fixed; i++) {
        PyObject *name = PyTuple_GET_ITEM(names, i);
        if (!PyUnicode_Check(name) || k[i] > KIND_VARARGS
                || (k[i] == KIND_VARARGS && self->varargs >= 0)) {
            self->fixed = 0;
            break;
        }
        self->kind[i] = (unsigned char)k[i];
        self->has_default[i] = PyTuple_GET_ITEM(defaults, i) != required;
        if (k[i] == KIND_VARARGS) {
            self->varargs = i;
            self->has_default[i] = 0;  /* always bound (to a tuple, maybe empty) */
            continue;
        }
        if (k[i] != KIND_KWONLY && self->varargs < 0)
            self->npos = i + 1;
        if (k[i] != KIND_KWONLY && !self->has_default[i])
            self->nrequired = i + 1;
    }
    self->plain = self->varargs < 0 && !self->varkw;
    for (Py_ssize_t i = 0; i < np && self->fixed; i++)
        if (self->kind[i] == KIND_KWONLY && !self->has_default[i])
            self->plain = 0;
    if (dispatch == Py_None) {
        self->typed = 0;
    }
    else {
        if (!PyTuple_Check(dispatch)) {
            PyErr_SetString(PyExc_TypeError, "Dispatcher: dispatch must be a tuple or None");
            goto fail;
        }
        self->typed = 1;
        Py_ssize_t nd = PyTuple_GET_SIZE(dispatch);
        if (nd > MAX_DISPATCH)
            self->fixed = 0;
        for (Py_ssize_t i = 0; i < nd && self->fixed; i++) {
            int index, many, optional;
            if (!PyArg_ParseTuple(PyTuple_GET_ITEM(dispatch, i), "ipp", &index, &many, &optional))
                goto fail;
            if (index < 0 || index >= np) {
                self->fixed = 0;
                break;
            }
            self->dispatch[i].index = (short)index;
            self->dispatch[i].many = (char)many;
            self->dispatch[i].optional = (char)optional;
            if (!optional)
                self->nrequired_dispatch++;
        }
        self->ndispatch = nd;
    }
    return (PyObject *)self;

fail:
    Py_DECREF(self);
    return NULL;
}

static int
dispatcher_traverse(Dispatcher *self, visitproc visit, void *arg)
{
    Py_VISIT(self->dict);
    Py_VISIT(self->pyfunc);
    Py_VISIT(self->cell);
    Py_VISIT(self->declined);
    Py_VISIT(self->annotate);
    Py_VISIT(self->names);
    Py_VISIT(self->defaults);
    Py_VISIT(self->required);
    Py_VISIT(self->kwnames);
    Py_VISIT(self->ic_node);
    Py_VISIT(self->ic_token);
    Py_VISIT(self->ic_plan);
    for (Py_ssize_t i = 0; i < self->ic_n; i++)
        if (!IS_MARK(self->ic_parts[i]))
            Py_VISIT(self->ic_parts[i]);
    return 0;
}

static int
dispatcher_clear(Dispatcher *self)
{
    ic_clear(self);
    Py_CLEAR(self->dict);
    Py_CLEAR(self->pyfunc);
    Py_CLEAR(self->cell);
    Py_CLEAR(self->declined);
    Py_CLEAR(self->annotate);
    Py_CLEAR(self->names);
    Py_CLEAR(self->defaults);
    Py_CLEAR(self->required);
    Py_CLEAR(self->kwnames);
    return 0;
}

static void
dispatcher_dealloc(Dispatcher *self)
{
    PyObject_GC_UnTrack(self);
    if (self->weakreflist != NULL)
        PyObject_ClearWeakRefs((PyObject *)self);
    dispatcher_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
dispatcher_descr_get(PyObject *self, PyObject *obj, PyObject *type)
{
    if (obj == NULL || obj == Py_None || !((Dispatcher *)self)->binds) {
        Py_INCREF(self);
        return self;
    }
    return PyMethod_New(self, obj);
}

static PyObject *
dispatcher_repr(Dispatcher *self)
{
    PyObject *name = self->dict ? PyDict_GetItemString(self->dict, "__qualname__") : NULL;
    if (name == NULL)
        return PyUnicode_FromFormat("<overridable multimethod at %p>", self);
    return PyUnicode_FromFormat("<overridable multimethod %U>", name);
}

static PyObject *
dispatcher_reduce(Dispatcher *self, PyObject *Py_UNUSED(ignored))
{
    /* By qualified name, looked up in __module__, as functions pickle. */
    PyObject *name = PyDict_GetItemString(self->dict, "__qualname__");
    if (name == NULL) {
        PyErr_SetString(PyExc_TypeError, "cannot pickle a multimethod without a __qualname__");
        return NULL;
    }
    Py_INCREF(name);
    return name;
}

static PyObject *
dispatcher_counters(Dispatcher *self, PyObject *Py_UNUSED(ignored))
{
    return Py_BuildValue("{snsnsn}", "hits", self->hits, "misses", self->misses,
                         "fallbacks", self->fallbacks);
}

static PyObject *
dispatcher_get_function(Dispatcher *self, void *Py_UNUSED(closure))
{
    Py_INCREF(self->pyfunc);
    return self->pyfunc;
}

static PyObject *
dispatcher_get_binds(Dispatcher *self, void *Py_UNUSED(closure))
{
    return PyBool_FromLong(self->binds);
}

static PyObject *
dispatcher_get_served_here(Dispatcher *self, void *Py_UNUSED(closure))
{
    return PyBool_FromLong(self->fixed);
}

static PyMethodDef dispatcher_methods[] = {
    {"__reduce__", (PyCFunction)dispatcher_reduce, METH_NOARGS, NULL},
    {"_counters", (PyCFunction)dispatcher_counters, METH_NOARGS,
     "Calls served by the compiled path (hits), sent to Python on a cache miss (misses) "
     "or for their shape (fallbacks)."},
    {NULL}
};

static PyGetSetDef dispatcher_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {"_python_function", (getter)dispatcher_get_function, NULL,
     "The pure-Python reference function this object stands for.", NULL},
    {"_binds", (getter)dispatcher_get_binds, NULL, "Whether it binds as a method.", NULL},
    {"_compiled_shapes", (getter)dispatcher_get_served_here, NULL,
     "Whether calls of its signature can be served by the compiled path.", NULL},
    {NULL}
};

PyTypeObject ov_DispatcherType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "overridable._native.Dispatcher",
    .tp_doc = "An overridable multimethod, compiled: see overridable.multimethod.",
    .tp_basicsize = sizeof(Dispatcher),
    /* Not Py_TPFLAGS_METHOD_DESCRIPTOR: with it, `obj.f(...)` skips tp_descr_get and
       passes obj, so a dispatcher made with binds=False would still bind as a method. */
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_new = dispatcher_new,
    .tp_dealloc = (destructor)dispatcher_dealloc,
    .tp_traverse = (traverseproc)dispatcher_traverse,
    .tp_clear = (inquiry)dispatcher_clear,
    .tp_call = PyVectorcall_Call,
    .tp_vectorcall_offset = offsetof(Dispatcher, vectorcall),
    .tp_dictoffset = offsetof(Dispatcher, dict),
    .tp_weaklistoffset = offsetof(Dispatcher, weakreflist),
    .tp_descr_get = dispatcher_descr_get,
    .tp_repr = (reprfunc)dispatcher_repr,
    .tp_methods = dispatcher_methods,
    .tp_getset = dispatcher_getset,
};

int
ov_dispatcher_ready(void)
{
    str_plans = PyUnicode_InternFromString("plans");
    if (str_plans == NULL)
        return -1;
    return PyType_Ready(&ov_DispatcherType);
}
