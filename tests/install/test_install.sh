#!/usr/bin/env bash
# test_install.sh - the installed library is usable from the docs alone.
# Installs the build next to $TESSERA into a temporary prefix (and once
# under DESTDIR), checks the files, the soname and that libtessera.so
# exports exactly the documented API (nm -D), then compiles the C example
# of README.md - the block after "<!-- c-api-example -->", so the docs
# cannot rot - with `pkg-config --cflags --libs tessera`, once against the
# shared and once against the static library, and runs it on the bundled
# solvers and tasks: it must report what `tessera arc run` reports. Last,
# the installed Python module must load the installed library by itself.
set -u
cd "$(dirname "$0")/../.."
source tests/e2e_lib.sh
T=${TESSERA:-build/tessera}
BUILD=$(dirname "$T")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
P=$TMP/prefix
CC=${CC:-cc}
# A sanitizer build's library needs the sanitizer runtime in its users too.
SAN_FLAGS=
grep -q '^SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null && SAN_FLAGS="-fsanitize=address,undefined"

expect_exit 0 "cmake --install into a prefix" -- cmake --install "$BUILD" --prefix "$P"
LIBDIR=$(dirname "$(find "$P" -name tessera.pc | head -n 1)")/..
LIBDIR=$(cd "$LIBDIR" 2>/dev/null && pwd)
for f in bin/tessera include/tessera/value.h include/tessera/lang.h include/tessera/arc_runner.h \
         include/tessera/design.h; do
  if [ -f "$P/$f" ]; then ok; else bad "not installed: $f"; fi
done
for f in libtessera.so.0.1.0 libtessera.a pkgconfig/tessera.pc; do
  if [ -f "$LIBDIR/$f" ]; then ok; else bad "not installed: lib/$f"; fi
done
if [ "$(readlink "$LIBDIR/libtessera.so.0")" = libtessera.so.0.1.0 ] &&
   [ "$(readlink "$LIBDIR/libtessera.so")" = libtessera.so.0 ]; then ok
else bad "symlinks libtessera.so -> .so.0 -> .so.0.1.0 missing"; fi
soname=$(readelf -d "$LIBDIR/libtessera.so.0.1.0" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
if [ "$soname" = libtessera.so.0 ]; then ok; else bad "soname is '$soname'"; fi
if [ -x "$P/bin/tessera" ] && "$P/bin/tessera" version >/dev/null; then ok
else bad "installed tessera does not run"; fi
if [ ! -x "$BUILD/tessera-mpi" ] || [ -x "$P/bin/tessera-mpi" ]; then ok; else bad "tessera-mpi not installed"; fi

# DESTDIR stages the same tree under another root.
expect_exit 0 "install with DESTDIR" -- env DESTDIR="$TMP/stage" cmake --install "$BUILD" --prefix /opt/tessera
if [ -f "$TMP/stage/opt/tessera/include/tessera/value.h" ] && [ ! -e /opt/tessera/include/tessera/value.h ]
then ok; else bad "DESTDIR did not stage the install under $TMP/stage"; fi

# ---- exported symbols -----------------------------------------------------------
exported=$(nm -D --defined-only "$LIBDIR/libtessera.so.0.1.0" | awk '$2 != "A" {print $3}' | sed 's/@.*//' | sort -u)
named=$(cat include/tessera/*.h | $CC -fpreprocessed -dD -E -P - | grep -oE '[A-Za-z_][A-Za-z0-9_]*' | sort -u)
if [ "$(printf '%s\n' "$exported" | grep -c .)" -gt 100 ]; then ok; else bad "too few exported symbols"; fi
stray=$(printf '%s\n' "$exported" | grep -vE '^(ta|tc|tv|TV|tl|arc|tb|ts|design)_' || true)
if [ -z "$stray" ]; then ok; else bad "exported without a layer prefix: $(echo $stray | head -c 300)"; fi
undocumented=$(comm -23 <(printf '%s\n' "$exported") <(printf '%s\n' "$named"))
if [ -z "$undocumented" ]; then ok; else bad "exported but in no public header: $(echo $undocumented | head -c 300)"; fi
for f in tl_library_new tv_grid_new arc_run arc_taskset_load arc_eval arc_store_open arc_api_run_json design_edit TV_TRUE; do
  if printf '%s\n' "$exported" | grep -qx "$f"; then ok; else bad "$f is not exported"; fi
done
# Functions declared only in internal headers (which the static archives do
# define, with the layer prefix) stay hidden.
internal=$(cat src/*/*_internal.h | $CC -fpreprocessed -dD -E -P - |
  grep -oE '\b(tl|arc|tb|ts|design)_[a-z0-9_]+ *\(' | sed 's/ *($//' | sort -u)
defined=$(nm -g --defined-only "$BUILD"/libtessera_*.a 2>/dev/null | awk 'NF == 3 {print $3}' | sort -u)
internal=$(comm -12 <(printf '%s\n' "$internal") <(printf '%s\n' "$defined") | comm -23 - <(printf '%s\n' "$named"))
if [ "$(printf '%s\n' "$internal" | grep -c .)" -ge 10 ]; then ok; else bad "found too few internal functions to check"; fi
leaked=$(comm -12 <(printf '%s\n' "$internal") <(printf '%s\n' "$exported"))
if [ -z "$leaked" ]; then ok; else bad "internal functions exported: $(echo $leaked | head -c 300)"; fi

# ---- the README example, built with pkg-config ------------------------------------
awk '/<!-- c-api-example -->/ {on = 1; next} on && /^```c/ {code = 1; next}
     code && /^```/ {exit} code {print}' README.md >"$TMP/example.c"
if [ "$(grep -c . "$TMP/example.c")" -ge 10 ]; then ok; else bad "no C example found in README.md"; fi
export PKG_CONFIG_PATH="$LIBDIR/pkgconfig"
cflags=$(pkg-config --cflags tessera) && libs=$(pkg-config --libs tessera)
if [ $? -eq 0 ] && [ -n "$libs" ]; then ok; else bad "pkg-config does not know tessera"; fi
# shellcheck disable=SC2086
expect_exit 0 "README example compiles against libtessera.so" -- \
  $CC -std=c17 -Wall -Wextra -Werror $SAN_FLAGS "$TMP/example.c" $cflags $libs -o "$TMP/example"
if readelf -d "$TMP/example" 2>/dev/null | grep -q 'NEEDED.*libtessera.so.0'; then ok
else bad "the shared example does not use libtessera.so.0"; fi
reference=$("$T" arc run data/solvers/tessera.py --tasks data/arc-agi-1/training | tail -n 1 |
            grep -oE '^[0-9]+ of [0-9]+ tasks solved')
if [ -n "$reference" ]; then ok; else bad "tessera arc run gave no summary"; fi
got=$(LD_LIBRARY_PATH="$LIBDIR" "$TMP/example" data/solvers/tessera.py data/arc-agi-1/training)
if [ "$got" = "$reference" ]; then ok; else bad "shared example printed '$got', arc run '$reference'"; fi

static_libs=$(pkg-config --static --libs tessera | sed 's/-ltessera\b//')
# shellcheck disable=SC2086
expect_exit 0 "README example compiles against libtessera.a" -- \
  $CC -std=c17 -Wall -Wextra -Werror $SAN_FLAGS "$TMP/example.c" $cflags "$LIBDIR/libtessera.a" \
  $static_libs -o "$TMP/example_static"
if readelf -d "$TMP/example_static" 2>/dev/null | grep -q 'NEEDED.*libtessera'; then
  bad "the static example still needs libtessera.so"; else ok; fi
got=$("$TMP/example_static" data/solvers/tessera.py data/arc-agi-1/training)
if [ "$got" = "$reference" ]; then ok; else bad "static example printed '$got', arc run '$reference'"; fi

# Bad input reaches the example's user as the library's file:line:col message.
printf 'def solve_x(I):\n    O = nosuchprim(I)\n    return O\n' >"$TMP/bad.py"
expect_exit 2 "example on a bad solver file" -- env LD_LIBRARY_PATH="$LIBDIR" "$TMP/example" "$TMP/bad.py" data/arc-agi-1/training
expect_grep "bad.py:2:[0-9]+: .*nosuchprim" "$(e2e_err)" "example reports file:line:col"

# ---- the Python module, installed beside the library ----------------------------
PYDIR=$(dirname "$(find "$P" -name _install.py | head -n 1)")
if [ -f "$PYDIR/__init__.py" ] && [ -f "$PYDIR/_native.py" ]; then ok; else bad "Python package not installed"; fi
preload=
[ -n "$SAN_FLAGS" ] && preload=$($CC -print-file-name=libasan.so)
# Run from elsewhere, with nothing set: the module must find the installed library.
got=$(cd "$TMP" && env -u TESSERA_LIBRARY PYTHONPATH="$(dirname "$PYDIR")" ${preload:+LD_PRELOAD=$preload ASAN_OPTIONS=detect_leaks=0} \
      /usr/bin/python3 -c 'import tessera, tessera._native as n
print(n.lib()._name)
print(tessera.run("def f(I):\n    O = vmirror(I)\n    return O\n", ((1, 2),)))' 2>&1)
if printf '%s\n' "$got" | head -n 1 | grep -q "^$LIBDIR/libtessera.so.0$"; then ok
else bad "installed module did not load the installed library: $got"; fi
if printf '%s\n' "$got" | grep -qx '((2, 1),)'; then ok; else bad "installed module does not run: $got"; fi

e2e_summary
