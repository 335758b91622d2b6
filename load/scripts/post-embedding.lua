-- wrk script: every request is POST /embeddings/async with one short input (OpenAI request shape).
-- The per-request latency comes from the server's configuration (see bench-async.sh), not from the URL.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"input": "How can I reset my password?"}'
