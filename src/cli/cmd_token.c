/* cmd_token.c — `chitieu token create|list|revoke`: the bearer tokens that
 * let `chitieu serve` take writes. A token is printed once, when made; the
 * database keeps only its SHA-256, so a copied database gives no access. */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *fp)
{
    fputs("usage: chitieu token create --name NAME --role editor|admin [--db PATH]\n"
          "       chitieu token list [--db PATH]\n"
          "       chitieu token revoke NAME [--db PATH]\n"
          "\n"
          "create prints a new random token once (keep it: only its hash is stored);\n"
          "the server takes it as 'Authorization: Bearer TOKEN'. An editor adds\n"
          "documents and records; an admin may also delete documents. NAME is shown\n"
          "in the access log and becomes the source of figures entered with the token.\n"
          "\n"
          "Exit statuses: 0 ok, 64 usage, 65 name taken or no such token, 74 database error.\n",
          fp);
}

static int on_row(void *ud, const ct_token *t)
{
    (void)ud;
    /* padded by display width: printf's %-24s counts bytes, and a
     * Vietnamese name has two or three per letter */
    ct_buf b;
    ct_buf_init(&b);
    ct_render_pad(&b, t->name, 24);
    ct_render_pad(&b, t->role, 7);
    ct_render_pad(&b, t->created, 21);
    ct_buf_printf(&b, "%s\n", t->revoked ? t->revoked : "live");
    int rc = b.data ? cli_write(b.data, b.len) : EXIT_OSERR;
    ct_buf_free(&b);
    return rc;
}

int cmd_token(int argc, char **argv)
{
    const char *name = NULL, *role = NULL, *db = NULL, *pos[2] = {NULL, NULL};
    int npos = 0;
    const cli_opt opts[] = {{"--name", NULL, &name, NULL},
                            {"--role", NULL, &role, NULL},
                            {"--db", NULL, &db, NULL},
                            {NULL, NULL, NULL, NULL}};
    int prc = cli_parse("token", argc, argv, opts, pos, 2, &npos, usage);
    if (prc) return prc < 0 ? EXIT_OK : prc;
    const char *verb = pos[0];
    if (!verb || (strcmp(verb, "create") && strcmp(verb, "list") && strcmp(verb, "revoke"))) {
        fprintf(stderr, "chitieu token: expected create, list or revoke\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(verb, "create") && (!name || !*name || !role || npos != 1)) {
        fprintf(stderr, "chitieu token create: give --name NAME and --role editor|admin\n");
        return EXIT_USAGE;
    }
    if (!strcmp(verb, "create") && strcmp(role, "editor") && strcmp(role, "admin")) {
        fprintf(stderr, "chitieu token create: --role '%s': expected editor or admin\n", role);
        return EXIT_USAGE;
    }
    if (!strcmp(verb, "revoke") && (npos != 2 || !*pos[1])) {
        fprintf(stderr, "chitieu token revoke: which token? (chitieu token list)\n");
        return EXIT_USAGE;
    }
    if (!strcmp(verb, "list") && npos != 1) {
        fprintf(stderr, "chitieu token list: takes no arguments\n");
        return EXIT_USAGE;
    }
    ct_store *st;
    /* only create writes; listing or revoking in a missing database is a typo */
    int status = !strcmp(verb, "create") ? cli_open_store(cli_db_path(db), &st)
                                         : cli_open_existing("token", cli_db_path(db), &st);
    if (status) return status;
    ct_error err;
    int rc;
    if (!strcmp(verb, "create")) {
        char tok[CT_TOKEN_SIZE], h[65];
        rc = ct_token_new(tok, &err);
        if (rc == CT_OK) {
            ct_store_hash(tok, strlen(tok), h);
            rc = ct_store_token_add(st, name, role, h, &err);
        }
        if (rc == CT_OK) {
            printf("%s\n", tok);
            if (isatty(STDERR_FILENO))
                fprintf(stderr, "chitieu token: '%s' (%s) created; this token is shown only once\n",
                        name, role);
        }
        memset(tok, 0, sizeof tok);
    } else if (!strcmp(verb, "list")) {
        rc = ct_store_tokens(st, on_row, NULL, &err);
    } else {
        rc = ct_store_token_revoke(st, pos[1], &err);
        if (rc == CT_OK) fprintf(stderr, "chitieu token: '%s' revoked\n", pos[1]);
    }
    if (rc != CT_OK) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "chitieu token %s", verb);
        err.code = rc;
        status = cli_fail(CLI_REFUSED, prefix, &err);
    }
    ct_store_close(st);
    return status;
}
