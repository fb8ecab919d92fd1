/*
 * seed_session.h — demo study sessions for `luoshi seed --scale demo`:
 * in the first branch (the demo secretary shuji's, with the member
 * dangyuan), one 支部党员大会 held last month with attendance and minutes,
 * one 党课 tomorrow with check-in open, one 专题学习 next week.
 */
#ifndef SEED_SESSION_H
#define SEED_SESSION_H

#include "base/lx.h"

struct store_conn;

/* A write job (ctx unused): adds the demo sessions through the session
 * domain functions.  Nothing happens when the account shuji or its person
 * is missing.  rc: LX_OK; LX_EIO; LX_EDB. */
LX_MUST_CHECK int seed_session_job(struct store_conn *c, void *ctx,
                                   struct lx_err *err);

#endif
