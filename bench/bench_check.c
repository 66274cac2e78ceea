/* bench_check.c — fills a database for bench/check_scale.sh: the monthly
 * reports of 34 provinces and the nation, month after month, each restated
 * by a second source (a press article) with a few figures misquoted, so
 * that the database grows the way a ministry's does (new months, new
 * areas; a few sources per figure) and every rule has work to do.
 *
 *   bench_check DB OBSERVATIONS [flat]
 *
 * flat: instead, bench_store's series database (60 indicators, random
 * months and quarters of 2015-2025, 20 records per document, a few values
 * misquoted, random year-on-year changes): a fixed set of keys, so that
 * the records of one key grow with the database (the layout issue 15
 * measured the old checker on).
 *
 * Each report holds 20 records: 16 indicators of its month (the parts of
 * infosec.attacks among them), two stated year-on-year changes with the
 * baseline of one quoted, a year-to-date figure and a share of the annual
 * plan. Prints the counts it stored. */
#define _POSIX_C_SOURCE 200809L
#include "chitieu/chitieu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned long long rng = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const struct {
    const char *code, *unit;
    long long base; /* national monthly value, in units of 10^exp */
    int exp;
} inds[] = {
    {"sector.revenue", "VND", 300000, 9},
    {"sector.budget_paid", "VND", 9000, 9},
    {"sector.profit", "VND", 40000, 9},
    {"postal.revenue", "VND", 5000, 9},
    {"telecom.revenue", "VND", 11000, 9},
    {"telecom.mobile_subs", "subscribers", 120000, 3},
    {"telecom.fixed_bb_subs", "subscribers", 20000, 3},
    {"telecom.fixed_bb_household_rate", "percent", 700, -1},
    {"infosec.attacks", "incidents", 1000, 0},
    {"infosec.attacks_phishing", "incidents", 300, 0},
    {"infosec.attacks_deface", "incidents", 200, 0},
    {"infosec.attacks_malware", "incidents", 500, 0},
    {"infosec.botnet_ips", "addresses", 500000, 0},
    {"infosec.revenue", "VND", 250, 9},
    {"ict.revenue", "VND", 350000, 9},
    {"esign.public_certs_active", "certificates", 2000000, 0},
};
#define NIND (int)(sizeof inds / sizeof inds[0])
#define NAREA 35

static const char *area_name(int a)
{
    static const char *const names[NAREA] = {
        "",         "Hà Nội",      "Hồ Chí Minh", "Hải Phòng",   "Đà Nẵng",
        "Cần Thơ",  "Huế",         "Lai Châu",    "Điện Biên",   "Sơn La",
        "Lạng Sơn", "Quảng Ninh",  "Thanh Hóa",   "Nghệ An",     "Hà Tĩnh",
        "Cao Bằng", "Tuyên Quang", "Lào Cai",     "Thái Nguyên", "Phú Thọ",
        "Bắc Ninh", "Hưng Yên",    "Ninh Bình",   "Quảng Trị",   "Quảng Ngãi",
        "Gia Lai",  "Khánh Hòa",   "Lâm Đồng",    "Đắk Lắk",     "Đồng Nai",
        "Tây Ninh", "Vĩnh Long",   "Đồng Tháp",   "Cà Mau",      "An Giang"};
    return names[a];
}

/* The true value of an indicator in an area and month, in 10^exp units. */
static long long truth(int k, int area, int t)
{
    long long v = inds[k].base * (1000 + t % 120) / 1000;
    if (area) v = v / (20 + area % 7);
    if (!strcmp(inds[k].unit, "percent")) v = inds[k].base + t % 100; /* a rate, not divided */
    /* the parts of infosec.attacks add up to it */
    if (!strcmp(inds[k].code, "infosec.attacks"))
        v = truth(k + 1, area, t) + truth(k + 2, area, t) + truth(k + 3, area, t);
    return v > 0 ? v : 1;
}

static int die(const char *what, const ct_error *err)
{
    fprintf(stderr, "bench_check: %s: %s\n", what, err->msg);
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_check DB OBSERVATIONS\n");
        return 2;
    }
    long target = atol(argv[2]);
    ct_error err;
    ct_catalog *cat = ct_catalog_load_default(&err);
    if (!cat) die("catalogue", &err);
    ct_store *st;
    if (ct_store_open(argv[1], &st, &err) != CT_OK) die("open", &err);
    const ct_indicator *ip[NIND];
    for (int k = 0; k < NIND; k++)
        if (!(ip[k] = ct_catalog_find(cat, inds[k].code))) {
            fprintf(stderr, "bench_check: %s not in the catalogue\n", inds[k].code);
            return 1;
        }
    const int per_doc = 20;
    long ndocs = target / per_doc;
    const int t0 = CT_MONTH(2000, 1);
    if (argc > 3 && !strcmp(argv[3], "flat")) {
        const ct_indicator *all[64];
        int ni = 0;
        for (size_t k = 0; k < ct_catalog_count(cat) && ni < 60; k++)
            all[ni++] = ct_catalog_at(cat, k);
        for (long d = 0; d < ndocs; d++) {
            if (d % 1000 == 0 && ct_store_begin(st, &err)) die("begin", &err);
            ct_docinfo di;
            memset(&di, 0, sizeof di);
            char name[32], text[64];
            snprintf(name, sizeof name, "r%06ld", d);
            snprintf(text, sizeof text, "generated report %ld", d);
            di.name = name;
            di.source = "bench";
            di.text = text;
            di.text_len = strlen(text);
            di.pub = (ct_date){2015 + (int)(d % 11), 1 + (int)(d % 12), 1 + (int)(d % 28)};
            if (ct_store_doc_add(st, &di, &err)) die("doc", &err);
            for (int k = 0; k < per_doc; k++) {
                ct_record r;
                memset(&r, 0, sizeof r);
                int ii = (int)rnd((unsigned)ni);
                r.ind = all[ii];
                int y = 2015 + (int)rnd(11), m = 1 + (int)rnd(12);
                if (rnd(4) == 0)
                    r.period = ct_period_range(y, (m - 1) / 3 * 3 + 1, y, (m - 1) / 3 * 3 + 3);
                else
                    r.period = ct_period_month(y, m);
                r.unit = "VND";
                r.value.mant = 1000 + (ii * 7919 + r.period.first * 31 + r.period.last) % 9000;
                if (rnd(20) == 0) r.value.mant += 1 + rnd(50);
                r.value.exp = 9;
                r.baseline = rnd(5) == 0;
                if (rnd(3) == 0) {
                    r.nchanges = 1;
                    r.changes[0].basis = CT_BASIS_YOY;
                    r.changes[0].pct.mant = (long long)rnd(300);
                    r.changes[0].pct.exp = -1;
                }
                r.span[1] = r.value_span[1] = (long long)di.text_len;
                if (ct_store_record_add(st, di.id, &r, &err)) die("record", &err);
            }
            if ((d % 1000 == 999 || d == ndocs - 1) && ct_store_commit(st, &err))
                die("commit", &err);
        }
        ndocs = 0; /* done */
    }
    for (long d = 0; d < ndocs; d++) {
        if (d % 1000 == 0 && ct_store_begin(st, &err)) die("begin", &err);
        long slot = d / 2;
        int press = (int)(d % 2), area = (int)(slot % NAREA), t = t0 + (int)(slot / NAREA);
        int y = CT_YEAR_OF(t), m = CT_MON_OF(t);
        char name[40], text[96];
        snprintf(name, sizeof name, "%s%07ld", press ? "press" : "report", d);
        snprintf(text, sizeof text, "generated %s %ld, %s tháng %d/%d", name, d, area_name(area), m,
                 y);
        ct_docinfo di;
        memset(&di, 0, sizeof di);
        di.name = name;
        di.source = "bench";
        di.text = text;
        di.text_len = strlen(text);
        di.pub = (ct_date){y, m % 12 + 1, press ? 20 : 5};
        if (ct_store_doc_add(st, &di, &err)) die("doc", &err);
        int n = 0;
        for (int k = 0; k < NIND && n < per_doc; k++, n++) {
            ct_record r;
            memset(&r, 0, sizeof r);
            r.type = CT_REC_OBSERVATION;
            r.ind = ip[k];
            r.unit = inds[k].unit;
            r.period = ct_period_month(y, m);
            r.value.mant = truth(k, area, t);
            r.value.exp = inds[k].exp;
            if (press && rnd(30) == 0) r.value.mant += 1 + rnd(50); /* misquoted */
            r.approx = press ? CT_APPROX_NONE : CT_APPROX_ESTIMATE;
            snprintf(r.area, sizeof r.area, "%s", area_name(area));
            if (k < 2 && t - 12 >= t0) { /* a year-on-year change, sometimes wrong */
                double was = (double)truth(k, area, t - 12), now = (double)r.value.mant;
                long long pct = (long long)((now / was - 1) * 1000 + 0.5);
                if (rnd(20) == 0) pct += 30 + rnd(100);
                r.nchanges = 1;
                r.changes[0].basis = CT_BASIS_YOY;
                r.changes[0].pct.mant = pct;
                r.changes[0].pct.exp = -1;
                r.changes[0].ref = ct_period_month(y - 1, m);
            }
            r.span[1] = r.value_span[1] = (long long)di.text_len;
            if (ct_store_record_add(st, di.id, &r, &err)) die("record", &err);
        }
        /* the baseline of the first change, quoted */
        ct_record b;
        memset(&b, 0, sizeof b);
        b.type = CT_REC_OBSERVATION;
        b.ind = ip[0];
        b.unit = inds[0].unit;
        b.baseline = 1;
        b.period = ct_period_month(y - 1, m);
        b.value.mant = truth(0, area, t - 12);
        b.value.exp = inds[0].exp;
        snprintf(b.area, sizeof b.area, "%s", area_name(area));
        if (ct_store_record_add(st, di.id, &b, &err)) die("record", &err);
        /* the year to date, and a share of the annual plan */
        ct_record c = b;
        c.baseline = 0;
        c.ind = ip[1];
        c.unit = inds[1].unit;
        c.period = ct_period_range(y, 1, y, m);
        long long sum = 0;
        for (int q = 1; q <= m; q++)
            sum += truth(1, area, t - m + q);
        c.value.mant = sum;
        c.value.exp = inds[1].exp;
        if (ct_store_record_add(st, di.id, &c, &err)) die("record", &err);
        long long plan = truth(2, area, t - m + 1) * 125 / 10; /* the year's plan */
        ct_record p = c;
        p.ind = ip[2];
        p.unit = inds[2].unit;
        p.value.mant = truth(2, area, t) * m;
        p.value.exp = inds[2].exp;
        p.nchanges = 1;
        p.changes[0].basis = CT_BASIS_PLAN; /* the share it is, to 0,1% */
        p.changes[0].pct.mant = (p.value.mant * 1000 + plan / 2) / plan;
        p.changes[0].pct.exp = -1;
        if (ct_store_record_add(st, di.id, &p, &err)) die("record", &err);
        ct_record tg;
        memset(&tg, 0, sizeof tg);
        tg.type = CT_REC_TARGET;
        tg.ind = ip[2];
        tg.unit = inds[2].unit;
        tg.period = ct_period_range(y, 1, y, 12);
        tg.has_min = tg.has_max = 1;
        tg.min.mant = tg.max.mant = plan;
        tg.min.exp = tg.max.exp = inds[2].exp;
        snprintf(tg.area, sizeof tg.area, "%s", area_name(area));
        if (ct_store_record_add(st, di.id, &tg, &err)) die("record", &err);
        if ((d % 1000 == 999 || d == ndocs - 1) && ct_store_commit(st, &err)) die("commit", &err);
    }
    long long cd, co, ctg;
    if (ct_store_counts(st, &cd, &co, &ctg, &err)) die("count", &err);
    printf("%lld documents, %lld observations, %lld targets\n", cd, co, ctg);
    ct_store_close(st);
    ct_catalog_free(cat);
    return 0;
}
