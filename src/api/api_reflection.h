/*
 * api_reflection.h — shared by api_reflection.c and api_action.c: who may
 * read or act on a reflection or a study session (the sources of 学史力行
 * links and proposals), decided from the caller's grants.
 */
#ifndef API_REFLECTION_H
#define API_REFLECTION_H

#include "api/api.h"
#include "domain/study/action.h"
#include "domain/study/reflection.h"

/* 1 if s may read reflection r: its author; a reviewer (study.review)
 * whose scope covers its unit when it is not a draft; anyone whose unit
 * is in, above or below its unit when it is featured. */
int api_reflection_readable(const struct subject *s,
                            const struct study_reflection *r);

/* 1 if s may read source src (a reflection as above; a session: study
 * rights covering its unit, or a member of its unit subtree). */
int api_source_readable(const struct subject *s,
                        const struct study_source *src);

/* 1 if s may act on source src (cite an item, propose one): a
 * reflection's author or a reviewer in scope; a session's creator or a
 * study.manage holder in scope. */
int api_source_actionable(const struct subject *s,
                          const struct study_source *src);

/* The 409 for an account without a person record ("no_person").
 * Returns LX_ECONFLICT. */
int api_no_person(struct req *r);

#endif
