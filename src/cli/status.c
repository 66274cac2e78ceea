/* status.c — the one table from a library result code to what the front
 * end says and the exit status it leaves (sysexits.h values, documented
 * in docs/chitieu.1.md and each command's --help). The status depends on
 * what was being done: opening the database (a file that is not one is
 * bad data), reading or writing it (a database error is an I/O error), a
 * document's text (invalid text is bad data), or a request the store
 * refuses (a name taken, no such token). `check` and `conflicts` keep the
 * linters' 0/1/2 instead. */
#include "chitieu/chitieu.h"
#include "cli.h"

static const struct {
    int code;
    int status[4];    /* by cli_ctx: open, store, text, refused */
    const char *what; /* the message when not ct_strerror's */
} table[] = {
    {CT_ENOMEM, {EXIT_OSERR, EXIT_OSERR, EXIT_OSERR, EXIT_OSERR}, NULL},
    {CT_EIO, {EXIT_IOERR, EXIT_IOERR, EXIT_IOERR, EXIT_IOERR}, NULL},
    {CT_EUTF8, {EXIT_DATAERR, EXIT_IOERR, EXIT_DATAERR, EXIT_IOERR}, NULL},
    {CT_EBINARY,
     {EXIT_DATAERR, EXIT_IOERR, EXIT_DATAERR, EXIT_IOERR},
     "binary file (NUL byte), not text"},
    {CT_EPARSE, {EXIT_DATAERR, EXIT_IOERR, EXIT_DATAERR, EXIT_IOERR}, NULL},
    {CT_EINVAL, {EXIT_DATAERR, EXIT_IOERR, EXIT_DATAERR, EXIT_DATAERR}, NULL},
    {CT_ENOENT, {EXIT_DATAERR, EXIT_IOERR, EXIT_DATAERR, EXIT_DATAERR}, NULL},
};

int cli_status(cli_ctx ctx, int code)
{
    if (code == CT_OK) return EXIT_OK;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].code == code) return table[i].status[ctx];
    return EXIT_SOFTWARE;
}

const char *cli_what(int code)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].code == code && table[i].what) return table[i].what;
    return ct_strerror(code);
}

int cli_fail(cli_ctx ctx, const char *prefix, const ct_error *err)
{
    const char *msg = err->msg[0] ? err->msg : cli_what(err->code);
    fprintf(stderr, "%s: %s\n", prefix ? prefix : cli_prog, msg);
    return cli_status(ctx, err->code);
}

int cli_text_error(const char *path, const ct_error *err)
{
    /* the extractor's codes; anything else it returns is bad text too */
    int code = err->code == CT_ENOMEM || err->code == CT_EBINARY ? err->code : CT_EUTF8;
    fprintf(stderr, "%s:%lld: %s\n", path, err->offset, cli_what(code));
    return cli_status(CLI_TEXT, code);
}
