/* fuzz_api.c — the server's API on arbitrary requests: method, path,
 * query arguments, headers and body taken from the input, run against a
 * database with a few documents and a token. Nothing may crash, leak or
 * answer without a status; an error is always a JSON object.
 *
 * Input: lines "METHOD PATH", then "key=value" arguments, "@ct TYPE",
 * "@auth VALUE", then a line "--" and the body. */
#include "server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static srv g;
static ct_store *st;
static ct_catalog *cat;

static void setup(void)
{
    ct_error err;
    cat = ct_catalog_load(CT_CATALOG, &err);
    if (!cat) abort();
    static char path[64];
    snprintf(path, sizeof path, "/tmp/fuzz_api_%d.db", (int)getpid());
    unlink(path);
    if (ct_store_open(path, &st, &err) != CT_OK) abort();
    unlink(path); /* the open handle keeps it */
    char h[65];
    ct_store_hash("ct_fuzz", 7, h);
    ct_store_token_add(st, "fuzz", "admin", h, &err);
    memset(&g, 0, sizeof g);
    g.cat = cat;
    g.db_path = path;
    g.max_body = 1 << 20;
    pthread_mutex_init(&g.writing, NULL);
    g.areas = "kind\tname\ncity\tHà Nội\n";
    g.areas_len = strlen(g.areas);
    /* two documents so that reads have something to read */
    static const char *texts[] = {
        "Trong quý 1/2024, số vụ tấn công mạng là 1.812 cuộc, giảm 38% so với cùng kỳ năm 2023 "
        "(2.921 cuộc).",
        "Doanh thu an toàn thông tin quý 1/2024 ước đạt 804 tỷ đồng, tăng 46,8% so với cùng kỳ."};
    for (int i = 0; i < 2; i++) {
        srv_req rq;
        memset(&rq, 0, sizeof rq);
        rq.method = "POST";
        rq.path = "/api/documents";
        rq.body = texts[i];
        rq.body_len = strlen(texts[i]);
        rq.authorization = "Bearer ct_fuzz";
        srv_resp rs;
        memset(&rs, 0, sizeof rs);
        srv_api(&g, st, &rq, &rs);
        ct_buf_free(&rs.body);
    }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (!st) setup();
    char *in = malloc(size + 1);
    if (!in) return 0;
    memcpy(in, data, size);
    in[size] = '\0';
    srv_req rq;
    memset(&rq, 0, sizeof rq);
    rq.method = "GET";
    rq.path = "/api/indicators";
    char *body = strstr(in, "\n--\n");
    size_t head_len = body ? (size_t)(body - in) : size;
    if (body) {
        rq.body = body + 4;
        rq.body_len = size - head_len - 4;
    }
    in[head_len] = '\0';
    char *save = NULL;
    int first = 1;
    for (char *line = strtok_r(in, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (first) {
            first = 0;
            char *sp = strchr(line, ' ');
            if (sp) {
                *sp = '\0';
                rq.method = line;
                rq.path = sp + 1;
            } else
                rq.path = line;
        } else if (!strncmp(line, "@ct ", 4))
            rq.content_type = line + 4;
        else if (!strncmp(line, "@auth ", 6))
            rq.authorization = line + 6;
        else if (rq.nargs < SRV_MAX_ARGS) {
            char *eq = strchr(line, '=');
            if (eq) *eq = '\0';
            rq.args[rq.nargs].key = line;
            rq.args[rq.nargs].value = eq ? eq + 1 : NULL;
            rq.nargs++;
        }
    }
    /* deleting would empty the database for later inputs, and stored posts
     * would grow it without end: writes run as dry runs (same code path up
     * to the rollback) */
    if (!strcmp(rq.method, "DELETE")) rq.method = "GET";
    if (!strcmp(rq.method, "POST")) {
        if (rq.nargs == SRV_MAX_ARGS) rq.nargs--;
        memmove(&rq.args[1], &rq.args[0], (size_t)rq.nargs * sizeof rq.args[0]);
        rq.args[0].key = "dry_run";
        rq.args[0].value = "1";
        rq.nargs++;
    }
    srv_resp rs;
    memset(&rs, 0, sizeof rs);
    srv_api(&g, st, &rq, &rs);
    if (rs.status < 200 || rs.status > 599) abort();
    if (rs.status >= 400 && (!rs.body.data || strncmp(rs.body.data, "{\"error\":", 9))) abort();
    ct_buf_free(&rs.body);
    free(in);
    return 0;
}
