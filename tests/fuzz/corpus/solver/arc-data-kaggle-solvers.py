# Solvers for the Kaggle-format fixture tests/arc/data/kaggle/challenges.json.
def solve_k1(I):
    O = hmirror(I)
    return O


def solve_k2(I):
    O = vmirror(I)
    return O
