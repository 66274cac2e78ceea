/* chitieu — rendering records for people and programs.
 *
 * JSON Lines exactly as ../shared/spec/observations.md describes (through
 * the library's JSON writer, json.h), and an aligned table in Vietnamese
 * number format. */
#ifndef CHITIEU_RENDER_H
#define CHITIEU_RENDER_H

#include "chitieu/buf.h"
#include "chitieu/json.h"
#include "chitieu/record.h"

/* Append one JSON object and a newline. */
int ct_render_json(ct_buf *out, const ct_record *r, const char *doc);
/* The same; with CT_RENDER_EVIDENCE, the record's "evidence" too: the rule
 * that chose its indicator, where its period and area came from, and the
 * candidates weighed (extract --explain). */
#define CT_RENDER_EVIDENCE 1
int ct_render_json_flags(ct_buf *out, const ct_record *r, const char *doc, int flags);
/* The record contract's fields (flags as above) into the object open in
 * j, left open: a caller adds its own fields before or after, then closes
 * it. */
void ct_render_json_fields(ct_json *j, const ct_record *r, const char *doc, int flags);
/* Append the table header / one table row (Vietnamese formatting). */
int ct_render_table_header(ct_buf *out);
int ct_render_table_row(ct_buf *out, const ct_record *r, const char *doc);
/* One line under a table row: the record's confidence and evidence. */
int ct_render_table_explain(ct_buf *out, const ct_record *r);
/* s, then spaces up to width display columns (ct_text_width: not bytes,
 * which Vietnamese letters take two or three of, nor code points, which a
 * decomposed letter takes two of), then one space: for aligned tables. */
void ct_render_pad(ct_buf *out, const char *s, int width);
/* A figure in base units as Vietnamese prose: "804 tỷ đồng", "46,8%",
 * "7.916.979 chứng thư số". */
int ct_render_value_vi(ct_buf *out, ct_decimal v, const char *unit);
/* A catalogue unit in Vietnamese: "thuê bao", "cuộc", "đồng", "%"; an
 * unknown unit as given. Static. */
const char *ct_render_unit_vi(const char *unit);

#endif
