/* fetch.c — a web page's bytes over http or https (libcurl), for the one
 * "document in" call: redirects followed (a bounded number, http and https
 * only, also after a redirect), a limit on the body (refused as soon as it
 * is passed, not after the whole was read), a timeout on the whole
 * transfer, compressed answers accepted. What the bytes are is
 * ct_doc_decode's to tell; the page's date comes from its metadata there.
 * Nothing is cached or written to disk; no cookies, no credentials. */
#include "chitieu/fetch.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <threads.h>

static once_flag curl_once = ONCE_FLAG_INIT;
static int curl_ok;

static void init_curl(void)
{
    curl_ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

int ct_fetch_is_url(const char *s)
{
    return s && (!strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8));
}

typedef struct sink {
    ct_buf *b;
    size_t max;
    int over;
} sink;

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    sink *s = ud;
    size_t k = size * n;
    if (s->b->len + k > s->max) {
        s->over = 1;
        return 0; /* aborts the transfer */
    }
    if (ct_buf_append(s->b, p, k)) return 0;
    return k;
}

void ct_fetched_free(ct_fetched *f)
{
    if (!f) return;
    ct_buf_free(&f->body);
    memset(f, 0, sizeof *f);
}

int ct_fetch(const char *url, const ct_fetch_opts *o, ct_fetched *out, ct_error *err)
{
    ct_error_clear(err);
    memset(out, 0, sizeof *out);
    if (!ct_fetch_is_url(url))
        return ct_error_set(err, CT_EINVAL, -1, 0, "%s: only http and https URLs are fetched",
                            url ? url : "(null)");
    call_once(&curl_once, init_curl);
    if (!curl_ok) return ct_error_set(err, CT_ENOMEM, -1, 0, "libcurl does not start");
    CURL *c = curl_easy_init();
    if (!c) return ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    long timeout = o && o->timeout_s > 0 ? o->timeout_s : 30;
    size_t max = o && o->max_bytes ? o->max_bytes : (size_t)64 << 20;
    long redirects = o && o->max_redirects ? (o->max_redirects < 0 ? 0 : o->max_redirects) : 5;
    sink s = {&out->body, max, 0};
    char ebuf[CURL_ERROR_SIZE] = "";
    int bad = 0;
    bad |= curl_easy_setopt(c, CURLOPT_URL, url) != CURLE_OK;
#if LIBCURL_VERSION_NUM >= 0x075500
    bad |= curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") != CURLE_OK;
#else
    bad |= curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) !=
           CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) !=
           CURLE_OK;
#endif
    bad |= curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, redirects ? 1L : 0L) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_MAXREDIRS, redirects) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout < 10 ? timeout : 10L) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_WRITEDATA, &s) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_USERAGENT, "chitieu/0.1") != CURLE_OK;
    int rc = CT_OK;
    if (bad) {
        rc = ct_error_set(err, CT_EINVAL, -1, 0, "%s: cannot set up the request", url);
    } else {
        CURLcode cr = curl_easy_perform(c);
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
        char *eff = NULL, *ctype = NULL;
        if (curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff)
            snprintf(out->url, sizeof out->url, "%s", eff);
        if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ctype) == CURLE_OK && ctype)
            snprintf(out->content_type, sizeof out->content_type, "%s", ctype);
        if (s.over || cr == CURLE_FILESIZE_EXCEEDED)
            rc = ct_error_set(err, CT_EIO, -1, 0, "%s: larger than %zu MB", url, max >> 20);
        else if (out->body.oom)
            rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
        else if (cr == CURLE_OPERATION_TIMEDOUT)
            rc = ct_error_set(err, CT_EIO, -1, 0, "%s: no answer within %ld s", url, timeout);
        else if (cr == CURLE_TOO_MANY_REDIRECTS)
            rc = ct_error_set(err, CT_EIO, -1, 0, "%s: more than %ld redirects", url, redirects);
        else if (cr == CURLE_UNSUPPORTED_PROTOCOL)
            rc =
                ct_error_set(err, CT_EIO, -1, 0, "%s: redirected to a scheme other than http", url);
        else if (cr != CURLE_OK)
            rc = ct_error_set(err, CT_EIO, -1, 0, "%s: %s", url,
                              ebuf[0] ? ebuf : curl_easy_strerror(cr));
        else if (out->status >= 400)
            rc = ct_error_set(err, CT_EIO, -1, 0, "%s: HTTP %ld", url, out->status);
    }
    curl_easy_cleanup(c);
    if (rc != CT_OK)
        ct_fetched_free(out);
    else if (!out->body.data)
        ct_buf_puts(&out->body, "");
    return rc;
}
