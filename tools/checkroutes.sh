#!/bin/sh
# checkroutes.sh — every row of src/api/routes.def must be documented in
# docs/api/openapi.yaml (path with {param} for :param, and the method under
# it).  Prints the missing ones and fails.
cd "$(dirname "$0")/.." || exit 2
spec=docs/api/openapi.yaml
[ -f "$spec" ] || { echo "missing $spec"; exit 1; }
missing=0
dups=$(grep -E '^  /' "$spec" | sort | uniq -d)
if [ -n "$dups" ]; then
  echo "paths listed twice in $spec: $dups"
  exit 1
fi
grep -E '^(ROUTE|UPLOAD)\(' src/api/routes.def | sed -E 's/^(ROUTE|UPLOAD)\( *([A-Z]+), *"([^"]+)".*/\2 \3/' |
while read -r method path; do
  oapath=$(echo "$path" | sed -E 's/:([a-z_]+)/{\1}/g')
  m=$(echo "$method" | tr 'A-Z' 'a-z')
  found=$(awk -v p="  $oapath:" -v m="    $m:" '
    $0 == p { inpath = 1; next }
    inpath && /^  [^ ]/ { inpath = 0 }
    inpath && $0 == m { print "yes"; exit }' "$spec")
  if [ "$found" != "yes" ]; then
    echo "routes.def row not in $spec: $method $oapath"
    echo x >> /tmp/.checkroutes.$$
  fi
done
if [ -f /tmp/.checkroutes.$$ ]; then rm -f /tmp/.checkroutes.$$; exit 1; fi
exit 0
