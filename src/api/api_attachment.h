/*
 * api_attachment.h — the attachment JSON shape, shared by
 * api_attachment.c and api_progress.c (reports list their attachments).
 */
#ifndef API_ATTACHMENT_H
#define API_ATTACHMENT_H

#include "base/jw.h"
#include "domain/ledger/attachment.h"

/* {"id","item_id","progress_id"|null,"purpose","purpose_label",
 *  "filename","mime","size","sha256","uploaded_by","uploader_name",
 *  "created_at","url"} */
void api_attachment_json(struct jw *j, const struct ledger_attachment *x);

/* Writes the array of the attachments in xs[0..n) linked to progress
 * report progress_id. */
void api_attachments_of_progress(struct jw *j,
                                 const struct ledger_attachment *xs, int n,
                                 int64_t progress_id);

#endif
