#!/bin/sh
# mkpwlist.sh — regenerates src/domain/auth/pwlist.inc, the compiled-in list
# of common passwords (SECURITY.md: top-10k blocklist), from the zxcvbn
# 4.4.2 npm package (MIT).  Needs npm and node; run from the repository root.
set -e
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack zxcvbn@4.4.2 --silent >/dev/null && tar xzf zxcvbn-4.4.2.tgz)
node -e '
const fs = require("fs");
const src = fs.readFileSync(process.argv[1], "utf8");
const top = src.match(/passwords: "([^"]*)"/)[1].split(",").slice(0, 10000);
const keep = [...new Set(top.filter((x) => x.length >= 8).map((x) => x.toLowerCase()))]
  .filter((x) => /^[\x21-\x7e]+$/.test(x)).sort();
let out = "/* pwlist.inc — generated: the passwords of 8 or more characters among the\n" +
  " * 10,000 most common in the zxcvbn 4.4.2 frequency list (MIT licence,\n" +
  " * Copyright (c) 2012-2016 Dan Wheeler and Dropbox, Inc.), lower-cased,\n" +
  " * de-duplicated and sorted (bytewise) for bsearch.  Do not edit by hand:\n" +
  " * tools/mkpwlist.sh regenerates it. */\n";
for (const k of keep)
  out += "\"" + k.replace(/\\/g, "\\\\").replace(/"/g, "\\\"").replace(/\?/g, "\\?") + "\",\n";
fs.writeFileSync(process.argv[2], out);
' "$tmp/package/lib/frequency_lists.js" src/domain/auth/pwlist.inc
echo "wrote src/domain/auth/pwlist.inc"
