/* main.c — `chitieu`: dispatch to the command implementations. */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <stdio.h>
#include <string.h>

const char *cli_prog = "chitieu";

static void usage(FILE *fp)
{
    fputs("usage: chitieu COMMAND [OPTIONS] [ARGS]\n"
          "\n"
          "Statistics of Vietnam's information and communications sector.\n"
          "\n"
          "commands:\n"
          "  extract   read Vietnamese report text and print indicator records\n"
          "  catalog   list the indicator catalogue and its aliases\n"
          "\n"
          "Run 'chitieu COMMAND --help' for a command's options.\n"
          "Exit statuses: 0 ok, 64 usage, 65 bad input data, 66 missing input,\n"
          "70 internal error, 71 out of memory, 74 I/O error, 78 bad catalogue.\n",
          fp);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--version")) {
        printf("chitieu %s\n", CT_VERSION);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "extract")) return cmd_extract(argc - 1, argv + 1);
    if (!strcmp(cmd, "catalog")) return cmd_catalog(argc - 1, argv + 1);
    fprintf(stderr, "chitieu: unknown command '%s' (see chitieu --help)\n", cmd);
    return EXIT_USAGE;
}
