/* The attachment type check and file names (attachment_type.c): each accepted type is told from
 * its bytes whatever it claims to be, everything else is refused (HTML, executables, an OLE file
 * that is no Office document, a zip that is no Office package), and a hostile name comes out as
 * one safe file name of at most 100 characters and 255 bytes ending in the type's extension. */
#include "../unit.h"
#include "attachment_type.h"
#include "utf8.h"

#include <stdlib.h>
#include <zlib.h>

static const char *mime_of(const void *data, size_t len)
{
	const struct attachment_type *t = attachment_sniff(data, len);
	return t != NULL ? t->mime : "none";
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, unsigned long v)
{
	put16(p, (unsigned)(v & 0xFFFF));
	put16(p + 2, (unsigned)(v >> 16));
}

/* A zip of one stored entry `name` holding `text`. Returns a new buffer of *len bytes. */
static unsigned char *stored_zip(const char *name, const char *text, size_t *len)
{
	size_t nl = strlen(name), n = strlen(text), p = 0, cd;
	unsigned char *z = calloc(1, 30 + nl + n + 46 + nl + 22);

	put32(z, 0x04034b50);
	put32(z + 18, n);
	put32(z + 22, n);
	put16(z + 26, (unsigned)nl);
	memcpy(z + 30, name, nl);
	memcpy(z + 30 + nl, text, n);
	p = 30 + nl + n;
	cd = p;
	put32(z + p, 0x02014b50);
	put32(z + p + 20, n);
	put32(z + p + 24, n);
	put16(z + p + 28, (unsigned)nl);
	put32(z + p + 42, 0);
	memcpy(z + p + 46, name, nl);
	p += 46 + nl;
	put32(z + p, 0x06054b50);
	put16(z + p + 8, 1);
	put16(z + p + 10, 1);
	put32(z + p + 12, p - cd);
	put32(z + p + 16, cd);
	*len = p + 22;
	return z;
}

static void types_from_bytes(void)
{
	static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
					    0,	  0,   0,   13,	 'I',  'H',  'D',  'R'};
	static const char webp[] = "RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0";
	static const char pdf[] = "%PDF-1.7\n%%EOF\n";
	unsigned char ole[1024] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	const char *word = "W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0\0";
	unsigned char *z;
	size_t zl;

	CHECK_STR(mime_of(jpeg, sizeof(jpeg)), "image/jpeg");
	CHECK_STR(mime_of(png, sizeof(png)), "image/png");
	CHECK_STR(mime_of(webp, sizeof(webp) - 1), "image/webp");
	CHECK_STR(mime_of(pdf, strlen(pdf)), "application/pdf");
	/* an OLE file is Office only with an Office main stream (an .msi has none) */
	CHECK_STR(mime_of(ole, sizeof(ole)), "none");
	memcpy(ole + 600, word, 26);
	CHECK_STR(mime_of(ole, sizeof(ole)), "application/msword");
	z = stored_zip("[Content_Types].xml",
		       "<Types><Override PartName=\"/word/document.xml\" "
		       "ContentType=\"application/"
		       "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></"
		       "Types>",
		       &zl);
	CHECK_STR(mime_of(z, zl),
		  "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	/* cut short, the archive is damaged: refused, never read past its end */
	CHECK_STR(mime_of(z, zl - 10), "none");
	free(z);
	z = stored_zip("evil.exe", "MZ", &zl);
	CHECK_STR(mime_of(z, zl), "none");
	free(z);
	CHECK_STR(mime_of("<html><script>", 14), "none");
	CHECK_STR(mime_of("MZ\x90\0\3\0\0\0\4\0", 10), "none");
	CHECK_STR(mime_of(png, 7), "none");
	CHECK_STR(mime_of("", 0), "none");
	CHECK(attachment_sniff(NULL, 100) == NULL);
	/* declared types: aliases and parameters */
	CHECK(attachment_type_named("image/jpg") == attachment_sniff(jpeg, sizeof(jpeg)));
	CHECK(attachment_type_named("IMAGE/PNG ; q=1") == attachment_sniff(png, sizeof(png)));
	CHECK(attachment_type_named("text/html") == NULL);
	CHECK(attachment_type_named(NULL) == NULL);
}

static void names(void)
{
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
					    0,	  0,   0,   13,	 'I',  'H',  'D',  'R'};
	const struct attachment_type *t = attachment_sniff(png, sizeof(png));
	char out[ATTACHMENT_NAME_BYTES + 1], *big;
	size_t i;

	CHECK(attachment_clean_name("../../etc/passwd.png", t, out, sizeof(out)) == 0);
	CHECK_STR(out, "passwd.png");
	attachment_clean_name("a\\b\\c.PNG", t, out, sizeof(out));
	CHECK_STR(out, "c.PNG");
	attachment_clean_name("x.html", t, out, sizeof(out));
	CHECK_STR(out, "x.html.png");
	attachment_clean_name("a\tb\x7f\xc2\x85.png", t, out, sizeof(out));
	CHECK_STR(out, "a_b__.png");
	attachment_clean_name("abc\xe2\x80\xaegnp.exe", t, out, sizeof(out));
	CHECK_STR(out, "abc_gnp.exe.png");
	attachment_clean_name(" .. ", t, out, sizeof(out));
	CHECK_STR(out, "attachment.png");
	attachment_clean_name(NULL, t, out, sizeof(out));
	CHECK_STR(out, "attachment.png");
	attachment_clean_name("a:b*c?.png", t, out, sizeof(out));
	CHECK_STR(out, "a_b_c_.png");
	CHECK(attachment_clean_name("\xff\xfe.png", t, out, sizeof(out)) == -1);
	/* bounded: 100 characters, 255 bytes, the extension kept */
	big = malloc(30001);
	for (i = 0; i < 10000; i++)
		memcpy(big + 3 * i, "\xe6\x95\xb4", 3); /* 整 */
	big[30000] = '\0';
	attachment_clean_name(big, t, out, sizeof(out));
	CHECK(strlen(out) <= ATTACHMENT_NAME_BYTES && utf8_valid(out, strlen(out)));
	CHECK(strlen(out) == 83 * 3 + 4 && strcmp(out + strlen(out) - 4, ".png") == 0);
	memset(big, 'a', 30000);
	attachment_clean_name(big, t, out, sizeof(out));
	CHECK(strlen(out) == ATTACHMENT_NAME_MAX && strcmp(out + 96, ".png") == 0);
	free(big);
}

void unit_attachment(void)
{
	types_from_bytes();
	names();
}
