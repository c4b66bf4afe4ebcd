/* Untrusted JSON in: nesting bounded before jansson recurses. */
#ifndef ANQUAN_JSONIN_H
#define ANQUAN_JSONIN_H

#include <jansson.h>
#include <stddef.h>

/* The deepest nesting of arrays and objects any input may have. The deepest request schema
 * nests 4 levels. Each level costs jansson about 200 bytes of stack to parse (about 1 KB under
 * AddressSanitizer) and as much again to encode or free, so 32 levels stay far inside the
 * worker stack (main.c checks the worker stack at start and README gives the margin). */
#define JSONIN_MAX_DEPTH 32

/* The byte offset at which `buf` first nests deeper than `max_depth` arrays and objects, or
 * (size_t)-1 when it never does. Strings (with escapes) are skipped; the text need not be valid
 * JSON. Linear, no recursion, no allocation. */
size_t jsonin_depth_at(const char *buf, size_t len, int max_depth);

/* json_loadb, refused (NULL, `err` filled with the position and "nesting deeper than ...") when
 * the text nests deeper than JSONIN_MAX_DEPTH. Returns a new reference or NULL. */
json_t *jsonin_loadb(const char *buf, size_t len, size_t flags, json_error_t *err);

#endif
