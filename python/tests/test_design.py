"""tessera.design: edit, fix and check give the documents the tessera
command prints for the same blueprint and command."""

import json
import os
import shutil
import tempfile
import unittest

from tessera import design
from support import BLUEPRINTS, cli

ABOUT = os.path.join(BLUEPRINTS, "about.json")


class Edit(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_edit_gives_the_cli_document(self):
        for command in ("make the title bigger", "make the learn more button blue", "bad"):
            result = design.edit(ABOUT, command)
            code, out, _ = cli("design", "edit", ABOUT, command)
            self.assertEqual(result.document, json.loads(out), command)
            self.assertEqual(result.status, json.loads(out)["status"])
            self.assertEqual(result.ok, code == 0)

    def test_success_returns_the_new_blueprint(self):
        with open(ABOUT) as f:
            blueprint = json.load(f)
        result = design.edit(blueprint, "make the title bigger")
        self.assertEqual(result.status, "success")
        title = [c for c in result.blueprint["components"] if c["id"] == "title"][0]
        before = [c for c in blueprint["components"] if c["id"] == "title"][0]
        self.assertGreater(title["visual"]["font_size"], before["visual"]["font_size"])
        # same answer from JSON text and from the path
        self.assertEqual(design.edit(json.dumps(blueprint), "make the title bigger"), result)

    def test_refused_edit_has_no_blueprint(self):
        result = design.edit(ABOUT, "bad")
        self.assertEqual(result.status, "failed")
        self.assertIsNone(result.blueprint)
        self.assertFalse(result.ok)

    def test_invalid_blueprint_lists_json_paths_as_the_cli(self):
        path = os.path.join(self.dir, "bp.json")
        with open(path, "w") as f:
            f.write('{"x": 1}')
        with self.assertRaises(design.InvalidBlueprint) as caught:
            design.edit(path, "make it blue")
        code, _, err = cli("design", "edit", path, "make it blue")
        self.assertEqual(code, 2)
        self.assertEqual(str(caught.exception) + "\n", err)
        self.assertIn("screen_id: is required", caught.exception.problems)
        with self.assertRaises(design.InvalidBlueprint):
            design.edit('{"screen_id": 3', "x")
        with self.assertRaisesRegex(ValueError, "cannot read"):
            design.edit(os.path.join(self.dir, "missing.json"), "x")

    def test_fix_and_check(self):
        code, out, _ = cli("design", "check", ABOUT)
        self.assertEqual(design.check(ABOUT).document, json.loads(out))
        code, out, _ = cli("design", "fix", ABOUT)
        self.assertEqual(design.fix(ABOUT).document, json.loads(out))


if __name__ == "__main__":
    unittest.main()
