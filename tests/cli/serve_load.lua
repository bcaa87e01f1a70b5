-- serve_load.lua - wrk script for tests/cli/test_serve_load.sh and
-- bench/serve_edits: POST edits to blueprint 1, cycling through three
-- colours so that every edit succeeds and changes the blueprint (the store
-- keeps each content once, so 100,000 edits stay a small file).
local commands = {
  '{"command": "make the subscribe button red"}',
  '{"command": "make the subscribe button navy"}',
  '{"command": "make the subscribe button green"}',
}
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  return wrk.format(nil, "/blueprints/1/edit", nil, commands[n % 3 + 1])
end
