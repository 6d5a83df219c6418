-- args: PATHS_FILE THREADS [wrap]. Each thread deletes its share of the image paths once and
-- stops (a stateful server would answer 404 to a second delete); "wrap" cycles instead.
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

local paths, index, wrap = {}, 0, false

function init(args)
  local threads, k = tonumber(args[2]), 0
  for line in io.lines(args[1]) do
    if k % threads == tid then
      table.insert(paths, line)
    end
    k = k + 1
  end
  wrap = args[3] == "wrap"
end

function request()
  index = index + 1
  if index > #paths then
    if wrap then
      index = 1
    else
      wrk.thread:stop()
      index = #paths
    end
  end
  return wrk.format("DELETE", paths[index])
end
