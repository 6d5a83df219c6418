-- args: BODY_FILE BOUNDARY: every request posts the same multipart body.
function init(args)
  local file = assert(io.open(args[1], "rb"))
  wrk.method = "POST"
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. args[2]
end
