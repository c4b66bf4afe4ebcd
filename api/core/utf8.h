/* UTF-8 well-formedness: every text that reaches PostgreSQL or jansson is checked first. */
#ifndef ANQUAN_UTF8_H
#define ANQUAN_UTF8_H

#include <stddef.h>

/* Whether `s` (len bytes) is well-formed UTF-8 (no overlong forms, surrogates or values past
 * U+10FFFF). NUL bytes are well-formed; callers that pass C strings refuse them separately. */
int utf8_valid(const char *s, size_t len);

#endif
