-- args: IDS_FILE PATH_PREFIX THREADS [wrap]. Each thread deletes its share of the ids once
-- and stops (a stateful server would answer 404 to a second delete); "wrap" cycles instead.
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

local ids, index, prefix, wrap = {}, 0, "", false

function init(args)
  local threads, k = tonumber(args[3]), 0
  for line in io.lines(args[1]) do
    if k % threads == tid then
      table.insert(ids, line)
    end
    k = k + 1
  end
  prefix, wrap = args[2], args[4] == "wrap"
end

function request()
  index = index + 1
  if index > #ids then
    if wrap then
      index = 1
    else
      wrk.thread:stop()
      index = #ids
    end
  end
  return wrk.format("DELETE", prefix .. ids[index])
end
