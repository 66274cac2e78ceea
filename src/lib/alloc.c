/* alloc.c — the allocator hook (chitieu/alloc.h).
 *
 * Without a hook the calls go straight to malloc/realloc/free. With one,
 * ct__realloc(p, 0) is never issued (it would mean free): sizes of 0 are
 * rounded up to 1, as malloc(0) may return NULL. */
#include "chitieu/alloc.h"
#include "alloc_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ct_alloc_fn alloc_fn;
static void *alloc_ud;

void ct_set_allocator(ct_alloc_fn fn, void *ud)
{
    alloc_fn = fn;
    alloc_ud = ud;
}

void *ct__malloc(size_t n)
{
    if (!alloc_fn) return malloc(n);
    return alloc_fn(alloc_ud, NULL, n ? n : 1);
}

void *ct__calloc(size_t n, size_t size)
{
    if (!alloc_fn) return calloc(n, size);
    if (size && n > (size_t)-1 / size) return NULL;
    void *p = ct__malloc(n * size);
    if (p) memset(p, 0, n * size);
    return p;
}

void *ct__realloc(void *p, size_t n)
{
    if (!alloc_fn) return realloc(p, n);
    return alloc_fn(alloc_ud, p, n ? n : 1);
}

void ct__free(void *p)
{
    if (!p) return;
    if (!alloc_fn)
        free(p);
    else
        alloc_fn(alloc_ud, p, 0);
}

char *ct__strndup(const char *s, size_t n)
{
    char *d = ct__malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *ct__strdup(const char *s)
{
    return ct__strndup(s, strlen(s));
}

void ct_free(void *p)
{
    ct__free(p);
}
