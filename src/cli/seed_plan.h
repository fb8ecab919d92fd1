/*
 * seed_plan.h — demo study plans for `luoshi seed --scale demo`: in the
 * first branch (the demo secretary shuji's, with the member dangyuan) one
 * published plan due in ten days with three required materials, one
 * closed plan from last month, and so a few notifications for dangyuan
 * (the two publications, one read, and a due-soon reminder).
 */
#ifndef SEED_PLAN_H
#define SEED_PLAN_H

#include "base/lx.h"

struct store_conn;

/* A write job (ctx unused): adds the demo plans through the plan domain
 * functions (creating two published materials first when the library is
 * empty).  Nothing happens when the account shuji or its person is
 * missing.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int seed_plan_job(struct store_conn *c, void *ctx,
                                struct lx_err *err);

#endif
