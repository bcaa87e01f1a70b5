"""tessera.load_tasks, tessera.run and Library: results and messages agree
with the JSON files read by Python's own json module and with the tessera
command on the same input."""

import json
import os
import re
import shutil
import tempfile
import unittest

import tessera
from support import SOLVERS, TASKS, cli, numpy


def json_task(task_id):
    with open(os.path.join(TASKS, task_id + ".json")) as f:
        return json.load(f)


def as_tuples(rows):
    return tuple(tuple(r) for r in rows)


class TempDir(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path


class LoadTasks(TempDir):
    def test_folder_gives_every_task_as_arc_dsl_tuples(self):
        tasks = tessera.load_tasks(TASKS)
        files = sorted(f[:-5] for f in os.listdir(TASKS) if f.endswith(".json"))
        self.assertEqual(list(tasks), files)
        raw = json_task("67a3c6ac")
        task = tasks["67a3c6ac"]
        self.assertEqual(task.id, "67a3c6ac")
        self.assertEqual(len(task["train"]), len(raw["train"]))
        self.assertEqual(task["train"][1]["input"], as_tuples(raw["train"][1]["input"]))
        self.assertEqual(task["test"][0]["output"], as_tuples(raw["test"][0]["output"]))
        self.assertIsInstance(task["train"][0]["input"][0], tuple)

    def test_kaggle_file_with_solutions(self):
        challenges = self.write("c.json", json.dumps({"t1": {"train": [{"input": [[1]], "output": [[2]]}],
                                                             "test": [{"input": [[3]]}]}}))
        solutions = self.write("s.json", json.dumps({"t1": [[[4]]]}))
        self.assertNotIn("output", tessera.load_tasks(challenges)["t1"]["test"][0])
        with_solutions = tessera.load_tasks(challenges, solutions=solutions)
        self.assertEqual(with_solutions["t1"]["test"][0]["output"], ((4,),))

    def test_bad_task_message_is_the_cli_message(self):
        folder = os.path.join(self.dir, "tasks")
        os.mkdir(folder)
        with open(os.path.join(folder, "abc.json"), "w") as f:
            f.write('{"train": [{"input": [[1, 2], [3]], "output": [[1]]}], "test": []}')
        with self.assertRaises(tessera.InputError) as caught:
            tessera.load_tasks(folder)
        code, _, err = cli("arc", "run", SOLVERS, "--tasks", folder)
        self.assertEqual(code, 2)
        self.assertEqual("tessera arc run: %s\n" % caught.exception, err)
        self.assertIn("abc.json: train[0].input[1]: row has 1 cell, expected 2", str(caught.exception))

    def test_missing_path(self):
        with self.assertRaisesRegex(tessera.InputError, "no_such_dir"):
            tessera.load_tasks(os.path.join(self.dir, "no_such_dir"))

    @unittest.skipIf(numpy is None, "numpy is not installed")
    def test_numpy_grids(self):
        task = tessera.load_tasks(TASKS, numpy=True)["67a3c6ac"]
        grid = task["train"][0]["input"]
        self.assertIsInstance(grid, numpy.ndarray)
        self.assertEqual(grid.tolist(), json_task("67a3c6ac")["train"][0]["input"])


class RunGrid(TempDir):
    GRID = ((1, 2, 3), (4, 5, 6))

    def test_solver_file_on_a_grid(self):
        task = json_task("67a3c6ac")  # vmirror: each row reversed
        grid = as_tuples(task["test"][0]["input"])
        out = tessera.run(SOLVERS, grid, program="solve_67a3c6ac")
        self.assertEqual(out, tuple(tuple(reversed(r)) for r in grid))
        self.assertEqual(out, as_tuples(task["test"][0]["output"]))

    def test_source_text_with_one_program_and_lists(self):
        out = tessera.run("def f(I):\n    O = hmirror(I)\n    return O\n", [[1, 2, 3], [4, 5, 6]])
        self.assertEqual(out, ((4, 5, 6), (1, 2, 3)))

    def test_values_other_than_grids_keep_their_python_form(self):
        src = ("def objs(I):\n    O = objects(I, T, F, T)\n    return O\n"
               "def n(I):\n    O = size(I)\n    return O\n"
               "def flag(I):\n    O = equality(I, I)\n    return O\n"
               "def corner(I):\n    O = ulcorner(asindices(I))\n    return O\n")
        grid = ((1, 0), (0, 2))
        self.assertEqual(tessera.run(src, grid, program="objs"),
                         frozenset({frozenset({(1, (0, 0))}), frozenset({(2, (1, 1))})}))
        self.assertEqual(tessera.run(src, grid, program="n"), 2)
        self.assertIs(tessera.run(src, grid, program="flag"), True)
        self.assertEqual(tessera.run(src, grid, program="corner"), (0, 0))
        every = "def every(I):\n    O = objects(I, T, F, F)\n    return O\n"
        self.assertEqual(tessera.run(every, ((-1, 5),)),
                         frozenset({frozenset({(-1, (0, 0))}), frozenset({(5, (0, 1))})}))
        self.assertEqual(tessera.run("def e(I):\n    O = vmirror(I)\n    return O\n", ()), ())
        with self.assertRaisesRegex(tessera.ProgramError, "function"):
            tessera.run("def fn(I):\n    O = rbind(add, ONE)\n    return O\n", grid)

    def test_syntax_error_names_file_line_col_as_the_cli(self):
        path = self.write("bad.py", "def solve_67a3c6ac(I):\n    O = vmirror(I\n    return O\n")
        with self.assertRaises(tessera.InputError) as caught:
            tessera.run(path, self.GRID)
        code, _, err = cli("arc", "run", path, "--tasks", TASKS)
        self.assertEqual(code, 2)
        self.assertEqual(err, "%s\n" % caught.exception)
        self.assertRegex(str(caught.exception), r"bad\.py:3:5: ")

    def test_runtime_failure_is_a_program_error_with_its_line(self):
        src = "def f(I):\n    x1 = vmirror(I)\n    O = crop(x1, ORIGIN, x1)\n    return O\n"
        with self.assertRaisesRegex(tessera.ProgramError, r"^<source>:3: f: "):
            tessera.run(src, self.GRID)

    def test_budget_is_counted_in_work_units(self):
        src = "def f(I):\n    O = vmirror(I)\n    return O\n"
        with self.assertRaisesRegex(tessera.ProgramError, "budget"):
            tessera.run(src, self.GRID, budget=1)
        self.assertEqual(tessera.run(src, self.GRID, budget=0), ((3, 2, 1), (6, 5, 4)))

    def test_bad_grids_are_refused_with_their_place(self):
        src = "def f(I):\n    O = vmirror(I)\n    return O\n"
        for grid, where in ((((1, 2), (3,)), r"grid\[1\]: row has 1 cells, expected 2"),
                            (((1, "x"),), r"grid\[0\]\[1\]: expected an integer"),
                            (((1, 300),), r"grid\[0\]\[1\]: colour 300"),
                            (((1, -200),), r"grid\[0\]\[1\]: colour -200")):
            with self.assertRaisesRegex(tessera.InputError, where):
                tessera.run(src, grid)

    def test_program_must_be_named_when_there_are_several(self):
        with self.assertRaisesRegex(tessera.InputError, "104 programs"):
            tessera.run(SOLVERS, self.GRID)
        with self.assertRaisesRegex(tessera.InputError, "no program named 'nope'"):
            tessera.run(SOLVERS, self.GRID, program="nope")

    @unittest.skipIf(numpy is None, "numpy is not installed")
    def test_numpy_in_and_out(self):
        src = "def f(I):\n    O = vmirror(I)\n    return O\n"
        out = tessera.run(src, numpy.array([[1, 2], [3, 4]]), numpy=True)
        self.assertIsInstance(out, numpy.ndarray)
        self.assertEqual(out.tolist(), [[2, 1], [4, 3]])
        self.assertEqual(tessera.run(src, numpy.array([[1, 2]], dtype=numpy.uint8)), ((2, 1),))

    @unittest.skipIf(numpy is not None, "numpy is installed")
    def test_numpy_asked_for_without_numpy(self):
        with self.assertRaisesRegex(tessera.TesseraError, "numpy is not installed"):
            tessera.run("def f(I):\n    O = I\n    return O\n", ((1,),), numpy=True)


class RunTasks(TempDir):
    def test_every_task_matches_arc_run(self):
        results = tessera.run(SOLVERS, tessera.load_tasks(TASKS), jobs=2)
        code, out, _ = cli("arc", "run", SOLVERS, "--tasks", TASKS, "--json")
        self.assertEqual(code, 0)
        reference = json.loads(out)
        self.assertEqual(sorted(results), [t["id"] for t in reference["tasks"]])
        self.assertEqual(sum(r.solved for r in results.values()), reference["solved"])
        for t in reference["tasks"]:
            mine = results[t["id"]]
            self.assertEqual([p.status == "ok" for p in mine.pairs if p.status != "unknown"],
                             [p["ok"] for p in t["pairs"] if p["ok"] is not None])
            self.assertEqual([p.output for p in mine.pairs],
                             [None if p["output"] is None else as_tuples(p["output"]) for p in t["pairs"]])

    def test_a_path_works_as_tasks(self):
        self.assertEqual(len(tessera.run(SOLVERS, TASKS)), 104)

    def test_one_task_with_solve_id_or_a_named_program(self):
        task = tessera.load_tasks(TASKS)["67a3c6ac"]
        result = tessera.run(SOLVERS, task)
        self.assertTrue(result.solved)
        self.assertEqual([(p.kind, p.index, p.status) for p in result.pairs],
                         [("train", 0, "ok"), ("train", 1, "ok"), ("train", 2, "ok"), ("test", 0, "ok")])
        wrong = tessera.run(SOLVERS, task, program="solve_68b16354")  # hmirror, not vmirror
        self.assertFalse(wrong.solved)
        self.assertEqual({p.status for p in wrong.pairs}, {"wrong"})

    def test_tasks_built_in_python(self):
        task = {"train": [{"input": [[1, 2]], "output": [[2, 1]]}], "test": [{"input": [[3, 4]]}]}
        result = tessera.run("def f(I):\n    O = vmirror(I)\n    return O\n", task)
        self.assertTrue(result.solved)
        self.assertEqual(result.pairs[1].status, "unknown")
        self.assertEqual(result.pairs[1].output, ((4, 3),))

    def test_bad_python_task_names_the_json_path(self):
        tasks = {"t1": {"train": [{"input": [[1, 2], [3]], "output": [[1]]}], "test": []}}
        with self.assertRaisesRegex(tessera.InputError, r"^tasks: t1\.train\[0\]\.input\[1\]: row has 1 cell"):
            tessera.run("def solve_t1(I):\n    O = I\n    return O\n", tasks)
        with self.assertRaisesRegex(tessera.InputError, "tasks"):
            tessera.run("def solve_t1(I):\n    O = I\n    return O\n", {"t1": {"train": [{"input": object()}]}})


class LibraryObject(TempDir):
    def test_names_length_canonical_and_close(self):
        with tessera.Library(SOLVERS) as lib:
            self.assertEqual(len(lib), 104)
            self.assertIn("solve_67a3c6ac", lib)
            self.assertEqual(lib.canonical("solve_67a3c6ac"), "def solve_67a3c6ac(I):\n    O = vmirror(I)\n    return O\n")
        with self.assertRaisesRegex(tessera.TesseraError, "closed"):
            len(lib)

    def test_a_bad_file_adds_nothing(self):
        lib = tessera.Library()
        lib.add_source("def a(I):\n    O = I\n    return O\n")
        path = self.write("bad.py", "def b(I):\n    O = I\n    return O\ndef c(I):\n    O = nope(I)\n    return O\n")
        with self.assertRaisesRegex(tessera.InputError, r"bad\.py:5:\d+: .*nope"):
            lib.add_file(path)
        self.assertEqual(lib.names, ["a"])
        lib.close()


class Evaluate(unittest.TestCase):
    def test_cross_evaluation_matches_arc_eval(self):
        ev = tessera.Library([SOLVERS]).evaluate(TASKS, cross=True, jobs=2)
        code, out, _ = cli("arc", "eval", "--no-store", "--cross", "--json", SOLVERS, "--tasks", TASKS)
        self.assertEqual(code, 0)
        reference = json.loads(out)
        for key in ("tasks_solved", "tasks_total", "programs", "demo_evaluations"):
            self.assertEqual(getattr(ev, key), reference[key], key)
        self.assertEqual(ev.pairs_evaluated, reference["pairs_evaluated"])
        for t in reference["tasks"]:
            mine = ev.tasks[t["id"]]
            self.assertEqual(mine.solved_by, t["solved_by"])
            self.assertEqual(mine.best.hash, t["best"]["hash"])
            self.assertAlmostEqual(mine.best.score, t["best"]["score"], delta=1e-6)  # printed %.6f

    def test_results_are_python_objects_with_predictions(self):
        tasks = tessera.load_tasks(TASKS)
        ev = tessera.Library([SOLVERS]).evaluate(tasks, jobs=1)
        best = ev.tasks["67a3c6ac"].best
        self.assertEqual(best.status, "solved")
        self.assertEqual(best.name, "solve_67a3c6ac")
        self.assertIn("vmirror(I)", best.text)
        self.assertEqual(best.scores["exact"], 1.0)
        self.assertEqual(best.predictions, [tasks["67a3c6ac"]["test"][0]["output"]])
        self.assertEqual(ev.tasks["67a3c6ac"].programs_run, 1)
        # the same tasks given as objects evaluate the same way as the folder
        again = tessera.Library([SOLVERS]).evaluate({"67a3c6ac": tasks["67a3c6ac"]})
        self.assertEqual(again.tasks["67a3c6ac"], ev.tasks["67a3c6ac"])

    def test_bad_arguments(self):
        lib = tessera.Library([SOLVERS])
        for kwargs in ({"jobs": 0}, {"budget": -1}, {"keep": 0}):
            with self.assertRaises(tessera.InputError):
                lib.evaluate(TASKS, **kwargs)


class DocsExample(unittest.TestCase):
    def test_the_example_in_docs_python_md_runs(self):
        """The first python block of docs/PYTHON.md, run from the source tree
        root, so the documentation cannot rot."""
        from support import ROOT
        with open(os.path.join(ROOT, "docs", "PYTHON.md")) as f:
            match = re.search(r"```python\n(.*?)```", f.read(), re.S)
        self.assertIsNotNone(match)
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            exec(compile(match.group(1), "docs/PYTHON.md", "exec"), {"__name__": "docs_example"})
        finally:
            os.chdir(cwd)


if __name__ == "__main__":
    unittest.main()


class Solve(unittest.TestCase):
    """A short check of tessera.solve beside the other calls; the full
    comparison with the command is python/tests/test_solve.py."""

    def test_solve_matches_arc_solve_json(self):
        ids = ["6150a2bd", "9172f3a0"]
        tasks = {i: json_task(i) for i in ids}
        out = tessera.solve(tasks, budget=3000000, jobs=2)
        code, stdout, _ = cli("arc", "solve", "--tasks", TASKS, "--task", ",".join(ids), "--budget",
                              "3000000", "--json", "--jobs", "1")
        self.assertEqual(code, 0)
        want = [json.loads(line) for line in stdout.splitlines()]
        self.assertEqual(list(out.tasks), ids)
        for got, exp in zip(out.tasks.values(), want):
            self.assertEqual(got.status, exp["status"])
            self.assertEqual([p.text for p in got.programs], [p["text"] for p in exp["programs"]])
            self.assertEqual(got.work, exp["work"])
        # the expected test outputs come from the task files, not the search
        for t in out.tasks.values():
            expected = as_tuples(tasks[t.id]["test"][0]["output"])
            self.assertIn(expected, t.attempts[0])
        self.assertEqual(out.solved, 2)
        self.assertEqual(out.score, 2.0)

    def test_bad_arguments(self):
        with self.assertRaises(tessera.InputError):
            tessera.solve(TASKS, disable=["frobnicate"])
        with self.assertRaises(tessera.InputError):
            tessera.solve(TASKS, jobs=0)
