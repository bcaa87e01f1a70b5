"""tessera.solve, the program search from Python, against `tessera arc solve`
on the same tasks and options: the per-task JSON lines (--json) and the
submission file (--out) are the reference, so nothing here is produced by
the code under test alone."""

import json
import os
import tempfile
import unittest

import tessera
from support import ROOT, cli, numpy

SOLVE_TASKS = os.path.join(ROOT, "tests", "arc", "data", "solve")
BUDGET = 300000


def cli_solve(*args):
    """The --json lines of `tessera arc solve` (by id) and its submission."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "sub.json")
        code, stdout, stderr = cli("arc", "solve", "--tasks", SOLVE_TASKS, "--jobs", "1", "--json",
                                   "--out", out, *args)
        if code != 0:
            raise AssertionError("tessera arc solve failed: %s" % stderr)
        with open(out) as f:
            submission = json.load(f)
    lines = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    return {t["id"]: t for t in lines}, submission


def as_lists(grid):
    if grid is None:
        return None
    if numpy is not None and isinstance(grid, numpy.ndarray):
        return grid.tolist()
    return [list(row) for row in grid]


class SolveMatchesTheCommand(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.reference, cls.submission = cli_solve("--budget", str(BUDGET))
        cls.result = tessera.solve(SOLVE_TASKS, budget=BUDGET, jobs=2)

    def test_every_task_field_by_field(self):
        self.assertEqual(sorted(self.result.tasks), sorted(self.reference))
        self.assertEqual(list(self.result.tasks), sorted(self.result.tasks))  # id order
        for task_id, ref in self.reference.items():
            got = self.result.tasks[task_id]
            self.assertEqual(got.status, ref["status"], task_id)
            self.assertEqual(got.error, ref["error"], task_id)
            self.assertEqual(got.work, ref["work"], task_id)
            self.assertEqual(got.candidates, ref["candidates"], task_id)
            self.assertEqual(got.evaluations, ref["evaluations"], task_id)
            self.assertEqual(got.tests_right, ref["tests_right"], task_id)
            caps = tuple(k for k in ("budget", "memory", "deadline") if ref["caps_hit"][k])
            self.assertEqual(got.caps_hit, caps, task_id)
            self.assertEqual(len(got.programs), len(ref["programs"]), task_id)
            for p, r in zip(got.programs, ref["programs"]):
                self.assertEqual(p.text, r["text"])
                self.assertEqual((p.demos_right, p.cost, p.origin), (r["demos_right"], r["cost"], r["origin"]))
                self.assertAlmostEqual(p.demo_score, r["demo_score"], places=4)
                self.assertEqual([as_lists(g) for g in p.predictions], r["predictions"])

    def test_attempts_are_the_submission(self):
        for task_id, pairs in self.submission.items():
            got = self.result.tasks[task_id].attempts
            self.assertEqual(len(got), len(pairs), task_id)
            for (a1, a2), ref in zip(got, pairs):
                self.assertIsInstance(a1, tuple)
                self.assertIsInstance(a1[0], tuple)
                self.assertEqual(as_lists(a1), ref["attempt_1"], task_id)
                self.assertEqual(as_lists(a2), ref["attempt_2"], task_id)

    def test_totals(self):
        r = self.result
        self.assertEqual(r.total, len(self.reference))
        self.assertEqual(r.solved, sum(t["status"] == "solved" for t in self.reference.values()))
        self.assertGreaterEqual(r.solved, 6)  # the fixture tasks are meant to be found
        self.assertEqual(r.work, sum(t["work"] for t in self.reference.values()))
        self.assertTrue(r.tasks["4c4377d9"].solved)
        self.assertEqual(r.tasks["4c4377d9"].best.demos_right, 4)

    def test_jobs_and_task_objects_do_not_change_the_result(self):
        one = tessera.solve(SOLVE_TASKS, budget=BUDGET, jobs=1)
        self.assertEqual(one, self.result)
        tasks = tessera.load_tasks(SOLVE_TASKS)
        self.assertEqual(tessera.solve(tasks, budget=BUDGET), self.result)
        single = tessera.solve(tasks["4c4377d9"], budget=BUDGET)
        self.assertEqual(single.tasks["4c4377d9"], self.result.tasks["4c4377d9"])

    @unittest.skipIf(numpy is None, "numpy is not installed")
    def test_numpy_attempts_and_predictions(self):
        r = tessera.solve(SOLVE_TASKS, budget=BUDGET, numpy=True)
        t = r.tasks["4c4377d9"]
        self.assertIsInstance(t.attempts[0][0], numpy.ndarray)
        self.assertIsInstance(t.best.predictions[0], numpy.ndarray)
        ref = self.submission["4c4377d9"][0]["attempt_1"]
        self.assertEqual(t.attempts[0][0].tolist(), ref)

    @unittest.skipIf(numpy is not None, "numpy is installed")
    def test_numpy_asked_for_without_numpy(self):
        with self.assertRaises(tessera.TesseraError):
            tessera.solve(SOLVE_TASKS, budget=BUDGET, numpy=True)


class SolveOptions(unittest.TestCase):
    def test_disable_as_the_command(self):
        ref, _ = cli_solve("--budget", str(BUDGET), "--disable", "compose,normalise")
        got = tessera.solve(SOLVE_TASKS, budget=BUDGET, disable=["compose", "normalise"])
        self.assertEqual({k: t.status for k, t in got.tasks.items()},
                         {k: t["status"] for k, t in ref.items()})
        self.assertEqual({k: t.work for k, t in got.tasks.items()}, {k: t["work"] for k, t in ref.items()})
        same = tessera.solve(SOLVE_TASKS, budget=BUDGET, disable="compose,normalise")
        self.assertEqual(same, got)

    def test_library_programs_are_tried_first(self):
        source = "def solve_4c4377d9(I):\n    x1 = hmirror(I)\n    O = vconcat(x1, I)\n    return O\n"
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "lib.py")
            with open(path, "w") as f:
                f.write(source)
            ref, _ = cli_solve("--budget", str(BUDGET), "--library", path)
            from_file = tessera.solve(SOLVE_TASKS, budget=BUDGET, library=path)
            from_text = tessera.solve(SOLVE_TASKS, budget=BUDGET, library=[source])
        t = from_file.tasks["4c4377d9"]
        self.assertEqual(t.status, "solved")
        self.assertEqual([p.origin for p in t.programs], [p["origin"] for p in ref["4c4377d9"]["programs"]])
        self.assertIn("library", [p.origin for p in t.programs])
        self.assertEqual(from_text, from_file)

    def test_tiny_budget_reports_the_cap(self):
        r = tessera.solve(SOLVE_TASKS, budget=1000)
        self.assertEqual(r.solved, 0)
        self.assertTrue(all(len(t.attempts) >= 1 for t in r.tasks.values()))


class SolveErrors(unittest.TestCase):
    def test_bad_arguments(self):
        for kwargs in ({"budget": 0}, {"budget": -5}, {"budget": "10"}, {"budget": True},
                       {"jobs": 0}, {"memory_mb": -1}, {"library": 42}, {"disable": [3]}):
            with self.assertRaises(tessera.InputError, msg=repr(kwargs)):
                tessera.solve(SOLVE_TASKS, **kwargs)

    def test_unknown_part_names_the_part_as_the_command(self):
        with self.assertRaises(tessera.InputError) as cm:
            tessera.solve(SOLVE_TASKS, budget=1000, disable="size,bogus")
        self.assertIn("unknown part 'bogus'", str(cm.exception))
        code, _, err = cli("arc", "solve", "--tasks", SOLVE_TASKS, "--disable", "size,bogus")
        self.assertEqual(code, 2)
        self.assertIn(str(cm.exception).split(": ", 1)[1], err)

    def test_library_syntax_error_names_file_line_col_as_the_command(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bad.py")
            with open(path, "w") as f:
                f.write("def solve(I):\n    O = vmirror(I,\n    return O\n")
            code, _, err = cli("arc", "solve", "--tasks", SOLVE_TASKS, "--budget", "1000", "--library", path)
            with self.assertRaises(tessera.InputError) as cm:
                tessera.solve(SOLVE_TASKS, budget=1000, library=path)
        self.assertEqual(code, 2)
        message = str(cm.exception)
        self.assertTrue(message.startswith(path + ":3:5: "), message)
        self.assertIn(message, err)

    def test_library_text_error_is_labelled(self):
        with self.assertRaises(tessera.InputError) as cm:
            tessera.solve(SOLVE_TASKS, budget=1000, library=["def solve(I):\n    O = (\n"])
        self.assertTrue(str(cm.exception).startswith("<library 1>:"), str(cm.exception))

    def test_missing_library_file_and_tasks(self):
        with self.assertRaises(tessera.InputError) as cm:
            tessera.solve(SOLVE_TASKS, library=os.path.join(ROOT, "no-such-file.py"))
        self.assertIn("no-such-file.py", str(cm.exception))
        with self.assertRaises(tessera.InputError):
            tessera.solve(os.path.join(ROOT, "no-such-folder"))

    def test_bad_task_object_names_the_json_path(self):
        with self.assertRaises(tessera.InputError) as cm:
            tessera.solve({"t": {"train": [{"input": [[1, 2], [3]], "output": [[1]]}], "test": []}})
        self.assertIn("t.train[0]", str(cm.exception))


class DocumentedExample(unittest.TestCase):
    def test_the_solve_block_of_python_md_runs(self):
        """The python block of docs/PYTHON.md that calls tessera.solve, run
        from the source tree root, so the documentation cannot rot."""
        import contextlib
        import io
        import re
        with open(os.path.join(ROOT, "docs", "PYTHON.md")) as f:
            blocks = [b for b in re.findall(r"```python\n(.*?)```", f.read(), re.S) if "tessera.solve(" in b]
        self.assertEqual(len(blocks), 1)
        cwd = os.getcwd()
        os.chdir(ROOT)
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed):
                exec(compile(blocks[0], "docs/PYTHON.md", "exec"), {"__name__": "docs_example"})
        finally:
            os.chdir(cwd)
        lines = printed.getvalue().splitlines()
        self.assertIn("True", lines)
        self.assertTrue(lines[1].startswith("solved"), lines)
        self.assertIn("'library'", lines[-1])


if __name__ == "__main__":
    unittest.main()
