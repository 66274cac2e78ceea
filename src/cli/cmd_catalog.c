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

int cmd_catalog(int argc, char **argv)
{
    const char *extra = NULL;
    int aliases = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            puts("usage: chitieu catalog [--catalog FILE] [--aliases]\n"
                 "\n"
                 "List the indicator catalogue: code, unit, flow/stock, Vietnamese name.\n"
                 "  --catalog FILE  load FILE over the default catalogue\n"
                 "  --aliases       also list the phrases that name each indicator");
            return EXIT_OK;
        } else if (!strcmp(argv[i], "--catalog") && i + 1 < argc) {
            extra = argv[++i];
        } else if (!strcmp(argv[i], "--aliases")) {
            aliases = 1;
        } else {
            fprintf(stderr, "chitieu catalog: unknown option '%s'\n", argv[i]);
            return EXIT_USAGE;
        }
    }
    ct_error err;
    ct_catalog *cat = ct_catalog_load_default(&err);
    if (!cat) {
        fprintf(stderr, "chitieu: %s\n", err.msg);
        return EXIT_CONFIG;
    }
    if (extra && ct_catalog_merge(cat, extra, &err) != CT_OK) {
        fprintf(stderr, "chitieu: %s\n", err.msg);
        ct_catalog_free(cat);
        return EXIT_CONFIG;
    }
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
