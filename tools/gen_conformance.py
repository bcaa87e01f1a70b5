#!/usr/bin/env python3
"""gen_conformance.py - differential conformance cases for the 160 arc-dsl primitives.

Draws calls with realistic arguments (ARC training grids and values derived
from them: objects, index sets, cells, pairs, small ints, bools, empty
containers, grids with -1 painted in, function values) deterministically from
a seed, runs each call in the Python arc-dsl, and writes one JSON line per
call with the expected result (or the exception Python raised). With
--solvers it also runs the reference solvers on the first training input of
each task and keeps, per primitive, a few of the calls they make (those whose
arguments hash lowest, so the choice is stable); those lines carry "task".
The C test tests/grid/test_conformance.c replays the lines against our
primitives.

Value encoding (JSON):
  int           a JSON number                 bool    true / false
  tuple         a JSON array                  None    {"none": null}
  frozenset     {"set": [...]}  (items sorted by their JSON text)
  function      {"prim": "add"}  or  {"fn": "rbind", "args": [...]}: the
                value the primitive `fn` returns for those arguments
A line is {"prim": name, "args": [...], and one of:
  "result": value | "raises": "TypeError" | "order_dependent": true}.
A result that is a function is {"callable": arity, "probes": [{"args": [...],
"result" | "raises"}]}: the test calls it on each probe.

Order dependence. Python iterates frozensets in hash order, which we do not
reproduce. Each call therefore runs three times: with frozenset/set in the dsl
module replaced by subclasses that iterate in sorted order and in reversed
sorted order, and with the real builtins. A call whose three results differ
depends on iteration order; it is written with "order_dependent": true and
"canonical": the result under our canonical set order (see value.h), which
the C test reports separately. Calls slower than 50 ms in Python are dropped.
"""
import argparse
import json
import os
import random
import sys
import time

MAX_SECONDS = 0.05


# ---- canonical order (mirrors tv_cmp in src/grid/value.c) --------------------

def is_num(v):
    return isinstance(v, int)


def is_pair(v):
    return isinstance(v, tuple) and len(v) == 2 and is_num(v[0]) and is_num(v[1])


def is_cell(v):
    return (isinstance(v, tuple) and len(v) == 2 and is_num(v[0]) and -128 <= v[0] <= 127
            and is_pair(v[1]))


def is_grid(v):
    if not isinstance(v, tuple) or not v or not isinstance(v[0], tuple):
        return False
    w = len(v[0])
    return all(isinstance(r, tuple) and len(r) == w and all(is_num(x) and -128 <= x <= 127 for x in r)
               for r in v)


def ckey(v):
    """Sort key giving our canonical set order: numbers, pairs, cells, then heap kinds."""
    if is_num(v):
        return (0, int(v))
    if is_pair(v):
        return (1, int(v[0]), int(v[1]))
    if is_cell(v):
        return (2, int(v[0]), int(v[1][0]), int(v[1][1]))
    if is_grid(v):
        return (8, len(v), len(v[0]), bytes((int(x) & 0xFF) for r in v for x in r))
    if isinstance(v, tuple):
        return (9, tuple(ckey(x) for x in v))
    if isinstance(v, frozenset):
        return (10, tuple(sorted(ckey(x) for x in frozenset.__iter__(v))))
    return (11, getattr(v, '__qualname__', repr(type(v))))


def ordered_classes(reverse):
    """frozenset/set subclasses that iterate in canonical (or reversed) order."""
    def arrange(items):
        return iter(sorted(items, key=ckey, reverse=reverse))

    class OrderedFrozenSet(frozenset):
        __slots__ = ()

        def __iter__(self):
            return arrange(frozenset.__iter__(self))

    class OrderedSet(set):
        def __iter__(self):
            return arrange(set.__iter__(self))

    # Set algebra on a subclass returns a plain frozenset, whose hash order
    # would then leak into callers (merge of intersections, ...).
    def keep_order(base, name):
        op = getattr(base, name)
        return lambda self, *others: type(self)(op(self, *others))

    for cls, base in ((OrderedFrozenSet, frozenset), (OrderedSet, set)):
        for name in ('__and__', '__or__', '__sub__', '__xor__', '__rand__', '__ror__', '__rsub__',
                     '__rxor__', 'union', 'intersection', 'difference', 'symmetric_difference',
                     'copy'):
            setattr(cls, name, keep_order(base, name))
    return OrderedFrozenSet, OrderedSet


# ---- encoding -------------------------------------------------------------------

class Unencodable(Exception):
    pass


def enc(v):
    if v is None:
        return {"none": None}
    if isinstance(v, (bool, int)):
        return v
    if isinstance(v, tuple):
        return [enc(x) for x in v]
    if isinstance(v, frozenset):
        items = [enc(x) for x in frozenset.__iter__(v)]
        items.sort(key=lambda e: json.dumps(e, sort_keys=True))
        return {"set": items}
    raise Unencodable(type(v).__name__)


class Runner:
    """Builds Python values from the JSON encoding under one set-order mode."""

    def __init__(self, dsl, mode):
        self.dsl = dsl
        self.mode = mode
        if mode == 'hash':
            self.fs, self.st = frozenset, set
        else:
            self.fs, self.st = ordered_classes(mode == 'reverse')

    def install(self):
        self.dsl.frozenset = self.fs
        self.dsl.set = self.st

    def dec(self, e):
        if isinstance(e, (bool, int)):
            return e
        if isinstance(e, list):
            return tuple(self.dec(x) for x in e)
        if 'set' in e:
            return self.fs(self.dec(x) for x in e['set'])
        if 'prim' in e:
            return getattr(self.dsl, e['prim'])
        if 'fn' in e:
            return getattr(self.dsl, e['fn'])(*[self.dec(a) for a in e['args']])
        if 'none' in e:
            return None
        raise ValueError(e)


def outcome(runner, prim, args, probes):
    """Result of prim(*args) as a comparable, encodable record."""
    runner.install()
    try:
        vals = [runner.dec(a) for a in args]
        start = time.perf_counter()
        res = getattr(runner.dsl, prim)(*vals)
        elapsed = time.perf_counter() - start
    except RecursionError:
        return {"raises": "RecursionError"}, 0.0
    except Exception as exc:  # Python raised: the C side must return an error
        return {"raises": type(exc).__name__}, 0.0
    if callable(res):
        rec = {"callable": res.__code__.co_argcount, "probes": []}
        for pargs in probes:
            try:
                pv = res(*[runner.dec(a) for a in pargs])
                rec["probes"].append({"args": pargs, "result": enc(pv)})
            except Unencodable:
                raise
            except Exception as exc:
                rec["probes"].append({"args": pargs, "raises": type(exc).__name__})
        return {"result": rec}, elapsed
    return {"result": enc(res)}, elapsed


def canon_json(x):
    return json.dumps(x, sort_keys=True)


def equal_outcomes(a, b):
    """Equality as the C side sees it: True == 1, sets compare by content."""
    return canon_json(normalise(a)) == canon_json(normalise(b))


def normalise(e):
    if isinstance(e, bool):
        return int(e)
    if isinstance(e, list):
        return [normalise(x) for x in e]
    if isinstance(e, dict):
        if 'set' in e:
            items = [normalise(x) for x in e['set']]
            uniq = {canon_json(x): x for x in items}
            return {"set": [uniq[k] for k in sorted(uniq)]}
        return {k: normalise(v) for k, v in e.items()}
    return e


# ---- argument pools -------------------------------------------------------------

class Pools:
    """Random values drawn from ARC grids; everything goes through self.rng."""

    def __init__(self, dsl, grids, rng):
        self.d = dsl
        self.grids = grids
        self.rng = rng
        self.g = None

    def new_base(self):
        """Picks the grid that this call's correlated arguments come from."""
        self.g = self.grid_value()

    def grid_value(self):
        r = self.rng
        g = r.choice(self.grids)
        h, w = len(g), len(g[0])
        roll = r.random()
        if roll < 0.12 and h * w <= 100:
            out = g
        else:
            ch, cw = r.randint(1, min(h, 7)), r.randint(1, min(w, 7))
            i, j = r.randint(0, h - ch), r.randint(0, w - cw)
            out = tuple(tuple(row[j:j + cw]) for row in g[i:i + ch])
        if r.random() < 0.08:
            rows = [list(row) for row in out]
            for _ in range(r.randint(1, 3)):
                rows[r.randrange(len(rows))][r.randrange(len(rows[0]))] = -1
            out = tuple(tuple(row) for row in rows)
        return out

    def base(self):
        if self.g is None:
            self.new_base()
        return self.g

    def colour(self):
        r = self.rng
        g = self.base()
        if r.random() < 0.7:
            return r.choice([v for row in g for v in row])
        return r.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1])

    def small_int(self):
        if self.rng.random() < 0.1:
            return self.rng.randint(-40, 40)
        return self.rng.choice([-3, -2, -1, 0, 0, 1, 1, 2, 2, 3, 4, 5, 6, 7, 9, 10, 15, 30])

    def boolean(self):
        return self.rng.random() < 0.5

    def loc(self):
        g = self.base()
        r = self.rng
        if r.random() < 0.8:
            return (r.randrange(-1, len(g) + 1), r.randrange(-1, len(g[0]) + 1))
        return (r.randint(-3, 12), r.randint(-3, 12))

    def direction(self):
        return self.rng.choice([(0, 1), (1, 0), (0, -1), (-1, 0), (1, 1), (-1, -1), (1, -1),
                                (-1, 1), (0, 0), (2, 3), (-2, 1), (3, 0), (0, 4)])

    def pair(self):
        return self.loc() if self.rng.random() < 0.6 else self.direction()

    def objects_of(self, g):
        r = self.rng
        return self.d.objects(g, r.random() < 0.5, r.random() < 0.5, r.random() < 0.6)

    def obj(self):
        r = self.rng
        g = self.base()
        roll = r.random()
        if roll < 0.03:
            return frozenset()
        if roll < 0.6:
            objs = list(self.objects_of(g))
            if objs:
                o = r.choice(objs)
                return o if r.random() < 0.85 else self.d.shift(o, self.direction())
        cells = list(self.d.asobject(g))
        k = r.randint(1, min(len(cells), 8))
        return frozenset(r.sample(cells, k))

    def indices(self):
        r = self.rng
        g = self.base()
        roll = r.random()
        if roll < 0.03:
            return frozenset()
        if roll < 0.35:
            return self.d.ofcolor(g, self.colour())
        if roll < 0.6:
            o = self.obj()
            return self.d.toindices(o)
        if roll < 0.7:
            return self.d.connect(self.loc(), self.loc())
        idx = list(self.d.asindices(g))
        return frozenset(r.sample(idx, r.randint(1, min(len(idx), 6))))

    def patch(self):
        p = self.obj() if self.rng.random() < 0.55 else self.indices()
        if self.rng.random() < 0.06:
            return tuple(sorted(p, key=ckey))  # solvers never do this; Python accepts it
        return p

    def objs(self):
        r = self.rng
        g = self.base()
        roll = r.random()
        if roll < 0.03:
            return frozenset()
        if roll < 0.6:
            return self.objects_of(g)
        if roll < 0.8:
            return self.d.partition(g)
        if roll < 0.9:
            return self.d.fgpartition(g)
        return frozenset(self.indices() for _ in range(r.randint(1, 3)))

    def piece(self):
        return self.grid() if self.rng.random() < 0.4 else self.patch()

    def element(self):
        return self.grid() if self.rng.random() < 0.5 else self.obj()

    def grid(self):
        r = self.rng
        if r.random() < 0.03:
            return ()
        return self.base() if r.random() < 0.8 else self.grid_value()

    def int_tuple(self):
        r = self.rng
        return tuple(r.choice([0, 1, 2, 3, 5, 8, -1]) for _ in range(r.randint(0, 7)))

    def int_set(self):
        r = self.rng
        return frozenset(r.choice(range(-2, 12)) for _ in range(r.randint(0, 6)))

    def tuple_value(self):
        r = self.rng
        return r.choice([self.int_tuple, self.grid, lambda: tuple(self.pair() for _ in range(r.randint(1, 4))),
                         lambda: tuple(sorted(self.objs(), key=ckey)),
                         lambda: tuple(self.obj() for _ in range(r.randint(0, 3))),
                         lambda: (), lambda: tuple(self.boolean() for _ in range(3))])()

    def frozenset_value(self):
        r = self.rng
        return r.choice([self.int_set, self.indices, self.obj, self.objs,
                         lambda: frozenset(), lambda: frozenset(self.pair() for _ in range(3))])()

    def container(self):
        r = self.rng
        return self.tuple_value() if r.random() < 0.45 else self.frozenset_value()

    def container_of_containers(self):
        r = self.rng
        return r.choice([self.objs, self.grid, lambda: tuple(self.int_tuple() for _ in range(3)),
                         lambda: tuple(sorted(self.objs(), key=ckey)),
                         lambda: frozenset(self.int_set() for _ in range(3)),
                         lambda: frozenset(self.indices() for _ in range(2)), lambda: ()])()

    def any_value(self):
        r = self.rng
        return r.choice([self.small_int, self.boolean, self.pair, self.grid, self.obj, self.indices,
                         self.objs, self.int_tuple, self.int_set, self.colour,
                         lambda: self.rng.choice(list(self.obj() or [(0, (0, 0))]))])()


# ---- function values --------------------------------------------------------------

def P(name):
    return {"prim": name}


def F(name, *args):
    return {"fn": name, "args": list(args)}


def category(v):
    """Coarse kind of a value, used to pick functions that accept it."""
    if isinstance(v, (bool, int)):
        return 'int'
    if is_cell(v):
        return 'cell'
    if is_pair(v):
        return 'pair'
    if is_grid(v):
        return 'grid'
    if isinstance(v, tuple):
        return 'ituple' if v and all(is_num(x) for x in v) else 'tuple'
    if isinstance(v, frozenset):
        items = list(frozenset.__iter__(v))
        if not items:
            return 'set'
        if all(is_cell(x) for x in items):
            return 'obj'
        if all(is_pair(x) for x in items):
            return 'indices'
        if all(isinstance(x, frozenset) for x in items):
            return 'objs'
        if all(is_num(x) for x in items):
            return 'intset'
        return 'set'
    if callable(v):
        return 'fn'
    return 'any'


def element_category(container):
    if isinstance(container, frozenset):
        items = sorted(frozenset.__iter__(container), key=ckey)
    elif isinstance(container, tuple):
        items = list(container)
    else:
        return 'any'
    return category(items[0]) if items else 'any'


class Functions:
    """Function values (as JSON specs) that suit arguments of a category."""

    def __init__(self, pools):
        self.p = pools

    def unary(self, cat):
        p, e = self.p, enc
        common = [P('identity'), P('initset'), F('lbind', P('equality'), e(p.any_value()))]
        if cat == 'int':
            fns = [P(n) for n in ('increment', 'decrement', 'double', 'halve', 'invert', 'even',
                                  'positive', 'sign', 'toivec', 'tojvec', 'crement', 'flip')]
            fns += [F('rbind', P('add'), p.small_int()), F('lbind', P('subtract'), p.small_int()),
                    F('rbind', P('greater'), p.small_int()), F('lbind', P('greater'), p.small_int()),
                    F('matcher', P('even'), True), F('compose', P('even'), P('increment')),
                    F('power', P('double'), 2), F('fork', P('add'), P('identity'), P('double')),
                    F('rbind', P('astuple'), p.small_int()), F('rbind', P('equality'), p.small_int()),
                    F('lbind', P('multiply'), e(p.pair())), F('rbind', P('contained'), e(p.int_set())),
                    F('rbind', P('repeat'), 2)]
        elif cat == 'pair':
            fns = [P(n) for n in ('first', 'last', 'increment', 'decrement', 'double', 'halve', 'invert',
                                  'sign', 'dneighbors', 'ineighbors', 'neighbors', 'hfrontier', 'vfrontier')]
            fns += [F('rbind', P('add'), e(p.direction())), F('lbind', P('index'), e(p.grid())),
                    F('compose', P('even'), P('first')), F('matcher', P('last'), p.small_int()),
                    F('fork', P('add'), P('first'), P('last')), F('rbind', P('contained'), e(p.indices())),
                    F('lbind', P('connect'), e(p.loc())), F('rbind', P('shoot'), e(p.direction())),
                    F('rbind', P('multiply'), 2), F('compose', P('size'), P('dneighbors')),
                    F('lbind', P('equality'), e(p.pair()))]
        elif cat == 'cell':
            fns = [P('first'), P('last'), F('compose', P('even'), P('first')),
                   F('matcher', P('first'), p.colour()), F('compose', P('first'), P('last')),
                   F('compose', P('dneighbors'), P('last')), F('rbind', P('contained'), e(p.obj())),
                   F('fork', P('astuple'), P('last'), P('first'))]
        elif cat in ('obj', 'indices'):
            fns = [P(n) for n in ('size', 'width', 'height', 'shape', 'uppermost', 'lowermost', 'leftmost',
                                  'rightmost', 'ulcorner', 'urcorner', 'llcorner', 'lrcorner', 'center',
                                  'centerofmass', 'toindices', 'normalize', 'backdrop', 'delta', 'box',
                                  'inbox', 'outbox', 'corners', 'square', 'portrait', 'hline', 'vline')]
            fns += [F('compose', P('size'), P('delta')), F('fork', P('multiply'), P('height'), P('width')),
                    F('matcher', P('size'), p.rng.randint(1, 5)), F('rbind', P('bordering'), e(p.grid())),
                    F('lbind', P('adjacent'), e(p.patch())), F('rbind', P('manhattan'), e(p.patch())),
                    F('lbind', P('position'), e(p.patch())), F('rbind', P('shift'), e(p.direction())),
                    F('rbind', P('toobject'), e(p.grid())), F('rbind', P('subgrid'), e(p.grid())),
                    F('chain', P('size'), P('delta'), P('toindices')), F('compose', P('flip'), P('square')),
                    F('compose', F('rbind', P('greater'), 2), P('size')),
                    F('lbind', P('vmatching'), e(p.patch())), F('lbind', P('hmatching'), e(p.patch())),
                    F('lbind', P('recolor'), p.colour()), F('lbind', P('intersection'), e(p.patch())),
                    F('power', F('rbind', P('shift'), e(p.direction())), 3)]
            if cat == 'obj':
                fns += [P(n) for n in ('color', 'palette', 'numcolors', 'mostcolor', 'leastcolor',
                                       'hperiod', 'vperiod')]
                fns += [F('rbind', P('colorcount'), p.colour()), F('matcher', P('color'), p.colour())]
        elif cat == 'objs':
            fns = [P('size'), P('merge'), F('rbind', P('sizefilter'), p.rng.randint(1, 4)),
                   F('rbind', P('colorfilter'), p.colour()), F('lbind', P('apply'), P('size')),
                   F('lbind', P('mapply'), P('toindices'))]
        elif cat == 'grid':
            fns = [P(n) for n in ('height', 'width', 'shape', 'rot90', 'rot180', 'dmirror', 'palette',
                                  'mostcolor', 'leastcolor', 'numcolors', 'trim', 'compress', 'asobject',
                                  'asindices', 'tophalf', 'lefthalf', 'size')]
            fns += [F('compose', P('size'), P('palette')), F('rbind', P('colorcount'), p.colour()),
                    F('lbind', P('equality'), e(p.grid())), F('rbind', P('ofcolor'), p.colour()),
                    F('rbind', P('upscale'), 2), F('fork', P('hconcat'), P('identity'), P('vmirror'))]
        elif cat == 'ituple':
            fns = [P(n) for n in ('size', 'first', 'last', 'dedupe', 'maximum', 'minimum', 'mostcommon',
                                  'leastcommon', 'totuple')]
            fns += [F('lbind', P('contained'), p.colour()), F('matcher', P('first'), 0),
                    F('compose', P('size'), P('dedupe')), F('rbind', P('remove'), p.colour()),
                    F('lbind', P('combine'), e(p.int_tuple())), F('rbind', P('repeat'), 2)]
        elif cat == 'intset':
            fns = [P('size'), P('maximum'), P('minimum'), P('totuple'),
                   F('lbind', P('insert'), p.small_int()), F('rbind', P('remove'), p.small_int()),
                   F('rbind', P('contained'), e(p.int_set()))]
        else:
            fns = [P('size'), P('first'), P('last'), P('totuple')]
        if p.rng.random() < 0.1:
            return p.rng.choice(common)
        return p.rng.choice(fns)

    def endo(self, cat):
        """A function mapping a value of the category to one of the same category."""
        p = self.p
        table = {
            'int': [P('increment'), P('double'), P('decrement'), P('invert'), P('halve'),
                    F('rbind', P('add'), 3)],
            'pair': [P('increment'), P('invert'), P('double'), F('rbind', P('add'), enc(p.direction()))],
            'grid': [P('rot90'), P('dmirror'), P('vmirror'), P('trim'), P('tophalf'),
                     F('rbind', P('hupscale'), 2)],
            'obj': [P('normalize'), F('rbind', P('shift'), enc(p.direction())), P('hmirror')],
            'indices': [P('normalize'), P('box'), P('backdrop'), P('toindices'), P('outbox')],
        }
        return p.rng.choice(table.get(cat, [P('identity')]))

    # (function, categories of its parameters) for binary and wider primitives
    WIDE = [
        ('add', 'int', 'int'), ('subtract', 'int', 'int'), ('multiply', 'int', 'int'),
        ('divide', 'int', 'int'), ('greater', 'int', 'int'), ('astuple', 'int', 'int'),
        ('equality', 'int', 'int'), ('both', 'bool', 'bool'), ('either', 'bool', 'bool'),
        ('add', 'pair', 'pair'), ('subtract', 'pair', 'pair'), ('multiply', 'pair', 'int'),
        ('connect', 'pair', 'pair'), ('astuple', 'pair', 'pair'), ('shoot', 'pair', 'direction'),
        ('adjacent', 'patch', 'patch'), ('manhattan', 'patch', 'patch'), ('position', 'patch', 'patch'),
        ('hmatching', 'patch', 'patch'), ('vmatching', 'patch', 'patch'), ('combine', 'patch', 'patch'),
        ('intersection', 'patch', 'patch'), ('difference', 'patch', 'patch'), ('gravitate', 'patch', 'patch'),
        ('shift', 'patch', 'direction'), ('hconcat', 'grid', 'grid'), ('vconcat', 'grid', 'grid'),
        ('cover', 'grid', 'patch'), ('subgrid', 'patch', 'grid'), ('toobject', 'patch', 'grid'),
        ('bordering', 'patch', 'grid'), ('recolor', 'colour', 'patch'), ('canvas', 'colour', 'dims'),
        ('colorcount', 'grid', 'colour'), ('ofcolor', 'grid', 'colour'), ('sizefilter', 'objs', 'int'),
        ('colorfilter', 'objs', 'colour'), ('contained', 'int', 'intset'), ('index', 'grid', 'pair'),
        ('upscale', 'grid', 'factor'), ('hsplit', 'grid', 'factor'), ('paint', 'grid', 'obj'),
        ('fill', 'grid', 'colour', 'patch'), ('crop', 'grid', 'pair', 'dims'),
        ('replace', 'grid', 'colour', 'colour'), ('switch', 'grid', 'colour', 'colour'),
        ('cellwise', 'grid', 'grid', 'colour'), ('branch', 'bool', 'any', 'any'),
        ('interval', 'int', 'int', 'step'), ('objects', 'grid', 'bool', 'bool', 'bool'),
        ('move', 'grid', 'obj', 'direction'), ('underfill', 'grid', 'colour', 'patch'),
    ]

    def wide(self, arity=None, cats=None, strict=False):
        """(spec, parameter categories) of a primitive taking 2+ arguments.
        With cats, mostly one whose parameters fit them; always when strict."""
        rows = self.WIDE
        if arity:
            rows = [r for r in rows if len(r) - 1 == arity]
        if cats:
            fit = [r for r in rows if all(loose(c, want) for c, want in zip(cats, r[1:]))]
            if strict:
                rows = fit or [('equality', 'any', 'any')]
            elif fit and self.p.rng.random() < 0.9:
                rows = fit
        row = self.p.rng.choice(rows)
        return P(row[0]), list(row[1:])


def loose(have, want):
    groups = {'patch': ('obj', 'indices', 'patch'), 'colour': ('int',), 'factor': ('int',),
              'step': ('int',), 'bool': ('int',), 'direction': ('pair',), 'dims': ('pair',),
              'any': None}
    if want == have:
        return True
    allowed = groups.get(want, ())
    return allowed is None or have in allowed


# ---- calls ------------------------------------------------------------------------

def sample(p, cat):
    r = p.rng
    table = {
        'int': p.small_int, 'bool': p.boolean, 'colour': p.colour, 'pair': p.pair,
        'direction': p.direction, 'dims': lambda: (r.randint(1, 5), r.randint(1, 5)),
        'factor': lambda: r.choice([1, 2, 2, 3, 0]), 'step': lambda: r.choice([1, 1, 2, -1, 3, 0]),
        'grid': p.grid, 'obj': p.obj, 'indices': p.indices, 'patch': p.patch, 'objs': p.objs,
        'ituple': p.int_tuple, 'intset': p.int_set, 'tuple': p.tuple_value, 'set': p.frozenset_value,
        'any': p.any_value, 'cell': lambda: r.choice(sorted(p.d.asobject(p.base()), key=ckey)),
        'piece': p.piece, 'element': p.element, 'container': p.container,
    }
    return table.get(cat, p.any_value)()


ANNOTATION_CATEGORY = [
    ('Union[FrozenSet[Tuple[int, Tuple[int, int]]], FrozenSet[Tuple[int, int]]]', 'patch'),
    ('Union[Tuple[Tuple[int]], FrozenSet', 'piece'),
    ('Union[FrozenSet[Tuple[int, Tuple[int, int]]], Tuple[Tuple[int]]]', 'element'),
    ('FrozenSet[FrozenSet', 'objs'),
    ('FrozenSet[Tuple[int, Tuple[int, int]]]', 'obj'),
    ('FrozenSet[int]', 'intset'),
    ('Union[int, Tuple[int, int]]', 'numerical'),
    ('Tuple[Tuple[int]]', 'grid'),
    ('Tuple[int, int]', 'pair'),
    ('Container[Container]', 'cc'),
    ('Container', 'container'),
    ('FrozenSet', 'set'),
    ('Tuple', 'tuple'),
    ("<class 'bool'>", 'bool'),
    ("<class 'int'>", 'int'),
]

PARAM_CATEGORY = {
    'value': 'colour', 'replacee': 'colour', 'replacer': 'colour', 'fallback': 'colour',
    'factor': 'factor', 'dims': 'dims', 'dimensions': 'dims', 'directions': 'direction',
    'offset': 'direction', 'direction': 'direction', 'step': 'step',
}


def param_category(prim, name, annotation):
    text = str(annotation).replace('typing.', '')
    cat = 'any'
    for pattern, c in ANNOTATION_CATEGORY:
        if pattern in text:
            cat = c
            break
    if cat in ('int', 'pair') and name in PARAM_CATEGORY:
        cat = PARAM_CATEGORY[name]
    if prim == 'switch' and name in ('a', 'b'):
        cat = 'colour'
    if prim in ('hsplit', 'vsplit') and name == 'n':
        cat = 'factor'
    return cat


class CallMaker:
    def __init__(self, dsl, pools):
        self.d = dsl
        self.p = pools
        self.fns = Functions(pools)
        import inspect
        self.params = {}
        for name in dir(dsl):
            f = getattr(dsl, name)
            if inspect.isfunction(f) and f.__module__ == dsl.__name__:
                self.params[name] = [(pn, pv.annotation) for pn, pv in inspect.signature(f).parameters.items()]

    def value(self, cat):
        p = self.p
        if cat == 'numerical':
            return p.small_int() if p.rng.random() < 0.5 else p.pair()
        if cat == 'cc':
            return p.container_of_containers()
        return sample(p, cat)

    def make(self, prim):
        """(encoded args, probes for a function result) for one call."""
        p, r = self.p, self.p.rng
        p.new_base()
        special = getattr(self, 'make_' + prim, None)
        if special:
            return special()
        args = []
        for name, ann in self.params[prim]:
            cat = param_category(prim, name, ann)
            v = self.value(cat) if r.random() > 0.07 else p.any_value()
            args.append(v)
        self.correlate(prim, args)
        return [enc(a) for a in args], []

    def correlate(self, prim, args):
        """Ties arguments together the way solvers do (a value from the container, ...)."""
        r = self.p.rng
        pick = {'contained': (1, 0), 'remove': (1, 0), 'other': (0, 1), 'insert': (1, 0)}
        if prim in pick and r.random() < 0.6:
            box_at, value_at = pick[prim]
            box = args[box_at]
            if isinstance(box, (tuple, frozenset)) and len(box):
                items = sorted(box, key=ckey) if isinstance(box, frozenset) else list(box)
                args[value_at] = r.choice(items)
        if prim == 'equality' and r.random() < 0.3:
            args[1] = args[0]

    # -- higher-order primitives: container + a function suited to its elements --

    def container_and_fn(self):
        c = self.p.container() if self.p.rng.random() < 0.5 else self.p.container_of_containers()
        return c, self.fns.unary(element_category(c))

    def make_apply(self):
        c, f = self.container_and_fn()
        return [f, enc(c)], []

    def make_mapply(self):
        c = self.p.container_of_containers()
        return [self.fns.unary(element_category(c)), enc(c)], []

    def _container_first(self):
        c, f = self.container_and_fn()
        return [enc(c), f], []

    make_sfilter = make_mfilter = make_extract = make_argmax = make_argmin = _container_first
    make_valmax = make_valmin = make_order = _container_first

    def make_rapply(self):
        p, r = self.p, self.p.rng
        v = p.any_value()
        fns = [self.fns.unary(category(v)) for _ in range(r.randint(1, 3))]
        if r.random() < 0.5:
            return [fns, enc(v)], []
        uniq = {canon_json(f): f for f in fns}
        return [{"set": [uniq[k] for k in sorted(uniq)]}, enc(v)], []

    def _pairwise(self, as_sets=False):
        p, r = self.p, self.p.rng
        fn, cats = self.fns.wide(arity=2)
        n = r.randint(0, 4)
        a = tuple(sample(p, cats[0]) for _ in range(n))
        b = tuple(sample(p, cats[1]) for _ in range(n + r.choice([0, 0, 0, 1, -1])))
        if as_sets:
            a, b = frozenset(a), frozenset(b)
        return [fn, enc(a), enc(b)], []

    def make_papply(self):
        return self._pairwise()

    def make_mpapply(self):
        return self._pairwise()

    def make_prapply(self):
        return self._pairwise(as_sets=self.p.rng.random() < 0.7)

    # -- function builders: the result is a function, checked on probes --

    def probe_cat(self):
        return self.p.rng.choice(['int', 'pair', 'cell', 'obj', 'indices', 'grid', 'objs', 'ituple',
                                  'intset'])

    def probes(self, cats, n=3):
        return [[enc(sample(self.p, c)) for c in cats] for _ in range(n)]

    def apply_spec(self, spec, x):
        try:
            runner = Runner(self.d, 'hash')
            runner.install()
            return runner.dec(spec)(x)
        except Exception:
            return None

    def make_rbind(self, left=False):
        p = self.p
        fn, cats = self.fns.wide()
        fixed_cat = cats[0] if left else cats[-1]
        rest = cats[1:] if left else cats[:-1]
        return [fn, enc(sample(p, fixed_cat))], self.probes(rest)

    def make_lbind(self):
        return self.make_rbind(left=True)

    def make_compose(self):
        cat = self.probe_cat()
        inner = self.fns.unary(cat)
        y = self.apply_spec(inner, sample(self.p, cat))
        outer = self.fns.unary(category(y))
        return [outer, inner], self.probes([cat])

    def make_chain(self):
        cat = self.probe_cat()
        f = self.fns.unary(cat)
        y = self.apply_spec(f, sample(self.p, cat))
        g = self.fns.unary(category(y))
        z = self.apply_spec(g, y)
        h = self.fns.unary(category(z))
        return [h, g, f], self.probes([cat])

    def make_fork(self):
        cat = self.probe_cat()
        a, b = self.fns.unary(cat), self.fns.unary(cat)
        x = sample(self.p, cat)
        outer, _ = self.fns.wide(arity=2, cats=[category(self.apply_spec(a, x)),
                                                category(self.apply_spec(b, x))], strict=True)
        return [outer, a, b], self.probes([cat])

    def make_matcher(self):
        cat = self.probe_cat()
        f = self.fns.unary(cat)
        probes = self.probes([cat], 4)
        target = self.apply_spec(f, Runner(self.d, 'hash').dec(probes[0][0]))
        try:
            target = enc(target if target is not None else self.p.any_value())
        except Unencodable:
            target = enc(self.p.any_value())
        return [f, target], probes

    def make_power(self):
        cat = self.p.rng.choice(['int', 'pair', 'grid', 'obj', 'indices'])
        n = self.p.rng.choice([1, 2, 2, 3, 4, 0, -1])
        return [self.fns.endo(cat), n], self.probes([cat])


# ---- calls the reference solvers make ------------------------------------------

class SolverTrace:
    """Samples the primitive calls solvers.py makes (by content, per primitive)."""

    def __init__(self, dsl, per_prim, max_chars):
        self.d = dsl
        self.per_prim = per_prim
        self.max_chars = max_chars
        self.seen = {}
        self.kept = {}
        self.names = {}

    def encode_arg(self, v):
        if callable(v):
            name = self.names.get(id(v))
            if name is None:
                raise Unencodable('closure')  # closures cannot be rebuilt from JSON
            return P(name)
        return enc(v)

    def wrap(self, name, fn, task):
        """Keeps, per primitive, the calls whose encoded arguments hash lowest:
        a choice by content, so it does not depend on how often solvers call."""
        import hashlib
        import heapq

        def traced(*args):
            try:
                line = [self.encode_arg(a) for a in args]
            except Unencodable:
                return fn(*args)
            text = canon_json(line)
            if len(text) <= self.max_chars:
                key = hashlib.md5(text.encode()).hexdigest()
                heap = self.kept.setdefault(name, [])
                if key not in self.seen.setdefault(name, set()):
                    self.seen[name].add(key)
                    heapq.heappush(heap, (tuple(-b for b in bytes.fromhex(key)), line, task[0]))
                    if len(heap) > self.per_prim:
                        heapq.heappop(heap)
            return fn(*args)
        return traced

    def run(self, solvers_path, task_dir):
        import importlib.util
        spec = importlib.util.spec_from_file_location('traced_solvers', solvers_path)
        solvers = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(solvers)
        prims = [n for n in dir(self.d) if n in self.callable_names()]
        for n in prims:
            self.names[id(getattr(self.d, n))] = n
        task = ['']
        for n in prims:
            setattr(solvers, n, self.wrap(n, getattr(self.d, n), task))
        for fname in sorted(os.listdir(task_dir)):
            solve = getattr(solvers, 'solve_' + fname[:-5], None)
            if not solve:
                continue
            task[0] = fname[:-5]
            with open(os.path.join(task_dir, fname)) as fh:
                pairs = json.load(fh)['train']
            grid = tuple(tuple(row) for row in pairs[0]['input'])
            try:
                solve(grid)
            except Exception:
                pass  # the solver fails on this task; its earlier calls still count
        return self.kept

    def callable_names(self):
        import inspect
        return {n for n in dir(self.d)
                if inspect.isfunction(getattr(self.d, n)) and getattr(self.d, n).__module__ == self.d.__name__}


def load_grids(task_dir, rng, limit):
    names = sorted(f for f in os.listdir(task_dir) if f.endswith('.json'))
    grids = []
    for name in names:
        with open(os.path.join(task_dir, name)) as fh:
            task = json.load(fh)
        for part in ('train', 'test'):
            for ex in task.get(part, []):
                for key in ('input', 'output'):
                    if key in ex:
                        grids.append(tuple(tuple(row) for row in ex[key]))
    rng.shuffle(grids)
    return grids[:limit]


def run_case(dsl, prim, args, probes):
    """One output record, or None when the call is too slow or not encodable."""
    results = []
    elapsed = 0.0
    try:
        for mode in ('hash', 'canon', 'reverse'):
            out, t = outcome(Runner(dsl, mode), prim, args, probes)
            if mode == 'hash':
                elapsed = t
                if elapsed > MAX_SECONDS:
                    return None
            results.append(out)
    except (Unencodable, RecursionError):
        return None
    finally:
        Runner(dsl, 'hash').install()
    line = {"prim": prim, "args": args}
    if all(equal_outcomes(results[0], o) for o in results[1:]):
        line.update(results[0])
    else:
        line["order_dependent"] = True
        line["canonical"] = results[1]
    return line


def generate(dsl, grids, seed, per_prim, out):
    rng = random.Random(seed)
    pools = Pools(dsl, grids, rng)
    maker = CallMaker(dsl, pools)
    stats = {}
    for prim in sorted(maker.params):
        kept, seen, errors, order_dep = [], set(), 0, 0
        for _ in range(per_prim * 8):
            if len(kept) >= per_prim:
                break
            try:
                args, probes = maker.make(prim)
            except Exception:
                continue  # a pool could not draw a value for this grid
            key = canon_json(args)
            if key in seen or len(key) > 1500:
                continue
            seen.add(key)
            line = run_case(dsl, prim, args, probes)
            if line is None or len(canon_json(line)) > 4000:
                continue
            if 'raises' in line:
                if errors >= per_prim // 4:
                    continue
                errors += 1
            if line.get('order_dependent'):
                if order_dep >= per_prim // 4:
                    continue
                order_dep += 1
            kept.append(line)
        for line in kept:
            out.write(json.dumps(line, separators=(',', ':')) + '\n')
        stats[prim] = (len(kept), errors, order_dep)
    return stats


def write_solver_cases(dsl, opts, out):
    """Cases whose arguments are those of real solver calls (first train input of each task)."""
    kept = SolverTrace(dsl, opts.per_prim_solver, opts.max_solver_chars).run(
        opts.solvers, opts.tasks)
    total = 0
    for prim in sorted(kept):
        for _, args, task in sorted(kept[prim], reverse=True):
            line = run_case(dsl, prim, args, [])
            if line is None or 'callable' in canon_json(line.get('result', 0)):
                continue  # too slow, or a function value (the synthetic cases probe those)
            line['task'] = task
            out.write(json.dumps(line, separators=(',', ':')) + '\n')
            total += 1
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--dsl', required=True, help='folder holding dsl.py of arc-dsl')
    ap.add_argument('--tasks', required=True, help='folder of ARC task JSON files')
    ap.add_argument('--out', required=True, help='JSON-lines file to write')
    ap.add_argument('--seed', type=int, default=20240601)
    ap.add_argument('--per-prim', type=int, default=60)
    ap.add_argument('--grids', type=int, default=600, help='ARC grids to draw from')
    ap.add_argument('--solvers', help='solvers.py: also sample the calls its solvers make')
    ap.add_argument('--per-prim-solver', type=int, default=8)
    ap.add_argument('--max-solver-chars', type=int, default=2500,
                    help='skip solver calls whose arguments encode longer (keeps the file small)')
    opts = ap.parse_args()
    sys.path.insert(0, os.path.abspath(opts.dsl))
    sys.setrecursionlimit(3000)
    import dsl
    rng = random.Random(opts.seed)
    grids = load_grids(opts.tasks, rng, opts.grids)
    with open(opts.out, 'w') as out:
        stats = generate(dsl, grids, opts.seed, opts.per_prim, out)
        if opts.solvers:
            traced = write_solver_cases(dsl, opts, out)
            print(f'{traced} cases from solver calls', file=sys.stderr)
    total = sum(s[0] for s in stats.values())
    short = [f'{k}:{v[0]}' for k, v in stats.items() if v[0] < opts.per_prim // 2]
    print(f'{len(stats)} primitives, {total} cases, '
          f'{sum(s[1] for s in stats.values())} raising, '
          f'{sum(s[2] for s in stats.values())} order-dependent', file=sys.stderr)
    if short:
        print('few cases: ' + ' '.join(short), file=sys.stderr)


if __name__ == '__main__':
    main()
