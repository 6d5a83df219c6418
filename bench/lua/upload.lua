-- args: BODY_FILE BOUNDARY [PATHS_FILE]: every request posts the same multipart body, to the
-- URL's path or, with PATHS_FILE, to each of its paths in turn.
local paths, index = {}, 0

function init(args)
  local file = assert(io.open(args[1], "rb"))
  wrk.method = "POST"
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. args[2]
  if args[3] then
    for line in io.lines(args[3]) do
      table.insert(paths, line)
    end
  end
end

function request()
  if #paths == 0 then
    return wrk.format()
  end
  index = index % #paths + 1
  return wrk.format(nil, paths[index])
end
