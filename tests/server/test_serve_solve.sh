#!/usr/bin/env bash
# test_serve_solve.sh - POST /arc/tasks/{id}/solve on the real `tessera
# serve` over sockets: the answer agrees with `tessera arc solve` on the
# same task and budget (the --json object and the submission's attempts),
# the errors have their statuses (404 unknown task, 400 bad bodies, 413 a
# body over --max-body, 503 while a search runs), and other requests are
# answered while a search runs, even by a server of one HTTP thread (the
# search runs on a thread of its own; the connection waits suspended).
set -u
cd "$(dirname "$0")/../.."
. tests/e2e_lib.sh
TESSERA=${TESSERA:-build/tessera}
case $TESSERA in /*) ;; *) TESSERA=$PWD/$TESSERA ;; esac
SOLVE=$PWD/tests/arc/data/solve
work=$(mktemp -d /tmp/tessera-solve.XXXXXX)
PID=
cleanup() {
  [ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$TESSERA" serve --port 0 --threads 1 --max-body 4096 --store "$work/s.db" --tasks "$SOLVE" >"$work/out" 2>"$work/err" &
PID=$!
PORT=
for _ in $(seq 1 200); do
  PORT=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/out")
  [ -n "$PORT" ] && break
  kill -0 "$PID" 2>/dev/null || break
  sleep 0.05
done
if [ -z "$PORT" ]; then
  bad "the server did not start"; cat "$work/err"
  e2e_summary
  exit 1
fi

# The reference: the command line on the same task and budget.
for id in 4c4377d9 0d3d703e; do
  "$TESSERA" arc solve --tasks "$SOLVE" --task $id --budget 300000 --jobs 1 --json --out "$work/$id.sub" >"$work/$id.json" 2>/dev/null
done

python3 - "$PORT" "$work" <<'EOF'
import http.client, json, sys, threading, time
port, work = int(sys.argv[1]), sys.argv[2]
passed = failed = 0

def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)

def request(method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    out = (r.status, r.getheader("Retry-After"), data)
    c.close()
    return out

def code(data):
    try:
        return json.loads(data)["error"]["code"]
    except Exception:
        return None

# Same answer as the command.
for tid in ("4c4377d9", "0d3d703e"):
    st, _, data = request("POST", "/arc/tasks/%s/solve" % tid, b'{"budget": 300000}')
    check(st == 200, "%s: status %d" % (tid, st))
    got = json.loads(data)
    ref = json.loads(open("%s/%s.json" % (work, tid)).read())
    sub = json.loads(open("%s/%s.sub" % (work, tid)).read())[tid]
    check(got["budget"] == 300000, "%s: budget echoed" % tid)
    attempts = got.pop("attempts")
    got.pop("budget")
    check(got == ref, "%s: the object of arc solve --json" % tid)
    check(attempts == [[p["attempt_1"], p["attempt_2"]] for p in sub], "%s: attempts of the submission" % tid)
check(json.loads(request("POST", "/arc/tasks/4c4377d9/solve", b'{"budget": 300000}')[2])["status"] == "solved",
      "4c4377d9 solved")
# No body: the default budget.
st, _, data = request("POST", "/arc/tasks/4c4377d9/solve")
check(st == 200 and json.loads(data)["budget"] == 2000000, "empty body: default budget (%d)" % st)

# Errors.
for path, body, want, want_code in [
        ("/arc/tasks/nope/solve", b"{}", 404, "not_found"),
        ("/arc/tasks/4c4377d9.png/solve", b"{}", 404, "not_found"),
        ("/arc/tasks/4c4377d9/solve", b'{"budget": 0}', 400, "bad_request"),
        ("/arc/tasks/4c4377d9/solve", b'{"budget": 20000001}', 400, "bad_request"),
        ("/arc/tasks/4c4377d9/solve", b'{"budget": "100"}', 400, "bad_request"),
        ("/arc/tasks/4c4377d9/solve", b'{"budget": 1.5}', 400, "bad_request"),
        ("/arc/tasks/4c4377d9/solve", b'{"program": "x"}', 400, "bad_request"),
        ("/arc/tasks/4c4377d9/solve", b'[1, 2]', 400, "bad_request"),
        ("/arc/tasks/4c4377d9/solve", b'{"budget": ', 400, "bad_json"),
        ("/arc/tasks/4c4377d9/solve", b'{"budget": 1, "pad": "%s"}' % (b"x" * 5000), 413, "too_large")]:
    st, _, data = request("POST", path, body)
    check(st == want and code(data) == want_code,
          "%s %r: %d %s, wanted %d %s" % (path, body[:30], st, code(data), want, want_code))
st, _, data = request("POST", "/arc/tasks/4c4377d9/solve", b'{"budget": 0}')
check(b"from 1 to 20000000" in data, "the budget message names the maximum")

# Concurrency: six searches at once at the maximum budget; one runs, the
# others are told to retry; a GET meanwhile is answered before the search.
results, done_at = [], {}
start = threading.Barrier(7)

def solve(k):
    start.wait()
    st, retry, data = request("POST", "/arc/tasks/0d3d703e/solve", b'{"budget": 20000000}')
    results.append((st, retry, code(data)))
    done_at.setdefault("first_200" if st == 200 else "x%d" % k, time.monotonic())

threads = [threading.Thread(target=solve, args=(k,)) for k in range(6)]
for t in threads:
    t.start()
start.wait()
time.sleep(0.05)
st, _, _ = request("GET", "/arc/tasks")
got_list = time.monotonic()
for t in threads:
    t.join()
ok = [r for r in results if r[0] == 200]
busy = [r for r in results if r[0] == 503]
check(len(ok) >= 1, "some search ran: %r" % results)
check(len(busy) >= 1 and all(r[1] == "1" and r[2] == "busy" for r in busy), "others got 503 busy: %r" % results)
check(len(ok) + len(busy) == 6, "only 200 and 503: %r" % results)
check(st == 200 and got_list < done_at.get("first_200", 0), "GET answered while the search ran")
st, _, _ = request("POST", "/arc/tasks/4c4377d9/solve", b'{"budget": 1000}')
check(st == 200, "the slot is given back (%d)" % st)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
EOF
rc=$?
if [ $rc -eq 0 ]; then ok; else bad "the solve endpoint over sockets"; fi
# The task's own test output (from the task file) is the first attempt.
want=$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["test"][0]["output"]))' "$SOLVE/4c4377d9.json")
got=$(python3 -c '
import http.client, json, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=60)
c.request("POST", "/arc/tasks/4c4377d9/solve", body=b"{\"budget\": 300000}")
print(json.dumps(json.loads(c.getresponse().read())["attempts"][0][0]))' "$PORT")
if [ -n "$want" ] && [ "$want" = "$got" ]; then ok; else bad "attempt_1 is not the known test output"; fi

kill -TERM "$PID"
wait "$PID"
if [ $? -eq 0 ]; then ok; else bad "the server did not stop cleanly"; fi
PID=
e2e_summary
