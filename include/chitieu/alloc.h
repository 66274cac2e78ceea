/* chitieu — the memory the library allocates, and where its debugging
 * output goes.
 *
 * As Lua's lua_Alloc: one function the embedder may supply does every
 * allocation, reallocation and release of the library (ptr NULL: allocate;
 * size 0: free; else resize). Tests use it to fail the n-th allocation
 * (SQLite's fault injection); servers to account for memory. It must be
 * set before any other library call and not changed while objects made
 * with the previous one are alive. NULL restores malloc/realloc/free.
 *
 * Debugging output (CHITIEU_DEBUG=1: the grammar's tokens of each
 * sentence) is handed to a callback the front end sets; the library never
 * writes to stdout or stderr itself. Without a callback it is dropped. */
#ifndef CHITIEU_ALLOC_H
#define CHITIEU_ALLOC_H

#include <stddef.h>

typedef void *(*ct_alloc_fn)(void *ud, void *ptr, size_t size);
void ct_set_allocator(ct_alloc_fn fn, void *ud);
/* Release memory the library allocated and handed over (a ct_buf's data
 * given to a server's response, say), with the allocator that made it. */
void ct_free(void *p);

typedef void (*ct_debug_fn)(void *ud, const char *line);
void ct_set_debug(ct_debug_fn fn, void *ud);
/* Is a debug callback set? (so that callers skip formatting when not) */
int ct_debug_enabled(void);
/* Format one line of debugging output and hand it to the callback. */
void ct_debug(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

#endif
