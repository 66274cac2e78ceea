/* chitieu — fetching a web page (libcurl) for the "document in" call: the
 * bytes of an http or https URL, redirects followed, with a size limit and
 * a timeout, handed to ct_doc_decode (doc.h) as a file would be. */
#ifndef CHITIEU_FETCH_H
#define CHITIEU_FETCH_H

#include <stddef.h>
#include "chitieu/buf.h"
#include "chitieu/error.h"

typedef struct ct_fetch_opts {
    long timeout_s;    /* the whole transfer; 0: 30 s */
    size_t max_bytes;  /* the body; 0: 64 MB */
    int max_redirects; /* 0: 5; -1: none followed */
} ct_fetch_opts;

typedef struct ct_fetched {
    ct_buf body;
    long status;            /* the final HTTP status (2xx on success) */
    char url[1024];         /* the final URL, after redirects */
    char content_type[128]; /* "" when the server says none */
} ct_fetched;

/* Fetch url (http or https only). On success fills out (caller frees with
 * ct_fetched_free; out is zeroed first). Errors, with a one-line err->msg:
 * CT_EINVAL another scheme or a bad URL; CT_EIO no answer, a timeout, an
 * HTTP status of 400 or more ("HTTP 404"), too many redirects or one to
 * another scheme, a body over the limit; CT_ENOMEM. */
int ct_fetch(const char *url, const ct_fetch_opts *o, ct_fetched *out, ct_error *err);
void ct_fetched_free(ct_fetched *f);
/* Whether s names a URL ct_fetch takes ("http://", "https://"). */
int ct_fetch_is_url(const char *s);

#endif
