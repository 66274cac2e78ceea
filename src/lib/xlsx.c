/* xlsx.c — small workbooks of tables (see xlsx.h) over libxlsxwriter,
 * which writes only to a named file: the workbook goes to a temporary
 * file (mkstemp), is read back whole and removed. A workbook holds a few
 * sheets of a view's rows, not the database (export.c writes that to a
 * file of the caller's). */
#define _POSIX_C_SOURCE 200809L
#include "chitieu/xlsx.h"
#include "alloc_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

struct ct_xlsx {
    char path[512];
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_row_t row;
    lxw_format *hdr, *num[4];
    int bad;
};

ct_xlsx *ct_xlsx_new(void)
{
    ct_xlsx *x = ct__calloc(1, sizeof *x);
    if (!x) return NULL;
    const char *dir = getenv("TMPDIR");
    snprintf(x->path, sizeof x->path, "%s/chitieu-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(x->path);
    if (fd < 0) {
        ct__free(x);
        return NULL;
    }
    close(fd);
    if (!(x->wb = workbook_new(x->path))) {
        unlink(x->path);
        ct__free(x);
        return NULL;
    }
    x->hdr = workbook_add_format(x->wb);
    format_set_bold(x->hdr);
    format_set_bg_color(x->hdr, 0xDDE6F0);
    format_set_text_wrap(x->hdr);
    static const char *const nf[4] = {"#,##0", "#,##0.0", "#,##0.00", "#,##0.000"};
    for (int k = 0; k < 4; k++) {
        x->num[k] = workbook_add_format(x->wb);
        format_set_num_format(x->num[k], nf[k]);
    }
    return x;
}

int ct_xlsx_sheet(ct_xlsx *x, const char *name, const char *const *headers, int ncols,
                  const double *widths)
{
    /* at most 31 characters, and none of []:*?/\ (Excel's rules) */
    char nm[128];
    size_t o = 0;
    int chars = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && o + 4 < sizeof nm;) {
        size_t n = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
        if (chars == 31) break;
        if (n == 1 && strchr("[]:*?/\\", *p)) {
            nm[o++] = '-';
            p++;
        } else {
            for (size_t k = 0; k < n && p[k]; k++)
                nm[o++] = (char)p[k];
            p += n;
        }
        chars++;
    }
    nm[o] = '\0';
    if (!(x->ws = workbook_add_worksheet(x->wb, nm))) {
        x->bad = 1;
        return CT_EIO;
    }
    for (int c = 0; c < ncols; c++) {
        worksheet_write_string(x->ws, 0, (lxw_col_t)c, headers[c], x->hdr);
        worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, widths ? widths[c] : 16, NULL);
    }
    worksheet_freeze_panes(x->ws, 1, 0);
    if (ncols) worksheet_autofilter(x->ws, 0, 0, 0, (lxw_col_t)(ncols - 1));
    x->row = 1;
    return CT_OK;
}

void ct_xlsx_str(ct_xlsx *x, int col, const char *s)
{
    if (x->ws && s && *s && worksheet_write_string(x->ws, x->row, (lxw_col_t)col, s, NULL))
        x->bad = 1;
}

void ct_xlsx_num(ct_xlsx *x, int col, double v, int decimals)
{
    if (decimals < 0) decimals = 0;
    if (decimals > 3) decimals = 3;
    if (x->ws && worksheet_write_number(x->ws, x->row, (lxw_col_t)col, v, x->num[decimals]))
        x->bad = 1;
}

void ct_xlsx_row(ct_xlsx *x)
{
    x->row++;
}

int ct_xlsx_finish(ct_xlsx *x, ct_buf *out, ct_error *err)
{
    int rc = CT_OK;
    lxw_error e = workbook_close(x->wb);
    if (e != LXW_NO_ERROR || x->bad)
        rc = ct_error_set(err, CT_EIO, -1, 0, "xlsx: %s",
                          e != LXW_NO_ERROR ? lxw_strerror(e) : "cannot write a cell");
    FILE *fp = rc == CT_OK ? fopen(x->path, "rb") : NULL;
    if (rc == CT_OK && !fp) rc = ct_error_set(err, CT_EIO, -1, 0, "xlsx: cannot read it back");
    char chunk[65536];
    size_t n;
    while (fp && (n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        if (ct_buf_append(out, chunk, n) != 0) break;
    if (fp && ferror(fp) && rc == CT_OK) rc = ct_error_set(err, CT_EIO, -1, 0, "xlsx: read error");
    if (fp) fclose(fp);
    if (rc == CT_OK && out->oom) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    unlink(x->path);
    ct__free(x);
    return rc;
}
