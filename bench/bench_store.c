/* bench_store.c — the store's speed, in process, against a baseline run
 * in the same session.
 *
 *   bench_store [DIR] [DOCS] [OBS]
 *
 * 1. ingest: DOCS (10,000) generated monthly reports, each extracted and
 *    stored in its own transaction as `chitieu ingest` does: documents/s
 *    and observations/s; beside it, the same documents extracted only
 *    (the ceiling the store is measured against).
 * On SQLite in files under DIR, or on PostgreSQL when $CT_BENCH_PG names
 * databases (bench/store.sh runs both).
 *
 * 2. series: a database of OBS (1,000,000) observations spread over 60
 *    indicators, 11 years of months and quarters and 50,000 documents,
 *    with a few disagreeing values; then ct_series_build for random
 *    indicators over random ranges and over everything: p50, p99, max. */
#define _POSIX_C_SOURCE 200809L
#include "chitieu/chitieu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static unsigned long long rng = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* A monthly report of ~20 records, different figures each time. */
static void gen_doc(ct_buf *b, int i)
{
    int y = 2015 + i % 10, m = 1 + i % 12;
    ct_buf_reset(b);
    ct_buf_printf(b, "Bản tin số %d: kết quả tháng %d/%d\n\n", i, m, y);
    ct_buf_printf(b,
                  "Doanh thu toàn ngành trong tháng %d/%d ước đạt %u.%03u tỷ đồng, tăng %u,%u%% "
                  "so với cùng kỳ năm %d (%u.%03u tỷ đồng).\n\n",
                  m, y, 300 + rnd(50), rnd(1000), 2 + rnd(9), rnd(10), y - 1, 280 + rnd(20),
                  rnd(1000));
    ct_buf_printf(b,
                  "Nộp ngân sách nhà nước trong tháng %d/%d ước đạt %u.%03u tỷ đồng, tăng %u,%u%% "
                  "so với tháng trước.\n\n",
                  m, y, 9 + rnd(3), rnd(1000), 1 + rnd(5), rnd(10));
    ct_buf_printf(b,
                  "Số thuê bao băng rộng cố định đạt %u,%u triệu thuê bao, tăng %u,%u%% so với "
                  "cùng kỳ năm ngoái; tỷ lệ hộ gia đình sử dụng cáp quang đạt %u,%02u%%.\n\n",
                  20 + rnd(5), rnd(10), 3 + rnd(5), rnd(10), 70 + rnd(20), rnd(100));
    ct_buf_printf(b,
                  "Trong tháng %d/%d đã ghi nhận %u cuộc tấn công mạng gây ra sự cố vào các hệ "
                  "thống thông tin tại Việt Nam, giảm %u,%u%% so với tháng trước (%u cuộc). Số "
                  "địa chỉ IP Việt Nam nằm trong mạng botnet là %u.%03u địa chỉ.\n\n",
                  m, y, 500 + rnd(300), 1 + rnd(9), rnd(10), 600 + rnd(300), 300 + rnd(200),
                  rnd(1000));
    ct_buf_printf(b,
                  "Doanh thu lĩnh vực an toàn thông tin mạng tháng %d/%d ước đạt %u tỷ đồng, tăng "
                  "%u,%u%% so với cùng kỳ năm %d (%u tỷ đồng); lợi nhuận ước đạt %u tỷ đồng.\n\n",
                  m, y, 200 + rnd(100), 10 + rnd(40), rnd(10), y - 1, 150 + rnd(50), 20 + rnd(30));
    ct_buf_printf(b,
                  "Tổng số chứng thư số công cộng đang hoạt động tháng %d/%d là %u.%03u.%03u chứng "
                  "thư số, tăng %u,%u%% so với cùng kỳ năm %d (%u.%03u.%03u chứng thư số).\n\n",
                  m, y, 2 + rnd(2), rnd(1000), rnd(1000), 10 + rnd(10), rnd(10), y - 1, 1 + rnd(2),
                  rnd(1000), rnd(1000));
    ct_buf_printf(b,
                  "Doanh thu công nghiệp ICT tháng %d/%d ước đạt %u.%03u tỷ đồng; kim ngạch xuất "
                  "khẩu phần cứng, điện tử ước đạt %u,%u tỷ USD, tăng %u,%u%% so với cùng kỳ.\n\n",
                  m, y, 300 + rnd(100), rnd(1000), 10 + rnd(5), rnd(10), 5 + rnd(20), rnd(10));
    ct_buf_printf(b,
                  "Số thuê bao điện thoại di động đạt %u,%u triệu thuê bao; số thuê bao băng rộng "
                  "di động đạt %u,%u triệu thuê bao, tăng %u,%u%% so với cùng kỳ năm trước.\n",
                  120 + rnd(10), rnd(10), 80 + rnd(10), rnd(10), 2 + rnd(6), rnd(10));
}

typedef struct sink {
    ct_record *v;
    size_t n, cap;
} sink;

static int keep(void *ud, const ct_record *r)
{
    sink *s = ud;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v) return 1;
    }
    s->v[s->n++] = *r;
    return 0;
}

static void rm_db(const char *p)
{
    char q[600];
    unlink(p);
    snprintf(q, sizeof q, "%s-wal", p);
    unlink(q);
    snprintf(q, sizeof q, "%s-shm", p);
    unlink(q);
}

/* The database of one part of the run: a file in dir, or, when
 * $CT_BENCH_PG holds a PostgreSQL URL with "%s" for the database name
 * (bench/store.sh makes the databases), that database. */
static void bench_db(char *out, size_t n, const char *dir, const char *part)
{
    const char *pg = getenv("CT_BENCH_PG");
    if (pg && *pg) {
        const char *at = strstr(pg, "%s");
        snprintf(out, n, "%.*s%s%s", at ? (int)(at - pg) : (int)strlen(pg), pg, part,
                 at ? at + 2 : "");
    } else {
        snprintf(out, n, "%s/bench_%s_%d.db", dir, part, (int)getpid());
    }
}

static int die(const char *what, const ct_error *err)
{
    fprintf(stderr, "bench_store: %s: %s\n", what, err->msg);
    exit(1);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    int ndocs = argc > 2 ? atoi(argv[2]) : 10000;
    long nobs_target = argc > 3 ? atol(argv[3]) : 1000000;
    ct_error err;
    ct_catalog *cat = ct_catalog_load_default(&err);
    if (!cat) die("catalogue", &err);
    char path[512];

    /* ---- 1. ingest ---- */
    ct_buf *docs = calloc((size_t)ndocs, sizeof *docs);
    for (int i = 0; i < ndocs; i++)
        gen_doc(&docs[i], i);
    ct_extract_opts opts = {.pub_year = 2026, .pub_month = 1, .pub_day = 15};
    sink s = {0};
    double t0 = now();
    long long nrec = 0;
    for (int i = 0; i < ndocs; i++) {
        s.n = 0;
        if (ct_extract_buffer(cat, &opts, docs[i].data, docs[i].len, keep, &s, &err) != CT_OK)
            die("extract", &err);
        nrec += (long long)s.n;
    }
    double t_extract = now() - t0;
    /* as `chitieu ingest` stores: each document in its own savepoint, the
     * transaction committed every 200 documents (or ct_store_marks_max:
     * 48 on PostgreSQL); then, for comparison, a
     * commit per document */
    double t_ingest = 0, t_each = 0;
    long long nstored = 0;
    for (int mode = 0; mode < 2; mode++) {
        bench_db(path, sizeof path, dir, mode ? "ingest_each" : "ingest");
        rm_db(path);
        ct_store *st;
        if (ct_store_open(path, &st, &err) != CT_OK) die("open", &err);
        t0 = now();
        nstored = 0;
        int open_tx = 0, pending = 0;
        int mx = ct_store_marks_max(st), batch = mx > 0 && mx < 200 ? mx : 200;
        for (int i = 0; i < ndocs; i++) {
            ct_docinfo d;
            memset(&d, 0, sizeof d);
            char name[32];
            snprintf(name, sizeof name, "doc%05d", i);
            d.name = name;
            d.source = "bench";
            d.text = docs[i].data;
            d.text_len = docs[i].len;
            d.pub.y = 2026, d.pub.m = 1, d.pub.d = 15;
            ct_store_hash(d.text, d.text_len, d.sha256);
            long long id;
            if (ct_store_doc_find(st, d.sha256, &id, &err) == CT_OK) continue;
            s.n = 0;
            if (ct_extract_buffer(cat, &opts, d.text, d.text_len, keep, &s, &err) != CT_OK)
                die("extract", &err);
            if (!open_tx && ct_store_begin(st, &err)) die("begin", &err);
            open_tx = 1;
            if (ct_store_mark(st, &err) || ct_store_doc_add(st, &d, &err)) die("store", &err);
            for (size_t k = 0; k < s.n; k++)
                if (ct_store_record_add(st, d.id, &s.v[k], &err)) die("store", &err);
            if (ct_store_release(st, &err)) die("release", &err);
            nstored += (long long)s.n;
            if (mode == 1 || ++pending == batch) {
                if (ct_store_commit(st, &err)) die("commit", &err);
                open_tx = 0;
                pending = 0;
            }
        }
        if (open_tx && ct_store_commit(st, &err)) die("commit", &err);
        if (mode == 0)
            t_ingest = now() - t0;
        else
            t_each = now() - t0;
        ct_store_close(st);
        rm_db(path);
    }
    const char *pg = getenv("CT_BENCH_PG");
    printf("backend: %s\n", pg && *pg ? "postgresql" : "sqlite");
    printf("ingest: %d documents, %lld records (%.1f per document)\n", ndocs, nstored,
           (double)nstored / ndocs);
    printf("  extract only (baseline)           : %8.0f documents/s\n", ndocs / t_extract);
    printf("  extract + store (as chitieu ingest): %8.0f documents/s, %8.0f records/s "
           "(%.2f of the baseline)\n",
           ndocs / t_ingest, nstored / t_ingest, t_extract / t_ingest);
    printf("  extract + store, commit each       : %8.0f documents/s (for comparison)\n",
           ndocs / t_each);
    ct_store *st;
    (void)nrec;
    for (int i = 0; i < ndocs; i++)
        ct_buf_free(&docs[i]);
    free(docs);

    /* ---- 2. series on a large database ---- */
    bench_db(path, sizeof path, dir, "series");
    rm_db(path);
    if (ct_store_open(path, &st, &err) != CT_OK) die("open", &err);
    const int nind = 60;
    const ct_indicator *inds[64];
    int ni = 0;
    for (size_t k = 0; k < ct_catalog_count(cat) && ni < nind; k++)
        inds[ni++] = ct_catalog_at(cat, k);
    const int per_doc = 20;
    long ndb = nobs_target / per_doc;
    t0 = now();
    char text[64];
    for (long d = 0; d < ndb; d++) {
        if (d % 1000 == 0 && ct_store_begin(st, &err)) die("begin", &err);
        ct_docinfo di;
        memset(&di, 0, sizeof di);
        char name[32];
        snprintf(name, sizeof name, "r%06ld", d);
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
            /* the true value of (indicator, period), sometimes misquoted */
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
        if ((d % 1000 == 999 || d == ndb - 1) && ct_store_commit(st, &err)) die("commit", &err);
    }
    double t_fill = now() - t0;
    long long cd, co;
    ct_store_counts(st, &cd, &co, NULL, &err);
    printf("series: database of %lld observations in %lld documents (filled in %.1f s, "
           "%.0f records/s in 1,000-document transactions)\n",
           co, cd, t_fill, co / t_fill);
    const int nq = 2000;
    double *lat = malloc(nq * sizeof *lat);
    long long rows = 0;
    for (int q = 0; q < nq; q++) {
        const ct_indicator *ind = inds[rnd((unsigned)ni)];
        ct_period from = {0, 0, 0}, to = {0, 0, 0};
        if (q % 2) { /* a random range of 1 to 5 years */
            int y1 = 2015 + (int)rnd(8);
            from = ct_period_month(y1, 1);
            to = ct_period_month(y1 + (int)rnd(5), 12);
        }
        ct_series ser;
        double a = now();
        if (ct_series_build(st, cat, ind->code, "", &from, &to, &ser, &err)) die("series", &err);
        lat[q] = (now() - a) * 1e3;
        rows += (long long)ser.n;
        ct_series_free(&ser);
    }
    qsort(lat, nq, sizeof *lat, cmp_d);
    printf("  ct_series_build, %d queries (%.0f rows each on average):\n", nq, (double)rows / nq);
    printf("  p50 %.3f ms, p99 %.3f ms, max %.3f ms (goal: p99 under 2 ms)\n", lat[nq / 2],
           lat[nq * 99 / 100], lat[nq - 1]);
    free(lat);
    ct_store_close(st);
    rm_db(path);
    free(s.v);
    ct_catalog_free(cat);
    return 0;
}
