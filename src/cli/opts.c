/* opts.c — the option table the commands parse their arguments with:
 * value options take the next argument, flags are set, --help prints the
 * usage, "--" ends the options, anything else starting with '-' is an
 * error, the rest are positional arguments. */
#include "cli.h"

#include <string.h>

int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts, const char **pos,
              int maxpos, int *npos, void (*usage)(FILE *fp))
{
    int n = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return -1;
        }
        if (!strcmp(a, "--")) { /* the rest are positional, whatever they look like */
            while (++i < argc) {
                if (n == maxpos) {
                    fprintf(stderr, "chitieu %s: unexpected '%s'\n", cmd, argv[i]);
                    usage(stderr);
                    return EXIT_USAGE;
                }
                pos[n++] = argv[i];
            }
            break;
        }
        const cli_opt *o = opts;
        while (o->name && strcmp(o->name, a) && !(o->alt && !strcmp(o->alt, a)))
            o++;
        if (o->name) {
            if (o->flag) {
                *o->flag = 1;
            } else if (i + 1 >= argc) {
                fprintf(stderr, "chitieu %s: %s needs a value\n", cmd, a);
                return EXIT_USAGE;
            } else {
                *o->value = argv[++i];
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "chitieu %s: unknown option '%s'\n", cmd, a);
            usage(stderr);
            return EXIT_USAGE;
        } else if (n < maxpos) {
            pos[n++] = a;
        } else {
            fprintf(stderr, "chitieu %s: unexpected '%s'\n", cmd, a);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (npos) *npos = n;
    return 0;
}

const char *cli_format(const char *cmd, const char *given, const char *dflt, const char *allowed)
{
    /* one vocabulary for every command: jsonl is the JSON word (a record
     * stream, or one document on one line, which is a stream of one);
     * json is accepted as its synonym, and sdmx for sdmx-csv */
    static const char *const words[] = {"table", "csv", "jsonl", "xlsx", "sdmx-csv",
                                        "txt",   "md",  "html",  NULL};
    const char *f = given ? given : dflt;
    if (!strcmp(f, "json")) f = "jsonl";
    if (!strcmp(f, "sdmx")) f = "sdmx-csv";
    for (int i = 0; words[i]; i++) {
        size_t n = strlen(words[i]);
        if (strcmp(f, words[i])) continue;
        for (const char *p = allowed; (p = strstr(p, f)) != NULL; p += n)
            if ((p == allowed || p[-1] == ',') && (p[n] == ',' || p[n] == '\0')) return words[i];
    }
    fprintf(stderr, "chitieu %s: --format '%s': expected one of %s\n", cmd, given ? given : f,
            allowed);
    return NULL;
}
