# Tiny solvers for the fixture tasks in tests/arc/data/tasks.
def solve_mirror01(I):
    O = vmirror(I)
    return O


# Wrong on purpose: flip02 needs hmirror (the rows are reversed).
def solve_flip02(I):
    O = vmirror(I)
    return O


def solve_open03(I):
    O = vmirror(I)
    return O
