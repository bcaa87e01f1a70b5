#!/usr/bin/env bash
# Every command block of README.md and docs/*.md runs as written.
#
# A command block is a fence opened with ```sh (other fences hold synopses,
# output or grammar). Each block runs as one `bash -e` script in a scratch
# folder that looks like the checkout (data, docs, tests, tools, bench and
# the build folders are links to it), with `tessera` on PATH, so files the
# commands write (tessera.db, submission.json) land in the scratch folder.
# `make` runs in the checkout with this suite's build folder; `make test`
# is this very suite and `make fuzz` CI's next step, so neither is run
# again from inside it. A block preceded
# by a line `<!-- docs-test: not run (REASON) -->` is listed with its reason
# instead of run; keep such blocks rare and the reason true.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
TESSERA=${TESSERA:-$ROOT/build/tessera}
BUILD=${BUILD:-build}
. tests/e2e_lib.sh
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/work" "$TMP/bin" "$TMP/blocks"
for d in data docs tests tools bench build build-sanitize; do
  [ -e "$ROOT/$d" ] && ln -s "$ROOT/$d" "$TMP/work/$d"
done
ln -s "$TESSERA" "$TMP/bin/tessera"
# The shim picks SANITIZE from the build folder the command names (a doc's
# `make build BUILD=build` must not turn build/ into a sanitizer build when
# this suite runs under SANITIZE=1), and runs make outside this suite's make.
cat >"$TMP/bin/make" <<EOF
#!/usr/bin/env bash
build="$BUILD"
for arg in "\$@"; do
  case "\$arg" in
    test|fuzz) echo "(make \$arg: run by CI itself; not run again here)"; exit 0 ;;
    BUILD=*) build=\${arg#BUILD=} ;;
  esac
done
sanitize=0
case "\$build" in *sanitize*) sanitize=1 ;; esac
# make run searches all 400 training tasks: run it in the plain suite only
# (under the sanitizers it would take minutes; tests/cli/test_arc_solve.sh
# covers the search there).
if [ "\$sanitize" = 1 ]; then
  for arg in "\$@"; do
    [ "\$arg" = run ] && { echo "(make run: the plain suite runs it; not under the sanitizers)"; exit 0; }
  done
fi
unset MAKEFLAGS MAKELEVEL MFLAGS
exec /usr/bin/make --no-print-directory -C "$ROOT" BUILD="\$build" SANITIZE="\$sanitize" JOBS=2 "\$@"
EOF
chmod +x "$TMP/bin/make"

# Writes each block to $TMP/blocks/N.sh with a first comment line naming
# file:line, or N.skip with the reason.
python3 - "$TMP/blocks" README.md docs/*.md <<'EOF'
import re, sys
out, files = sys.argv[1], sys.argv[2:]
n = 0
for path in files:
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if re.match(r"^```(sh|bash)\s*$", lines[i]):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            n += 1
            where = f"{path}:{i + 1}"
            prev = lines[i - 1] if i else ""
            m = re.match(r"^<!-- docs-test: not run \((.+)\) -->$", prev)
            if m:
                open(f"{out}/{n:03}.skip", "w").write(f"{where}: {m.group(1)}\n")
            else:
                open(f"{out}/{n:03}.sh", "w").write(f"# {where}\n" + "\n".join(lines[i + 1:j]) + "\n")
            i = j
        i += 1
EOF

blocks=0
for block in "$TMP"/blocks/*; do
  blocks=$((blocks + 1))
  case $block in
    *.skip) echo "not run: $(cat "$block")"; ok; continue ;;
  esac
  where=$(head -n 1 "$block" | sed 's/^# //')
  start=$(date +%s)
  if (cd "$TMP/work" && PATH="$TMP/bin:$PATH" bash -e "$block") >"$TMP/out" 2>&1; then
    [ -n "${DOCS_TIMES:-}" ] && echo "$where: $(( $(date +%s) - start )) s"
    ok
  else
    bad "command block $where does not run as written"
    tail -n 5 "$TMP/out" | sed 's/^/    /'
  fi
done
if [ "$blocks" -ge 5 ]; then ok; else bad "found only $blocks command blocks"; fi
e2e_summary
