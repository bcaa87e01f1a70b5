-- serve_load_fresh.lua - wrk script for bench/serve_edits: edits of blueprint
-- 1 that make a blueprint not seen in the last thousand requests (the promo's
-- height walks through 1000 values), so every request parses its head: the
-- cost of an edit without the content cache's help.
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  return wrk.format(nil, "/blueprints/1/edit", nil,
                    '{"command": "make the promo ' .. (40 + n % 1000) .. 'px tall"}')
end
