/* test_fault.c — fault injection as SQLite's own tests do it: the n-th
 * allocation fails, for every n, and then the n-th write to the database
 * file fails, for every n, through one scenario: extract two documents
 * into memory, ingest them (and import rows) into a store, check the new
 * documents and a document checked from memory, writing each finding with
 * its quoted sentences as the API does, close. Each run must
 *
 *   - return an error code somewhere, or find and write everything a
 *     clean run does, byte for byte (never CT_OK with records, findings
 *     or quotes lost);
 *   - leave the database with each document whole or absent (reopened
 *     without faults, every stored document has all its records);
 *   - free everything it allocated (counted here; ASan checks the rest).
 *
 * Allocations counted: the library's own (ct_set_allocator) and SQLite's
 * (sqlite3_config(SQLITE_CONFIG_MALLOC) with the same counter). Writes:
 * a VFS shim over the default one that fails xWrite, xSync and xTruncate
 * at the n-th call with SQLITE_IOERR (sqlite3_test_control is not in
 * release builds of SQLite). */
#include "harness.h"

#include <sqlite3.h>
#include <unistd.h>

/* ---- the counting allocator --------------------------------------------------- */

static long long n_alloc, fail_at, live;
static int paused;        /* allocations pass (still counted as live) */
static int fault_extract; /* CHITIEU_FAULT_EXTRACT=1: extraction under faults too */

typedef union hdr {
    size_t size;
    max_align_t align;
} hdr;

/* A breakpoint for a debugger: where the armed fault strikes. */
static void *fault_hit(void) __attribute__((noinline));
static void *fault_hit(void)
{
    __asm__ volatile("");
    return NULL;
}

static void *raw_alloc(void *p, size_t size)
{
    if (size == 0) {
        if (p) {
            live--;
            free((hdr *)p - 1);
        }
        return NULL;
    }
    if (fail_at && !paused && ++n_alloc == fail_at) return fault_hit();
    hdr *h = realloc(p ? (hdr *)p - 1 : NULL, sizeof(hdr) + size);
    if (!h) return NULL;
    if (!p) live++;
    h->size = size;
    return h + 1;
}

static void *lib_alloc(void *ud, void *p, size_t size)
{
    (void)ud;
    return raw_alloc(p, size);
}

static void *sq_malloc(int n)
{
    return raw_alloc(NULL, (size_t)n);
}
static void sq_free(void *p)
{
    raw_alloc(p, 0);
}
static void *sq_realloc(void *p, int n)
{
    if (!p) return sq_malloc(n);
    if (n <= 0) {
        sq_free(p);
        return NULL;
    }
    return raw_alloc(p, (size_t)n);
}
static int sq_size(void *p)
{
    return p ? (int)((hdr *)p - 1)->size : 0;
}
static int sq_roundup(int n)
{
    return (n + 7) & ~7;
}
static int sq_init(void *ud)
{
    (void)ud;
    return SQLITE_OK;
}
static void sq_shutdown(void *ud)
{
    (void)ud;
}

/* ---- the failing VFS ------------------------------------------------------------ */

static long long n_write, fail_write;
static sqlite3_vfs *real_vfs;

typedef struct shim_file {
    sqlite3_file base;
    sqlite3_file *real; /* follows this struct */
} shim_file;

static int io_fault(void)
{
    return fail_write && ++n_write == fail_write;
}

#define REAL(f) (((shim_file *)(f))->real)
static int x_close(sqlite3_file *f)
{
    return REAL(f)->pMethods->xClose(REAL(f));
}
static int x_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
    return REAL(f)->pMethods->xRead(REAL(f), b, n, o);
}
static int x_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
    if (io_fault()) return SQLITE_IOERR_WRITE;
    return REAL(f)->pMethods->xWrite(REAL(f), b, n, o);
}
static int x_truncate(sqlite3_file *f, sqlite3_int64 n)
{
    if (io_fault()) return SQLITE_IOERR_TRUNCATE;
    return REAL(f)->pMethods->xTruncate(REAL(f), n);
}
static int x_sync(sqlite3_file *f, int flags)
{
    if (io_fault()) return SQLITE_IOERR_FSYNC;
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int x_size(sqlite3_file *f, sqlite3_int64 *n)
{
    return REAL(f)->pMethods->xFileSize(REAL(f), n);
}
static int x_lock(sqlite3_file *f, int l)
{
    return REAL(f)->pMethods->xLock(REAL(f), l);
}
static int x_unlock(sqlite3_file *f, int l)
{
    return REAL(f)->pMethods->xUnlock(REAL(f), l);
}
static int x_check(sqlite3_file *f, int *r)
{
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), r);
}
static int x_fcntl(sqlite3_file *f, int op, void *a)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, a);
}
static int x_sector(sqlite3_file *f)
{
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int x_devchar(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int x_shmmap(sqlite3_file *f, int pg, int sz, int ext, void volatile **pp)
{
    return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, ext, pp);
}
static int x_shmlock(sqlite3_file *f, int off, int n, int flags)
{
    return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void x_shmbarrier(sqlite3_file *f)
{
    REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int x_shmunmap(sqlite3_file *f, int del)
{
    return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static const sqlite3_io_methods shim_io = {
    2,         x_close,      x_read,     x_write, x_truncate, x_sync,    x_size,
    x_lock,    x_unlock,     x_check,    x_fcntl, x_sector,   x_devchar, x_shmmap,
    x_shmlock, x_shmbarrier, x_shmunmap, NULL,    NULL};

static int x_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
    (void)vfs;
    shim_file *s = (shim_file *)f;
    s->real = (sqlite3_file *)(s + 1);
    int rc = real_vfs->xOpen(real_vfs, name, s->real, flags, out);
    s->base.pMethods = rc == SQLITE_OK && s->real->pMethods ? &shim_io : NULL;
    return rc;
}
static int x_delete(sqlite3_vfs *v, const char *n, int sync)
{
    (void)v;
    return real_vfs->xDelete(real_vfs, n, sync);
}
static int x_access(sqlite3_vfs *v, const char *n, int fl, int *r)
{
    (void)v;
    return real_vfs->xAccess(real_vfs, n, fl, r);
}
static int x_full(sqlite3_vfs *v, const char *n, int sz, char *out)
{
    (void)v;
    return real_vfs->xFullPathname(real_vfs, n, sz, out);
}
static int x_random(sqlite3_vfs *v, int n, char *out)
{
    (void)v;
    return real_vfs->xRandomness(real_vfs, n, out);
}
static int x_sleep(sqlite3_vfs *v, int us)
{
    (void)v;
    return real_vfs->xSleep(real_vfs, us);
}
static int x_time(sqlite3_vfs *v, double *t)
{
    (void)v;
    return real_vfs->xCurrentTime(real_vfs, t);
}
static int x_lasterr(sqlite3_vfs *v, int n, char *s)
{
    (void)v;
    return real_vfs->xGetLastError ? real_vfs->xGetLastError(real_vfs, n, s) : 0;
}
static int x_time64(sqlite3_vfs *v, sqlite3_int64 *t)
{
    (void)v;
    return real_vfs->xCurrentTimeInt64(real_vfs, t);
}

static sqlite3_vfs shim_vfs;

static void install(void)
{
    static const sqlite3_mem_methods mem = {sq_malloc,  sq_free, sq_realloc,  sq_size,
                                            sq_roundup, sq_init, sq_shutdown, NULL};
    assert_int_equal(sqlite3_config(SQLITE_CONFIG_MALLOC, &mem), SQLITE_OK);
    assert_int_equal(sqlite3_initialize(), SQLITE_OK);
    real_vfs = sqlite3_vfs_find(NULL);
    assert_non_null(real_vfs);
    shim_vfs = *real_vfs;
    shim_vfs.iVersion = 2;
    shim_vfs.szOsFile = (int)sizeof(shim_file) + real_vfs->szOsFile;
    shim_vfs.zName = "fault";
    shim_vfs.xOpen = x_open;
    shim_vfs.xDelete = x_delete;
    shim_vfs.xAccess = x_access;
    shim_vfs.xFullPathname = x_full;
    shim_vfs.xRandomness = x_random;
    shim_vfs.xSleep = x_sleep;
    shim_vfs.xCurrentTime = x_time;
    shim_vfs.xGetLastError = x_lasterr;
    shim_vfs.xCurrentTimeInt64 = x_time64;
    assert_int_equal(sqlite3_vfs_register(&shim_vfs, 1), SQLITE_OK);
    ct_set_allocator(lib_alloc, NULL);
}

/* ---- the scenario ------------------------------------------------------------------ */

static char path[64];

static const char *const texts[2] = {
    "Trong quý 1/2024, số vụ tấn công mạng là 1.812 cuộc, giảm 38% so với cùng kỳ năm 2023 "
    "(2.921 cuộc).\n\nDoanh thu an toàn thông tin quý 1/2024 ước đạt 804 tỷ đồng, tăng 46,8% "
    "so với cùng kỳ (548 tỷ đồng).",
    "Doanh thu an toàn thông tin quý 1/2024 ước đạt 900 tỷ đồng, tăng 46,8% so với cùng kỳ năm "
    "2023 (548 tỷ đồng)."};
static const char rows[] = "indicator,period,value,unit,doc\n"
                           "infosec.attacks,2024-Q2,1500,incidents,imp\n"
                           "infosec.attacks,2024-Q3,1600,incidents,imp\n";

typedef struct outcome {
    int failed;         /* some call returned an error */
    long long findings; /* of the check runs, when they succeeded */
    int check_ok;
    char *json; /* the findings as the front ends write them (malloc) */
} outcome;

/* The findings written as the API writes them: fields and quotes. */
typedef struct sink {
    long long n;
    ct_quoter q;
    ct_json j;
} sink;

static int on_finding(void *ud, const ct_finding *f)
{
    sink *k = ud;
    k->n++;
    ct_json_obj(&k->j);
    ct_finding_json_fields(&k->j, f);
    ct_finding_json_quotes(&k->j, &k->q, f, 0);
    ct_json_end(&k->j);
    ct_json_nl(&k->j);
    return 0;
}

/* A document checked from memory, never stored: its figure disagrees
 * with the stored ones, so the run quotes both kinds of text. */
static const char fresh_text[] =
    "Doanh thu an toàn thông tin quý 1/2024 ước đạt 700 tỷ đồng, tăng 27,7% so với cùng kỳ.";

/* Check the new documents, then the fresh one against the store; 0, or
 * -1 when something came back as an error. */
static int check_runs(ct_store *st, const long long *ids, size_t nids, outcome *o, ct_error *err)
{
    ct_buf out;
    ct_buf_init(&out);
    ct_textdoc fresh;
    memset(&fresh, 0, sizeof fresh);
    ct_date pub = {2024, 4, 25};
    paused = !fault_extract;
    int rc = ct_textdoc_set(&fresh, "fresh", fresh_text, strlen(fresh_text), pub);
    if (rc == CT_OK) rc = ct_textdoc_extract(test_catalog(), &fresh, err);
    paused = 0;
    for (int run = 0; run < 2 && rc == CT_OK; run++) {
        sink k;
        memset(&k, 0, sizeof k);
        ct_json_init(&k.j, &out);
        ct_quoter_init(&k.q, st, run ? &fresh : NULL, run ? 1 : 0);
        ct_check_opts co = {.judged = ids,
                            .njudged = run ? 0 : nids,
                            .fresh = run ? &fresh : NULL,
                            .nfresh = run ? 1 : 0};
        int n = ct_check_store(st, test_catalog(), &co, on_finding, &k, err);
        if (n < 0 || k.q.failed || out.oom) rc = n < 0 ? n : CT_ENOMEM;
        o->findings += k.n;
        ct_quoter_free(&k.q);
    }
    if (rc == CT_OK) o->json = strndup(out.data ? out.data : "", out.len);
    ct_textdoc_free(&fresh);
    ct_buf_free(&out);
    return rc == CT_OK ? 0 : -1;
}

static void remove_db(void)
{
    test_remove_db(path);
}

static int verbose;
#define FAILED(what)                                                                               \
    do {                                                                                           \
        o.failed = 1;                                                                              \
        if (verbose) fprintf(stderr, "%s: %s\n", what, err.msg);                                   \
    } while (0)

static outcome scenario(void)
{
    outcome o = {0, 0, 0, NULL};
    ct_error err;
    ct_store *st = NULL;
    if (ct_store_open(path, &st, &err) != CT_OK) {
        FAILED("open");
        return o;
    }
    ct_textdoc d[2];
    memset(d, 0, sizeof d);
    ct_date pub = {2024, 4, 20};
    /* extraction under faults only when asked (see the note at main) */
    paused = !fault_extract;
    for (int i = 0; i < 2; i++)
        if (ct_textdoc_set(&d[i], i ? "d1" : "d0", texts[i], strlen(texts[i]), pub) != CT_OK ||
            ct_textdoc_extract(test_catalog(), &d[i], &err) != CT_OK)
            FAILED("extract");
    paused = 0;
    ct_ingest *g = NULL;
    ct_ingest_opts io = {.batch_docs = 1}; /* a commit per document */
    if (ct_ingest_new(st, test_catalog(), &io, &g, &err) != CT_OK) {
        FAILED("session");
    } else {
        ct_ingest_result res;
        if (!o.failed && ct_ingest_doc(g, &d[0], "test", &res, &err) != CT_OK) FAILED("doc");
        if (!fault_extract) {
            if (!o.failed && ct_ingest_doc(g, &d[1], "test", &res, &err) != CT_OK) FAILED("doc");
        } else if (ct_ingest_text(g, "d1", texts[1], strlen(texts[1]), pub, "test", &res, &err) !=
                   CT_OK) {
            FAILED("text");
        }
        ct_import im;
        memset(&im, 0, sizeof im);
        if (ct_import_read(test_catalog(), rows, strlen(rows), 1, "imp", NULL, NULL, &im) !=
                CT_OK ||
            im.bad || ct_ingest_rows(g, &im, "import", NULL, &err) != CT_OK)
            FAILED("rows");
        ct_import_free(&im);
        if (ct_ingest_commit(g, NULL, &err) != CT_OK) FAILED("commit");
        size_t nids;
        const long long *ids = ct_ingest_ids(g, &nids);
        if (check_runs(st, ids, nids, &o, &err))
            FAILED("check");
        else
            o.check_ok = 1;
        ct_ingest_free(g);
    }
    ct_textdoc_free(&d[0]);
    ct_textdoc_free(&d[1]);
    ct_store_close(st);
    return o;
}

typedef struct docstat {
    long long docs, whole;
} docstat;

/* Stored documents, and how many have exactly the records a clean run
 * gives them (by name). */
static long long expect_recs[3];
static const char *const names[3] = {"d0", "d1", "imp"};

static int on_doc(void *ud, const ct_docinfo *d)
{
    docstat *s = ud;
    s->docs++;
    for (int i = 0; i < 3; i++)
        if (!strcmp(d->name, names[i]) && d->nobs + d->ntargets == expect_recs[i]) s->whole++;
    return 0;
}

static long long cur_n;
static docstat inspect(void)
{
    docstat s = {0, 0};
    ct_store *st;
    ct_error err;
    if (ct_store_open(path, &st, &err) != CT_OK)
        fail_msg("fault %lld: reopening: %s", cur_n, err.msg);
    assert_int_equal(ct_store_docs(st, 0, on_doc, &s, &err), CT_OK);
    ct_store_close(st);
    return s;
}

static int on_ref(void *ud, const ct_docinfo *d)
{
    (void)ud;
    for (int i = 0; i < 3; i++)
        if (!strcmp(d->name, names[i])) expect_recs[i] = d->nobs + d->ntargets;
    return 0;
}

static outcome reference;

static void clean_run(void)
{
    remove_db();
    fail_at = fail_write = 0;
    verbose = 1;
    free(reference.json);
    reference = scenario();
    verbose = 0;
    assert_false(reference.failed);
    assert_true(reference.findings >= 2); /* the fresh document's conflict included */
    assert_non_null(strstr(reference.json, "\"quotes\":[\"Doanh thu"));
    ct_store *st;
    ct_error err;
    assert_int_equal(ct_store_open(path, &st, &err), CT_OK);
    assert_int_equal(ct_store_docs(st, 0, on_ref, NULL, &err), CT_OK);
    ct_store_close(st);
    for (int i = 0; i < 3; i++)
        assert_true(expect_recs[i] > 0);
    remove_db();
}

/* One run with a fault armed; returns 1 when the fault was reached. */
static int faulty_run(long long n, int io)
{
    remove_db();
    n_alloc = n_write = 0;
    long long live0 = live;
    if (io)
        fail_write = n;
    else
        fail_at = n;
    outcome o = scenario();
    int reached = io ? n_write >= n : n_alloc >= n;
    fail_at = fail_write = 0;
    if (live != live0)
        fail_msg("fault at %s %lld: %lld blocks not freed", io ? "write" : "alloc", n,
                 live - live0);
    cur_n = n;
    docstat s = inspect();
    if (s.docs != s.whole)
        fail_msg("fault at %s %lld: %lld documents stored, %lld whole", io ? "write" : "alloc", n,
                 s.docs, s.whole);
    if (!o.failed) {
        /* CT_OK everywhere: nothing may be missing, every quote as written */
        int same_json = o.json && reference.json && !strcmp(o.json, reference.json);
        if (s.whole != 3 || !o.check_ok || o.findings != reference.findings || !same_json)
            fail_msg("fault at %s %lld: no error, but %lld of 3 documents, %lld of %lld "
                     "findings%s",
                     io ? "write" : "alloc", n, s.whole, o.findings, reference.findings,
                     same_json ? "" : ", written otherwise");
    }
    free(o.json);
    return reached;
}

static void test_every_allocation(void **state)
{
    (void)state;
    clean_run();
    const char *from = getenv("CHITIEU_FAULT_FROM"); /* to debug one fault */
    long long n = from ? atoll(from) : 1;
    while (faulty_run(n, 0))
        n++;
    assert_true(n > 100); /* the scenario allocates: the hook is in use */
    print_message("allocation faults: %lld runs\n", n - 1);
}

static void test_every_write(void **state)
{
    (void)state;
    clean_run();
    long long n = 1;
    while (faulty_run(n, 1))
        n++;
    assert_true(n > 5);
    print_message("write faults: %lld runs\n", n - 1);
}

/* Extraction's allocations are failed too with CHITIEU_FAULT_EXTRACT=1.
 * Not by default: extract.c does not survive a failed ct_buf growth yet
 * (find_doc_period reads ex->head.data, NULL after an out-of-memory; and
 * process_tokens drops a sentence and returns CT_OK); the extraction
 * rewrite owns that file. */
int main(void)
{
    const char *fe = getenv("CHITIEU_FAULT_EXTRACT");
    fault_extract = fe && *fe == '1';
    /* on tmpfs when there is one: ten thousand databases are made */
    snprintf(path, sizeof path, "%s/ct_test_fault_%d.db",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", (int)getpid());
    install();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_allocation),
        cmocka_unit_test(test_every_write),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    free(reference.json);
    remove_db();
    return rc;
}
