/* catalog_int.h — what the extractor needs from the catalogue beyond the
 * public API: the phrase kinds and longest-match lookup in folded text. */
#ifndef CHITIEU_CATALOG_INT_H
#define CHITIEU_CATALOG_INT_H

#include <stdint.h>
#include "chitieu/catalog.h"

typedef enum {
    CT_PH_ALIAS = 0, /* names one indicator */
    CT_PH_GENERIC,   /* a measure word: "doanh thu" → sector.<measure> */
    CT_PH_SECTOR,    /* a sector phrase: "bưu chính" → postal; "-" blocks */
    CT_PH_VARIANT,   /* after an alias of code, switches it to code2 */
    CT_PH_UNIT,      /* a count noun: "thuê bao" → subscribers */
    CT_PH_BLOCKER,   /* the clause is out of scope ("thế giới") */
    CT_PH_FRAME,     /* the noun after a figure that names code only after one of
                        the verbs in arg2 ('|'-separated): "xử lý 8.558 website
                        lừa đảo" */
    CT_PH_AREA,      /* a province, city or ministry of the gazetteer: arg is
                        its stored name, arg2 its kind ("province"...) */
    CT_PH_FACET,     /* after an indicator of family arg, the word that names
                        its counterpart in family arg2: "băng rộng cố định đạt
                        98 Mbps, di động 48 Mbps" */
} ct__phkind;

typedef struct ct__phrase {
    ct__phkind kind;
    const char *arg;         /* code, measure, sector prefix or unit */
    const char *arg2;        /* variant: the new code */
    unsigned char spelled;   /* another spelling of a phrase of the file */
    struct ct__phrase *next; /* another phrase with the same text */
} ct__phrase;

/* Longest catalogue phrase starting at s[pos] (a word start) and ending at
 * a word end. Runs of ' ', ',' and '-' in the text match one ' ' of the
 * phrase. Returns the length matched in s (0 if none) and the phrases. */
size_t ct__catalog_match(const ct_catalog *cat, const char *s, size_t n, size_t pos,
                         const ct__phrase **out);
/* Longest phrase of one kind at s[pos] (same rules). */
size_t ct__catalog_match_kind(const ct_catalog *cat, const char *s, size_t n, size_t pos,
                              ct__phkind kind, const ct__phrase **out);
/* The same with the first word's hash already known: FNV-1a 32 of the
 * run of word bytes at pos (bytes >= 0x80, a-z, 0-9, '&'), or of the one
 * byte at pos when it is none; wlen is that run's length (0 for none). */
size_t ct__catalog_match_hashed(const ct_catalog *cat, const char *s, size_t n, size_t pos,
                                uint32_t hash, size_t wlen, const ct__phrase **out);
/* Both at once, in one walk: the longest phrase of any kind (returned,
 * *any) and the longest of `kind` (*kind_len, *of_kind; 0 when none). */
size_t ct__catalog_match2(const ct_catalog *cat, const char *s, size_t n, size_t pos,
                          ct__phkind kind, const ct__phrase **any, size_t *kind_len,
                          const ct__phrase **of_kind);
/* The code a generic measure takes in a sector: an explicit `measure`
 * line, else "SECTOR.MEASURE" when the catalogue has it; NULL if none. */
const ct_indicator *ct__catalog_generic(const ct_catalog *cat, const char *sector,
                                        const char *measure);
/* The indicator of a family with a unit ("mobile_bb", "Mbps"), or NULL. */
const ct_indicator *ct__catalog_in_family(const ct_catalog *cat, const char *family,
                                          const char *unit);
/* Indicator by family and unit ("fixed_bb", "per100"), or NULL. */
const ct_indicator *ct__catalog_sibling(const ct_catalog *cat, const ct_indicator *ind,
                                        const char *unit);

#endif
