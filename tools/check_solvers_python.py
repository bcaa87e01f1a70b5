#!/usr/bin/env python3
"""Check arc-dsl solver files against the Python reference implementation.

Every `solve_<taskid>` function in the given files is run on all train and
test pairs of its ARC task; a task passes only when every pair matches.
The reference DSL (dsl.py, constants.py, arc_types.py) is imported from the
folder given with --dsl; when that folder is missing we print a skip message
and exit 0, so machines without the reference can still run the test suite.

Exit status: 0 when every task passes (or the check is skipped), 1 otherwise.
"""
import argparse
import json
import os
import sys
import traceback


def as_grid(rows):
    """JSON lists become the tuple-of-tuples grids the reference DSL expects."""
    return tuple(tuple(row) for row in rows)


def load_solvers(paths):
    """Exec each solver file in its own namespace; return {task_id: function}.

    A task defined in several files keeps the definition from the last file."""
    solvers = {}
    broken = []
    for path in paths:
        namespace = {"__name__": "solvers_under_check"}
        try:
            with open(path) as handle:
                source = handle.read()
            exec(compile(source, path, "exec"), namespace)
        except Exception as error:  # report unreadable files, keep going
            last = traceback.format_exception_only(type(error), error)
            broken.append("%s: %s" % (path, last[-1].strip()))
            continue
        for name, value in namespace.items():
            if name.startswith("solve_") and callable(value):
                solvers[name[len("solve_"):]] = value
    return solvers, broken


def check_task(task_id, solver, tasks_dir):
    """Return a list of failure descriptions (empty when all pairs match)."""
    path = os.path.join(tasks_dir, task_id + ".json")
    if not os.path.exists(path):
        return ["task file %s not found" % path]
    with open(path) as handle:
        task = json.load(handle)
    failures = []
    for kind in ("train", "test"):
        for index, pair in enumerate(task.get(kind, [])):
            if "output" not in pair:
                continue
            try:
                got = solver(as_grid(pair["input"]))
            except Exception as error:  # a crash is a failure, not a stop
                last = traceback.format_exception_only(type(error), error)
                failures.append("%s %d: raised %s" % (kind, index, last[-1].strip()))
                continue
            if got != as_grid(pair["output"]):
                failures.append("%s %d: wrong output %r" % (kind, index, got))
    return failures


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_tasks = os.path.join(here, "..", "data", "arc-agi-1", "training")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsl", default="/tmp/arc-dsl",
                        help="folder holding the reference dsl.py and constants.py")
    parser.add_argument("--tasks", default=default_tasks,
                        help="folder of ARC task JSON files")
    parser.add_argument("files", nargs="+", help="solver files in arc-dsl syntax")
    args = parser.parse_args()

    needed = ("dsl.py", "constants.py", "arc_types.py")
    missing = [name for name in needed
               if not os.path.exists(os.path.join(args.dsl, name))]
    if missing:
        print("SKIP: reference arc-dsl not available in %s (missing %s)"
              % (args.dsl, ", ".join(missing)))
        return 0

    sys.path.insert(0, os.path.abspath(args.dsl))
    solvers, broken = load_solvers(args.files)
    for line in broken:
        print("FAIL could not load " + line)
    if not solvers:
        print("no solve_<taskid> functions found in %s" % " ".join(args.files))
        return 1

    failed = len(broken)
    for task_id in sorted(solvers):
        failures = check_task(task_id, solvers[task_id], args.tasks)
        if failures:
            failed += 1
            print("FAIL %s" % task_id)
            for line in failures:
                print("    " + line[:300])
        else:
            print("ok   %s" % task_id)
    print("%d of %d tasks solved" % (len(solvers) - (failed - len(broken)), len(solvers)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
