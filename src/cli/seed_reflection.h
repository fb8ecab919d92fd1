/*
 * seed_reflection.h — demo reflections (心得体会) and 学史力行 for `luoshi
 * seed --scale demo`: the member dangyuan (孙伟, first branch) has one
 * reflection approved and featured by the secretary shuji, one returned
 * with a comment, one submitted and waiting for shuji; the submitted one
 * carries a 为民办实事 proposal waiting for 督查室 (duchashi).
 */
#ifndef SEED_REFLECTION_H
#define SEED_REFLECTION_H

#include "base/lx.h"

struct store_conn;

/* A write job (ctx unused): adds the demo reflections and the proposal
 * through src/domain/study/reflection.h and action.h.  Nothing happens
 * when dangyuan, shuji or duchashi is missing, or when reflections exist
 * already.  rc: LX_OK; LX_EINVAL; LX_EDB. */
LX_MUST_CHECK int seed_reflection_job(struct store_conn *c, void *ctx,
                                      struct lx_err *err);

#endif
