-- file_report.lua - wrk script: file reports of concern, as a reporter would.
--
--   BENCH_BEARER=... BENCH_PNR_FILE=tests/data/testpersonnummer.txt \
--     wrk -t2 -c16 -d20s -s bench/file_report.lua http://127.0.0.1:PORT
--
-- Each filing is two requests: POST /api/v1/reports (a complete draft, 201) and
-- POST /api/v1/reports/{id}/submit (200): two durable commits, each access-logged.  Every
-- wrk thread keeps a queue of the drafts it has created; a connection that is free
-- submits the oldest waiting draft, or else creates a new one, so creates and submits
-- alternate and every draft but the last few is submitted.
--
-- The children are Skatteverket's test personnummer (BENCH_PNR_FILE), only those born
-- 2006-12 or later (samsyn takes children up to 20), spread so that most filings are
-- about a child the registry already has and some about a new one.  The mix of
-- categories includes violence, whose submission opens an investigation at once.
--
-- done() prints one line that bench/run.sh reads:
--   FILED <submitted> DRAFTS <created> FAILED <other answers> SECONDS <s> RATE <submitted/s>

local bearer = os.getenv("BENCH_BEARER") or error("BENCH_BEARER is not set")
local pnr_file = os.getenv("BENCH_PNR_FILE") or error("BENCH_PNR_FILE is not set")

local threads = {}

function setup(thread)
	thread:set("thread_no", #threads + 1)
	table.insert(threads, thread)
end

local categories = {
	"neglect", "neglect", "neglect", "own_behaviour", "own_behaviour", "absence", "absence",
	"other", "witnessed_violence", "violence",
}
local urgencies = { "normal", "normal", "normal", "normal", "high", "high", "acute" }
local given = { "Alva", "Elis", "Maja", "Noah", "Wilma", "Liam", "Saga", "Hugo", "Ella", "Vidar" }
local family = { "Provsson", "Exempelberg", "Testlund", "Påhittad", "Låtsasson" }

function init(args)
	pnrs = {}
	for line in io.lines(pnr_file) do
		local p = line:match("^(%d+)%s*$")
		if p and #p == 12 and p >= "200612" then
			pnrs[#pnrs + 1] = p
		end
	end
	assert(#pnrs > 0, "no test personnummer born 2006-12 or later in " .. pnr_file)
	queue, head, tail = {}, 1, 0
	created, submitted, failed, seq = 0, 0, 0, 0
	wrk.headers["Authorization"] = "Bearer " .. bearer
	wrk.headers["Content-Type"] = "application/json"
end

local function draft_body()
	seq = seq + 1
	local n = seq + thread_no * 100003 -- each thread its own sequence of children
	-- Three in four filings are about one of 600 children spread over the list (in the
	-- registry after their first report), the rest about any child (mostly new ones).
	local pnr = n % 4 == 0 and pnrs[(n * 7919) % #pnrs + 1]
		or pnrs[((n * 31) % 600) * math.floor(#pnrs / 600) + 1]
	return string.format(
		'{"child_pnr":"%s","child_name":"%s %s","child_school":"Norrskolan",' ..
		'"category":"%s","observed":"Kommer ofta utan mat och ytterkläder och verkar ' ..
		'trött och orolig under lektionerna (belastningstest %d).",' ..
		'"child_words":"Det finns ingen mat hemma.","guardians_know":"no",' ..
		'"urgency":"%s","reporter_phone":"0123-45 67 89"}',
		pnr, given[n % #given + 1], family[n % #family + 1], categories[n % #categories + 1],
		n, urgencies[n % #urgencies + 1])
end

function request()
	if head <= tail then
		local id = queue[head]
		queue[head] = nil
		head = head + 1
		return wrk.format("POST", "/api/v1/reports/" .. id .. "/submit", nil, "")
	end
	return wrk.format("POST", "/api/v1/reports", nil, draft_body())
end

function response(status, headers, body)
	if status == 201 then
		local id = body:match('"id":(%d+)')
		if id then
			created = created + 1
			tail = tail + 1
			queue[tail] = id
			return
		end
	elseif status == 200 and body:find('"status":"submitted"', 1, true) then
		submitted = submitted + 1
		return
	end
	failed = failed + 1
	if failed <= 3 then
		io.stderr:write(string.format("file_report.lua: HTTP %d: %s\n", status,
			body:sub(1, 300)))
	end
end

function done(summary, latency, requests)
	local c, s, f = 0, 0, 0
	for _, t in ipairs(threads) do
		c = c + t:get("created")
		s = s + t:get("submitted")
		f = f + t:get("failed")
	end
	local seconds = summary.duration / 1e6
	io.write(string.format("FILED %d DRAFTS %d FAILED %d SECONDS %.2f RATE %.1f\n", s, c, f,
		seconds, s / seconds))
end
