/* api_compare.c — GET /api/compare: two periods side by side for a
 * sector and an area (compare.h), as JSON for the dashboard's table, CSV
 * or XLSX for a spreadsheet. */
#include "api_int.h"

#include <string.h>

static int period_arg(const srv_req *rq, const char *k, ct_period *p, srv_resp *rs)
{
    const char *v = srv_arg_get(rq, k);
    memset(p, 0, sizeof *p);
    if (v && *v && ct_period_parse(v, strlen(v), p) != CT_OK) {
        srv__fail(rs, 400, "%s=%.40s: expected a period (2025, 2025-Q1, 2025-S1, 2025-02...)", k,
                  v);
        return -1;
    }
    return 0;
}

void srv__get_compare(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    ct_period a, b;
    if (period_arg(rq, "a", &a, rs) || period_arg(rq, "b", &b, rs)) return;
    const char *sector = srv_arg_get(rq, "sector"), *area = srv_arg_get(rq, "area"),
               *fmt = srv_arg_get(rq, "format");
    if (area && *area && srv__check_label("area", area, 0, rs)) return;
    ct_compare c;
    ct_error err;
    int rc = ct_compare_build(st, s->cat, sector, area, &a, &b, &c, &err);
    if (rc != CT_OK) {
        if (rc == CT_EINVAL)
            srv__fail(rs, 400, "%s", err.msg);
        else
            srv__keep_err(rs, &err);
        return;
    }
    rs->status = 200;
    rs->cacheable = 1;
    if (fmt && !strcmp(fmt, "csv")) {
        rs->type = "text/csv; charset=utf-8";
        if (ct_compare_csv(&rs->body, &c) != CT_OK) srv__fail(rs, 503, "out of memory");
    } else if (fmt && !strcmp(fmt, "xlsx")) {
        rs->type = SRV_XLSX_TYPE;
        if (ct_compare_xlsx(&rs->body, &c, &err) != CT_OK) srv__keep_err(rs, &err);
    } else {
        srv__ok_json(rs, 200, NULL);
        rs->cacheable = 1;
        if (ct_compare_json(&rs->body, &c) != CT_OK || ct_buf_putc(&rs->body, '\n'))
            srv__fail(rs, 503, "out of memory");
    }
    ct_compare_free(&c);
}
