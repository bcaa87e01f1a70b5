"""tessera.design - natural-language edits of UI blueprints (design.h).

    from tessera import design
    r = design.edit("data/design/blueprints/login.json", "make the button blue")
    r.status        # "success", "partial", "failed", "conflict", "ambiguous"
    r.document      # the result document of SPEC section 3 (a dict)
    r.blueprint     # the new blueprint (a dict; None when the edit was refused)

A blueprint is given as a dict, as JSON text (a str starting with "{"), or as
a path. An invalid blueprint raises InvalidBlueprint carrying every problem
as "path: message" (the JSON path inside the blueprint), as
`tessera design edit` prints them. A refused edit is a result, not an
exception, as on the command line (exit 1 there).

Each thread gets its own engine (design.h: one engine per thread), created
on first use and kept, with its plan cache, for the thread's lifetime.
"""

import json
import os
import threading
from dataclasses import dataclass
from typing import Optional

from . import _native
from ._values import InputError

__all__ = ["edit", "fix", "check", "Result", "InvalidBlueprint"]

_CACHE_CAPACITY = 256
_local = threading.local()


class InvalidBlueprint(InputError):
    """The blueprint is not valid JSON or breaks the SPEC; .problems lists
    each problem as "path: message"."""

    def __init__(self, label, problems):
        self.problems = list(problems)
        super().__init__("\n".join("%s: %s" % (label, p) for p in self.problems)
                         or "%s: the blueprint is invalid" % label)


@dataclass(frozen=True)
class Result:
    """One design operation: its status name, the SPEC result document and
    the resulting blueprint (None when there is none)."""
    status: str
    document: dict
    blueprint: Optional[dict]

    @property
    def ok(self):
        return self.status in ("success", "partial")


class _Engine:
    """A design_engine, freed with the thread that made it."""

    def __init__(self):
        self.ptr = _native.lib().design_engine_new(_CACHE_CAPACITY)
        if not self.ptr:
            raise MemoryError("design_engine_new")

    def __del__(self):
        if self.ptr:
            _native.lib().design_engine_free(self.ptr)
            self.ptr = None


def _engine():
    if getattr(_local, "engine", None) is None:
        _local.engine = _Engine()
    return _local.engine.ptr


def _blueprint_text(blueprint):
    """(label, JSON bytes) of a dict, JSON text or path."""
    if isinstance(blueprint, dict):
        return "<blueprint>", json.dumps(blueprint).encode("utf-8")
    if isinstance(blueprint, str) and blueprint.lstrip().startswith("{"):
        return "<blueprint>", blueprint.encode("utf-8")
    if isinstance(blueprint, (str, bytes, os.PathLike)):
        path = os.fsdecode(blueprint)
        try:
            with open(path, "rb") as f:
                return path, f.read()
        except OSError as e:
            raise InputError("cannot read %s: %s" % (path, e.strerror)) from None
    raise InputError("blueprint: expected a dict, JSON text or a path, got %s"
                     % type(blueprint).__name__)


def _load(blueprint):
    label, text = _blueprint_text(blueprint)
    lib = _native.lib()
    problems = _native.Problems()
    bp = lib.design_blueprint_load(text, len(text), problems)
    if not bp:
        found = [_native.decode(problems.items[i]) for i in range(problems.count)]
        out_of_memory = problems.code == _native.DESIGN_ERR_MEMORY
        lib.design_problems_free(problems)
        if out_of_memory:
            raise MemoryError("%s: out of memory while loading the blueprint" % label)
        raise InvalidBlueprint(label, found)
    lib.design_problems_free(problems)
    return bp


def _result(result_ptr):
    lib = _native.lib()
    if lib.design_result_out_of_memory(result_ptr):
        raise MemoryError("the design engine ran out of memory")
    status = _native.decode(lib.design_status_name(lib.design_result_status(result_ptr)))
    document = json.loads(_native.take_string(lib.design_result_json(result_ptr)))
    blueprint = None
    if status in ("success", "partial"):
        blueprint = json.loads(_native.take_string(lib.design_result_blueprint_json(result_ptr)))
    return Result(status, document, blueprint)


def _with_blueprint(blueprint, operation):
    bp = _load(blueprint)
    try:
        return _result(operation(_engine(), bp))
    finally:
        _native.lib().design_blueprint_free(bp)


def edit(blueprint, command, partial=False):
    """Applies one plain-English command (SPEC section 2). With partial, the
    steps before the first failure are kept."""
    if not isinstance(command, str):
        raise InputError("command: expected a str, got %s" % type(command).__name__)
    opts = _native.EditOptions(bool(partial))
    raw = command.encode("utf-8")
    return _with_blueprint(blueprint, lambda e, bp: _native.lib().design_edit(e, bp, raw, opts))


def fix(blueprint):
    """Autocorrect (SPEC section 4): the corrected blueprint and its changes."""
    return _with_blueprint(blueprint, _native.lib().design_fix)


def check(blueprint):
    """Every violation of the blueprint itself; status "success" when none."""
    return _with_blueprint(blueprint, _native.lib().design_check)

