/* cmd_catalog.c — `chitieu catalog`: list the indicators the extractor
 * knows, with unit, flow/stock and aliases. */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <stdio.h>
#include <string.h>

static void print_alias(void *ud, const char *phrase)
{
    int *first = ud;
    printf("%s%s", *first ? "" : " | ", phrase);
    *first = 0;
}

static void usage(FILE *fp)
{
    fputs("usage: chitieu catalog [--catalog FILE] [--aliases]\n"
          "\n"
          "List the indicator catalogue: code, unit, flow/stock, Vietnamese name.\n"
          "  --catalog FILE  load FILE over the default catalogue\n"
          "  --aliases       also list the phrases that name each indicator\n",
          fp);
}

int cmd_catalog(int argc, char **argv)
{
    const char *extra = NULL;
    int aliases = 0, status = 0;
    const cli_opt opts[] = {{"--catalog", NULL, &extra, NULL},
                            {"--aliases", NULL, NULL, &aliases},
                            {NULL, NULL, NULL, NULL}};
    int prc = cli_parse("catalog", argc, argv, opts, NULL, 0, NULL, usage);
    if (prc) return prc < 0 ? EXIT_OK : prc;
    ct_catalog *cat = cli_catalog(extra, &status);
    if (!cat) return status;
    for (size_t i = 0; i < ct_catalog_count(cat); i++) {
        const ct_indicator *ind = ct_catalog_at(cat, i);
        printf("%s\t%s\t%s\t%s", ind->code, ind->unit, ind->measure == CT_STOCK ? "stock" : "flow",
               ind->name_vi);
        if (aliases) {
            int first = 1;
            printf("\t");
            ct_catalog_each_alias(cat, ind->code, print_alias, &first);
        }
        putchar('\n');
    }
    ct_catalog_free(cat);
    return EXIT_OK;
}
