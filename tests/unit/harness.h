/* harness.h — helpers shared by the unit tests: read a table file of
 * TAB-separated cases, and run the extractor on a string, rendering its
 * records compactly ("infosec.revenue 2024-Q1 804000000000 VND yoy=46.8@2023-Q1"). */
#ifndef CT_TEST_HARNESS_H
#define CT_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chitieu/chitieu.h"

static inline ct_catalog *test_catalog(void)
{
    static ct_catalog *cat;
    if (!cat) {
        ct_error err;
        cat = ct_catalog_load(CT_CATALOG, &err);
        if (!cat) fprintf(stderr, "catalog: %s\n", err.msg);
        assert_non_null(cat);
    }
    return cat;
}

static inline void compact_record(ct_buf *b, const ct_record *r)
{
    char per[40], num[64];
    ct_period_format(&r->period, per, sizeof per);
    if (b->len) ct_buf_puts(b, " ; ");
    if (r->type == CT_REC_TARGET) {
        ct_buf_printf(b, "target %s %s", r->ind->code, per);
        if (r->growth) ct_buf_puts(b, " growth");
        if (r->has_min) {
            ct_decimal_json(r->min, num, sizeof num);
            ct_buf_printf(b, " min=%s", num);
        }
        if (r->has_max) {
            ct_decimal_json(r->max, num, sizeof num);
            ct_buf_printf(b, " max=%s", num);
        }
        if (r->area[0]) ct_buf_printf(b, " area=%s", r->area);
        return;
    }
    ct_decimal_json(r->value, num, sizeof num);
    ct_buf_printf(b, "%s %s %s %s", r->ind->code, per, num, r->unit);
    if (r->baseline) ct_buf_puts(b, " baseline");
    if (r->area[0]) ct_buf_printf(b, " area=%s", r->area);
    for (int i = 0; i < r->nchanges; i++) {
        ct_decimal_json(r->changes[i].pct, num, sizeof num);
        ct_buf_printf(b, " %s=%s", ct_basis_name(r->changes[i].basis), num);
        if (ct_period_is_set(&r->changes[i].ref) && r->changes[i].basis != CT_BASIS_PLAN) {
            ct_period_format(&r->changes[i].ref, per, sizeof per);
            ct_buf_printf(b, "@%s", per);
        }
    }
    if (r->has_alt) {
        ct_decimal_json(r->alt_value, num, sizeof num);
        ct_buf_printf(b, " alt=%s %s", num, r->alt_unit);
    }
}

static inline int collect(void *ud, const ct_record *r)
{
    compact_record(ud, r);
    return 0;
}

/* Records of text as one compact line; caller frees with ct_buf_free. */
static inline void run_extract(ct_buf *out, const char *published, const char *text)
{
    ct_extract_opts o = {.pub_year = 0, .pub_month = 0, .pub_day = 0};
    if (published && *published) sscanf(published, "%d-%d-%d", &o.pub_year, &o.pub_month, &o.pub_day);
    ct_buf_init(out);
    ct_buf_puts(out, "");
    ct_error err;
    int rc = ct_extract_buffer(test_catalog(), &o, text, strlen(text), collect, out, &err);
    assert_int_equal(rc, CT_OK);
}

/* Calls fn(fields, nfields, lineno) for each non-comment line of a table. */
static inline int each_case(const char *name, void (*fn)(char **f, int nf, int line))
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", CT_TEST_DATA, name);
    FILE *fp = fopen(path, "r");
    if (!fp) fail_msg("cannot open %s", path);
    char line[8192];
    int lineno = 0, cases = 0;
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
        if (!n || line[0] == '#') continue;
        char *f[8];
        int nf = 0;
        char *p = line;
        while (nf < 8) {
            f[nf++] = p;
            char *t = strchr(p, '\t');
            if (!t) break;
            *t = '\0';
            p = t + 1;
        }
        fn(f, nf, lineno);
        cases++;
    }
    fclose(fp);
    return cases;
}

/* Remove a test database with its WAL and shared-memory files. */
static inline void test_remove_db(const char *path)
{
    char p[512];
    remove(path);
    snprintf(p, sizeof p, "%s-wal", path);
    remove(p);
    snprintf(p, sizeof p, "%s-shm", path);
    remove(p);
}

#endif
