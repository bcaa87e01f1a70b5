"""The structs that tessera/_native.py mirrors with ctypes have the sizes
and field offsets the C headers give them. A probe is compiled against
include/tessera and prints them; a header change that moves a field fails
here instead of corrupting memory at run time."""

import ctypes
import os
import shutil
import subprocess
import tempfile
import unittest

import tessera
from tessera import _native
from support import ROOT

# ctypes struct -> (C type, [field names]); the probe prints sizeof and
# every offsetof, in this order.
MIRRORED = {
    _native.Diag: ("tl_diag", ["message"]),
    _native.ArcError: ("arc_error", ["kind", "message"]),
    _native.EvalOptions: ("arc_api_eval_options", ["cross", "partial", "budget", "jobs", "keep"]),
    _native.SolveOptions: ("arc_api_solve_options", ["budget", "jobs", "memory_mb", "disable",
                                                     "n_library", "library_names",
                                                     "library_texts"]),
    _native.Problems: ("design_problems", ["items", "count", "cap", "code"]),
    _native.EditOptions: ("design_edit_options", ["partial"]),
}

# enum constants the module hard-codes: (value in _native, C name)
CONSTANTS = [(_native.DESIGN_ERR_MEMORY, "DESIGN_ERR_MEMORY"),
             (_native.ARC_ERR_INPUT, "ARC_ERR_INPUT"),
             (tessera.DEFAULT_SOLVE_BUDGET, "TS_DEFAULT_BUDGET")]

PROBE_HEAD = """#include <stddef.h>
#include <stdio.h>
#include "tessera/arc_api.h"
#include "tessera/design.h"
#include "tessera/search.h"
int main(void) {
"""


def compiler():
    for cc in (os.environ.get("CC"), "cc", "gcc", "clang"):
        if cc and shutil.which(cc):
            return cc
    return None


@unittest.skipIf(compiler() is None, "no C compiler")
class StructLayouts(unittest.TestCase):
    def probe(self):
        lines = [PROBE_HEAD]
        for ctype, fields in MIRRORED.values():
            lines.append('  printf("%%zu\\n", sizeof(%s));\n' % ctype)
            for f in fields:
                lines.append('  printf("%%zu\\n", offsetof(%s, %s));\n' % (ctype, f))
        for _, name in CONSTANTS:
            lines.append('  printf("%%d\\n", (int)%s);\n' % name)
        lines.append("  return 0;\n}\n")
        tmp = tempfile.mkdtemp()
        try:
            src, exe = os.path.join(tmp, "probe.c"), os.path.join(tmp, "probe")
            with open(src, "w") as f:
                f.writelines(lines)
            subprocess.run([compiler(), "-std=c17", "-I", os.path.join(ROOT, "include"), src, "-o", exe],
                           check=True, env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"))
            out = subprocess.run([exe], check=True, stdout=subprocess.PIPE,
                                 universal_newlines=True).stdout
            return [int(x) for x in out.split()]
        finally:
            shutil.rmtree(tmp)

    def test_mirrored_structs_match_the_headers(self):
        want = iter(self.probe())
        for struct, (ctype, fields) in MIRRORED.items():
            self.assertEqual(ctypes.sizeof(struct), next(want), "sizeof(%s)" % ctype)
            for f in fields:
                self.assertEqual(getattr(struct, f).offset, next(want), "%s.%s" % (ctype, f))
            self.assertEqual([name for name, _ in struct._fields_], fields, ctype)
        for value, name in CONSTANTS:
            self.assertEqual(value, next(want), name)


if __name__ == "__main__":
    unittest.main()
