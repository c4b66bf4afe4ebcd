/* File types from their bytes, and safe file names (attachment_type.h). */
#include "attachment_type.h"
#include "import.h"
#include "utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { T_JPEG, T_PNG, T_WEBP, T_PDF, T_DOCX, T_XLSX, T_PPTX, T_DOC, T_XLS, T_PPT, T_COUNT };

static const struct attachment_type types[T_COUNT] = {
    [T_JPEG] = {"image/jpeg", {"jpg", "jpeg", NULL}, 1},
    [T_PNG] = {"image/png", {"png", NULL}, 1},
    [T_WEBP] = {"image/webp", {"webp", NULL}, 1},
    [T_PDF] = {"application/pdf", {"pdf", NULL}, 0},
    [T_DOCX] = {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		{"docx", NULL},
		0},
    [T_XLSX] = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		{"xlsx", NULL},
		0},
    [T_PPTX] = {"application/vnd.openxmlformats-officedocument.presentationml.presentation",
		{"pptx", NULL},
		0},
    [T_DOC] = {"application/msword", {"doc", NULL}, 0},
    [T_XLS] = {"application/vnd.ms-excel", {"xls", NULL}, 0},
    [T_PPT] = {"application/vnd.ms-powerpoint", {"ppt", NULL}, 0},
};

/* The main part's content type an Office Open XML package declares in [Content_Types].xml. */
static const struct {
	const char *main;
	int type;
} ooxml_mains[] = {
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", T_DOCX},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", T_XLSX},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", T_PPTX},
};

/* A legacy Office file's main stream, as its name stands (UTF-16LE) in the OLE directory. */
static const struct {
	const char *stream;
	int type;
} ole_mains[] = {
    {"WordDocument", T_DOC},
    {"PowerPoint Document", T_PPT},
    {"Workbook", T_XLS},
    {"Book", T_XLS},
};

static const unsigned char OLE_MAGIC[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
static const unsigned char PNG_MAGIC[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

/* Whether the OLE file `data` holds a directory entry named `name`: its UTF-16LE form followed
 * by the terminating NUL character. */
static int ole_has_stream(const unsigned char *data, size_t len, const char *name)
{
	unsigned char wide[64];
	size_t n = strlen(name), i;

	if (2 * n + 2 > sizeof(wide))
		return 0;
	for (i = 0; i < n; i++) {
		wide[2 * i] = (unsigned char)name[i];
		wide[2 * i + 1] = 0;
	}
	wide[2 * n] = wide[2 * n + 1] = 0;
	return memmem(data, len, wide, 2 * n + 2) != NULL;
}

static const struct attachment_type *sniff_ooxml(const unsigned char *data, size_t len)
{
	const struct attachment_type *t = NULL;
	char *xml = NULL;
	size_t xml_len = 0, i;
	const char *why;

	if (xlsx_zip_part(data, len, "[Content_Types].xml", &xml, &xml_len, &why) != 1)
		return NULL;
	for (i = 0; i < sizeof(ooxml_mains) / sizeof(ooxml_mains[0]); i++) {
		if (memmem(xml, xml_len, ooxml_mains[i].main, strlen(ooxml_mains[i].main)) !=
		    NULL) {
			t = &types[ooxml_mains[i].type];
			break;
		}
	}
	free(xml);
	return t;
}

const struct attachment_type *attachment_sniff(const unsigned char *data, size_t len)
{
	size_t i;

	if (data == NULL || len < 8)
		return NULL;
	if (data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
		return &types[T_JPEG];
	if (len >= 16 && memcmp(data, PNG_MAGIC, 8) == 0 && memcmp(data + 12, "IHDR", 4) == 0)
		return &types[T_PNG];
	if (len >= 16 && memcmp(data, "RIFF", 4) == 0 && memcmp(data + 8, "WEBPVP8", 7) == 0 &&
	    (data[15] == ' ' || data[15] == 'L' || data[15] == 'X'))
		return &types[T_WEBP];
	if (memcmp(data, "%PDF-", 5) == 0)
		return &types[T_PDF];
	if (memcmp(data, "PK\x03\x04", 4) == 0)
		return sniff_ooxml(data, len);
	if (len >= 512 && memcmp(data, OLE_MAGIC, 8) == 0) {
		for (i = 0; i < sizeof(ole_mains) / sizeof(ole_mains[0]); i++)
			if (ole_has_stream(data, len, ole_mains[i].stream))
				return &types[ole_mains[i].type];
	}
	return NULL;
}

const struct attachment_type *attachment_type_named(const char *ct)
{
	size_t n, i;

	if (ct == NULL)
		return NULL;
	n = strcspn(ct, ";");
	while (n > 0 && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	if (n == strlen("image/jpg") && strncasecmp(ct, "image/jpg", n) == 0)
		return &types[T_JPEG];
	for (i = 0; i < T_COUNT; i++)
		if (n == strlen(types[i].mime) && strncasecmp(ct, types[i].mime, n) == 0)
			return &types[i];
	return NULL;
}

/* The code point at s (well-formed UTF-8) and its length in *n. */
static uint32_t utf8_next(const unsigned char *s, size_t *n)
{
	if (s[0] < 0x80)
		return *n = 1, s[0];
	if (s[0] < 0xE0)
		return *n = 2, (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
	if (s[0] < 0xF0)
		return *n = 3,
		       (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	return *n = 4, (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
			   (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
}

/* Whether code point c may not stand in a kept name: C0 and C1 controls, DEL, bidirectional
 * marks, embeddings, overrides and isolates (which make "gpj.exe" look like "exe.jpg"), the byte
 * order mark, and what Windows refuses in a file name. */
static int name_bad(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x200E || c == 0x200F ||
	       (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF ||
	       (c < 0x80 && strchr("<>:\"|?*", (int)c) != NULL);
}

/* Whether the name ends in "." and an extension of t (ASCII case ignored); its length then. */
static size_t fitting_ext(const char *name, size_t len, const struct attachment_type *t)
{
	const char *dot = NULL;
	size_t i;

	for (i = len; i > 0; i--)
		if (name[i - 1] == '.') {
			dot = name + i - 1;
			break;
		}
	if (dot == NULL || dot == name)
		return 0;
	for (i = 0; t->ext[i] != NULL; i++)
		if ((size_t)(name + len - dot - 1) == strlen(t->ext[i]) &&
		    strncasecmp(dot + 1, t->ext[i], strlen(t->ext[i])) == 0)
			return strlen(t->ext[i]) + 1;
	return 0;
}

int attachment_clean_name(const char *in, const struct attachment_type *t, char *out, size_t outlen)
{
	char stem[ATTACHMENT_NAME_MAX * 4 + 1], suffix[16];
	const unsigned char *s;
	size_t len, i, n, ext, stem_len = 0, chars = 0, room;
	const char *p;

	if (in == NULL)
		in = "";
	len = strlen(in);
	if (!utf8_valid(in, len))
		return -1;
	/* The last path component: a name is never a path here. */
	for (p = in + len; p > in && p[-1] != '/' && p[-1] != '\\'; p--)
		;
	s = (const unsigned char *)p;
	len = strlen(p);
	/* Leading spaces and dots go (".htaccess" is no name for evidence). */
	while (len > 0 && (*s == ' ' || *s == '.'))
		s++, len--;
	/* Trailing ones too, then the extension decides what is appended. */
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '.'))
		len--;
	ext = fitting_ext((const char *)s, len, t);
	if (ext > 0)
		snprintf(suffix, sizeof(suffix), "%.*s", (int)ext, (const char *)s + len - ext);
	else
		snprintf(suffix, sizeof(suffix), ".%s", t->ext[0]);
	if (ext > 0)
		len -= ext;
	room = ATTACHMENT_NAME_MAX - strlen(suffix);
	for (i = 0; i < len && chars < room; i += n, chars++) {
		uint32_t c = utf8_next(s + i, &n);
		if (stem_len + n + strlen(suffix) > ATTACHMENT_NAME_BYTES)
			break;
		if (name_bad(c)) {
			stem[stem_len++] = '_';
		} else {
			memcpy(stem + stem_len, s + i, n);
			stem_len += n;
		}
	}
	while (stem_len > 0 && (stem[stem_len - 1] == ' ' || stem[stem_len - 1] == '.'))
		stem_len--;
	stem[stem_len] = '\0';
	snprintf(out, outlen, "%s%s", stem_len > 0 ? stem : "attachment", suffix);
	return 0;
}
