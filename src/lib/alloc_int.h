/* alloc_int.h — the library's own allocation calls: every file of src/lib
 * allocates through these, so that ct_set_allocator sees everything. */
#ifndef CHITIEU_ALLOC_INT_H
#define CHITIEU_ALLOC_INT_H

#include <stddef.h>

void *ct__malloc(size_t n);
void *ct__calloc(size_t n, size_t size);
void *ct__realloc(void *p, size_t n);
void ct__free(void *p);
char *ct__strdup(const char *s);
char *ct__strndup(const char *s, size_t n);

#endif
