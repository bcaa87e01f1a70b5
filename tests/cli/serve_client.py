#!/usr/bin/env python3
"""serve_client.py - raw-socket HTTP checks against a running `tessera serve`
(used by tests/cli/test_serve.sh; not a test on its own).

  serve_client.py abuse PORT MAX_BODY IDLE_TIMEOUT
      the API and every kind of bad request; prints FAIL lines and a last
      line "checks: P F"
  serve_client.py inflight PORT ID VERSION GO_FILE
      sends the headers and half the body of an edit, prints "ready", waits
      until GO_FILE exists, sends the rest and prints the status and the
      X-Blueprint-Version of the answer
  serve_client.py call PORT METHOD PATH [BODY]
      one request; prints the status, then the body

Only 127.0.0.1 is ever contacted. Every socket has a timeout, so nothing
here can hang.
"""
import io
import json
import os
import socket
import sys
import time
import zipfile

HOST = "127.0.0.1"
passed = 0
failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)


def connect(port, timeout=10.0):
    s = socket.create_connection((HOST, port), timeout=timeout)
    s.settimeout(timeout)
    return s


def read_response(s):
    """(status, headers dict lower-case, body bytes); status 0 if closed."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            return 0, {}, data
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    n = int(headers.get("content-length", "0"))
    while len(body) < n:
        chunk = s.recv(65536)
        if not chunk:
            break
        body += chunk
    return status, headers, body[:n]


def raw(port, data, timeout=10.0):
    s = connect(port, timeout)
    try:
        s.sendall(data)
        return read_response(s)
    except (ConnectionResetError, BrokenPipeError):
        return 0, {}, b""
    finally:
        s.close()


def request(port, method, path, body=None, headers=None):
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
    body = body or b""
    h = {"Host": "localhost", "Content-Length": str(len(body)), "Connection": "close"}
    h.update(headers or {})
    head = "%s %s HTTP/1.1\r\n" % (method, path) + "".join("%s: %s\r\n" % kv for kv in h.items())
    return raw(port, head.encode("latin-1") + b"\r\n" + body)


def error_of(body):
    try:
        e = json.loads(body)["error"]
        return e["code"] if all(isinstance(e[k], str) for k in ("code", "message", "path")) else None
    except (ValueError, KeyError, TypeError):
        return None


def blueprint(name):
    root = os.environ.get("TESSERA_SOURCE_DIR", ".")
    with open(os.path.join(root, "data/design/blueprints", name)) as f:
        return json.load(f)


def abuse(port, max_body, idle_timeout):
    st, _, body = request(port, "GET", "/health")
    check(st == 200 and json.loads(body)["status"] == "ok", "health")

    st, h, body = request(port, "POST", "/blueprints", {"blueprint": blueprint("storefront.json")})
    check(st == 201, "create: %d" % st)
    bid = json.loads(body)["id"]
    st, h, body = request(port, "POST", "/blueprints/%d/edit" % bid,
                          {"command": "make the button red and move it to the top", "version": 1})
    check(st == 200 and json.loads(body)["status"] == "success" and h.get("x-blueprint-version") == "2",
          "edit: %d %s" % (st, body[:100]))
    st, _, body = request(port, "POST", "/blueprints/%d/edit" % bid, {"command": "hide the footer", "version": 1})
    check(st == 409 and error_of(body) == "stale_version", "stale edit: %d" % st)
    st, h, body = request(port, "GET", "/blueprints/%d/generate?target=react&format=zip" % bid)
    try:
        z = zipfile.ZipFile(io.BytesIO(body))
        good = z.testzip() is None and "src/App.jsx" in z.namelist() and b"data-id" in z.read("src/App.jsx") + b"".join(
            z.read(n) for n in z.namelist() if n.endswith(".jsx"))
    except zipfile.BadZipFile:
        good = False
    check(st == 200 and good and "attachment" in h.get("content-disposition", ""), "React zip unpacks: %d" % st)
    st, h, body = request(port, "GET", "/blueprints/%d/render?scale=2" % bid)
    check(st == 200 and body[:8] == b"\x89PNG\r\n\x1a\n", "render PNG: %d" % st)
    st, _, got = request(port, "POST", "/import?scale=2", body, {"Content-Type": "image/png"})
    check(st == 200 and len(json.loads(got)["blueprint"]["components"]) >= 3, "import of a 2x render with ?scale=2: %d" % st)

    # bodies over the limit: declared (answered before the body is sent) and chunked
    s = connect(port)
    s.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % (max_body * 100))
    st, _, body = read_response(s)
    s.close()
    check(st == 413 and error_of(body) == "too_large", "declared huge body: %d" % st)
    st, _, _ = raw(port, b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n")
    check(st in (400, 413), "overflowing Content-Length refused: %d" % st)
    s = connect(port)
    try:
        s.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"x" * 8192
        for _ in range(max_body // 8192 + 4):
            s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        s.sendall(b"0\r\n\r\n")
        st, _, body = read_response(s)
    except (ConnectionResetError, BrokenPipeError):
        st = 0
    s.close()
    check(st == 413 and error_of(body) == "too_large", "chunked huge body: %d" % st)
    # a chunked body that never ends: the connection is closed, the server lives on
    s = connect(port)
    try:
        s.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        for _ in range(16 * (max_body // 8192 + 1) + 1000):
            s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        check(False, "endless chunked body was never cut off")
    except (ConnectionResetError, BrokenPipeError, socket.timeout):
        check(True, "")
    s.close()

    cases = [
        ("POST", "/check", b"{", 400, "bad_json"),
        ("POST", "/check", b"{\"blueprint\": 1}", 400, "bad_request"),
        ("POST", "/check", b"{\"a\": \"\xff\xfe\"}", 400, "bad_json"),
        ("POST", "/check", b"[" * 30000 + b"]" * 30000, 400, "bad_json"),
        ("POST", "/check", b"{\"x\": 1, \"x\": 2}", 400, "bad_json"),
        ("POST", "/blueprints/%d/edit" % bid, b"{\"command\": [\"x\"]}", 400, "bad_request"),
        ("GET", "/no/such/route", b"", 404, "not_found"),
        ("GET", "/blueprints/424242", b"", 404, "not_found"),
        ("PATCH", "/blueprints", b"", 405, "method_not_allowed"),
        ("BREW", "/health", b"", 405, "method_not_allowed"),
        ("GET", "/../../../etc/passwd", b"", 400, "bad_request"),
        ("GET", "/%2e%2e/%2e%2e/etc/passwd", b"", 400, "bad_request"),
        ("GET", "/..%2f..%2fetc%2fpasswd", b"", 400, "bad_request"),
        ("GET", "/static/%2e%2e%2f%2e%2e%2fetc/passwd", b"", 400, "bad_request"),
        ("GET", "/a%00b", b"", 400, "bad_request"),
        ("GET", "/caf%e9", b"", 400, "bad_request"),
        ("GET", "/arc/tasks/..%2f..%2fetc%2fpasswd", b"", 400, "bad_request"),
    ]
    for method, path, body, want, code in cases:
        st, _, got = request(port, method, path, body)
        check(st == want and error_of(got) == code and b"root:" not in got,
              "%s %s: %d %s, wanted %d %s" % (method, path[:40], st, got[:80], want, code))
    # raw bytes that are not UTF-8 in the request line
    st, _, got = raw(port, b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check(st == 400, "non-UTF-8 URL: %d" % st)
    # garbage and oversized headers: MHD answers (or closes); the server lives on
    raw(port, b"\x00\x01\x02\x03\r\n\r\n")
    raw(port, b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200000 + b"\r\n\r\n")
    st, _, _ = request(port, "GET", "/health")
    check(st == 200, "alive after garbage")

    # keep-alive: two requests pipelined on one connection
    s = connect(port)
    s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    check(data.count(b"HTTP/1.1 200 OK") == 2 and b'"api": 1' in data, "pipelined keep-alive: %r" % data[:200])

    # slow clients: they hold a connection, not the server; closed after the idle timeout
    slow = [connect(port) for _ in range(20)]
    for s in slow:
        s.sendall(b"GET /health HTTP/1.1\r\nHo")
    t0 = time.time()
    st, _, _ = request(port, "GET", "/health")
    check(st == 200 and time.time() - t0 < 2.0, "served while 20 clients trickle")
    time.sleep(idle_timeout + 1.5)
    closed = 0
    for s in slow:
        try:
            s.settimeout(2.0)
            if s.recv(1) == b"":
                closed += 1
        except ConnectionResetError:
            closed += 1
        except socket.timeout:
            pass
        s.close()
    check(closed == 20, "slow clients closed after the idle timeout: %d of 20" % closed)
    st, _, _ = request(port, "GET", "/health")
    check(st == 200, "alive after slow clients")
    print("checks: %d %d" % (passed, failed))


def inflight(port, bid, version, go_file):
    body = json.dumps({"command": "make the button green", "version": int(version)}).encode()
    s = connect(port, timeout=30)
    s.sendall(b"POST /blueprints/%s/edit HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % (bid.encode(), len(body)))
    s.sendall(body[:10])
    print("ready", flush=True)
    deadline = time.time() + 20
    while not os.path.exists(go_file) and time.time() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)  # let the server act on the signal first
    s.sendall(body[10:])
    st, h, got = read_response(s)
    print(st, h.get("x-blueprint-version"), flush=True)


def call(port, method, path, body=None):
    st, _, got = request(port, method, path, body.encode() if body else None)
    try:
        print(st)
        sys.stdout.write(got.decode("utf-8", "replace") + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the reader wanted only the status line
        sys.stdout = None


if __name__ == "__main__":
    mode, port = sys.argv[1], int(sys.argv[2])
    if mode == "abuse":
        abuse(port, int(sys.argv[3]), int(sys.argv[4]))
    elif mode == "inflight":
        inflight(port, sys.argv[3], sys.argv[4], sys.argv[5])
    elif mode == "call":
        call(port, sys.argv[3], sys.argv[4], sys.argv[5] if len(sys.argv) > 5 else None)
