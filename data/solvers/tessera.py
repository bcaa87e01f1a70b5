# Tessera example solvers: our own arc-dsl programs for ARC-AGI-1 training tasks.
# Each solve_<taskid> maps a task input grid I to its output grid O using only
# primitives from Michael Hodel's arc-dsl. See data/solvers/README.md.
from dsl import *
from constants import *


def solve_67a3c6ac(I):
    O = vmirror(I)
    return O


def solve_68b16354(I):
    O = hmirror(I)
    return O


def solve_74dd1130(I):
    O = dmirror(I)
    return O


def solve_3c9b0459(I):
    O = rot180(I)
    return O


def solve_6150a2bd(I):
    O = rot180(I)
    return O


def solve_ed36ccf7(I):
    O = rot270(I)
    return O


def solve_9dfd6313(I):
    O = dmirror(I)
    return O


def solve_a416b8f3(I):
    O = hconcat(I, I)
    return O


def solve_c8f0f002(I):
    O = replace(I, SEVEN, FIVE)
    return O


def solve_b1948b0a(I):
    O = replace(I, SIX, TWO)
    return O


def solve_d511f180(I):
    O = switch(I, FIVE, EIGHT)
    return O


def solve_0d3d703e(I):
    x1 = switch(I, THREE, FOUR)
    x2 = switch(x1, ONE, FIVE)
    x3 = switch(x2, TWO, SIX)
    O = switch(x3, EIGHT, NINE)
    return O


def solve_25ff71a9(I):
    x1 = asobject(I)
    x2 = shift(x1, DOWN)
    x3 = mostcolor(I)
    x4 = canvas(x3, shape(I))
    O = paint(x4, x2)
    return O


def solve_c59eb873(I):
    O = upscale(I, TWO)
    return O


def solve_9172f3a0(I):
    O = upscale(I, THREE)
    return O


def solve_d10ecb37(I):
    O = crop(I, ORIGIN, TWO_BY_TWO)
    return O


def solve_7468f01a(I):
    x1 = objects(I, F, T, T)
    x2 = first(x1)
    x3 = subgrid(x2, I)
    O = vmirror(x3)
    return O


def solve_1cf80156(I):
    x1 = objects(I, T, T, T)
    x2 = first(x1)
    O = subgrid(x2, I)
    return O


def solve_28bf18c6(I):
    x1 = objects(I, T, T, T)
    x2 = first(x1)
    x3 = subgrid(x2, I)
    O = hconcat(x3, x3)
    return O


def solve_5582e5ca(I):
    x1 = mostcolor(I)
    x2 = shape(I)
    O = canvas(x1, x2)
    return O


def solve_6fa7a44f(I):
    x1 = hmirror(I)
    O = vconcat(I, x1)
    return O


def solve_4c4377d9(I):
    x1 = hmirror(I)
    O = vconcat(x1, I)
    return O


def solve_62c24649(I):
    x1 = vmirror(I)
    x2 = hconcat(I, x1)
    x3 = hmirror(x2)
    O = vconcat(x2, x3)
    return O


def solve_7fe24cdd(I):
    x1 = rot90(I)
    x2 = rot180(I)
    x3 = rot270(I)
    x4 = hconcat(I, x1)
    x5 = hconcat(x3, x2)
    O = vconcat(x4, x5)
    return O


def solve_c9e6f938(I):
    x1 = vmirror(I)
    O = hconcat(I, x1)
    return O


def solve_2dee498d(I):
    x1 = hsplit(I, THREE)
    O = first(x1)
    return O


def solve_7b7f7511(I):
    x1 = portrait(I)
    x2 = tophalf(I)
    x3 = lefthalf(I)
    O = branch(x1, x2, x3)
    return O


def solve_a740d043(I):
    x1 = objects(I, F, T, T)
    x2 = merge(x1)
    x3 = subgrid(x2, I)
    O = replace(x3, ONE, ZERO)
    return O


def solve_d631b094(I):
    x1 = palette(I)
    x2 = other(x1, ZERO)
    x3 = colorcount(I, x2)
    x4 = astuple(ONE, x3)
    O = canvas(x2, x4)
    return O


def solve_5bd6f4ac(I):
    x1 = astuple(ZERO, SIX)
    O = crop(I, x1, THREE_BY_THREE)
    return O


def solve_8efcae92(I):
    x1 = replace(I, TWO, ONE)
    x2 = objects(x1, T, F, F)
    x3 = colorfilter(x2, ONE)
    x4 = rbind(toobject, I)
    x5 = rbind(colorcount, TWO)
    x6 = compose(x5, x4)
    x7 = argmax(x3, x6)
    O = subgrid(x7, I)
    return O


def solve_be94b721(I):
    x1 = objects(I, T, T, T)
    x2 = argmax(x1, size)
    O = subgrid(x2, I)
    return O


def solve_0b148d64(I):
    x1 = partition(I)
    x2 = matcher(color, ZERO)
    x3 = compose(flip, x2)
    x4 = sfilter(x1, x3)
    x5 = argmin(x4, size)
    O = subgrid(x5, I)
    return O


def solve_23b5c85d(I):
    x1 = objects(I, T, F, T)
    x2 = argmin(x1, size)
    O = subgrid(x2, I)
    return O


def solve_1f85a75f(I):
    x1 = objects(I, T, T, T)
    x2 = argmax(x1, size)
    O = subgrid(x2, I)
    return O


def solve_445eab21(I):
    x1 = objects(I, T, F, T)
    x2 = compose(size, backdrop)
    x3 = argmax(x1, x2)
    x4 = color(x3)
    O = canvas(x4, TWO_BY_TWO)
    return O


def solve_44f52bb0(I):
    x1 = vmirror(I)
    x2 = equality(x1, I)
    x3 = branch(x2, ONE, SEVEN)
    O = canvas(x3, UNITY)
    return O


def solve_25d8a9c8(I):
    x1 = frontiers(I)
    x2 = sfilter(x1, hline)
    x3 = merge(x2)
    x4 = shape(I)
    x5 = canvas(ZERO, x4)
    O = fill(x5, FIVE, x3)
    return O


def solve_5614dbcf(I):
    x1 = replace(I, FIVE, ZERO)
    O = downscale(x1, THREE)
    return O


def solve_9ecd008a(I):
    x1 = vmirror(I)
    x2 = ofcolor(I, ZERO)
    O = subgrid(x2, x1)
    return O


def solve_a5313dff(I):
    x1 = objects(I, T, F, F)
    x2 = colorfilter(x1, ZERO)
    x3 = rbind(bordering, I)
    x4 = compose(flip, x3)
    x5 = mfilter(x2, x4)
    O = fill(I, ONE, x5)
    return O


def solve_00d62c1b(I):
    x1 = objects(I, T, F, F)
    x2 = colorfilter(x1, ZERO)
    x3 = rbind(bordering, I)
    x4 = compose(flip, x3)
    x5 = mfilter(x2, x4)
    O = fill(I, FOUR, x5)
    return O


def solve_3aa6fb7a(I):
    x1 = objects(I, T, F, T)
    x2 = mapply(delta, x1)
    O = fill(I, ONE, x2)
    return O


def solve_6f8cd79b(I):
    x1 = asindices(I)
    x2 = box(x1)
    O = fill(I, EIGHT, x2)
    return O


def solve_4258a5f9(I):
    x1 = ofcolor(I, FIVE)
    x2 = mapply(neighbors, x1)
    O = underfill(I, ONE, x2)
    return O


def solve_dc1df850(I):
    x1 = ofcolor(I, TWO)
    x2 = mapply(neighbors, x1)
    O = underfill(I, ONE, x2)
    return O


def solve_50cb2852(I):
    x1 = objects(I, T, F, T)
    x2 = compose(backdrop, inbox)
    x3 = mapply(x2, x1)
    O = fill(I, EIGHT, x3)
    return O


def solve_bb43febb(I):
    x1 = objects(I, T, F, F)
    x2 = colorfilter(x1, FIVE)
    x3 = compose(backdrop, inbox)
    x4 = mapply(x3, x2)
    O = fill(I, TWO, x4)
    return O


def solve_05f2a901(I):
    x1 = objects(I, T, F, T)
    x2 = colorfilter(x1, TWO)
    x3 = first(x2)
    x4 = colorfilter(x1, EIGHT)
    x5 = first(x4)
    x6 = gravitate(x3, x5)
    O = move(I, x3, x6)
    return O


def solve_1e0a9b12(I):
    x1 = dmirror(I)
    x2 = rbind(order, positive)
    x3 = apply(x2, x1)
    O = dmirror(x3)
    return O


def solve_3906de3d(I):
    x1 = replace(I, ZERO, NINE)
    x2 = dmirror(x1)
    x3 = rbind(order, identity)
    x4 = apply(x3, x2)
    x5 = dmirror(x4)
    O = replace(x5, NINE, ZERO)
    return O


def solve_a699fb00(I):
    x1 = ofcolor(I, ONE)
    x2 = shift(x1, RIGHT)
    x3 = shift(x1, LEFT)
    x4 = intersection(x2, x3)
    O = underfill(I, TWO, x4)
    return O


def solve_22eb0ac0(I):
    x1 = fgpartition(I)
    x2 = matcher(height, ONE)
    x3 = sfilter(x1, x2)
    x4 = fork(connect, ulcorner, lrcorner)
    x5 = fork(recolor, color, x4)
    x6 = mapply(x5, x3)
    O = paint(I, x6)
    return O


def solve_dbc1a6ce(I):
    x1 = ofcolor(I, ONE)
    x2 = prapply(connect, x1, x1)
    x3 = fork(either, vline, hline)
    x4 = mfilter(x2, x3)
    O = underfill(I, EIGHT, x4)
    return O


def solve_253bf280(I):
    x1 = ofcolor(I, EIGHT)
    x2 = prapply(connect, x1, x1)
    x3 = fork(either, vline, hline)
    x4 = mfilter(x2, x3)
    O = underfill(I, THREE, x4)
    return O


def solve_a79310a0(I):
    x1 = ofcolor(I, EIGHT)
    x2 = shift(x1, DOWN)
    x3 = shape(I)
    x4 = canvas(ZERO, x3)
    O = fill(x4, TWO, x2)
    return O


def solve_aabf363d(I):
    x1 = leastcolor(I)
    x2 = replace(I, x1, ZERO)
    x3 = palette(x2)
    x4 = other(x3, ZERO)
    O = replace(x2, x4, x1)
    return O


def solve_f76d97a5(I):
    x1 = palette(I)
    x2 = other(x1, FIVE)
    x3 = replace(I, x2, ZERO)
    O = replace(x3, FIVE, x2)
    return O


def solve_d037b0a7(I):
    x1 = objects(I, T, F, T)
    x2 = rbind(shoot, DOWN)
    x3 = compose(x2, center)
    x4 = fork(recolor, color, x3)
    x5 = mapply(x4, x1)
    O = paint(I, x5)
    return O


def solve_54d82841(I):
    x1 = objects(I, T, F, T)
    x2 = apply(center, x1)
    x3 = mapply(vfrontier, x2)
    x4 = asindices(I)
    x5 = llcorner(x4)
    x6 = hfrontier(x5)
    x7 = intersection(x3, x6)
    O = fill(I, FOUR, x7)
    return O


def solve_4347f46a(I):
    x1 = objects(I, T, F, T)
    x2 = fork(recolor, color, box)
    x3 = mapply(x2, x1)
    x4 = shape(I)
    x5 = canvas(ZERO, x4)
    O = paint(x5, x3)
    return O


def solve_6d75e8bb(I):
    x1 = objects(I, T, T, T)
    x2 = mapply(delta, x1)
    O = fill(I, TWO, x2)
    return O


def solve_60b61512(I):
    x1 = objects(I, T, T, T)
    x2 = mapply(backdrop, x1)
    O = underfill(I, SEVEN, x2)
    return O


def solve_f25fbde4(I):
    x1 = objects(I, T, T, T)
    x2 = first(x1)
    x3 = subgrid(x2, I)
    O = upscale(x3, TWO)
    return O


def solve_0520fde7(I):
    x1 = hsplit(I, TWO)
    x2 = first(x1)
    x3 = last(x1)
    x4 = cellwise(x2, x3, ZERO)
    O = replace(x4, ONE, TWO)
    return O


def solve_99b1bc43(I):
    x1 = vsplit(I, TWO)
    x2 = first(x1)
    x3 = last(x1)
    x4 = ofcolor(x2, ZERO)
    x5 = ofcolor(x3, ZERO)
    x6 = difference(x4, x5)
    x7 = difference(x5, x4)
    x8 = combine(x6, x7)
    x9 = shape(x2)
    x10 = canvas(ZERO, x9)
    O = fill(x10, THREE, x8)
    return O


def solve_fafffa47(I):
    x1 = vsplit(I, TWO)
    x2 = first(x1)
    x3 = last(x1)
    x4 = ofcolor(x2, ZERO)
    x5 = ofcolor(x3, ZERO)
    x6 = intersection(x4, x5)
    x7 = shape(x2)
    x8 = canvas(ZERO, x7)
    O = fill(x8, TWO, x6)
    return O


def solve_ce4f8723(I):
    x1 = vsplit(I, TWO)
    x2 = first(x1)
    x3 = last(x1)
    O = cellwise(x2, x3, THREE)
    return O


def solve_d4f3cd78(I):
    x1 = objects(I, T, F, T)
    x2 = first(x1)
    x3 = box(x2)
    x4 = toindices(x2)
    x5 = difference(x3, x4)
    x6 = position(x2, x5)
    x7 = first(x5)
    x8 = shoot(x7, x6)
    x9 = delta(x2)
    x10 = combine(x8, x9)
    O = underfill(I, EIGHT, x10)
    return O


def solve_a61f2674(I):
    x1 = objects(I, T, F, T)
    x2 = argmax(x1, size)
    x3 = argmin(x1, size)
    x4 = shape(I)
    x5 = canvas(ZERO, x4)
    x6 = fill(x5, ONE, x2)
    O = fill(x6, TWO, x3)
    return O


def solve_6455b5f5(I):
    x1 = objects(I, T, F, F)
    x2 = colorfilter(x1, ZERO)
    x3 = argmax(x2, size)
    x4 = valmin(x2, size)
    x5 = sizefilter(x2, x4)
    x6 = merge(x5)
    x7 = fill(I, ONE, x3)
    O = fill(x7, EIGHT, x6)
    return O


def solve_aedd82e4(I):
    x1 = objects(I, T, F, F)
    x2 = colorfilter(x1, TWO)
    x3 = sizefilter(x2, ONE)
    x4 = merge(x3)
    O = fill(I, ONE, x4)
    return O


def solve_67385a82(I):
    x1 = objects(I, T, F, F)
    x2 = colorfilter(x1, THREE)
    x3 = rbind(greater, ONE)
    x4 = compose(x3, size)
    x5 = mfilter(x2, x4)
    O = fill(I, EIGHT, x5)
    return O


def solve_d23f8c26(I):
    x1 = width(I)
    x2 = halve(x1)
    x3 = tojvec(x2)
    x4 = vfrontier(x3)
    x5 = toobject(x4, I)
    x6 = shape(I)
    x7 = canvas(ZERO, x6)
    O = paint(x7, x5)
    return O


def solve_f25ffba3(I):
    x1 = bottomhalf(I)
    x2 = hmirror(x1)
    O = vconcat(x2, x1)
    return O


def solve_496994bd(I):
    x1 = tophalf(I)
    x2 = hmirror(x1)
    O = vconcat(x1, x2)
    return O


def solve_746b3537(I):
    x1 = first(I)
    x2 = dedupe(x1)
    x3 = size(x2)
    x4 = equality(x3, ONE)
    x5 = dmirror(I)
    x6 = branch(x4, x5, I)
    x7 = objects(x6, T, F, F)
    x8 = order(x7, leftmost)
    x9 = apply(color, x8)
    x10 = repeat(x9, ONE)
    x11 = dmirror(x10)
    O = branch(x4, x11, x10)
    return O


def solve_90c28cc7(I):
    x1 = objects(I, F, F, T)
    x2 = merge(x1)
    x3 = subgrid(x2, I)
    x4 = chain(dmirror, dedupe, dmirror)
    x5 = dedupe(x3)
    O = x4(x5)
    return O


def solve_ce22a75a(I):
    x1 = ofcolor(I, FIVE)
    x2 = compose(backdrop, dneighbors)
    x3 = mapply(x2, x1)
    O = fill(I, ONE, x3)
    return O


def solve_b91ae062(I):
    x1 = numcolors(I)
    x2 = decrement(x1)
    O = upscale(I, x2)
    return O


def solve_d13f3404(I):
    x1 = fgpartition(I)
    x2 = merge(x1)
    x3 = interval(ZERO, SIX, ONE)
    x4 = fork(astuple, identity, identity)
    x5 = apply(x4, x3)
    x6 = lbind(shift, x2)
    x7 = mapply(x6, x5)
    x8 = astuple(SIX, SIX)
    x9 = canvas(ZERO, x8)
    O = paint(x9, x7)
    return O


def solve_5c0a986e(I):
    x1 = ofcolor(I, ONE)
    x2 = ulcorner(x1)
    x3 = shoot(x2, NEG_UNITY)
    x4 = ofcolor(I, TWO)
    x5 = lrcorner(x4)
    x6 = shoot(x5, UNITY)
    x7 = fill(I, ONE, x3)
    O = fill(x7, TWO, x6)
    return O


def solve_0ca9ddb6(I):
    x1 = ofcolor(I, TWO)
    x2 = mapply(ineighbors, x1)
    x3 = ofcolor(I, ONE)
    x4 = mapply(dneighbors, x3)
    x5 = underfill(I, FOUR, x2)
    O = underfill(x5, SEVEN, x4)
    return O


def solve_95990924(I):
    x1 = objects(I, T, F, T)
    x2 = apply(outbox, x1)
    x3 = apply(ulcorner, x2)
    x4 = apply(urcorner, x2)
    x5 = apply(llcorner, x2)
    x6 = apply(lrcorner, x2)
    x7 = fill(I, ONE, x3)
    x8 = fill(x7, TWO, x4)
    x9 = fill(x8, THREE, x5)
    O = fill(x9, FOUR, x6)
    return O


def solve_b27ca6d3(I):
    x1 = objects(I, T, F, T)
    x2 = sizefilter(x1, TWO)
    x3 = mapply(outbox, x2)
    O = fill(I, THREE, x3)
    return O


def solve_2013d3e2(I):
    x1 = objects(I, F, T, T)
    x2 = merge(x1)
    x3 = subgrid(x2, I)
    O = crop(x3, ORIGIN, THREE_BY_THREE)
    return O


def solve_6e02f1e3(I):
    x1 = numcolors(I)
    x2 = connect(ORIGIN, ZERO_BY_TWO)
    x3 = connect(ORIGIN, TWO_BY_TWO)
    x4 = connect(ZERO_BY_TWO, TWO_BY_ZERO)
    x5 = equality(x1, TWO)
    x6 = branch(x5, x3, x4)
    x7 = equality(x1, ONE)
    x8 = branch(x7, x2, x6)
    x9 = canvas(ZERO, THREE_BY_THREE)
    O = fill(x9, FIVE, x8)
    return O


def solve_ea786f4a(I):
    x1 = ofcolor(I, ZERO)
    x2 = first(x1)
    x3 = lbind(shoot, x2)
    x4 = ineighbors(ORIGIN)
    x5 = mapply(x3, x4)
    O = fill(I, ZERO, x5)
    return O


def solve_623ea044(I):
    x1 = objects(I, T, F, T)
    x2 = first(x1)
    x3 = center(x2)
    x4 = color(x2)
    x5 = lbind(shoot, x3)
    x6 = ineighbors(ORIGIN)
    x7 = mapply(x5, x6)
    O = fill(I, x4, x7)
    return O


def solve_ac0a08a4(I):
    x1 = asindices(I)
    x2 = ofcolor(I, ZERO)
    x3 = difference(x1, x2)
    x4 = size(x3)
    O = upscale(I, x4)
    return O


def solve_c1d99e64(I):
    x1 = frontiers(I)
    x2 = colorfilter(x1, ZERO)
    x3 = merge(x2)
    O = fill(I, TWO, x3)
    return O


def solve_7f4411dc(I):
    x1 = fgpartition(I)
    x2 = merge(x1)
    x3 = toindices(x2)
    x4 = rbind(intersection, x3)
    x5 = chain(size, x4, dneighbors)
    x6 = rbind(greater, ONE)
    x7 = compose(x6, x5)
    x8 = sfilter(x3, x7)
    x9 = toobject(x8, I)
    x10 = shape(I)
    x11 = canvas(ZERO, x10)
    O = paint(x11, x9)
    return O


def solve_42a50994(I):
    x1 = objects(I, T, T, T)
    x2 = sizefilter(x1, ONE)
    x3 = merge(x2)
    O = cover(I, x3)
    return O


def solve_4be741c5(I):
    x1 = partition(I)
    x2 = portrait(I)
    x3 = compose(first, centerofmass)
    x4 = compose(last, centerofmass)
    x5 = branch(x2, x3, x4)
    x6 = order(x1, x5)
    x7 = apply(color, x6)
    x8 = repeat(x7, ONE)
    x9 = dmirror(x8)
    O = branch(x2, x9, x8)
    return O


def solve_e98196ab(I):
    x1 = vsplit(I, TWO)
    x2 = first(x1)
    x3 = last(x1)
    x4 = asobject(x3)
    O = underpaint(x2, x4)
    return O


def solve_d0f5fe59(I):
    x1 = objects(I, T, T, T)
    x2 = size(x1)
    x3 = astuple(x2, x2)
    x4 = canvas(ZERO, x3)
    x5 = decrement(x3)
    x6 = connect(ORIGIN, x5)
    O = fill(x4, EIGHT, x6)
    return O


def solve_a87f7484(I):
    x1 = portrait(I)
    x2 = dmirror(I)
    x3 = branch(x1, I, x2)
    x4 = height(x3)
    x5 = divide(x4, THREE)
    x6 = vsplit(x3, x5)
    x7 = rbind(ofcolor, ZERO)
    x8 = compose(size, x7)
    x9 = apply(x8, x6)
    x10 = leastcommon(x9)
    x11 = matcher(x8, x10)
    x12 = extract(x6, x11)
    x13 = dmirror(x12)
    O = branch(x1, x12, x13)
    return O


def solve_5117e062(I):
    x1 = objects(I, F, T, T)
    x2 = rbind(colorcount, EIGHT)
    x3 = argmax(x1, x2)
    x4 = subgrid(x3, I)
    x5 = mostcolor(x3)
    O = replace(x4, EIGHT, x5)
    return O


def solve_9565186b(I):
    x1 = mostcolor(I)
    x2 = palette(I)
    x3 = remove(x1, x2)
    x4 = lbind(ofcolor, I)
    x5 = mapply(x4, x3)
    O = fill(I, FIVE, x5)
    return O


def solve_a65b410d(I):
    x1 = ofcolor(I, TWO)
    x2 = urcorner(x1)
    x3 = shoot(x2, UP_RIGHT)
    x4 = shoot(x2, DOWN_LEFT)
    x5 = asindices(I)
    x6 = intersection(x4, x5)
    x7 = compose(toivec, first)
    x8 = fork(connect, identity, x7)
    x9 = mapply(x8, x3)
    x10 = mapply(x8, x6)
    x11 = underfill(I, THREE, x9)
    O = underfill(x11, ONE, x10)
    return O


def solve_e9afcf9a(I):
    x1 = asindices(I)
    x2 = compose(even, last)
    x3 = compose(flip, x2)
    x4 = sfilter(x1, x3)
    x5 = hmirror(I)
    x6 = toobject(x4, x5)
    O = paint(I, x6)
    return O


def solve_8d5021e8(I):
    x1 = vmirror(I)
    x2 = hconcat(x1, I)
    x3 = hmirror(x2)
    x4 = vconcat(x3, x2)
    O = vconcat(x4, x3)
    return O


def solve_1c786137(I):
    x1 = objects(I, T, F, F)
    x2 = argmax(x1, size)
    x3 = subgrid(x2, I)
    O = trim(x3)
    return O


def solve_b9b7f026(I):
    x1 = objects(I, T, F, T)
    x2 = compose(size, backdrop)
    x3 = fork(greater, x2, size)
    x4 = extract(x1, x3)
    x5 = color(x4)
    O = canvas(x5, UNITY)
    return O
