-- serve_mixed.lua - wrk script for tests/server/test_serve_memory.sh: a mix
-- of good and bad requests on blueprint 1, cycling through the kinds below.
-- Every answer is checked against the status expected for its kind, and
-- every error answer must be the JSON error document; done() prints
-- "mixed: N answers, M wrong" with the first wrong ones, and "statuses:"
-- with every status seen. (One wrk thread serves several connections, so
-- an answer is not matched to its request: its status must be one of the
-- kinds' and an error's body the error document.)
local kinds = {
  {"POST", "/blueprints/1/edit", '{"command": "make the subscribe button red"}', 200},
  {"POST", "/blueprints/1/edit", '{"command": "make the subscribe button navy"}', 200},
  {"GET", "/blueprints/1", nil, 200},
  {"GET", "/blueprints/1/versions/1", nil, 200},
  {"POST", "/check", '{', 400},
  {"POST", "/check", '{"x": 1, "x": 2}', 400},
  {"POST", "/blueprints/1/edit", '{"command": ["x"]}', 400},
  {"POST", "/blueprints/1/edit", '{"command": "make it red", "version": 1}', 409},
  {"POST", "/blueprints", '{"blueprint": {"screen_id": 1}}', 422},
  {"GET", "/no/such/route", nil, 404},
  {"GET", "/blueprints/424242", nil, 404},
  {"GET", "/..%2f..%2fetc%2fpasswd", nil, 400},
  {"GET", "/%2e%2e/%2e%2e/etc/passwd", nil, 400},
  {"GET", "/caf%e9", nil, 400},
  {"PATCH", "/blueprints", nil, 405},
  {"GET", "/blueprints/1/render?scale=abc", nil, 400},
  {"POST", "/import", 'not a png', 400},
  {"GET", "/" .. string.rep("a", 9000), nil, 414},
}
local n = 0
-- globals: done() reads them from the thread with thread:get
answers, wrong, shown, notes = 0, 0, 0, ""
statuses = ""  -- "200 400 ..." every status once, in the order first seen

request = function()
  n = n + 1
  local k = kinds[n % #kinds + 1]
  local headers = {["Content-Type"] = "application/json"}
  if k[1] == "POST" and k[2] == "/import" then headers["Content-Type"] = "image/png" end
  return wrk.format(k[1], k[2], headers, k[3])
end

response = function(status, headers, body)
  answers = answers + 1
  if not statuses:find(" " .. status .. " ", 1, true) and not statuses:find("^" .. status .. " ") then
    statuses = statuses .. status .. " "
  end
  local ok = status == 200 or status == 409 or status == 400 or status == 404 or status == 405 or
             status == 414 or status == 422
  if status >= 400 then
    ok = ok and body:find('^{"error": {"code": "') ~= nil and body:find('"message": "') ~= nil and
         body:find('"path": "') ~= nil and body:find("root:") == nil
  end
  if not ok then
    wrong = wrong + 1
    if shown < 3 then
      shown = shown + 1
      notes = notes .. string.format(" [%d %s]", status, body:sub(1, 80):gsub("\n", " "))
    end
  end
end

local threads = {}
setup = function(thread) table.insert(threads, thread) end

done = function(summary, latency, requests)
  local a, w, s, st = 0, 0, "", ""
  for _, t in ipairs(threads) do
    a = a + t:get("answers")
    w = w + t:get("wrong")
    s = s .. t:get("notes")
    st = st .. t:get("statuses")
  end
  io.write(string.format("mixed: %d answers, %d wrong%s\n", a, w, s))
  io.write(string.format("statuses: %s\n", st))
end
