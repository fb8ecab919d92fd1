/*
 * pinyin.h — toneless pinyin of Chinese names for search: 张伟 gives the
 * full form "zhangwei" and the initials "zw", so a user can find a person
 * or a unit by typing either.  Built on ICU's Han-Latin transliterator.
 *
 * ICU reads characters one at a time and picks each one's most common
 * reading, so polyphonic characters can come out wrong (银行 → yinxing).
 * ORG_PINYIN_PERSON uses ICU's name variant, which reads the first
 * character as a surname (单 → shan, 曾 → zeng).  Both forms are for
 * matching only, never for display.
 */
#ifndef ORG_PINYIN_H
#define ORG_PINYIN_H

#include "base/lx.h"

#include <stdbool.h>
#include <stddef.h>

enum org_pinyin_kind {
  ORG_PINYIN_GENERAL, /* unit names and other text */
  ORG_PINYIN_PERSON   /* a person's name: surname readings first */
};

/* Longest input accepted, in bytes. */
#define ORG_PINYIN_MAX_INPUT 512

/* Opens the two long-lived transliterators (about 0.1 s).  Optional: the
 * first org_pinyin_convert opens them otherwise.  Thread-safe.
 * rc: LX_OK; LX_EINTERNAL when ICU cannot open them (missing data). */
LX_MUST_CHECK int org_pinyin_init(void);

/* Closes the transliterators.  Call only when no conversion is running. */
void org_pinyin_shutdown(void);

/* Converts the UTF-8 name into lowercase ASCII: full is the pinyin of
 * every syllable without tones or spaces, initials has the first letter
 * of each syllable.  ASCII letters and digits in the input pass through
 * (lowercased) into both, whole; other characters are dropped.  Example:
 * "王2号" → "wang2hao" and "w2h"; "ABC公司" → "abcgongsi" and "abcgs".
 * Thread-safe (a mutex serialises the shared transliterator).
 * rc: LX_OK; LX_EINVAL for invalid UTF-8; LX_ETOOBIG when name is longer
 * than ORG_PINYIN_MAX_INPUT or a result does not fit full_len /
 * initials_len including the NUL; LX_EINTERNAL when ICU fails.  On error
 * both outputs are "". */
LX_MUST_CHECK int org_pinyin_convert(const char *name,
                                     enum org_pinyin_kind kind, char *full,
                                     size_t full_len, char *initials,
                                     size_t initials_len);

/* true if query occurs anywhere in full or in initials (so a prefix
 * matches too), ignoring ASCII case in query.  An empty query matches;
 * NULL full or initials count as "". */
bool org_pinyin_match(const char *full, const char *initials,
                      const char *query);

#endif
