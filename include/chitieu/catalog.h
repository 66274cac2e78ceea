/* chitieu — the indicator catalogue.
 *
 * Data, not code: data/catalog.tsv lists every indicator (code, unit,
 * flow/stock, family, Vietnamese name), the phrases reports use for it,
 * the generic measure words ("doanh thu") and sector phrases ("lĩnh vực
 * bưu chính") that combine into a code, count nouns for units, phrases
 * that mark a figure as out of scope, and the parts-of-whole relations the
 * checker uses. `--catalog FILE` loads more lines over the default file:
 * an indicator line with an existing code replaces it, other lines add.
 * The line format is documented in docs/catalog.md. */
#ifndef CHITIEU_CATALOG_H
#define CHITIEU_CATALOG_H

#include <stddef.h>
#include "chitieu/error.h"

typedef enum { CT_FLOW = 0, CT_STOCK = 1 } ct_measure;

typedef struct ct_indicator {
    const char *code; /* "infosec.revenue" */
    const char *unit; /* "VND", "VND|USD", "percent", "subscribers"... */
    ct_measure measure;
    const char *family; /* indicators told apart only by unit share one */
    const char *name_vi;
    const char *parts[8]; /* codes whose sum is this indicator, NULL-ended */
} ct_indicator;

typedef struct ct_catalog ct_catalog;

/* Load a catalogue file. Caller frees with ct_catalog_free. On a bad line
 * returns NULL and fills err with the line number. */
ct_catalog *ct_catalog_load(const char *path, ct_error *err);
/* Load the default catalogue: $CHITIEU_CATALOG, else the installed copy,
 * else the source tree's data/catalog.tsv. */
ct_catalog *ct_catalog_load_default(ct_error *err);
/* Merge a gazetteer (data/areas.tsv: KIND NAME [VARIANTS] per line).
 * ct_catalog_load reads the areas.tsv beside the catalogue file itself. */
int ct_catalog_merge_areas(ct_catalog *c, const char *path, ct_error *err);
/* The stored name of the area a text names ("TP.HCM" -> "Hồ Chí Minh",
 * "tỉnh Hà Nam" -> "Hà Nam"), or NULL when the gazetteer lacks it. The
 * string is owned by the catalogue. */
const char *ct_catalog_area(const ct_catalog *c, const char *text);
/* Read more lines from path into cat (replace indicators, add the rest). */
int ct_catalog_merge(ct_catalog *cat, const char *path, ct_error *err);
/* Read lines from memory (for tests and fuzzing); name is used in errors. */
int ct_catalog_merge_mem(ct_catalog *cat, const char *buf, size_t len, const char *name,
                         ct_error *err);
ct_catalog *ct_catalog_new(void);
void ct_catalog_free(ct_catalog *cat);

size_t ct_catalog_count(const ct_catalog *cat);
const ct_indicator *ct_catalog_at(const ct_catalog *cat, size_t i);
const ct_indicator *ct_catalog_find(const ct_catalog *cat, const char *code);
/* Number of phrases (aliases, generic, sector...) loaded, for `catalog`. */
size_t ct_catalog_phrase_count(const ct_catalog *cat);
/* The aliases of one indicator, for listing: calls fn for each. */
void ct_catalog_each_alias(const ct_catalog *cat, const char *code,
                           void (*fn)(void *ud, const char *phrase), void *ud);
/* Where the default catalogue was found (after load_default), or NULL. */
const char *ct_catalog_path(const ct_catalog *cat);

#endif
