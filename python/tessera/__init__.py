"""tessera - the Tessera ARC runtime from Python (docs/PYTHON.md).

A pure-Python layer over libtessera.so (ctypes): arc-dsl solver files run
natively, on grids in arc-dsl's own form (tuples of tuples), with the same
messages as the `tessera` command.

    import tessera
    tasks = tessera.load_tasks("data/arc-agi-1/training")
    out = tessera.run("data/solvers/tessera.py", tasks["007bbfb7"]["test"][0]["input"],
                      program="solve_007bbfb7")
    report = tessera.Library(["data/solvers/tessera.py"]).evaluate(tasks, cross=True, jobs=2)
    found = tessera.solve(tasks, budget=2000000, jobs=2)      # program search

Memory: every C object is owned by the Python object that made it and freed
with it (Library.close() or garbage collection); results are plain Python
values that own nothing in C.
"""

import json
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from . import _native
from ._values import (InputError, ProgramError, TesseraError, from_tagged_json, grid_cells,
                      grid_from_lists, is_grid_like, want_numpy)
from . import design  # noqa: F401  (tessera.design.edit)

__all__ = ["load_tasks", "run", "solve", "Library", "Solution", "TaskSolution", "SearchProgram", "Task", "TaskSet", "TaskResult", "PairResult",
           "Evaluation", "TaskEvaluation", "ProgramResult", "TesseraError", "InputError",
           "ProgramError", "design", "DEFAULT_BUDGET", "DEFAULT_KEEP", "DEFAULT_SOLVE_BUDGET",
           "SEARCH_PARTS"]

__version__ = "0.1.0"

#: Work units per task (run) or per program and task (evaluate), as the CLI.
DEFAULT_BUDGET = 20000000
#: Results kept per task by evaluate.
DEFAULT_KEEP = 32
#: Work units per task of the program search when solve() is given none:
#: TS_DEFAULT_BUDGET of search.h (python/tests/test_abi.py checks the two agree).
DEFAULT_SOLVE_BUDGET = 120000000
#: Parts of the search that solve(disable=...) can switch off.
SEARCH_PARTS = ("size", "normalise", "compose", "ext", "depth3", "library", "dedup", "objects",
                "neighbours", "libseeds", "lambdas")


# ---- tasks ---------------------------------------------------------------------

class Task(dict):
    """One ARC task in arc-dsl's form: {"train": [{"input": grid, "output":
    grid}, ...], "test": [...]}, with its id in .id. A test pair whose output
    is unknown has no "output" key."""

    def __init__(self, task_id, train=(), test=()):
        super().__init__(train=list(train), test=list(test))
        self.id = task_id

    def __repr__(self):
        return "Task(%r, %d train, %d test)" % (self.id, len(self["train"]), len(self["test"]))


class TaskSet(dict):
    """Tasks by id, in id order (a dict of Task)."""


def _pairs(raw, as_numpy):
    return [{k: grid_from_lists(v, as_numpy) for k, v in pair.items()} for pair in raw]


def _taskset_from_json(text, as_numpy):
    out = TaskSet()
    for task_id, raw in json.loads(text).items():
        out[task_id] = Task(task_id, _pairs(raw["train"], as_numpy), _pairs(raw["test"], as_numpy))
    return out


def load_tasks(path, solutions=None, numpy=False):
    """Loads ARC tasks as the CLI does: a folder of <id>.json files, one task
    file, or a Kaggle challenges file (with `solutions` for the test
    outputs). Returns a TaskSet; grids are tuples of tuples, or numpy arrays
    with numpy=True. Bad input raises InputError naming the file and the JSON
    path, e.g. "tasks/abc.json: train[1].input[2]: row has 3 cells, expected 4"."""
    as_numpy = want_numpy(numpy)
    handle = _CTaskSet.load(path, solutions)
    try:
        return _taskset_from_json(_native.take_string(_native.lib().arc_api_tasks_json(handle.ptr)),
                                  as_numpy)
    finally:
        handle.close()


class _CTaskSet:
    """An arc_taskset owned by Python (freed by close())."""

    def __init__(self, ptr):
        self.ptr = ptr

    @classmethod
    def load(cls, path, solutions=None):
        sol = None if solutions is None else _native.encode(os.fspath(solutions))
        err = _native.ArcError()
        ptr = _native.lib().arc_api_load_tasks(_native.encode(os.fspath(path)), sol, err)
        if not ptr:
            raise InputError(_native.decode(err.message))
        return cls(ptr)

    @classmethod
    def from_tasks(cls, tasks, label="tasks"):
        """From Task objects (or plain dicts keyed by id), through the
        library's own JSON reader, so they are checked exactly as files are."""
        err = _native.ArcError()
        try:
            text = json.dumps({str(k): v for k, v in tasks.items()}, default=_plain)
        except (TypeError, ValueError) as e:
            raise InputError("%s: %s" % (label, e)) from None
        ptr = _native.lib().arc_taskset_from_text(_native.encode(label), _native.encode(text),
                                                  None, None, err)
        if not ptr:
            raise InputError(_native.decode(err.message))
        return cls(ptr)

    def close(self):
        if self.ptr:
            _native.lib().arc_taskset_free(self.ptr)
            self.ptr = None


def _plain(value):
    """json.dumps's fallback: numpy arrays and scalars as lists and ints
    (tuples it writes as lists itself); anything else is refused."""
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError("%s is not a grid, number or list" % type(value).__name__)


def _c_tasks(tasks):
    """A _CTaskSet for a path, a TaskSet/dict of tasks, or one Task."""
    if isinstance(tasks, (str, bytes, os.PathLike)):
        return _CTaskSet.load(tasks)
    if isinstance(tasks, Task):
        return _CTaskSet.from_tasks({tasks.id: tasks})
    if isinstance(tasks, dict) and "train" in tasks and "test" in tasks:
        return _CTaskSet.from_tasks({"task": tasks})
    if isinstance(tasks, dict):
        return _CTaskSet.from_tasks(tasks)
    raise InputError("tasks: expected a path, a TaskSet, a Task or a dict of tasks, got %s"
                     % type(tasks).__name__)


# ---- results -------------------------------------------------------------------

@dataclass(frozen=True)
class PairResult:
    """One pair of a task run: kind "train" or "test", its index among
    those, status "ok" | "wrong" | "error" | "unknown" (test output not
    known), the output grid (None when there was none) and the error."""
    kind: str
    index: int
    status: str
    output: object
    error: Optional[str]


@dataclass(frozen=True)
class TaskResult:
    """A program run on every pair of one task (train pairs first). solved
    when no pair is wrong or failed; work in the library's work units."""
    id: str
    solved: bool
    work: int
    pairs: List[PairResult]


@dataclass(frozen=True)
class ProgramResult:
    """One kept (program, task) result of Library.evaluate, as in the store."""
    hash: str
    name: str
    text: str
    status: str
    matches: int
    evaluated: int
    train_pairs: int
    score: float
    scores: Dict[str, float]
    work: int
    predictions: List[object]


@dataclass(frozen=True)
class TaskEvaluation:
    """The battery's verdict on one task: results are the best kept
    programs, best first; solved_by the hashes of every solving program."""
    id: str
    task_hash: str
    solved_by: List[str]
    programs_run: int
    timed_out: bool
    results: List[ProgramResult]

    @property
    def best(self):
        return self.results[0] if self.results else None


@dataclass(frozen=True)
class Evaluation:
    """Library.evaluate's report; tasks by id in id order."""
    tasks_solved: int
    tasks_total: int
    programs: int
    pairs_evaluated: int
    demo_evaluations: int
    tasks: Dict[str, TaskEvaluation] = field(default_factory=dict)


def _task_result(raw, as_numpy):
    pairs = [PairResult(p["kind"], p["index"], p["status"], grid_from_lists(p["output"], as_numpy),
                        p["error"]) for p in raw["pairs"]]
    return TaskResult(raw["id"], raw["solved"], raw["work"], pairs)


def _evaluation(raw, as_numpy):
    texts = raw["program_texts"]

    def program(r):
        preds = [grid_from_lists(g, as_numpy) for g in r["predictions"]]
        return ProgramResult(r["hash"], r["name"], texts[r["hash"]]["text"], r["status"],
                             r["matches"], r["evaluated"], r["train_pairs"], float(r["score"]),
                             {k: float(v) for k, v in r["scores"].items()}, r["work"], preds)

    tasks = {t["id"]: TaskEvaluation(t["id"], t["task_hash"], t["solved_by"], t["programs_run"],
                                     t["timed_out"], [program(r) for r in t["results"]])
             for t in raw["tasks"]}
    return Evaluation(raw["tasks_solved"], raw["tasks_total"], raw["programs"],
                      raw["pairs_evaluated"], raw["demo_evaluations"], tasks)


# ---- programs ------------------------------------------------------------------

def _budget(budget, default=DEFAULT_BUDGET):
    value = default if budget is None else budget
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError("budget: expected a number of work units >= 0, got %r" % (budget,))
    return value


def _jobs(jobs):
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= 256:
        raise InputError("jobs: expected 1..256, got %r" % (jobs,))
    return jobs


class Library:
    """arc-dsl programs compiled into one shared DAG (lang.h).

    Library(files) loads solver files (a path or a list of paths);
    add_source() adds text. Loading is all-or-nothing per file and a problem
    raises InputError with "file:line:col: message". Close it (or use it as
    a context manager) to free the C side at once."""

    def __init__(self, files=(), sources=()):
        self._names = []  # program names, in library order (kept in step with C)
        self._ptr = _native.lib().tl_library_new()
        if not self._ptr:
            raise MemoryError("tl_library_new")
        try:
            for path in [files] if isinstance(files, (str, bytes, os.PathLike)) else files:
                self.add_file(path)
            for text in sources:
                self.add_source(text)
        except BaseException:
            self.close()
            raise

    def _check(self, added, diag):
        if added < 0:
            raise InputError(_native.decode(diag.message))
        lib = _native.lib()
        self._names = [_native.decode(lib.tl_program_name(self._ptr, i))
                       for i in range(lib.tl_library_count(self._ptr))]
        return added

    def add_file(self, path):
        """Adds every def of a solver file; returns how many."""
        diag = _native.Diag()
        return self._check(_native.lib().tl_library_add_file(
            self._live(), _native.encode(os.fspath(path)), diag), diag)

    def add_source(self, text, filename="<source>"):
        """Adds every def of solver text; messages name `filename`."""
        raw = _native.encode(text)
        diag = _native.Diag()
        return self._check(_native.lib().tl_library_add_source(
            self._live(), _native.encode(filename), raw, len(raw), diag), diag)

    def _live(self):
        if not self._ptr:
            raise TesseraError("the library is closed")
        return self._ptr

    @property
    def names(self):
        """Program names in the order they were added."""
        self._live()
        return list(self._names)

    def __len__(self):
        self._live()
        return len(self._names)

    def __contains__(self, name):
        return name in self._names

    def canonical(self, name):
        """The canonical arc-dsl text of program `name` (lang.h)."""
        return _native.take_string(_native.lib().tl_program_canonical(self._live(), self._index(name)))

    def _index(self, name):
        names = self._names
        if name is None:
            if len(names) == 1:
                return 0
            raise InputError("program: the library has %d programs; name one (program=...)"
                             % len(names))
        try:
            return names.index(name)
        except ValueError:
            raise InputError("program: no program named %r" % (name,)) from None

    def run(self, task_or_grid, program=None, budget=None, jobs=1, numpy=False):
        """Runs a program.

        On a grid: `program` (the only program when there is one) on that
        grid; returns its value (a grid as a tuple of tuples, or an array with
        numpy=True) and raises ProgramError when it fails.
        On a Task: solve_<id> (or `program`) on every pair; a TaskResult.
        On a TaskSet, dict of tasks or a path: every task that has its
        solve_<id> (or `program` on all of them); a dict id -> TaskResult.
        The budget is in work units (per grid, or per task as `arc run`)."""
        as_numpy = want_numpy(numpy)
        if is_grid_like(task_or_grid):
            return self._run_grid(task_or_grid, program, _budget(budget), as_numpy)
        single = isinstance(task_or_grid, dict) and "train" in task_or_grid
        if single and program is None:
            program = self._program_for_task(getattr(task_or_grid, "id", "task"))
        c_tasks = _c_tasks(task_or_grid)
        try:
            err = _native.ArcError()
            name = None if program is None else _native.encode(program)
            raw = _native.take_string(_native.lib().arc_api_run_json(
                self._live(), c_tasks.ptr, name, _budget(budget), _jobs(jobs), err))
        finally:
            c_tasks.close()
        if raw is None:
            raise TesseraError(_native.decode(err.message))
        results = {t["id"]: _task_result(t, as_numpy) for t in json.loads(raw)["tasks"]}
        if single:
            if not results:
                raise InputError("program: no program named %r" % (program,))
            return next(iter(results.values()))
        return results

    def _program_for_task(self, task_id):
        """solve_<id> when the library has it, else its only program."""
        names = self.names
        if "solve_%s" % task_id in names:
            return "solve_%s" % task_id
        if len(names) == 1:
            return names[0]
        raise InputError("program: no solve_%s among %d programs; name one (program=...)"
                         % (task_id, len(names)))

    def _run_grid(self, grid, program, budget, as_numpy):
        h, w, cells = grid_cells(grid)
        failed = _native.c_bool()
        err = _native.ArcError()
        text = _native.take_string(_native.lib().arc_api_run_grid(
            self._live(), self._index(program), h, w, cells, budget, failed, None, err))
        if text is None:
            raise InputError(_native.decode(err.message))
        if failed.value:
            raise ProgramError(text)
        return from_tagged_json(text, as_numpy)

    def evaluate(self, tasks, cross=False, jobs=1, budget=None, partial=False, keep=DEFAULT_KEEP,
                 numpy=False):
        """The battery evaluator (`tessera arc eval`) over `tasks` (a path,
        TaskSet, dict of tasks or one Task): solve_<id> per task, or every
        program on every task with cross=True. Returns an Evaluation."""
        as_numpy = want_numpy(numpy)
        if isinstance(keep, bool) or not isinstance(keep, int) or keep < 1:
            raise InputError("keep: expected a positive number, got %r" % (keep,))
        opts = _native.EvalOptions(bool(cross), bool(partial), _budget(budget), _jobs(jobs), keep)
        c_tasks = _c_tasks(tasks)
        try:
            err = _native.ArcError()
            raw = _native.take_string(_native.lib().arc_api_evaluate_json(
                self._live(), c_tasks.ptr, opts, err))
        finally:
            c_tasks.close()
        if raw is None:
            raise TesseraError(_native.decode(err.message))
        return _evaluation(json.loads(raw), as_numpy)

    def close(self):
        if getattr(self, "_ptr", None):
            _native.lib().tl_library_free(self._ptr)
            self._ptr = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()


def _library_for(source_or_path):
    """A Library from solver text (it contains a newline or "def "), a path,
    or a Library as is; the bool says whether the caller owns it."""
    if isinstance(source_or_path, Library):
        return source_or_path, False
    if isinstance(source_or_path, str) and ("\n" in source_or_path or "def " in source_or_path):
        lib = Library()
        try:
            lib.add_source(source_or_path)
        except BaseException:
            lib.close()
            raise
        return lib, True
    return Library(source_or_path), True


def run(source_or_path, task_or_grid, program=None, budget=None, jobs=1, numpy=False):
    """Runs arc-dsl solvers - a solver file path, solver text, or a Library -
    on a grid, a Task, or many tasks; see Library.run."""
    lib, owned = _library_for(source_or_path)
    try:
        return lib.run(task_or_grid, program=program, budget=budget, jobs=jobs, numpy=numpy)
    finally:
        if owned:
            lib.close()


# ---- the program search --------------------------------------------------------

@dataclass(frozen=True)
class SearchProgram:
    """One program the search found for a task: canonical arc-dsl text
    ("def solve(I): ..."), how many demo pairs it gets right, its demo score,
    its cost, where it came from ("search", "library", ...), and its grid on
    every test input (None where it gave none)."""
    text: str
    demos_right: int
    demo_score: float
    cost: int
    origin: str
    predictions: List[object]


@dataclass(frozen=True)
class TaskSolution:
    """The search's answer for one task, as `tessera arc solve --json`
    prints it: status "solved" | "candidate" | "size" | "nothing", error
    (why the search refused the task, else None), programs ranked best
    first, attempts (one (attempt_1, attempt_2) pair of grids per test
    input, as the submission has them), work units used, the caps hit
    ("budget", "memory", "deadline"), and, where test outputs are known,
    how many the attempts got right (tests_right is None otherwise)."""
    id: str
    status: str
    error: Optional[str]
    programs: List[SearchProgram]
    attempts: List[Tuple[object, object]]
    work: int
    candidates: int
    evaluations: int
    peak_bytes: int
    caps_hit: Tuple[str, ...]
    stored: int
    tests_known: int
    tests_right: Optional[int]

    @property
    def solved(self):
        return self.status == "solved"

    @property
    def best(self):
        return self.programs[0] if self.programs else None


@dataclass(frozen=True)
class Solution:
    """solve()'s report: tasks by id in id order; solved counts status
    "solved"; score sums, over the tasks whose every test output is known
    (scored_tasks), the share of test inputs right by one of two attempts."""
    solved: int
    total: int
    work: int
    scored_tasks: int
    score: float
    tests_known: int
    tests_right: int
    tasks: Dict[str, TaskSolution] = field(default_factory=dict)


def _solution(raw, as_numpy):
    def grid(g):
        return grid_from_lists(g, as_numpy)

    def task(t):
        programs = [SearchProgram(p["text"], p["demos_right"], float(p["demo_score"]), p["cost"],
                                  p["origin"], [grid(g) for g in p["predictions"]])
                    for p in t["programs"]]
        attempts = [tuple(grid(g) for g in pair) for pair in t["attempts"]]
        caps = tuple(name for name in ("budget", "memory", "deadline") if t["caps_hit"][name])
        return TaskSolution(t["id"], t["status"], t["error"], programs, attempts, t["work"],
                            t["candidates"], t["evaluations"], t["peak_bytes"], caps, t["stored"],
                            t["tests_known"], t["tests_right"])

    tasks = {t["id"]: task(t) for t in raw["tasks"]}
    return Solution(raw["solved"], raw["total"], raw["work"], raw["scored_tasks"],
                    float(raw["score"]), raw["tests_known"], raw["tests_right"], tasks)


def _solver_sources(library):
    """(name, text) of each library item: a solver file path, or solver text
    (it contains a newline or "def "), or a list of those."""
    if library is None:
        return []
    items = [library] if isinstance(library, (str, bytes, os.PathLike)) else library
    try:
        items = list(items)
    except TypeError:
        raise InputError("library: expected solver file paths or solver text, got %s"
                         % type(library).__name__) from None
    out = []
    for k, item in enumerate(items):
        if isinstance(item, str) and ("\n" in item or "def " in item):
            out.append(("<library %d>" % (k + 1), item))
            continue
        if not isinstance(item, (str, bytes, os.PathLike)):
            raise InputError("library[%d]: expected a solver file path or solver text, got %s"
                             % (k, type(item).__name__))
        path = os.fsdecode(item)
        try:
            with open(path, "rb") as f:
                out.append((path, f.read().decode("utf-8", "replace")))
        except OSError as e:
            raise InputError("%s: %s" % (path, e.strerror or e)) from None
    return out


def _disable(disable):
    names = disable.split(",") if isinstance(disable, str) else list(disable or ())
    for name in names:
        if not isinstance(name, str):
            raise InputError("disable: expected part names, got %r" % (name,))
    return ",".join(names)


def solve(tasks, budget=None, jobs=1, library=None, disable=(), memory_mb=None, numpy=False):
    """The program search (`tessera arc solve`) over `tasks` (a path,
    TaskSet, dict of tasks or one Task): for every task, arc-dsl programs
    right on every demo pair if it can find them, and two attempts per test
    input. budget: work units per task (default DEFAULT_SOLVE_BUDGET);
    jobs: worker threads; library: solver files or text whose programs are
    tried first and used as seeds; disable: parts of the search to switch
    off (names of SEARCH_PARTS, a list or "a,b"); memory_mb: memory cap per
    task. Returns a Solution; grids are tuples of tuples, or numpy arrays
    with numpy=True. The result never depends on jobs."""
    as_numpy = want_numpy(numpy)
    work = 0 if budget is None else budget  # 0: the library's TS_DEFAULT_BUDGET
    if budget is not None and (isinstance(work, bool) or not isinstance(work, int) or work < 1):
        raise InputError("budget: expected a number of work units >= 1, got %r" % (budget,))
    memory = 0 if memory_mb is None else memory_mb
    if isinstance(memory, bool) or not isinstance(memory, int) or not 0 <= memory <= 1 << 20:
        raise InputError("memory_mb: expected a size in MiB, 1..1048576, got %r" % (memory_mb,))
    sources = _solver_sources(library)
    names = (_native.c_char_p * (len(sources) + 1))(*[_native.encode(n) for n, _ in sources])
    texts = (_native.c_char_p * (len(sources) + 1))(*[_native.encode(t) for _, t in sources])
    opts = _native.SolveOptions(work, _jobs(jobs), memory, _native.encode(_disable(disable)),
                                len(sources), names, texts)
    c_tasks = _c_tasks(tasks)
    try:
        err = _native.ArcError()
        raw = _native.take_string(_native.lib().arc_api_solve_json(c_tasks.ptr, opts, err))
    finally:
        c_tasks.close()
    if raw is None:
        message = _native.decode(err.message)
        if err.kind == _native.ARC_ERR_INPUT:
            raise InputError(message)
        if message == "out of memory":
            raise MemoryError(message)
        raise TesseraError(message)
    return _solution(json.loads(raw), as_numpy)
