/* chitieu — a document in: the bytes of a file as the user has it (plain
 * text in UTF-8, UTF-16 or a legacy Vietnamese encoding, a saved web page,
 * a PDF, a Word DOCX) turned into the UTF-8 text the extractor reads.
 *
 * The format is told by content (magic bytes and markup), the file name's
 * extension only breaking ties; the encoding of text and of HTML is told by
 * a byte-order mark, by validity as UTF-8, else by trying each legacy
 * Vietnamese encoding and keeping the one, if exactly one, that decodes the
 * bytes into plausible Vietnamese (its words are Vietnamese syllables:
 * letters, vowel marks and at most one tone mark each). docs/formats.md
 * describes every rule.
 *
 * Provenance: record spans refer to the text returned here. For UTF-8
 * plain text (with no BOM) the text is the input bytes unchanged, so spans
 * are offsets into the file as before; for every other input the text is
 * NFC, and the caller keeps the original bytes' SHA-256, type and encoding
 * (all in ct_doc) next to the text. */
#ifndef CHITIEU_DOC_H
#define CHITIEU_DOC_H

#include <stddef.h>
#include "chitieu/buf.h"
#include "chitieu/error.h"
#include "chitieu/record.h"

typedef enum {
    CT_DOC_TEXT = 0, /* plain text */
    CT_DOC_HTML,     /* a web page */
    CT_DOC_PDF,
    CT_DOC_DOCX,
    CT_DOC_UNKNOWN, /* none of these (ct_doc_sniff only) */
} ct_doc_type;

typedef struct ct_doc_opts {
    const char *encoding; /* force this encoding (text and HTML); NULL: detect */
} ct_doc_opts;

typedef struct ct_doc {
    ct_buf text; /* UTF-8; what record spans refer to */
    ct_doc_type type;
    char encoding[24]; /* "UTF-8", "UTF-16LE", "VISCII", "CP1258", "TCVN3"...;
                          "" for PDF and DOCX (their text is Unicode inside) */
    char note[200];    /* one line worth telling the user, "" when none:
                          "not UTF-8: decoded as VISCII" */
    char sha256[65];   /* of the input bytes, lower-case hex */
    int identical;     /* 1: text is the input bytes unchanged */
    ct_date published; /* a web page's publication date from its metadata
                          (article:published_time, datePublished, pubdate...);
                          zero when it has none */
} ct_doc;

/* Decode a whole file. name_hint (may be NULL) is its name, used only for
 * its extension when the content leaves the format open. On success fills
 * out (caller frees with ct_doc_free; out is zeroed first). Errors, with a
 * one-line err->msg:
 *   CT_EBINARY  none of the formats ("looks like a ZIP archive, not a
 *               DOCX", "looks like a PNG image"), NUL bytes in a text
 *               that is not UTF-8 ("looks like UTF-16 without a
 *               byte-order mark: give --encoding UTF-16LE");
 *   CT_EUTF8    text in no encoding that can be told ("invalid UTF-8 at
 *               byte 8; reads as Vietnamese in VISCII or TCVN3 alike: give
 *               --encoding NAME"), or not in the forced one (err->offset:
 *               the first bad byte);
 *   CT_EINVAL   an unknown encoding name;
 *   CT_EPARSE   a PDF or DOCX that does not open, a page nested past
 *               256 elements;
 *   CT_ENOMEM. */
int ct_doc_decode(const char *bytes, size_t len, const char *name_hint, const ct_doc_opts *opts,
                  ct_doc *out, ct_error *err);
void ct_doc_free(ct_doc *d);

/* What the first bytes of a file look like, for callers that stream plain
 * text and read other formats whole: CT_DOC_TEXT when they are UTF-8 text
 * without a BOM (ct_doc_decode would return them unchanged), the format
 * otherwise; CT_DOC_UNKNOWN for legacy encodings and unknown binaries. */
ct_doc_type ct_doc_sniff(const char *bytes, size_t len, const char *name_hint);

/* "text", "html", "pdf", "docx", "unknown". */
const char *ct_doc_type_name(ct_doc_type t);

/* Decode bytes in the named encoding (any iconv name, and TCVN3: see
 * docs/formats.md) into NFC UTF-8 appended to out. CT_EINVAL for an unknown
 * name, CT_EUTF8 (err->offset set) for bytes that are not in it. */
int ct_encoding_decode(const char *name, const char *bytes, size_t len, ct_buf *out, ct_error *err);

#endif
