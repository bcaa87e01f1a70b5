#!/usr/bin/env python3
"""serve_limits.py - raw-socket checks of `tessera serve`'s limits (used by
tests/server/test_serve_limits.sh; not a test on its own). Each mode prints
FAIL lines and a last line "checks: P F".

  serve_limits.py trickle PORT REQUEST_TIMEOUT
      clients that trickle a byte a second (in the headers and in the body)
      are cut within REQUEST_TIMEOUT (+ slack) with a 408, while other clients
      are served throughout; a keep-alive connection whose requests are each
      quick is not cut however long it lives
  serve_limits.py chunked PORT MAX_BODY
      chunked bodies over MAX_BODY (a little over, a hundred times over,
      in small chunks and in one) are answered 413 too_large, read by a
      client that stops sending when its send fails; one under it is served
  serve_limits.py bad_loop PORT MAX_BODY N
      N times: a declared and a chunked body over MAX_BODY (413 each), a
      request line that is not HTTP and headers over MHD's limit (the
      requests MHD answers itself), each on a connection of its own: the
      error paths that close connections, for the memory test
  serve_limits.py per_ip PORT MAX_PER_IP
      MAX_PER_IP connections from 127.0.0.1 are accepted, one more is
      refused, and once they close requests are served again

Only 127.0.0.1 is ever contacted. Every socket has a timeout, so nothing
here can hang.
"""
import json
import socket
import sys
import threading
import time

HOST = "127.0.0.1"
passed = 0
failed = 0
lock = threading.Lock()


def check(cond, what):
    global passed, failed
    with lock:
        if cond:
            passed += 1
        else:
            failed += 1
            print("FAIL", what, flush=True)


def connect(port, timeout=10.0):
    s = socket.create_connection((HOST, port), timeout=timeout)
    s.settimeout(timeout)
    return s


def read_response(s):
    """(status, headers, body); status 0 when the connection closed first."""
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


def error_of(body):
    try:
        e = json.loads(body)["error"]
        return e["code"] if all(isinstance(e[k], str) for k in ("code", "message", "path")) else None
    except (ValueError, KeyError, TypeError):
        return None


def health(port, keep=None):
    """Status of GET /health (on the keep-alive socket keep, if given), and
    the seconds it took."""
    t0 = time.time()
    try:
        s = keep or connect(port, 5.0)
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n%s\r\n" % (b"" if keep else b"Connection: close\r\n"))
        st, _, _ = read_response(s)
        if not keep:
            s.close()
    except OSError:
        st = 0
    return st, time.time() - t0


def trickler(port, message, results, i, give_up):
    """Sends message[0] at once, then message[1] a byte a second; records
    (seconds until the server closed the connection or None, what it
    answered)."""
    s = connect(port, 1.0)
    t0 = time.time()
    got = b""
    closed = None
    s.sendall(message[0])
    for b in message[1]:
        try:
            s.sendall(bytes([b]))
        except OSError:
            closed = time.time() - t0
            break
        end = time.time() + 1.0
        try:
            while time.time() < end:
                s.settimeout(max(0.01, end - time.time()))
                chunk = s.recv(4096)
                if not chunk:
                    closed = time.time() - t0
                    break
                got += chunk
        except socket.timeout:
            pass
        except OSError:
            closed = time.time() - t0
        if closed is not None or time.time() - t0 > give_up:
            break
    s.close()
    results[i] = (closed, got)


def trickle(port, request_timeout):
    give_up = request_timeout + 6
    body = json.dumps({"blueprint": {"name": "x"}}).encode() * 40
    # in the request line and headers; in a body; in a chunked body
    messages = [(b"", b"GET /health HTTP/1.1\r\nHost: localhost\r\nUser-Agent: " + b"a" * 200 + b"\r\n\r\n")] * 12 + \
               [(b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body), body)] * 4 + \
               [(b"POST /check HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
                 b"".join(b"1\r\n%c\r\n" % c for c in body))] * 4
    results = [None] * len(messages)
    threads = [threading.Thread(target=trickler, args=(port, m, results, i, give_up)) for i, m in enumerate(messages)]
    for t in threads:
        t.start()
    # a keep-alive connection asking quickly every half second lives on
    keep = connect(port, 5.0)
    t0 = time.time()
    worst, statuses = 0.0, []
    while time.time() - t0 < request_timeout + 3:
        st, took = health(port)
        st2, took2 = health(port, keep)
        statuses += [st, st2]
        worst = max(worst, took, took2)
        time.sleep(0.5)
    keep.close()
    for t in threads:
        t.join(give_up + 10)
    check(all(st == 200 for st in statuses) and worst < 2.0,
          "other clients served while %d trickle: statuses %s, slowest %.2f s" %
          (len(messages), sorted(set(statuses)), worst))
    late = [i for i, r in enumerate(results) if r is None or r[0] is None or r[0] > request_timeout + 2.5]
    check(not late, "tricklers not cut within %d s (+2.5): %s" %
          (request_timeout, [(i, results[i] and results[i][0]) for i in late]))
    early = [i for i, r in enumerate(results) if r and r[0] is not None and r[0] < request_timeout - 0.5]
    check(not early, "tricklers cut before the deadline: %s" % [(i, results[i][0]) for i in early])
    answered = [r[1] for r in results if r]
    told = [a for a in answered if a.startswith(b"HTTP/1.1 408") and b'"request_timeout"' in a]
    check(len(told) == len(messages), "408 request_timeout answers: %d of %d (%r)" %
          (len(told), len(messages), [a[:40] for a in answered if a not in told][:3]))
    st, _ = health(port)
    check(st == 200, "alive after the tricklers")


def chunked_upload(port, total, chunk_size):
    """Status and body of a chunked POST /check of total bytes; the answer
    is read even when sending failed (the server may stop reading)."""
    s = connect(port, 10.0)
    s.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    # a JSON object with one long string member, so a body under the limit is valid
    data = b'{"blueprint": "' + b"x" * max(0, total - 17) + b'"}'
    try:
        for i in range(0, len(data), chunk_size):
            piece = data[i:i + chunk_size]
            s.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
        s.sendall(b"0\r\n\r\n")
    except OSError:
        pass
    try:
        st, _, body = read_response(s)
    except OSError:
        st, body = 0, b""
    s.close()
    return st, body


def chunked(port, max_body):
    for total, size, what in [(max_body + 1, 8192, "one byte over"), (max_body * 3, 1000, "3x in small chunks"),
                              (max_body * 100, 65536, "100x"), (max_body * 100, max_body * 100, "100x in one chunk")]:
        t0 = time.time()
        st, body = chunked_upload(port, total, size)
        check(st == 413 and error_of(body) == "too_large", "chunked body %s (%d bytes): %d %r" % (what, total, st, body[:80]))
        check(time.time() - t0 < 5.0, "chunked body %s answered in %.1f s" % (what, time.time() - t0))
    st, body = chunked_upload(port, max_body - 100, 4096)
    check(st == 400 and error_of(body) == "bad_request", "chunked body under the limit read whole: %d %r" % (st, body[:80]))
    st, _ = health(port)
    check(st == 200, "alive after the chunked bodies")


def bad_loop(port, max_body, n):
    bad = 0
    for _ in range(n):
        s = connect(port, 10.0)
        try:
            s.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % (max_body * 10))
            st, _, body = read_response(s)
        except OSError:
            st, body = 0, b""
        s.close()
        bad += not (st == 413 and error_of(body) == "too_large")
        st, body = chunked_upload(port, max_body * 2, 16384)
        bad += not (st == 413 and error_of(body) == "too_large")
        for junk in (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http\r\n\r\n", b"GET /health HTTP/1.1\r\nX-Big: " + b"a" * 40000 + b"\r\n\r\n"):
            s = connect(port, 10.0)
            try:
                s.sendall(junk)
                read_response(s)
            except OSError:
                pass
            s.close()
    check(bad == 0, "bad_loop: %d of %d over-limit bodies not answered 413 too_large" % (bad, 2 * n))
    st, _ = health(port)
    check(st == 200, "alive after the bad loop")


def per_ip(port, limit):
    held = [connect(port, 5.0) for _ in range(limit)]
    time.sleep(0.3)
    extra = connect(port, 3.0)
    try:
        extra.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        st, _, _ = read_response(extra)
    except OSError:
        st = 0
    extra.close()
    check(st == 0, "connection %d from one address refused: status %d" % (limit + 1, st))
    # the held ones are real connections: each is served
    statuses = [health(port, s)[0] for s in held]
    check(all(st == 200 for st in statuses), "the %d held connections served: %s" % (limit, statuses))
    for s in held:
        s.close()
    time.sleep(0.3)
    st, _ = health(port)
    check(st == 200, "served again once they closed: %d" % st)


if __name__ == "__main__":
    mode, port = sys.argv[1], int(sys.argv[2])
    if mode == "trickle":
        trickle(port, int(sys.argv[3]))
    elif mode == "chunked":
        chunked(port, int(sys.argv[3]))
    elif mode == "bad_loop":
        bad_loop(port, int(sys.argv[3]), int(sys.argv[4]))
    elif mode == "per_ip":
        per_ip(port, int(sys.argv[3]))
    print("checks: %d %d" % (passed, failed))
