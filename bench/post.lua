-- wrk script: JSON POST that inserts one row (the browser error report)
wrk.method = "POST"
wrk.body = '{"message":"基准测试 benchmark row","url":"/bench"}'
wrk.headers["Content-Type"] = "application/json"
