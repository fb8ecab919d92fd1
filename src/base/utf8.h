/*
 * utf8.h — byte-level checks on untrusted text: strict UTF-8 validation
 * and a JSON nesting-depth scan that runs before any parser sees the body.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>

/* 1 if s[0..n) is well-formed UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF, no NUL byte), else 0. */
int utf8_valid(const char *s, size_t n);

/* Number of code points in the valid UTF-8 string s. */
size_t utf8_len(const char *s);

/* 1 if the JSON text s[0..n) never nests arrays/objects deeper than
 * max_depth (brackets inside strings are ignored), else 0.  It does not
 * validate JSON otherwise; the parser does that. */
int utf8_json_depth_ok(const char *s, size_t n, int max_depth);

#endif
