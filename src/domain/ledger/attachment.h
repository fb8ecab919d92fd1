/*
 * attachment.h — attachments (附件) of ledger items: item documents,
 * files attached to progress reports and closure evidence (销号佐证材料).
 * The bytes are typed by content (io/sniff.h) and kept in the
 * content-addressed file store (store/files.h); a row here points at a
 * file by its SHA-256.  The handler writes the file first (on the request
 * thread, not the writer thread) and the row afterwards in a write job: an
 * orphan file after a crash is harmless, a row without a file cannot
 * happen.
 *
 * Who may upload and read is the caller's decision (the item's scope);
 * these functions check what the rows must satisfy.  Write functions run
 * inside a write job on the job's connection.  Results come from the
 * arena passed in.
 */
#ifndef LEDGER_ATTACHMENT_H
#define LEDGER_ATTACHMENT_H

#include "base/lx.h"
#include "domain/ledger/item.h"

#include <stddef.h>
#include <stdint.h>

struct arena;
struct store_conn;
struct sniff_type;

#define LEDGER_ATTACH_NAME_MAX 200 /* characters of a stored file name */
#define LEDGER_ATTACH_LINK_MAX 20  /* attachments per progress report */

struct ledger_attachment {
  int64_t id, item_id, progress_id; /* progress_id 0 = not linked */
  const char *purpose;              /* item | progress | evidence */
  const char *sha256, *mime, *filename;
  int64_t size;
  int64_t uploaded_by;
  const char *uploader_name;
  int64_t created_at;
};

struct ledger_attachment_in {
  int64_t item_id;
  const char *purpose;
  const char *sha256; /* 64 lowercase hex digits */
  int64_t size;
  const char *mime;
  const char *filename; /* from ledger_attachment_name */
};

/* 1 for "item", "progress" or "evidence". */
int ledger_attachment_purpose_ok(const char *purpose);

/* Chinese label of a purpose ("佐证材料"); static, "" when unknown. */
const char *ledger_attachment_purpose_label(const char *purpose);

/* The stored name of an uploaded file from the client's name raw
 * (percent-encoded UTF-8, may be NULL): decoded; anything up to the last
 * '/' or '\' dropped; control characters, quotes and the characters
 * <>:"|?* removed; spaces trimmed; at most LEDGER_ATTACH_NAME_MAX
 * characters.  Its extension must name the sniffed type t (so a PDF is
 * never stored as "x.exe"); otherwise t's canonical extension is
 * appended.  An empty result becomes "附件.<ext>".
 * rc: LX_OK; LX_EINVAL ("attachment.bad_name", field "X-File-Name") for a
 * bad escape or invalid UTF-8.  Returns in *out an arena string. */
LX_MUST_CHECK int ledger_attachment_name(struct arena *a, const char *raw,
                                         const struct sniff_type *t,
                                         const char **out, struct lx_err *err);

/* Records an attachment of item in->item_id uploaded by who, and an
 * "attach" timeline event naming the file.
 * rc: LX_OK; LX_EINVAL ("attachment.purpose_invalid"); LX_EDB. */
LX_MUST_CHECK int ledger_attachment_add(struct store_conn *c,
                                        const struct ledger_attachment_in *in,
                                        const struct ledger_who *who,
                                        int64_t *out_id, struct lx_err *err);

/* One attachment (any item).  rc: LX_OK; LX_ENOTFOUND; LX_EDB. */
LX_MUST_CHECK int ledger_attachment_get(struct store_conn *c, struct arena *a,
                                        int64_t id,
                                        struct ledger_attachment *out,
                                        struct lx_err *err);

/* Every attachment of item id, oldest first.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int ledger_attachment_list(struct store_conn *c, struct arena *a,
                                         int64_t item_id,
                                         struct ledger_attachment **out,
                                         int *out_n, struct lx_err *err);

/* The number of evidence attachments of item id (closure needs ≥ 1).
 * rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int ledger_attachment_count_evidence(struct store_conn *c,
                                                   int64_t item_id, int *out_n,
                                                   struct lx_err *err);

/* Links attachments ids[0..n) to progress report progress_id of item
 * item_id.  Each must be an attachment of that item, with purpose
 * "progress", uploaded by account_id and not linked yet; no id twice;
 * n ≤ LEDGER_ATTACH_LINK_MAX.  The first bad id stops the job (nothing is
 * linked: the write job's savepoint is rolled back).
 * rc: LX_OK; LX_EINVAL ("attachment.link_invalid", field
 * "attachment_ids[i]"; "attachment.too_many"); LX_EDB. */
LX_MUST_CHECK int ledger_attachment_link(struct store_conn *c, int64_t item_id,
                                         int64_t progress_id,
                                         const int64_t *ids, int n,
                                         int64_t account_id,
                                         struct lx_err *err);

#endif
