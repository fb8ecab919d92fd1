#!/bin/sh
# checklayers.sh — dependencies point down (STYLE.md 2.1): domain code must
# not include HTTP, JSON-library or database-driver headers, and the store
# and http layers must not include domain headers.
fail=0
bad=$(grep -rlE '#include <(microhttpd|jansson|sqlite3|libpq-fe)\.h>' src/domain 2>/dev/null)
if [ -n "$bad" ]; then echo "layer violation (domain includes a driver/http/json header): $bad"; fail=1; fi
bad=$(grep -rlE '#include "(domain|api)/' src/store src/http src/base 2>/dev/null)
if [ -n "$bad" ]; then echo "layer violation (lower layer includes domain/api): $bad"; fail=1; fi
bad=$(grep -rl '#include <sqlite3.h>' src --include=*.c --include=*.h | grep -v '^src/store/' )
if [ -n "$bad" ]; then echo "layer violation (sqlite3.h outside src/store): $bad"; fail=1; fi
exit $fail
