-- wrk script for scripts/bench-cli.sh: GETs barge-in for the ids in $WRK_IDS,
-- cycling through them (each thread from its own offset), and prints a
-- machine-readable summary line.
local ids = {}
local index = 0
local threads = {}

function setup(thread)
   thread:set("thread_number", #threads)
   table.insert(threads, thread)
end

local function encode(id)
   return (id:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
   for line in io.lines(os.getenv("WRK_IDS")) do
      ids[#ids + 1] = "/v1/people/" .. encode(line) .. "/features/bargeIn"
   end
   index = (thread_number or 0) * math.floor(#ids / 2)
   wrk.headers["Authorization"] = "Bearer " .. (os.getenv("WRK_TOKEN") or "bench")
end

function request()
   index = index % #ids + 1
   return wrk.format("GET", ids[index])
end

function done(summary, latency, requests)
   io.write(string.format("WRK_RESULT requests=%d duration_us=%d errors=%d\n",
      summary.requests, summary.duration,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
