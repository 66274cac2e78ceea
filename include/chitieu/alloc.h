/* chitieu — the memory the library allocates.
 *
 * As Lua's lua_Alloc: one function the embedder may supply does every
 * allocation, reallocation and release of the library (ptr NULL: allocate;
 * size 0: free; else resize). Tests use it to fail the n-th allocation
 * (SQLite's fault injection); servers to account for memory. It must be
 * set before any other library call and not changed while objects made
 * with the previous one are alive. NULL restores malloc/realloc/free.
 *
 * (The library never prints: the grammar's trace goes to the debug
 * callback of ct_extract_opts, which the front end sets.) */
#ifndef CHITIEU_ALLOC_H
#define CHITIEU_ALLOC_H

#include <stddef.h>

typedef void *(*ct_alloc_fn)(void *ud, void *ptr, size_t size);
void ct_set_allocator(ct_alloc_fn fn, void *ud);
/* Release memory the library allocated and handed over (a ct_buf's data
 * given to a server's response, say), with the allocator that made it. */
void ct_free(void *p);

#endif
