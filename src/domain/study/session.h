/*
 * session.h — study sessions (专题学习、组织生活会、三会一课、主题党日)
 * scheduled by a unit (usually a branch): topic, time, place, host,
 * materials; check-in by a per-session 6-digit code (members) or by the
 * secretary; attendance (present / absent / leave with a reason); minutes
 * (会议记录); photos; statistics per unit.
 *
 * Expected attendees are the persons whose unit_path starts with the
 * session's unit_path, at the time of asking.  Attendance rows are made
 * lazily; finishing a session (planned → held) stores every expected
 * person still without a row as absent (method "auto", no reason).
 *
 * Who may do what is the caller's decision (api_session.c); these
 * functions re-check the state that can change meanwhile (status, check-in
 * open, the time window) inside the write job.  Write functions run inside
 * a write job on the job's connection.
 */
#ifndef STUDY_SESSION_H
#define STUDY_SESSION_H

#include "base/lx.h"

#include <stdint.h>

struct arena;
struct store_conn;

#define STUDY_SESSION_TITLE_MAX 200     /* characters */
#define STUDY_SESSION_PLACE_MAX 100     /* characters */
#define STUDY_SESSION_HOST_MAX 50       /* characters */
#define STUDY_SESSION_REASON_MAX 200    /* characters */
#define STUDY_SESSION_MINUTES_MAX 20000 /* characters */
#define STUDY_SESSION_MATERIALS_MAX 20
#define STUDY_SESSION_CODE_FAILS_MAX 5             /* wrong codes before 429 */
#define STUDY_SESSION_WINDOW_MS (30 * 60 * 1000LL) /* check-in margin */
#define STUDY_SESSION_MAX_SPAN_MS (7 * 24 * 3600 * 1000LL)
#define STUDY_SESSION_ATTEND_MAX 20000 /* expected persons listed at most */
#define STUDY_SESSION_PHOTOS_MAX 50

struct study_session_who {
  int64_t account_id;
  const char *name;
};

struct study_session {
  int64_t id, unit_id;
  const char *unit_path, *unit_name;
  const char *kind, *title, *place, *host_name;
  int64_t starts_at, ends_at;
  const char *status; /* planned | held | cancelled */
  const char *checkin_code;
  int checkin_open;
  const char *minutes;
  int64_t minutes_updated_at, held_at;
  const char *cancel_reason;
  int64_t created_by;
  const char *creator_name;
  int64_t created_at, updated_at;
};

struct study_session_in {
  int64_t unit_id;
  const char *unit_path; /* the unit's path (caller looked it up) */
  const char *kind, *title, *place, *host_name;
  int64_t starts_at, ends_at;
  int n_materials;
  int64_t materials[STUDY_SESSION_MATERIALS_MAX];
};

struct study_session_material {
  int64_t id;
  const char *title, *status;
};

struct study_session_att {
  int64_t person_id, unit_id;
  const char *name, *unit_name;
  const char *status; /* present | absent | leave | "" (not recorded) */
  const char *reason, *method;
  int64_t checked_in_at;
};

struct study_session_counts {
  int64_t expected, present, absent, leave, unrecorded;
};

struct study_session_photo {
  int64_t id, session_id, size, uploaded_by, created_at;
  const char *sha256, *mime, *filename, *uploader_name;
};

/* List filters.  Scope: when member_path is set, only sessions of the
 * units on that path (its ancestors and itself); else path_lo/path_hi
 * (a subtree range, both NULL = all) or unit_path_eq (one unit). */
struct study_session_filter {
  const char *member_path;
  const char *path_lo, *path_hi, *unit_path_eq;
  int64_t unit_id; /* 0 = any; else that unit's subtree (unit_path given) */
  const char *unit_path;
  const char *kind, *status; /* NULL = any */
  int64_t from_ms, to_ms;    /* 0 = open */
  int has_cursor;
  int64_t cur_starts_at, cur_id; /* keyset: rows after (starts_at, id) desc */
  int limit;                     /* rows wanted (0 = no limit) */
};

/* Kind code → Chinese label ("lecture" → "党课"); NULL when unknown. */
const char *study_session_kind_label(const char *kind);
/* The kind codes in display order, NULL-terminated.  Static. */
const char *const *study_session_kinds(void);
/* Status / attendance status labels; "" when unknown.  Static. */
const char *study_session_status_label(const char *status);
const char *study_session_att_label(const char *status);

/* Checks in: kind, title (1..TITLE_MAX), place, host, times (ends after
 * starts, span ≤ 7 days), materials (distinct, published — checked in the
 * store when c is not NULL).  rc: LX_OK; LX_EINVAL naming the field;
 * LX_EDB. */
LX_MUST_CHECK int study_session_check(struct store_conn *c,
                                      const struct study_session_in *in,
                                      struct lx_err *err);

/* Creates a planned session with a fresh random 6-digit code.
 * rc: LX_OK; LX_EINVAL; LX_EIO (randomness); LX_EDB. */
LX_MUST_CHECK int study_session_create(struct store_conn *c,
                                       const struct study_session_in *in,
                                       const struct study_session_who *who,
                                       int64_t *out_id, struct lx_err *err);

/* Updates a planned session (409 "session.not_planned" otherwise).  The
 * unit does not change.  rc: LX_OK; LX_EINVAL; LX_ENOTFOUND; LX_ECONFLICT;
 * LX_EDB. */
LX_MUST_CHECK int study_session_update(struct store_conn *c, int64_t id,
                                       const struct study_session_in *in,
                                       struct lx_err *err);

/* One session.  rc: LX_OK; LX_ENOTFOUND; LX_EDB.  Strings arena-owned. */
LX_MUST_CHECK int study_session_get(struct store_conn *c, struct arena *a,
                                    int64_t id, struct study_session *out,
                                    struct lx_err *err);

/* Sessions matching f, newest start first.  *out_more says a further row
 * exists.  rc: LX_OK; LX_EDB.  Rows arena-owned. */
LX_MUST_CHECK int study_session_list(struct store_conn *c, struct arena *a,
                                     const struct study_session_filter *f,
                                     struct study_session **out, int *out_n,
                                     int *out_more, struct lx_err *err);

/* The materials of session id in order.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int study_session_materials(struct store_conn *c, struct arena *a,
                                          int64_t id,
                                          struct study_session_material **out,
                                          int *out_n, struct lx_err *err);

/* Cancels a planned session with a reason (1..REASON_MAX characters).
 * rc: LX_OK; LX_EINVAL; LX_ENOTFOUND; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int study_session_cancel(struct store_conn *c, int64_t id,
                                       const char *reason, struct lx_err *err);

/* Opens or closes the check-in of a planned session.
 * rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int study_session_set_checkin(struct store_conn *c, int64_t id,
                                            int open, struct lx_err *err);

enum study_checkin_result {
  STUDY_CHECKIN_OK = 0,
  STUDY_CHECKIN_BAD_CODE, /* wrong code: counted (kept even so) */
  STUDY_CHECKIN_LOCKED    /* too many wrong codes */
};

/* Checks person_id (of unit unit_id) in with code at now: the session must
 * be planned with check-in open (409 "session.checkin_closed") and now in
 * [starts_at − 30 min, ends_at + 30 min] (409 "session.checkin_window").
 * A wrong code is counted and reported in *out (rc LX_OK, so the count
 * survives); after STUDY_SESSION_CODE_FAILS_MAX wrong codes *out is LOCKED
 * whatever the code.  Already present: nothing changes.
 * rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int study_session_checkin(struct store_conn *c, int64_t id,
                                        int64_t person_id, int64_t unit_id,
                                        const char *code, int64_t now,
                                        enum study_checkin_result *out,
                                        struct lx_err *err);

/* A member asks for leave (请假) with a reason before the start of a
 * planned session (409 "session.started"; present already: 409
 * "session.already_present").  rc: LX_OK; LX_EINVAL; LX_ENOTFOUND;
 * LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int study_session_leave(struct store_conn *c, int64_t id,
                                      int64_t person_id, int64_t unit_id,
                                      const char *reason, int64_t now,
                                      struct lx_err *err);

/* The secretary records person_id's attendance (status present | absent
 * | leave, reason optional) on a planned or held session; the person must
 * be expected (in the unit's subtree; 404 otherwise).
 * rc: LX_OK; LX_EINVAL; LX_ENOTFOUND; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int study_session_mark(struct store_conn *c, int64_t id,
                                     int64_t person_id, const char *status,
                                     const char *reason,
                                     const struct study_session_who *who,
                                     struct lx_err *err);

/* Marks a planned session held: check-in closed, every expected person
 * without a row stored absent.  *out_absent gets how many were added.
 * rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int study_session_finish(struct store_conn *c, int64_t id,
                                       int64_t *out_absent, struct lx_err *err);

/* Replaces the minutes (0..MINUTES_MAX characters) of a planned or held
 * session.  rc: LX_OK; LX_EINVAL; LX_ENOTFOUND; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int study_session_set_minutes(struct store_conn *c, int64_t id,
                                            const char *minutes,
                                            struct lx_err *err);

/* Every expected person of session s with their attendance (recorded
 * rows of persons moved away included), in unit and name order, at most
 * STUDY_SESSION_ATTEND_MAX.  rc: LX_OK; LX_EDB.  Rows arena-owned. */
LX_MUST_CHECK int study_session_attendance(struct store_conn *c,
                                           struct arena *a,
                                           const struct study_session *s,
                                           struct study_session_att **out,
                                           int *out_n, struct lx_err *err);

/* One person's attendance row; status "" when none.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int study_session_att_of(struct store_conn *c, struct arena *a,
                                       int64_t id, int64_t person_id,
                                       struct study_session_att *out,
                                       struct lx_err *err);

/* Attendance counts of session s (expected = persons in the subtree now
 * plus recorded rows of persons moved away; unrecorded = no row yet).
 * rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int study_session_count(struct store_conn *c,
                                      const struct study_session *s,
                                      struct study_session_counts *out,
                                      struct lx_err *err);

/* For statistics: held sessions of the units under unit_path (subtree)
 * whose start falls on local days (UTC+8) from..to ('YYYY-MM-DD',
 * inclusive; NULL = open), the attendance rows of those sessions
 * (expected) and how many of them are present.
 * rc: LX_OK; LX_EINVAL (bad date); LX_EDB. */
LX_MUST_CHECK int
study_session_counts_for_unit(struct store_conn *c, const char *unit_path,
                              const char *from, const char *to,
                              int64_t *sessions_held, int64_t *attend_expected,
                              int64_t *attend_present, struct lx_err *err);

/* Held sessions per kind under unit_path in the same period: n[i] for
 * study_session_kinds()[i].  rc: LX_OK; LX_EINVAL; LX_EDB. */
LX_MUST_CHECK int study_session_held_by_kind(struct store_conn *c,
                                             const char *unit_path,
                                             const char *from, const char *to,
                                             int64_t *n, struct lx_err *err);

/* Photos: add (row only; the file is stored by the caller), get, list,
 * delete.  rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT (too many); LX_EDB. */
LX_MUST_CHECK int study_session_photo_add(struct store_conn *c,
                                          const struct study_session_photo *p,
                                          const struct study_session_who *who,
                                          int64_t *out_id, struct lx_err *err);
LX_MUST_CHECK int study_session_photo_get(struct store_conn *c, struct arena *a,
                                          int64_t session_id, int64_t photo_id,
                                          struct study_session_photo *out,
                                          struct lx_err *err);
LX_MUST_CHECK int study_session_photos(struct store_conn *c, struct arena *a,
                                       int64_t session_id,
                                       struct study_session_photo **out,
                                       int *out_n, struct lx_err *err);
LX_MUST_CHECK int study_session_photo_delete(struct store_conn *c,
                                             int64_t session_id,
                                             int64_t photo_id,
                                             struct lx_err *err);

/* The ms range [*lo, *hi) of local days from..to (either NULL = open:
 * 0 / INT64_MAX).  rc: LX_OK; LX_EINVAL naming "from" or "to". */
LX_MUST_CHECK int study_session_day_range(const char *from, const char *to,
                                          int64_t *lo, int64_t *hi,
                                          struct lx_err *err);

/* The unit of person person_id: *unit_id and its path (arena copy).
 * rc: LX_OK; LX_ENOTFOUND ("no_person"); LX_EDB. */
LX_MUST_CHECK int study_session_person(struct store_conn *c, struct arena *a,
                                       int64_t person_id, int64_t *unit_id,
                                       const char **unit_path,
                                       struct lx_err *err);

struct study_session_unit {
  int64_t id;
  const char *name, *path;
};

/* The branches (党支部) of the subtree of unit_path in org order, at most
 * max; none: the unit itself.  rc: LX_OK; LX_EDB.  Rows arena-owned. */
LX_MUST_CHECK int study_session_branches(struct store_conn *c, struct arena *a,
                                         const char *unit_path, int max,
                                         struct study_session_unit **out,
                                         int *out_n, struct lx_err *err);

#endif
