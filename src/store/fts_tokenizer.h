/*
 * fts_tokenizer.h — the FTS5 tokenizer "luoshi_cjk" for Chinese study
 * materials (SQLite driver only; store-internal header).
 *
 * Document text is split into runs: CJK ideographs, ASCII/full-width
 * letters and digits (lower-cased, full-width folded), and separators
 * (everything else, never indexed).  Modes (tokenize='luoshi_cjk MODE'):
 *
 *   both (default)  every CJK character has one position holding the
 *                   overlapping bigram that starts there (the last
 *                   character of a run: the character alone), and every
 *                   friso word of 2+ characters is indexed COLOCATED at
 *                   the position of its first character as "\x1f" + word.
 *                   Bigrams give full recall (any substring of 2+
 *                   characters is a phrase of bigrams); the marked words
 *                   let the query builder rank true word matches higher.
 *   bigrams         the same without the words.
 *   words           friso words (and single characters) only, in order —
 *                   kept for the recall measurement.
 *
 * In FTS5_TOKENIZE_QUERY mode a text starting with "\x1f" is one marked
 * word token (the query builder in fts_search.c writes these; user text
 * never reaches the tokenizer with control characters); otherwise a CJK
 * run yields its bigrams, plus the lone last character when the run is a
 * single character or more text follows, so phrase positions line up with
 * the document's.
 *
 * friso (the segmenter) is loaded once per process from cfg.friso_ini
 * (default /etc/friso/friso.ini) with a built-in lexicon of Party-history
 * terms added; if it cannot be loaded a warning is logged once and the
 * words are simply absent (bigrams only).
 */
#ifndef FTS_TOKENIZER_H
#define FTS_TOKENIZER_H

#include "base/lx.h"

#include <sqlite3.h>
#include <stddef.h>

/* Registers "luoshi_cjk" on db (through fts5_api).  Loads friso on the
 * first call of the process.  Returns a SQLite result code. */
int fts_tokenizer_register(sqlite3 *db);

/* 1 when the friso dictionary is loaded, 0 when running on bigrams only.
 * Loads friso if that has not happened yet. */
int fts_tokenizer_has_words(void);

/* Calls fn(ctx, word, len) for every friso word of 2 or more characters
 * in the CJK text s[0..n) (n < 4096), in order.  Nothing when friso is
 * not loaded. */
void fts_tokenizer_words(const char *s, size_t n,
                         void (*fn)(void *ctx, const char *w, size_t len),
                         void *ctx);

/* Decodes one UTF-8 character of s[0..n) into *cp; returns its length
 * (1 for an invalid byte, *cp = 0xFFFD). */
size_t fts_utf8_next(const char *s, size_t n, unsigned *cp);

/* Character classes used by the tokenizer and the query builder. */
int fts_is_cjk(unsigned cp);
/* ASCII or full-width letter/digit: returns its lower-case ASCII byte,
 * 0 when cp is none. */
int fts_alnum_fold(unsigned cp);

struct arena;

/* Query modes of fts_match_expr, matching the tokenizer modes. */
enum { FTS_Q_BOTH = 0, FTS_Q_BIGRAMS = 1, FTS_Q_WORDS = 2 };

/* Turns the user's text into a safe FTS5 MATCH expression (fts_search.c):
 * the text is cut at every character that is not a letter, digit or CJK
 * ideograph; each piece becomes a quoted phrase (so nothing the user types
 * is syntax), pieces are ANDed; a piece ending in a lone CJK character is
 * a prefix query; in FTS_Q_BOTH each piece's friso words are ORed in as
 * marked tokens so true word matches score higher without widening the
 * match.  Returns: arena-owned string, NULL when the text has nothing
 * searchable. */
char *fts_match_expr(const char *text, int mode, struct arena *a);

#endif
