"""Shared fixtures of the Python tests: where the source tree, the bundled
data and the tessera command are, and a way to run the command.

The command line is the reference: messages and results of the module are
compared with what `tessera` prints for the same input ($TESSERA, else the
build next to the source tree)."""

import os
import subprocess

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TASKS = os.path.join(ROOT, "data", "arc-agi-1", "training")
SOLVERS = os.path.join(ROOT, "data", "solvers", "tessera.py")
BLUEPRINTS = os.path.join(ROOT, "data", "design", "blueprints")
TESSERA = os.environ.get("TESSERA") or os.path.join(ROOT, "build", "tessera")

try:
    import numpy
except ImportError:
    numpy = None


def cli(*args):
    """(exit code, stdout, stderr) of the tessera command."""
    p = subprocess.run([TESSERA, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, check=False)
    return p.returncode, p.stdout, p.stderr
