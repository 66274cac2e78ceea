/* cmd_db.c — `chitieu db copy FROM TO`: a whole database from one
 * backend into another (a SQLite file, a postgres:// URL), verified by
 * its counts. The copying is the library's (ct_store_copy). */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *fp)
{
    fputs("usage: chitieu db copy FROM TO [--catalog FILE]\n"
          "\n"
          "Copy every document (its text, source, dates and area), its records and\n"
          "targets, and every review from database FROM into the empty database TO,\n"
          "in one transaction, then compare the counts of both. FROM and TO are SQLite\n"
          "files or PostgreSQL URLs (postgresql://user@host/db); TO is created when it\n"
          "is a file that does not exist. Tokens are not copied (only their hashes are\n"
          "kept): create new ones in TO.\n"
          "\n"
          "Exit statuses: 0 ok, 64 usage, 65 TO is not empty, 66 FROM does not exist,\n"
          "74 database error or counts that differ (nothing is kept), 78 bad catalogue.\n",
          fp);
}

int cmd_db(int argc, char **argv)
{
    const char *catalog = NULL, *pos[3] = {NULL, NULL, NULL};
    int npos = 0;
    const cli_opt opts[] = {{"--catalog", NULL, &catalog, NULL}, {NULL, NULL, NULL, NULL}};
    int prc = cli_parse("db", argc, argv, opts, pos, 3, &npos, usage);
    if (prc) return prc < 0 ? EXIT_OK : prc;
    if (npos != 3 || strcmp(pos[0], "copy")) {
        fprintf(stderr, "chitieu db: expected 'copy FROM TO'\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(pos[1], pos[2])) {
        fprintf(stderr, "chitieu db copy: FROM and TO are the same database\n");
        return EXIT_USAGE;
    }
    int status = EXIT_OK;
    ct_catalog *cat = cli_catalog(catalog, &status);
    if (!cat) return status;
    ct_store *from = NULL, *to = NULL;
    if ((status = cli_open_existing("db copy", pos[1], &from)) == EXIT_OK)
        status = cli_open_store(pos[2], &to);
    if (status == EXIT_OK) {
        ct_copy_counts n;
        ct_error err;
        int rc = ct_store_copy(from, to, cat, &n, &err);
        if (rc == CT_OK)
            fprintf(stderr,
                    "chitieu db copy: %lld documents, %lld observations, %lld targets, %lld "
                    "reviews copied; counts verified\n",
                    n.docs, n.obs, n.targets, n.reviews);
        else
            status = cli_fail(rc == CT_EINVAL ? CLI_REFUSED : CLI_STORE, "chitieu db copy", &err);
    }
    ct_store_close(from);
    ct_store_close(to);
    ct_catalog_free(cat);
    return status;
}
