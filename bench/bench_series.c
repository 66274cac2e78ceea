/* bench_series.c — series latency (issue 15) on databases of 1 M and 10 M
 * observations, in process.
 *
 *   bench_series DB OBSERVATIONS [QUERIES]
 *
 * DB is filled once (bench_store's series layout: 60 indicators, random
 * months and quarters of 2015-2025, 20 records per document, a few values
 * misquoted, a fifth baselines, a third with a year-on-year change) and
 * kept: a second run on the same path with the same count reuses it (the
 * 10 M fill takes minutes). Then QUERIES (2,000) ct_series_build calls
 * for random indicators, half over everything and half over a random
 * range of 1 to 5 years, on one open store as a server worker has it:
 * p50, p99 and max in milliseconds, wall and CPU time of the thread. */
#define _POSIX_C_SOURCE 200809L
#include "chitieu/chitieu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double clock_s(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

static unsigned long long rng = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static void die(const char *what, const ct_error *err)
{
    fprintf(stderr, "bench_series: %s: %s\n", what, err->msg);
    exit(1);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void fill(ct_store *st, const ct_indicator *const *inds, int ni, long nobs)
{
    ct_error err;
    const int per_doc = 20;
    long ndb = nobs / per_doc;
    char text[64], name[32];
    for (long d = 0; d < ndb; d++) {
        if (d % 5000 == 0 && ct_store_begin(st, &err)) die("begin", &err);
        ct_docinfo di;
        memset(&di, 0, sizeof di);
        snprintf(name, sizeof name, "r%07ld", d);
        snprintf(text, sizeof text, "generated report %ld", d);
        di.name = name;
        di.source = "bench";
        di.text = text;
        di.text_len = strlen(text);
        di.pub.y = 2015 + (int)(d % 11), di.pub.m = 1 + (int)(d % 12), di.pub.d = 1 + (int)(d % 28);
        if (ct_store_doc_add(st, &di, &err)) die("doc", &err);
        for (int k = 0; k < per_doc; k++) {
            ct_record r;
            memset(&r, 0, sizeof r);
            int ii = (int)rnd((unsigned)ni);
            r.ind = inds[ii];
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
            if (ct_store_record_add(st, di.id, &r, &err)) die("record", &err);
        }
        if ((d % 5000 == 4999 || d == ndb - 1) && ct_store_commit(st, &err)) die("commit", &err);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_series DB OBSERVATIONS [QUERIES]\n");
        return 64;
    }
    const char *path = argv[1];
    long nobs = atol(argv[2]);
    int nq = argc > 3 ? atoi(argv[3]) : 2000;
    ct_error err;
    ct_catalog *cat = ct_catalog_load_default(&err);
    if (!cat) die("catalogue", &err);
    const ct_indicator *inds[64];
    int ni = 0;
    for (size_t k = 0; k < ct_catalog_count(cat) && ni < 60; k++)
        inds[ni++] = ct_catalog_at(cat, k);
    ct_store *st;
    if (ct_store_open(path, &st, &err) != CT_OK) die("open", &err);
    long long cd, co;
    if (ct_store_counts(st, &cd, &co, NULL, &err)) die("counts", &err);
    double t_fill = 0;
    if (co != nobs / 20 * 20) {
        if (co) {
            fprintf(stderr, "bench_series: %s holds %lld observations, not %ld: remove it\n", path,
                    co, nobs);
            return 1;
        }
        double t0 = now();
        fill(st, inds, ni, nobs);
        t_fill = now() - t0;
        ct_store_counts(st, &cd, &co, NULL, &err);
    }
    /* the queries: the same sequence whatever the fill did */
    rng = 2463534242ULL;
    double *lat = malloc((size_t)nq * sizeof *lat), *cpu = malloc((size_t)nq * sizeof *cpu);
    long long rows = 0;
    for (int q = 0; q < nq; q++) {
        const ct_indicator *ind = inds[rnd((unsigned)ni)];
        ct_period from = {0, 0, 0}, to = {0, 0, 0};
        if (q % 2) {
            int y1 = 2015 + (int)rnd(8);
            from = ct_period_month(y1, 1);
            to = ct_period_month(y1 + (int)rnd(5), 12);
        }
        ct_series ser;
        double a = now(), c = clock_s(CLOCK_THREAD_CPUTIME_ID);
        if (ct_series_build(st, cat, ind->code, "", &from, &to, &ser, &err)) die("series", &err);
        lat[q] = (now() - a) * 1e3;
        cpu[q] = (clock_s(CLOCK_THREAD_CPUTIME_ID) - c) * 1e3;
        rows += (long long)ser.n;
        ct_series_free(&ser);
    }
    qsort(lat, (size_t)nq, sizeof *lat, cmp_d);
    qsort(cpu, (size_t)nq, sizeof *cpu, cmp_d);
    /* wall time, and the thread's CPU time (on a shared machine the wall
     * p99 is mostly the time the thread waited for a core) */
    printf("%lld observations in %lld documents (%s): %d series, %.0f rows each on average: "
           "p50 %.3f ms, p99 %.3f ms, max %.3f ms; CPU p50 %.3f ms, p99 %.3f ms\n",
           co, cd, t_fill > 0 ? "filled now" : "cached", nq, (double)rows / nq, lat[nq / 2],
           lat[nq * 99 / 100], lat[nq - 1], cpu[nq / 2], cpu[nq * 99 / 100]);
    if (t_fill > 0) fprintf(stderr, "  (filled in %.1f s)\n", t_fill);
    free(lat);
    free(cpu);
    ct_store_close(st);
    ct_catalog_free(cat);
    return 0;
}
