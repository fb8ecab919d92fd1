/*
 * settings.h — the study module's settings changed at run time (学习设置),
 * kept in the platform's `setting` table under keys "study.<name>".  One
 * static table in settings.c names every known setting with its range and
 * default (a missing row takes the default); other study parts add their
 * setting by adding a row there.
 *
 *   reflection_min_chars  a reflection needs at least this many counting
 *                         characters to be submitted (0..5000, default
 *                         300; see reflection.h for what counts).
 *
 * Reads take any connection; study_settings_put runs inside a write job.
 */
#ifndef STUDY_SETTINGS_H
#define STUDY_SETTINGS_H

#include "base/lx.h"

#include <stdint.h>

struct store_conn;

struct study_setting_def {
  const char *name;  /* "reflection_min_chars" (key "study." name) */
  const char *label; /* 心得最少字数 */
  int64_t min, max, def;
};

/* The known settings (static table); *n gets their number. */
const struct study_setting_def *study_settings_defs(int *n);

/* The definition of name, or NULL when unknown. */
const struct study_setting_def *study_setting_def(const char *name);

/* The current value of setting name (its default when unset).
 * rc: LX_OK; LX_EINVAL (unknown name); LX_EDB. */
LX_MUST_CHECK int study_setting_get(struct store_conn *c, const char *name,
                                    int64_t *out, struct lx_err *err);

/* Checks v against name's range.  rc: LX_OK; LX_EINVAL ("settings.range"
 * or "settings.unknown", field name). */
LX_MUST_CHECK int study_setting_check(const char *name, int64_t v,
                                      struct lx_err *err);

/* Stores v for name after study_setting_check.  rc: LX_OK; LX_EINVAL;
 * LX_EDB. */
LX_MUST_CHECK int study_setting_put(struct store_conn *c, const char *name,
                                    int64_t v, struct lx_err *err);

#endif
