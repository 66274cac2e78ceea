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
          "  ingest    extract documents and store them in the database\n"
          "  import    store structured records from CSV or JSON Lines\n"
          "  documents list the stored documents\n"
          "  series    one indicator's values period by period, with their sources\n"
          "  check     judge documents or the database: changes, periods, conflicts...\n"
          "  conflicts list the cross-source conflicts in the database\n"
          "  export    the database as CSV, JSON Lines, XLSX or SDMX-CSV\n"
          "  targets   each target with its latest figure and status\n"
          "  chart     draw an indicator's series as SVG\n"
          "  report    a Vietnamese report of one period (txt, md, html)\n"
          "  serve     the HTTP API and the web dashboard\n"
          "  token     create, list and revoke the server's bearer tokens\n"
          "  review    accept, correct, reject and add records; the review log\n"
          "  findings  confirm, explain or dismiss a finding; the marks' log\n"
          "  eval      score extraction against gold records (review export --gold)\n"
          "  db        copy a whole database between SQLite and PostgreSQL\n"
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
    if (!strcmp(cmd, "ingest")) return cmd_ingest(argc - 1, argv + 1);
    if (!strcmp(cmd, "import")) return cmd_import(argc - 1, argv + 1);
    if (!strcmp(cmd, "documents")) return cmd_documents(argc - 1, argv + 1);
    if (!strcmp(cmd, "series")) return cmd_series(argc - 1, argv + 1);
    if (!strcmp(cmd, "check")) return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "conflicts")) return cmd_conflicts(argc - 1, argv + 1);
    if (!strcmp(cmd, "export")) return cmd_export(argc - 1, argv + 1);
    if (!strcmp(cmd, "targets")) return cmd_targets(argc - 1, argv + 1);
    if (!strcmp(cmd, "chart")) return cmd_chart(argc - 1, argv + 1);
    if (!strcmp(cmd, "report")) return cmd_report(argc - 1, argv + 1);
    if (!strcmp(cmd, "serve")) return cmd_serve(argc - 1, argv + 1);
    if (!strcmp(cmd, "token")) return cmd_token(argc - 1, argv + 1);
    if (!strcmp(cmd, "review")) return cmd_review(argc - 1, argv + 1);
    if (!strcmp(cmd, "findings")) return cmd_findings(argc - 1, argv + 1);
    if (!strcmp(cmd, "eval")) return cmd_eval(argc - 1, argv + 1);
    if (!strcmp(cmd, "db")) return cmd_db(argc - 1, argv + 1);
    fprintf(stderr, "chitieu: unknown command '%s' (see chitieu --help)\n", cmd);
    return EXIT_USAGE;
}
