/* chitieu — reports: the database as a Vietnamese report for one period,
 * in the register of the ministry's own ("Doanh thu lĩnh vực an toàn thông
 * tin mạng quý 1/2024 ước đạt 804 tỷ đồng, tăng 46,8% so với cùng kỳ năm
 * 2023 (548 tỷ đồng)."), per sector: sentences, then a table; then target
 * status, check findings of the period and the sources.
 *
 * The sentences are written so that `extract` reads them back into the
 * very records they state (each figure with its indicator's own name, its
 * period written out, the baseline in parentheses); opts->records receives
 * those records, so that a test can hold the report to it. */
#ifndef CHITIEU_REPORT_H
#define CHITIEU_REPORT_H

#include "chitieu/buf.h"
#include "chitieu/catalog.h"
#include "chitieu/extract.h"
#include "chitieu/store.h"

/* XLSX: the report's tables as a workbook (a sheet "Bảng số liệu" of every
 * figure stated: sector, indicator, period, value as a number and as
 * written, the comparisons, the source's mark; a sheet "Nguồn số liệu"),
 * appended to out; the prose, targets and findings are not in it. */
/* CSV: the same rows as one table (BOM, Vietnamese headers; the source by
 * its document's name and date). */
typedef enum {
    CT_REPORT_TXT,
    CT_REPORT_MD,
    CT_REPORT_HTML,
    CT_REPORT_XLSX,
    CT_REPORT_CSV
} ct_report_format;

typedef struct ct_report_opts {
    ct_period period;   /* unset: the latest period with figures */
    const char *sector; /* "infosec", or NULL for all */
    const char *area;   /* a province's or agency's figures ("Đà Nẵng"), no targets or
                           findings (those are national); NULL or "" the country's */
    ct_report_format format;
    int as_of;            /* month index for target status; 0: the period's last month */
    ct_record_fn records; /* receives each record the text states, or NULL */
    void *ud;
} ct_report_opts;

/* Append the report to out. Returns the number of figures stated (at
 * least one), or a CT_E* code with err filled: CT_EINVAL for a sector
 * that is not one, CT_ENOENT when the period has no figures. */
int ct_report(ct_store *st, const ct_catalog *cat, const ct_report_opts *opts, ct_buf *out,
              ct_error *err);

#endif
