/* cli.h — shared pieces of the chitieu front end: exit statuses (sysexits)
 * and the one table from library codes to them, option parsing (opts.c),
 * streaming input, and what the database commands share (db.c). The
 * work itself is the library's; `serve` runs src/server's srv_run. */
#ifndef CHITIEU_CLI_H
#define CHITIEU_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "chitieu/error.h"

/* Exit statuses, from sysexits.h; documented in docs/chitieu.1.md. */
enum {
    EXIT_OK = 0,
    EXIT_USAGE = 64,    /* bad command line */
    EXIT_DATAERR = 65,  /* an input is not valid UTF-8 text */
    EXIT_NOINPUT = 66,  /* an input file is missing or not a regular file */
    EXIT_UNAVAILABLE = 69, /* a helper program is missing (rsvg-convert) */
    EXIT_SOFTWARE = 70, /* internal error */
    EXIT_OSERR = 71,    /* out of memory */
    EXIT_IOERR = 74,    /* read or write failed */
    EXIT_CONFIG = 78,   /* the catalogue does not load */
};

extern const char *cli_prog;

/* ---- status.c: result code → message and exit status, one table ---- */
typedef enum {
    CLI_OPEN = 0, /* opening the database */
    CLI_STORE,    /* reading or writing it */
    CLI_TEXT,     /* a document's text */
    CLI_REFUSED,  /* a request the store refuses (name taken, no such token) */
} cli_ctx;
int cli_status(cli_ctx ctx, int code);
/* A code's message: ct_strerror's, except where a file's reader says more. */
const char *cli_what(int code);
/* Print "prefix: message" (cli_prog when prefix is NULL; err's message,
 * else cli_what) and return the exit status. */
int cli_fail(cli_ctx ctx, const char *prefix, const ct_error *err);
/* A document that does not extract: "path:offset: what"; the status. */
int cli_text_error(const char *path, const ct_error *err);

int cmd_extract(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_series(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_conflicts(int argc, char **argv);
int cmd_documents(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_targets(int argc, char **argv);
int cmd_chart(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_findings(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_db(int argc, char **argv);

/* Read path ("-" for stdin) in chunks, calling fn for each; returns 0, or
 * an EXIT_* status after printing "path: reason" on stderr. fn returns
 * non-zero to stop (its value is returned). */
typedef int (*cli_chunk_fn)(void *ud, const char *buf, size_t n);
int cli_read(const char *path, cli_chunk_fn fn, void *ud, long long *total_size);

/* Write all of buf to stdout; EXIT_IOERR on failure. */
int cli_write(const char *buf, size_t n);

/* ---- opts.c: the argument parser of the commands ---- */
typedef struct cli_opt {
    const char *name, *alt; /* "--output", "-o" */
    const char **value;     /* a value option: set to the next argument */
    int *flag;              /* or a flag: set to 1 */
} cli_opt;
/* Parse argv[1..] with the NULL-ended table; positional arguments go to
 * pos (at most maxpos, their count in *npos). Returns 0, -1 after --help
 * (usage printed: exit 0), or EXIT_USAGE after a one-line message. */
int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts, const char **pos,
              int maxpos, int *npos, void (*usage)(FILE *fp));

/* --format's word (given, else dflt) if allowed (a comma list such as
 * "table,csv,jsonl"), with the synonyms json = jsonl and sdmx = sdmx-csv;
 * NULL after a message naming the allowed words. The result is static. */
const char *cli_format(const char *cmd, const char *given, const char *dflt, const char *allowed);

/* ---- db.c: what the database commands share ---- */
#include "chitieu/chitieu.h"

/* --db, else $CHITIEU_DB, else ./chitieu.db */
const char *cli_db_path(const char *opt);
/* Open the store; prints "chitieu: reason" and returns an EXIT_* on failure. */
int cli_open_store(const char *path, ct_store **st);
/* The catalogue (plus extra), a known indicator code (when code is not
 * NULL) and the store, or an EXIT_* with the message printed and nothing
 * left open. */
int cli_open(const char *cmd, const char *catalog, const char *db, const char *code,
             ct_catalog **cat, ct_store **st);
/* Open the database of a command that only reads: a path that does not
 * exist is refused (EXIT_NOINPUT, message printed) instead of created. */
int cli_open_existing(const char *cmd, const char *path, ct_store **st);
/* --from and --to (either NULL) in contract notation or as the reports
 * write periods (ct_period_parse_text); EXIT_USAGE after a message. */
int cli_periods(const char *cmd, const ct_catalog *cat, const char *from, const char *to,
                ct_period *pf, ct_period *pt);
/* --as-of YYYY-MM (NULL: this month) as a month index, or EXIT_USAGE. */
int cli_as_of(const char *cmd, const char *asof, int *month);
/* The default catalogue plus extra (may be NULL); NULL and *status set on failure. */
ct_catalog *cli_catalog(const char *extra, int *status);
/* Document id of a path: file name without directory and extension. */
char *cli_doc_id(const char *path);
/* A stored document by name or id: its id and name; CT_ENOENT when none. */
int cli_doc_ref(ct_store *st, const char *name_or_id, long long *id, char *name, size_t size,
                ct_error *err);
/* Read a whole file ("-": stdin) into out; 0 or an EXIT_* (message printed). */
int cli_slurp(const char *path, ct_buf *out);

/* The reviewer: --by, else the login name ($USER, getlogin), else "unknown". */
const char *cli_who(const char *by);

/* A progress line on stderr when it is a terminal: "\rlabel: done/total". */
void cli_progress(const char *label, long long done, long long total);

#endif
