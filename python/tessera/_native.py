"""Loading libtessera.so and declaring the C functions the module calls.

Only this file knows C signatures. Every function gets explicit argtypes and
restype, so a wrong call is a Python TypeError instead of a crash; the few
structs mirrored here are checked against the C headers by
python/tests/test_abi.py (sizes and offsets from a compiled probe). Strings the
library returns are malloc'd (see include/tessera/arc_api.h and design.h):
they are declared as c_void_p, copied with take_string() and released with
the C library's free(), never left to ctypes (which would leak them).

Where the library is found, first hit wins:
  1. $TESSERA_LIBRARY (a path to libtessera.so.0);
  2. the library installed with this package (`make install`; _install.py
     records its directory relative to the package);
  3. build/libtessera.so.0 of the source tree this package sits in;
  4. libtessera.so.0 through the system's dynamic loader (ldconfig,
     LD_LIBRARY_PATH).
"""

import ctypes
import os
import threading

SONAME = "libtessera.so.0"

c_char_p = ctypes.c_char_p
c_void_p = ctypes.c_void_p
c_size_t = ctypes.c_size_t
c_int = ctypes.c_int
c_long = ctypes.c_long
c_bool = ctypes.c_bool
c_uint64 = ctypes.c_uint64


class Diag(ctypes.Structure):
    """tl_diag of lang.h: one load error."""
    _fields_ = [("message", ctypes.c_char * 512)]


class ArcError(ctypes.Structure):
    """arc_error of arc_error.h (kind is an arc_error_kind enum)."""
    _fields_ = [("kind", c_int),
                ("message", ctypes.c_char * 1024)]


class EvalOptions(ctypes.Structure):
    """arc_api_eval_options of arc_api.h."""
    _fields_ = [("cross", c_bool),
                ("partial", c_bool),
                ("budget", c_uint64),
                ("jobs", c_int),
                ("keep", c_size_t)]


class SolveOptions(ctypes.Structure):
    """arc_api_solve_options of arc_api.h."""
    _fields_ = [("budget", c_uint64),
                ("jobs", c_int),
                ("memory_mb", c_size_t),
                ("disable", c_char_p),
                ("n_library", c_size_t),
                ("library_names", ctypes.POINTER(c_char_p)),
                ("library_texts", ctypes.POINTER(c_char_p))]


class Problems(ctypes.Structure):
    """design_problems of design.h."""
    _fields_ = [("items", ctypes.POINTER(c_char_p)),
                ("count", c_size_t),
                ("cap", c_size_t),
                ("code", c_int)]  # design_error_code


DESIGN_ERR_MEMORY = 3  # design_error_code of design.h
ARC_ERR_INPUT = 1  # arc_error_kind of arc_error.h


class EditOptions(ctypes.Structure):
    """design_edit_options of design.h."""
    _fields_ = [("partial", c_bool)]


# name: (restype, argtypes)
_SIGNATURES = {
    # lang.h
    "tl_library_new": (c_void_p, []),
    "tl_library_free": (None, [c_void_p]),
    "tl_library_add_file": (c_int, [c_void_p, c_char_p, ctypes.POINTER(Diag)]),
    "tl_library_add_source": (c_int, [c_void_p, c_char_p, c_char_p, c_size_t,
                                      ctypes.POINTER(Diag)]),
    "tl_library_count": (c_size_t, [c_void_p]),
    "tl_program_name": (c_char_p, [c_void_p, c_size_t]),
    "tl_program_file": (c_char_p, [c_void_p, c_size_t]),
    "tl_program_line": (c_int, [c_void_p, c_size_t]),
    "tl_program_canonical": (c_void_p, [c_void_p, c_size_t]),
    # arc_task.h
    "arc_taskset_from_text": (c_void_p, [c_char_p, c_char_p, c_char_p, c_char_p,
                                         ctypes.POINTER(ArcError)]),
    "arc_taskset_free": (None, [c_void_p]),
    # arc_api.h
    "arc_api_load_tasks": (c_void_p, [c_char_p, c_char_p, ctypes.POINTER(ArcError)]),
    "arc_api_tasks_json": (c_void_p, [c_void_p]),
    "arc_api_run_grid": (c_void_p, [c_void_p, c_size_t, c_int, c_int, c_void_p, c_uint64,
                                    ctypes.POINTER(c_bool), ctypes.POINTER(c_uint64),
                                    ctypes.POINTER(ArcError)]),
    "arc_api_run_json": (c_void_p, [c_void_p, c_void_p, c_char_p, c_uint64, c_int,
                                    ctypes.POINTER(ArcError)]),
    "arc_api_evaluate_json": (c_void_p, [c_void_p, c_void_p, ctypes.POINTER(EvalOptions),
                                         ctypes.POINTER(ArcError)]),
    "arc_api_solve_json": (c_void_p, [c_void_p, ctypes.POINTER(SolveOptions),
                                      ctypes.POINTER(ArcError)]),
    # design.h
    "design_blueprint_load": (c_void_p, [c_char_p, c_size_t, ctypes.POINTER(Problems)]),
    "design_blueprint_free": (None, [c_void_p]),
    "design_problems_free": (None, [ctypes.POINTER(Problems)]),
    "design_engine_new": (c_void_p, [c_size_t]),
    "design_engine_free": (None, [c_void_p]),
    "design_edit": (c_void_p, [c_void_p, c_void_p, c_char_p, ctypes.POINTER(EditOptions)]),
    "design_fix": (c_void_p, [c_void_p, c_void_p]),
    "design_check": (c_void_p, [c_void_p, c_void_p]),
    "design_result_status": (c_int, [c_void_p]),
    "design_result_out_of_memory": (c_bool, [c_void_p]),
    "design_status_name": (c_char_p, [c_int]),
    "design_result_json": (c_void_p, [c_void_p]),
    "design_result_blueprint_json": (c_void_p, [c_void_p]),
}

_lock = threading.Lock()
_lib = None
_free = None


def _candidates():
    env = os.environ.get("TESSERA_LIBRARY")
    if env:
        yield env
        return
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        from . import _install  # written by `make install`
        yield os.path.normpath(os.path.join(here, _install.LIBDIR, SONAME))
    except ImportError:
        pass
    yield os.path.normpath(os.path.join(here, "..", "..", "build", SONAME))
    yield SONAME


def _declare(lib):
    for name, (restype, argtypes) in _SIGNATURES.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes


def lib():
    """The loaded library (loaded and declared on first use)."""
    global _lib, _free
    with _lock:
        if _lib is not None:
            return _lib
        errors = []
        for path in _candidates():
            if os.sep in path and not os.path.exists(path):
                errors.append("%s: not found" % path)
                continue
            try:
                loaded = ctypes.CDLL(path)
            except OSError as e:
                errors.append(str(e))
                continue
            _declare(loaded)
            libc = ctypes.CDLL(None)
            libc.free.restype = None
            libc.free.argtypes = [c_void_p]
            _free = libc.free
            _lib = loaded
            return _lib
        raise OSError("cannot load %s (set TESSERA_LIBRARY to its path): %s"
                      % (SONAME, "; ".join(errors)))


def take_string(ptr):
    """Copies a malloc'd C string into a Python str and frees it."""
    if not ptr:
        return None
    try:
        return ctypes.string_at(ptr).decode("utf-8", "replace")
    finally:
        _free(ptr)


def encode(text):
    """A Python str as the UTF-8 bytes the C side expects."""
    return text.encode("utf-8") if isinstance(text, str) else bytes(text)


def decode(raw):
    return raw.decode("utf-8", "replace") if raw is not None else None
