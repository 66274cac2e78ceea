/* cmd_findings.c — `chitieu findings status|log`: a person's word on a
 * finding of `chitieu check` (confirmed, explained with a note, dismissed,
 * open again), kept as an audited mark by the finding's id (review.h); a
 * dismissed finding is left out of the next check. */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <string.h>

static void usage(FILE *fp)
{
    fputs("usage: chitieu findings status ID open|confirmed|explained|dismissed\n"
          "                               [--note TEXT] [--by NAME]\n"
          "       chitieu findings log [--finding ID] [--format table|jsonl]\n"
          "  (both take --db PATH and --catalog FILE)\n"
          "\n"
          "status marks finding ID (the 16 hex digits chitieu check prints) as confirmed,\n"
          "explained (give the explanation with --note), dismissed (chitieu check leaves\n"
          "it out from then on; chitieu check --dismissed shows it) or open again.\n"
          "log lists every mark in order: id, time, finding, status, reviewer, note.\n"
          "--by defaults to the login name.\n"
          "\n"
          "Exit statuses: 0 ok, 64 usage, 65 no such finding or a mark that does not fit,\n"
          "74 database error, 78 bad catalogue.\n",
          fp);
}

typedef struct logger {
    int jsonl, status;
    ct_buf out;
} logger;

static int on_mark(void *ud, const ct_finding_mark *m)
{
    logger *g = ud;
    if (g->jsonl) {
        ct_json j;
        ct_json_init(&j, &g->out);
        ct_json_obj(&j);
        ct_json_kll(&j, "mark", m->id);
        ct_json_kstr(&j, "finding", m->finding);
        ct_json_kstr(&j, "status", ct_finding_status_name(m->status));
        ct_json_kstr(&j, "by", m->who);
        ct_json_kstr(&j, "at", m->at);
        ct_json_key(&j, "note");
        ct_json_str_or_null(&j, m->note);
        ct_json_end(&j);
        ct_json_nl(&j);
    } else {
        ct_buf_printf(&g->out, "%5lld  %s  %s  %-9s  %-12s %s\n", m->id, m->at, m->finding,
                      ct_finding_status_name(m->status), m->who, m->note ? m->note : "");
    }
    if (g->out.len > 65536) {
        if (cli_write(g->out.data, g->out.len)) g->status = EXIT_IOERR;
        ct_buf_reset(&g->out);
    }
    return g->status != 0;
}

int cmd_findings(int argc, char **argv)
{
    const char *db = NULL, *catalog = NULL, *note = NULL, *by = NULL, *format = NULL,
               *finding = NULL;
    const cli_opt opts[] = {{"--db", NULL, &db, NULL},         {"--catalog", NULL, &catalog, NULL},
                            {"--note", NULL, &note, NULL},     {"--by", NULL, &by, NULL},
                            {"--format", NULL, &format, NULL}, {"--finding", NULL, &finding, NULL},
                            {NULL, NULL, NULL, NULL}};
    const char *pos[4] = {NULL};
    int npos = 0;
    int prc = cli_parse("findings", argc, argv, opts, pos, 4, &npos, usage);
    if (prc) return prc < 0 ? EXIT_OK : prc;
    int is_log = npos >= 1 && !strcmp(pos[0], "log");
    int is_status = npos >= 1 && !strcmp(pos[0], "status");
    if (!is_log && !is_status) {
        fprintf(stderr, "chitieu findings: expected status or log\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    if (is_log && npos != 1) {
        fprintf(stderr, "chitieu findings log: takes no arguments (--finding ID)\n");
        return EXIT_USAGE;
    }
    ct_finding_status s = CT_FSTATUS_OPEN;
    if (is_status && npos != 3) {
        fprintf(stderr, "chitieu findings status: give ID and open, confirmed, explained or "
                        "dismissed\n");
        return EXIT_USAGE;
    }
    if (is_status && ct_finding_status_parse(pos[2], &s) != CT_OK) {
        fprintf(stderr,
                "chitieu findings status: '%s': expected open, confirmed, explained or "
                "dismissed\n",
                pos[2]);
        return EXIT_USAGE;
    }
    if (is_status && s == CT_FSTATUS_EXPLAINED && (!note || !*note)) {
        fprintf(stderr, "chitieu findings status: explained needs the explanation (--note)\n");
        return EXIT_USAGE;
    }
    const char *fmt = NULL;
    if (format && !(fmt = cli_format("findings", format, "table", "table,jsonl")))
        return EXIT_USAGE;
    ct_catalog *cat;
    ct_store *st;
    int status = cli_open("findings", catalog, db, NULL, &cat, &st);
    if (status) return status;
    ct_error err;
    ct_error_clear(&err);
    int rc;
    if (is_log) {
        logger g = {.jsonl = fmt && !strcmp(fmt, "jsonl")};
        ct_buf_init(&g.out);
        rc = ct_store_marks(st, finding, 1, on_mark, &g, &err);
        if (rc == CT_OK && g.out.oom) rc = ct_error_set(&err, CT_ENOMEM, -1, 0, "out of memory");
        if (rc == CT_OK && g.out.len && cli_write(g.out.data, g.out.len)) g.status = EXIT_IOERR;
        if (rc == CT_OK) status = g.status;
        ct_buf_free(&g.out);
    } else {
        long long mid = 0;
        rc = ct_finding_mark_set(st, cat, pos[1], s, cli_who(by), note, &mid, &err);
        if (rc == CT_OK)
            printf("mark %lld: finding %s %s\n", mid, pos[1], ct_finding_status_name(s));
    }
    if (rc != CT_OK) {
        err.code = rc;
        status = cli_fail(rc == CT_EINVAL || rc == CT_ENOENT ? CLI_REFUSED : CLI_STORE,
                          is_log ? "chitieu findings log" : "chitieu findings status", &err);
    }
    ct_store_close(st);
    ct_catalog_free(cat);
    return status;
}
