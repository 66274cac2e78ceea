/* test_api.c — the API's data-file tests (tests/data/api/NNNN, described
 * in its README): each file is a request and what the answer must hold,
 * run through srv_api without sockets, in name order, against one
 * database that starts with the two sample reports. */
#include "harness.h"

#include "server.h"

#include <dirent.h>
#include <jansson.h>
#include <unistd.h>

static char dbpath[64];
static srv S;
static ct_store *st;

static void add_token(const char *name, const char *role)
{
    char tok[64], h[65];
    ct_error err;
    snprintf(tok, sizeof tok, "ct_%s", name);
    ct_store_hash(tok, strlen(tok), h);
    assert_int_equal(ct_store_token_add(st, name, role, h, &err), CT_OK);
}

static void ingest_file(ct_ingest *g, const char *path, const char *name)
{
    ct_buf b;
    ct_buf_init(&b);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        ct_buf_append(&b, chunk, n);
    fclose(fp);
    ct_ingest_result res;
    ct_error err;
    ct_date pub = {2025, 7, 20};
    assert_int_equal(ct_ingest_text(g, name, b.data, b.len, pub, path, &res, &err), CT_OK);
    ct_buf_free(&b);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dbpath, sizeof dbpath, "/tmp/ct_test_api_%d.db", (int)getpid());
    unlink(dbpath);
    ct_error err;
    assert_int_equal(ct_store_open(dbpath, &st, &err), CT_OK);
    ct_ingest *g;
    assert_int_equal(ct_ingest_new(st, test_catalog(), NULL, &g, &err), CT_OK);
    ingest_file(g, CT_SAMPLES "/bao-cao-thang-5-2025.txt", "bao-cao-thang-5-2025");
    ingest_file(g, CT_SAMPLES "/so-ket-6-thang-2025.txt", "so-ket-6-thang-2025");
    assert_int_equal(ct_ingest_commit(g, NULL, &err), CT_OK);
    ct_ingest_free(g);
    add_token("admin", "admin");
    add_token("editor", "editor");
    memset(&S, 0, sizeof S);
    S.cat = test_catalog();
    S.db_path = dbpath;
    S.max_body = 1 << 20;
    pthread_mutex_init(&S.writing, NULL);
    S.areas = "kind\tname\ncity\tHà Nội\n";
    S.areas_len = strlen(S.areas);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ct_store_close(st);
    test_remove_db(dbpath);
    return 0;
}

/* ---- one case ------------------------------------------------------------------- */

/* The value at path ("a.b[0].c"; a trailing '#' asks for an array's
 * length, returned as a new integer the caller frees). */
static json_t *at(json_t *v, const char *path, int *owned)
{
    char key[128];
    const char *p = path;
    *owned = 0;
    while (v && *p && *p != '#') {
        if (*p == '.') p++;
        if (*p == '[') {
            long i = strtol(p + 1, (char **)&p, 10);
            if (*p == ']') p++;
            v = json_array_get(v, (size_t)i);
            continue;
        }
        size_t n = strcspn(p, ".[#");
        snprintf(key, sizeof key, "%.*s", (int)n, p);
        v = json_object_get(v, key);
        p += n;
    }
    if (v && *p == '#') {
        *owned = 1;
        return json_integer((json_int_t)json_array_size(v));
    }
    return v;
}

typedef struct kase {
    char name[200];
    srv_req rq;
    char method[16], path[256], ctype[64], auth[96];
    char args[SRV_MAX_ARGS][2][128];
    ct_buf body;
    char *expect; /* the lines after "expect:" */
} kase;

static void parse_case(char *text, kase *k)
{
    memset(k, 0, sizeof *k);
    ct_buf_init(&k->body);
    char *line = text, *nl;
    int in_body = 0;
    for (; line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        if (!strcmp(line, "expect:")) {
            k->expect = nl ? nl + 1 : NULL;
            break;
        }
        if (in_body) {
            if (k->body.len) ct_buf_putc(&k->body, '\n');
            ct_buf_puts(&k->body, line);
            continue;
        }
        if (line[0] == '#' || !line[0]) continue;
        if (!strncmp(line, "name: ", 6)) snprintf(k->name, sizeof k->name, "%s", line + 6);
        if (!strncmp(line, "request: ", 9)) sscanf(line + 9, "%15s %255s", k->method, k->path);
        if (!strncmp(line, "content-type: ", 14))
            snprintf(k->ctype, sizeof k->ctype, "%s", line + 14);
        if (!strncmp(line, "token: ", 7))
            snprintf(k->auth, sizeof k->auth, "Bearer ct_%s", line + 7);
        if (!strncmp(line, "arg: ", 5) && k->rq.nargs < SRV_MAX_ARGS) {
            char *eq = strchr(line + 5, '=');
            int i = k->rq.nargs++;
            snprintf(k->args[i][0], 128, "%.*s", eq ? (int)(eq - line - 5) : 127, line + 5);
            snprintf(k->args[i][1], 128, "%s", eq ? eq + 1 : "");
            k->rq.args[i].key = k->args[i][0];
            k->rq.args[i].value = k->args[i][1];
        }
        if (!strcmp(line, "body:")) in_body = 1;
    }
    k->rq.method = k->method;
    k->rq.path = k->path;
    k->rq.body = k->body.data;
    k->rq.body_len = k->body.len;
    k->rq.content_type = k->ctype[0] ? k->ctype : NULL;
    k->rq.authorization = k->auth[0] ? k->auth : NULL;
}

/* Check rs against the expectations; the number of failures (printed). */
static int check_case(const char *file, const kase *k, const srv_resp *rs)
{
    int bad = 0;
    json_error_t je;
    json_t *doc = json_loadb(rs->body.data ? rs->body.data : "", rs->body.len, 0, &je);
    char *ex = strdup(k->expect ? k->expect : ""), *line = ex, *nl;
    for (; line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        int ok = 1;
        if (!strncmp(line, "status: ", 8)) {
            ok = rs->status == atoi(line + 8);
        } else if (!strncmp(line, "type: ", 6)) {
            ok = rs->type && !strcmp(rs->type, line + 6);
        } else if (!strncmp(line, "contains: ", 10)) {
            ok = rs->body.data && strstr(rs->body.data, line + 10);
        } else if (!strncmp(line, "has: ", 5)) {
            int owned = 0;
            json_t *v = doc ? at(doc, line + 5, &owned) : NULL;
            ok = v != NULL;
            if (owned) json_decref(v);
        } else if (!strncmp(line, "json: ", 6)) {
            char *sp = strchr(line + 6, ' ');
            ok = 0;
            if (sp && doc) {
                *sp = '\0';
                int owned;
                json_t *v = at(doc, line + 6, &owned);
                json_t *want = json_loads(sp + 1, JSON_DECODE_ANY, &je);
                ok = v && want && json_equal(v, want);
                if (!ok && v && want && json_is_number(v) && json_is_number(want))
                    ok = json_number_value(v) == json_number_value(want);
                json_decref(want);
                if (owned) json_decref(v);
                *sp = ' ';
            }
        }
        if (!ok) {
            print_error("%s (%s): expected %s\n", file, k->name, line);
            bad++;
        }
    }
    if (bad) print_error("  answer %d: %.*s\n", rs->status, (int)rs->body.len, rs->body.data);
    json_decref(doc);
    free(ex);
    return bad;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_data_files(void **state)
{
    (void)state;
    DIR *d = opendir(CT_TEST_DATA "/api");
    assert_non_null(d);
    char *names[512];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 512)
        if (e->d_name[0] >= '0' && e->d_name[0] <= '9') names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_name);
    assert_true(n > 0);
    int failures = 0;
    for (int i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/api/%s", CT_TEST_DATA, names[i]);
        FILE *fp = fopen(path, "rb");
        assert_non_null(fp);
        ct_buf text;
        ct_buf_init(&text);
        char chunk[4096];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
            ct_buf_append(&text, chunk, got);
        fclose(fp);
        kase k;
        parse_case(text.data ? text.data : "", &k);
        srv_resp rs;
        memset(&rs, 0, sizeof rs);
        ct_buf_init(&rs.body);
        srv_api(&S, st, &k.rq, &rs);
        failures += check_case(names[i], &k, &rs);
        ct_buf_free(&rs.body);
        ct_buf_free(&k.body);
        ct_buf_free(&text);
        free(names[i]);
    }
    print_message("%d API cases\n", n);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_data_files, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
