"""Values between Python and the library: arc-dsl grids and literals.

A grid is what arc-dsl uses, a tuple of equal-length tuples of ints; lists of
lists and 2-D numpy integer arrays are accepted as input too. Results come
back as tuples of tuples, or as numpy arrays (dtype int8, the cell type of
the library) when the caller asks for them.

Program results arrive as tagged JSON (arc_api.h: {"g": rows} for a grid,
{"t": [...]} for other tuples, {"s": [...]} for a frozenset) and are rebuilt
by json's object hook, so the common case - a grid - costs one hook call.
"""

import itertools
import json

try:
    import numpy
except ImportError:  # the module works without numpy
    numpy = None

COLOUR_MIN, COLOUR_MAX = -128, 127
GRID_MAX_SIDE = 1024


class TesseraError(Exception):
    """Base of every error the module raises."""


class InputError(TesseraError, ValueError):
    """Bad input: a solver file, task, grid or blueprint that cannot be used.
    The message names the place as the command line does (file:line:col, or
    the file and a JSON path)."""


class ProgramError(TesseraError):
    """A program failed at run time; the message reads
    "file:line: program: message" for the statement that failed."""


def want_numpy(flag):
    if flag and numpy is None:
        raise TesseraError("numpy is not installed (Debian: apt-get install python3-numpy)")
    return bool(flag)


def grid_cells(grid, where="grid"):
    """(h, w, bytes of int8 cells) of a grid-like value, or InputError."""
    if numpy is not None and isinstance(grid, numpy.ndarray):
        return _array_cells(grid, where)
    try:
        rows = [tuple(r) for r in grid]
    except TypeError:
        raise InputError("%s: expected a grid (rows of colours), got %s"
                         % (where, type(grid).__name__)) from None
    h = len(rows)
    w = len(rows[0]) if rows else 0
    if h > GRID_MAX_SIDE or w > GRID_MAX_SIDE or (h and not w):
        raise InputError("%s: a grid has 1..%d rows and columns, got %dx%d"
                         % (where, GRID_MAX_SIDE, h, w))
    for i, row in enumerate(rows):
        if len(row) != w:
            raise InputError("%s[%d]: row has %d cells, expected %d" % (where, i, len(row), w))
    flat = list(itertools.chain.from_iterable(rows))
    try:  # the usual case, colours 0..127, checked in C by bytes()
        cells = bytes(flat)
        if not cells or max(cells) <= COLOUR_MAX:
            return h, w, cells
    except (TypeError, ValueError):
        pass
    return h, w, _checked_cells(rows, w, where)


def _checked_cells(rows, w, where):
    """The cells one by one, for negative colours and for the message that
    names the first bad one."""
    out = bytearray(len(rows) * w)
    for i, row in enumerate(rows):
        for j, c in enumerate(row):
            if not isinstance(c, int) and not _is_numpy_int(c):
                raise InputError("%s[%d][%d]: expected an integer colour, got %r" % (where, i, j, c))
            if not COLOUR_MIN <= c <= COLOUR_MAX:
                raise InputError("%s[%d][%d]: colour %d outside %d..%d"
                                 % (where, i, j, c, COLOUR_MIN, COLOUR_MAX))
            out[i * w + j] = int(c) & 0xFF
    return bytes(out)


def _is_numpy_int(c):
    return numpy is not None and isinstance(c, numpy.integer)


def _array_cells(a, where):
    if a.ndim != 2 or a.dtype.kind not in "iub":
        raise InputError("%s: expected a 2-D integer array, got %d-D %s" % (where, a.ndim, a.dtype))
    h, w = a.shape
    if h > GRID_MAX_SIDE or w > GRID_MAX_SIDE or (h == 0) != (w == 0):
        raise InputError("%s: a grid has 1..%d rows and columns, got %dx%d"
                         % (where, GRID_MAX_SIDE, h, w))
    if a.size and (a.min() < COLOUR_MIN or a.max() > COLOUR_MAX):
        raise InputError("%s: colours must lie in %d..%d" % (where, COLOUR_MIN, COLOUR_MAX))
    return h, w, numpy.ascontiguousarray(a, dtype=numpy.int8).tobytes()


def is_grid_like(value):
    """True for a grid (non-empty rows of ints, or a 2-D array), not a task."""
    if numpy is not None and isinstance(value, numpy.ndarray):
        return True
    if isinstance(value, (tuple, list)):
        return all(isinstance(r, (tuple, list)) for r in value) or not value
    return False


def grid_from_lists(rows, as_numpy=False):
    """A JSON grid (list of lists) as a tuple of tuples or an array."""
    if rows is None:
        return None
    if as_numpy:
        return numpy.array(rows, dtype=numpy.int8).reshape(len(rows), len(rows[0]) if rows else 0)
    return tuple(tuple(r) for r in rows)


def from_tagged_json(text, as_numpy=False):
    """A program result from arc_api_run_grid's tagged JSON."""
    return json.loads(text, object_hook=lambda o: _untag(o, as_numpy))


def _untag(obj, as_numpy):
    if "g" in obj:
        return grid_from_lists(obj["g"], as_numpy)
    if "t" in obj:
        return tuple(obj["t"])
    if "s" in obj:
        return frozenset(obj["s"])
    raise ProgramError("the program returned a function, which has no Python value")
