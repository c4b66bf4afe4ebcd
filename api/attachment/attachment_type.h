/* What an uploaded file is, told from its bytes (never from the name or the declared type), and
 * the file name it is kept under. */
#ifndef ANQUAN_ATTACHMENT_TYPE_H
#define ANQUAN_ATTACHMENT_TYPE_H

#include <stddef.h>

/* One accepted file type. */
struct attachment_type {
	const char *mime;   /* the Content-Type it is served with */
	const char *ext[3]; /* name extensions that fit it, the usual one first; NULL-ended */
	int image;	    /* a photo: shown inline; documents are downloaded */
};

/* The longest kept file name, in characters. */
#define ATTACHMENT_NAME_MAX 100
/* ... and in bytes of UTF-8 (what a file system takes; bounds Content-Disposition). */
#define ATTACHMENT_NAME_BYTES 255

/* The type of the `len` bytes at `data`: JPEG, PNG, WebP, PDF, an Office Open XML document
 * (.docx, .xlsx, .pptx: a zip archive whose [Content_Types].xml names the main part) or a legacy
 * OLE Office file (.doc, .xls, .ppt, told apart by their main stream). Returns the type (static),
 * or NULL for anything else (HTML, executables, an .msi, a plain zip, an empty body). Bounded:
 * the zip part read is capped (xlsx_zip_part); the rest looks at fixed offsets or scans once.
 * The sniffer fuzz target (tests/fuzz/fuzz_sniff.c) runs it. */
const struct attachment_type *attachment_sniff(const unsigned char *data, size_t len);

/* The accepted type a declared Content-Type names (parameters and case ignored; image/jpg is
 * image/jpeg), or NULL when it names none of them. */
const struct attachment_type *attachment_type_named(const char *content_type);

/* Makes the name a file of type `t` is kept under from `in` (UTF-8, as sent; NULL or empty:
 * none): the last path component (after '/' or '\'), without control characters, bidirectional
 * overrides and the characters Windows refuses in names (each becomes '_'), without leading and
 * trailing spaces and dots, at most ATTACHMENT_NAME_MAX characters and ATTACHMENT_NAME_BYTES bytes
 * (the extension kept), and ending in an extension of the type (the usual one is added when it does
 * not: "x.html" of a PNG becomes "x.html.png"). "attachment.<ext>" when nothing is left. `out` must
 * hold ATTACHMENT_NAME_BYTES + 1 bytes. Returns 0, or -1 when `in` is not UTF-8. */
int attachment_clean_name(const char *in, const struct attachment_type *t, char *out,
			  size_t outlen);

#endif
