/* cli.h — shared pieces of the chitieu front end: exit statuses (sysexits),
 * option helpers and streaming input. */
#ifndef CHITIEU_CLI_H
#define CHITIEU_CLI_H

#include <stddef.h>
#include <stdio.h>

/* Exit statuses, from sysexits.h; documented in docs/chitieu.1.md. */
enum {
    EXIT_OK = 0,
    EXIT_USAGE = 64,    /* bad command line */
    EXIT_DATAERR = 65,  /* an input is not valid UTF-8 text */
    EXIT_NOINPUT = 66,  /* an input file is missing or not a regular file */
    EXIT_SOFTWARE = 70, /* internal error */
    EXIT_OSERR = 71,    /* out of memory */
    EXIT_IOERR = 74,    /* read or write failed */
    EXIT_CONFIG = 78,   /* the catalogue does not load */
};

extern const char *cli_prog;

int cmd_extract(int argc, char **argv);
int cmd_catalog(int argc, char **argv);

/* Read path ("-" for stdin) in chunks, calling fn for each; returns 0, or
 * an EXIT_* status after printing "path: reason" on stderr. fn returns
 * non-zero to stop (its value is returned). */
typedef int (*cli_chunk_fn)(void *ud, const char *buf, size_t n);
int cli_read(const char *path, cli_chunk_fn fn, void *ud, long long *total_size);

/* "YYYY-MM-DD" or "YYYY-MM" → y, m, d (d = 0 when absent). 0 on success. */
int cli_parse_date(const char *s, int *y, int *m, int *d);

/* Write all of buf to stdout; EXIT_IOERR on failure. */
int cli_write(const char *buf, size_t n);

#endif
