/* The first sheet of an .xlsx workbook as CSV text, for the same import path as a CSV body.
 *
 * An .xlsx file is a zip archive of XML parts. Debian ships no C reader we use (libxlsxwriter
 * only writes), so this reads the two parts an import needs itself: zlib inflates them (zlib is
 * already linked through libxlsxwriter), and a small scanner walks xl/sharedStrings.xml and
 * xl/worksheets/sheet1.xml. Everything is bounded: the archive's entries, each part's
 * uncompressed size (a zip bomb stops at the cap, whatever its header claims), the rows and
 * columns, and the CSV made. */
#include "import.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define ZIP_MAX_ENTRIES 2000
#define PART_MAX (16u << 20)	/* bytes of one uncompressed part */
#define CSV_OUT_MAX (32u << 20) /* bytes of the CSV made */
#define SST_MAX 1000000		/* shared strings */
#define XLSX_MAX_ROW 100000	/* the highest row number with a value */
#define XLSX_MAX_COLS 64
#define SHEET_PATH "xl/worksheets/sheet1.xml"
#define SST_PATH "xl/sharedStrings.xml"

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Inflates (or copies) one entry into a new buffer (*out, NUL-terminated, *out_len bytes).
 * Returns 0, or -1 with *why set. */
static int zip_entry(const unsigned char *zip, size_t len, size_t local, uint32_t method,
		     uint32_t csize, uint32_t usize, char **out, size_t *out_len, const char **why)
{
	size_t data, cap;
	z_stream zs;
	char *buf, *nb;
	int zrc;

	*out = NULL;
	if (local > len || len - local < 30 || le32(zip + local) != 0x04034b50)
		return *why = "The .xlsx file is damaged (a part's header).", -1;
	data = local + 30 + le16(zip + local + 26) + le16(zip + local + 28);
	if (data > len || len - data < csize)
		return *why = "The .xlsx file is damaged (a part runs past its end).", -1;
	if (method == 0) {
		if (csize > PART_MAX)
			return *why = "A part of the .xlsx file is too large.", -1;
		buf = malloc((size_t)csize + 1);
		if (buf == NULL)
			return *why = "Out of memory.", -1;
		memcpy(buf, zip + data, csize);
		buf[csize] = '\0';
		*out = buf;
		*out_len = csize;
		return 0;
	}
	if (method != 8)
		return *why = "A part of the .xlsx file uses an unknown compression.", -1;
	/* Start at the size the directory claims (it may lie) and grow up to the cap. */
	cap = usize < 65536 ? 65536 : usize > PART_MAX ? PART_MAX : usize;
	buf = malloc(cap + 1);
	if (buf == NULL)
		return *why = "Out of memory.", -1;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) {
		free(buf);
		return *why = "Out of memory.", -1;
	}
	zs.next_in = (Bytef *)(zip + data);
	zs.avail_in = csize;
	zs.next_out = (Bytef *)buf;
	zs.avail_out = (uInt)cap;
	for (;;) {
		zrc = inflate(&zs, Z_FINISH);
		*out_len = cap - zs.avail_out;
		if (zrc != Z_BUF_ERROR || zs.avail_out != 0 || cap >= PART_MAX)
			break;
		/* the output is full: grow it */
		nb = realloc(buf, (cap * 2 > PART_MAX ? PART_MAX : cap * 2) + 1);
		if (nb == NULL)
			break;
		buf = nb;
		zs.avail_out = (uInt)((cap * 2 > PART_MAX ? PART_MAX : cap * 2) - cap);
		cap += zs.avail_out;
		zs.next_out = (Bytef *)(buf + *out_len);
	}
	inflateEnd(&zs);
	if (zrc != Z_STREAM_END) {
		free(buf);
		return *why = zrc == Z_BUF_ERROR && *out_len == PART_MAX
				  ? "A part of the .xlsx file is too large once uncompressed."
				  : "The .xlsx file is damaged (a part does not inflate).",
		       -1;
	}
	buf[*out_len] = '\0';
	*out = buf;
	return 0;
}

int xlsx_zip_part(const unsigned char *zip, size_t len, const char *path, char **out,
		  size_t *out_len, const char **why)
{
	size_t eocd, p, end, i, n, nlen, plen = strlen(path);
	uint32_t method, csize, usize, local;

	*out = NULL;
	*out_len = 0;
	if (len < 22)
		return *why = "The body is not an .xlsx file (not a zip archive).", -1;
	for (eocd = len - 22;; eocd--) {
		if (le32(zip + eocd) == 0x06054b50)
			break;
		if (eocd == 0 || len - eocd > 22 + 65535)
			return *why = "The body is not an .xlsx file (not a zip archive).", -1;
	}
	n = le16(zip + eocd + 10);
	p = le32(zip + eocd + 16);
	end = p + (size_t)le32(zip + eocd + 12);
	if (n > ZIP_MAX_ENTRIES)
		return *why = "The .xlsx file has too many parts.", -1;
	if (p > eocd || end > eocd || end < p)
		return *why = "The .xlsx file is damaged (its directory).", -1;
	for (i = 0; i < n; i++) {
		if (end - p < 46 || le32(zip + p) != 0x02014b50)
			return *why = "The .xlsx file is damaged (its directory).", -1;
		method = le16(zip + p + 10);
		csize = le32(zip + p + 20);
		usize = le32(zip + p + 24);
		nlen = le16(zip + p + 28);
		local = le32(zip + p + 42);
		if (end - p - 46 < nlen)
			return *why = "The .xlsx file is damaged (its directory).", -1;
		if (nlen == plen && memcmp(zip + p + 46, path, nlen) == 0)
			return zip_entry(zip, len, local, method, csize, usize, out, out_len,
					 why) == 0
				   ? 1
				   : -1;
		p += 46 + nlen + le16(zip + p + 30) + le16(zip + p + 32);
		if (p > end)
			return *why = "The .xlsx file is damaged (its directory).", -1;
	}
	return 0;
}

/* Finds the sheet and the shared strings in the central directory and inflates them (*sst is
 * NULL when the workbook has none). Returns 0, or -1 with *why set. */
static int zip_parts(const unsigned char *zip, size_t len, char **sheet, size_t *sheet_len,
		     char **sst, size_t *sst_len, const char **why)
{
	int rc = xlsx_zip_part(zip, len, SHEET_PATH, sheet, sheet_len, why);

	*sst = NULL;
	if (rc == 0)
		*why = "The .xlsx file has no first sheet (xl/worksheets/sheet1.xml).";
	if (rc <= 0)
		return -1;
	if (xlsx_zip_part(zip, len, SST_PATH, sst, sst_len, why) < 0) {
		free(*sheet);
		*sheet = NULL;
		return -1;
	}
	return 0;
}

/* A growing byte buffer with a cap. */
struct buf {
	char *p;
	size_t len, cap, max;
	int over;
};

static int buf_put(struct buf *b, const char *s, size_t n)
{
	char *np;
	size_t nc;

	if (b->over || n > b->max - b->len) {
		b->over = 1;
		return -1;
	}
	if (b->len + n + 1 > b->cap) {
		nc = b->cap == 0 ? 4096 : b->cap;
		while (nc < b->len + n + 1)
			nc *= 2;
		np = realloc(b->p, nc);
		if (np == NULL) {
			b->over = 1;
			return -1;
		}
		b->p = np;
		b->cap = nc;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/* One XML tag: its local name (without a namespace prefix), its attributes' text, and whether
 * it closes (</x>) or is empty (<x/>). */
struct tag {
	const char *start, *name, *attrs;
	size_t nlen, alen;
	int close, empty;
};

/* Finds the next element tag at or after *p (before end), skipping declarations, comments and
 * processing instructions; *text is where the text before it starts. Returns 1 with the tag and
 * *p past it, 0 at the end, -1 when a tag does not close. */
static int next_tag(const char **p, const char *end, struct tag *t)
{
	const char *s = *p, *e, *colon;

	for (;;) {
		s = memchr(s, '<', (size_t)(end - s));
		if (s == NULL)
			return 0;
		if (end - s >= 4 && memcmp(s, "<!--", 4) == 0) {
			const char *c = s + 4;
			while (c + 3 <= end && memcmp(c, "-->", 3) != 0)
				c++;
			if (c + 3 > end)
				return -1;
			s = c + 3;
			continue;
		}
		e = memchr(s, '>', (size_t)(end - s));
		if (e == NULL)
			return -1;
		if (s[1] == '?' || s[1] == '!') {
			s = e + 1;
			continue;
		}
		break;
	}
	t->start = s;
	t->close = s[1] == '/';
	t->empty = e[-1] == '/';
	t->name = s + 1 + t->close;
	t->nlen = strcspn(t->name, " \t\r\n/>");
	if (t->name + t->nlen > e)
		t->nlen = (size_t)(e - t->name);
	colon = memchr(t->name, ':', t->nlen);
	if (colon != NULL) {
		t->nlen -= (size_t)(colon + 1 - t->name);
		t->name = colon + 1;
	}
	t->attrs = t->name + t->nlen;
	t->alen = (size_t)(e - t->attrs);
	*p = e + 1;
	return 1;
}

static int tag_is(const struct tag *t, const char *name)
{
	return t->nlen == strlen(name) && memcmp(t->name, name, t->nlen) == 0;
}

/* The value of attribute `name` into out (len bytes, NUL-terminated; cut when longer). Returns
 * 1 when present, else 0. */
static int tag_attr(const struct tag *t, const char *name, char *out, size_t len)
{
	size_t nl = strlen(name), i, k;
	const char *a = t->attrs;
	char q;

	for (i = 0; i + nl + 2 < t->alen; i++) {
		if ((a[i] == ' ' || a[i] == '\t' || a[i] == '\r' || a[i] == '\n') &&
		    memcmp(a + i + 1, name, nl) == 0 && a[i + 1 + nl] == '=') {
			q = a[i + 2 + nl];
			if (q != '"' && q != '\'')
				return 0;
			for (k = 0, i += 3 + nl; i < t->alen && a[i] != q && k + 1 < len; i++)
				out[k++] = a[i];
			out[k] = '\0';
			return 1;
		}
	}
	return 0;
}

static void put_utf8(struct buf *b, unsigned long c)
{
	char u[4];

	if (c < 0x80) {
		u[0] = (char)c;
		buf_put(b, u, 1);
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3F));
		buf_put(b, u, 2);
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		buf_put(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3F));
		u[2] = (char)(0x80 | (c >> 6 & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		buf_put(b, u, 4);
	}
}

/* Appends XML text [s, e) with its entities decoded (an unknown one is kept as written; a
 * character reference outside Unicode becomes U+FFFD). */
static void put_text(struct buf *b, const char *s, const char *e)
{
	static const struct {
		const char *name;
		char c;
	} ents[] = {{"lt;", '<'}, {"gt;", '>'}, {"amp;", '&'}, {"quot;", '"'}, {"apos;", '\''}};
	const char *amp;
	size_t k;

	while (s < e) {
		amp = memchr(s, '&', (size_t)(e - s));
		if (amp == NULL) {
			buf_put(b, s, (size_t)(e - s));
			return;
		}
		buf_put(b, s, (size_t)(amp - s));
		s = amp + 1;
		if (s < e && *s == '#') {
			unsigned long c = 0;
			int hex = s + 1 < e && (s[1] == 'x' || s[1] == 'X'), digits = 0;
			const char *d = s + 1 + hex;
			while (d < e && digits < 8 &&
			       (hex ? strchr("0123456789abcdefABCDEF", *d) != NULL
				    : (*d >= '0' && *d <= '9')) &&
			       *d != '\0') {
				c = c * (hex ? 16 : 10) +
				    (unsigned long)(*d <= '9' ? *d - '0' : (*d | 0x20) - 'a' + 10);
				d++;
				digits++;
			}
			if (digits > 0 && d < e && *d == ';') {
				if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
					c = 0xFFFD;
				put_utf8(b, c);
				s = d + 1;
				continue;
			}
		} else {
			for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
				size_t n = strlen(ents[k].name);
				if ((size_t)(e - s) >= n && memcmp(s, ents[k].name, n) == 0) {
					buf_put(b, &ents[k].c, 1);
					s += n;
					break;
				}
			}
			if (k < sizeof(ents) / sizeof(ents[0]))
				continue;
		}
		buf_put(b, "&", 1);
	}
}

/* The shared strings: each <si>'s <t> texts joined (phonetic runs, <rPh>, left out), one after
 * another in `text`; string i is [(*offs)[i], (*offs)[i + 1]). Returns the count, or -1 with
 * *why. */
static long read_sst(const char *x, size_t len, struct buf *text, size_t **offs, const char **why)
{
	const char *p = x, *end = x + len, *t0 = NULL;
	struct tag t;
	size_t n = 0, cap = 0, *o = NULL, *no;
	int in_si = 0, in_rph = 0, r;

	while ((r = next_tag(&p, end, &t)) == 1) {
		if (tag_is(&t, "si") && !t.close) {
			if (n >= SST_MAX) {
				*why = "The .xlsx file has too many shared strings.";
				goto fail;
			}
			if (n + 2 > cap) {
				cap = cap == 0 ? 256 : cap * 2;
				no = realloc(o, cap * sizeof(*o));
				if (no == NULL)
					goto oom;
				o = no;
			}
			o[n++] = text->len;
			in_si = !t.empty;
		} else if (tag_is(&t, "si")) {
			in_si = 0;
		} else if (tag_is(&t, "rPh")) {
			in_rph = !t.close && !t.empty;
		} else if (tag_is(&t, "t") && in_si && !in_rph) {
			if (!t.close && !t.empty)
				t0 = p;
			else if (t.close && t0 != NULL) {
				put_text(text, t0, t.start);
				t0 = NULL;
			}
		}
		if (text->over) {
			*why = "The .xlsx file's shared strings are too large.";
			goto fail;
		}
	}
	if (r < 0) {
		*why = "The .xlsx file is damaged (its shared strings are not XML).";
		goto fail;
	}
	if (o == NULL && (o = malloc(sizeof(*o))) == NULL)
		goto oom;
	o[n] = text->len;
	*offs = o;
	return (long)n;
oom:
	*why = "Out of memory.";
fail:
	free(o);
	return -1;
}

/* Appends `s` (n bytes) as one quoted CSV field. */
static void put_field(struct buf *b, const char *s, size_t n)
{
	const char *q;

	buf_put(b, "\"", 1);
	while (n > 0 && (q = memchr(s, '"', n)) != NULL) {
		buf_put(b, s, (size_t)(q - s) + 1);
		buf_put(b, "\"", 1);
		n -= (size_t)(q - s) + 1;
		s = q + 1;
	}
	buf_put(b, s, n);
	buf_put(b, "\"", 1);
}

/* The column number (1-based) of a cell reference "BC12", or 0 when it has none. */
static long ref_col(const char *ref)
{
	long c = 0;

	for (; *ref >= 'A' && *ref <= 'Z' && c <= XLSX_MAX_COLS; ref++)
		c = c * 26 + (*ref - 'A' + 1);
	return c;
}

/* The row number of a cell or row reference ("12" or "BC12"), or 0 when it has none. */
static long ref_row(const char *ref)
{
	long r = 0;

	while (*ref >= 'A' && *ref <= 'Z')
		ref++;
	for (; *ref >= '0' && *ref <= '9'; ref++) {
		r = r * 10 + (*ref - '0');
		if (r > XLSX_MAX_ROW)
			return XLSX_MAX_ROW + 1;
	}
	return *ref == '\0' ? r : 0;
}

/* The state of the sheet walk. */
struct sheet {
	struct buf *out, cell;
	const char *sst;
	const size_t *offs;
	long nsst;
	long row, col; /* the current row; the last column written in it */
	char type[16]; /* the current cell's t attribute */
	long cell_col;
	int in_cell, in_is;
	const char *v0, *t0;
};

/* Ends a cell: its value (a shared string looked up) written at its column. */
static int end_cell(struct sheet *s, const char **why)
{
	const char *v = s->cell.p != NULL ? s->cell.p : "";
	size_t n = s->cell.len;
	char *endp;
	long k;

	s->in_cell = 0;
	if (strcmp(s->type, "s") == 0) {
		k = strtol(v, &endp, 10);
		if (n == 0 || *endp != '\0' || k < 0 || k >= s->nsst) {
			*why = "The .xlsx file is damaged (a cell names a missing shared string).";
			return -1;
		}
		v = s->sst + s->offs[k];
		n = s->offs[k + 1] - s->offs[k];
	}
	if (n == 0)
		return 0;
	if (s->cell_col > XLSX_MAX_COLS) {
		*why = "The sheet has a value past its 64th column.";
		return -1;
	}
	if (s->cell_col <= s->col) {
		*why = "The .xlsx file is damaged (cells out of order).";
		return -1;
	}
	for (k = s->col; k < s->cell_col - 1; k++)
		buf_put(s->out, ",", 1);
	if (s->col > 0)
		buf_put(s->out, ",", 1);
	put_field(s->out, v, n);
	s->col = s->cell_col;
	return 0;
}

/* Handles one tag of the sheet. Returns 0, or -1 with *why. */
static int sheet_tag(struct sheet *s, const struct tag *t, const char *p, const char **why)
{
	char ref[24];
	long r;

	if (tag_is(t, "row") && !t->close) {
		r = tag_attr(t, "r", ref, sizeof(ref)) ? ref_row(ref) : s->row + 1;
		if (r <= s->row || r > XLSX_MAX_ROW) {
			*why = r > XLSX_MAX_ROW ? "The sheet has too many rows."
						: "The .xlsx file is damaged (rows out of order).";
			return -1;
		}
		while (s->row < r - 1) {
			buf_put(s->out, "\r\n", 2);
			s->row++;
		}
		s->row = r;
		s->col = 0;
		if (t->empty)
			buf_put(s->out, "\r\n", 2);
	} else if (tag_is(t, "row")) {
		buf_put(s->out, "\r\n", 2);
	} else if (tag_is(t, "c") && !t->close) {
		if (s->row == 0) {
			*why = "The .xlsx file is damaged (a cell outside a row).";
			return -1;
		}
		s->cell_col = tag_attr(t, "r", ref, sizeof(ref)) ? ref_col(ref) : s->col + 1;
		if (s->cell_col == 0)
			s->cell_col = s->col + 1;
		if (!tag_attr(t, "t", s->type, sizeof(s->type)))
			s->type[0] = '\0';
		s->cell.len = 0;
		if (s->cell.p != NULL)
			s->cell.p[0] = '\0';
		s->in_cell = !t->empty;
		s->v0 = s->t0 = NULL;
		s->in_is = 0;
	} else if (tag_is(t, "c") && s->in_cell) {
		return end_cell(s, why);
	} else if (s->in_cell && tag_is(t, "v")) {
		if (!t->close && !t->empty)
			s->v0 = p;
		else if (t->close && s->v0 != NULL) {
			put_text(&s->cell, s->v0, t->start);
			s->v0 = NULL;
		}
	} else if (s->in_cell && tag_is(t, "is")) {
		s->in_is = !t->close && !t->empty;
	} else if (s->in_cell && s->in_is && tag_is(t, "t")) {
		if (!t->close && !t->empty)
			s->t0 = p;
		else if (t->close && s->t0 != NULL) {
			put_text(&s->cell, s->t0, t->start);
			s->t0 = NULL;
		}
	}
	if (s->cell.over || s->out->over) {
		*why = "The sheet is too large.";
		return -1;
	}
	return 0;
}

int xlsx_to_csv(const unsigned char *zip, size_t len, char **csv, size_t *csv_len, const char **why)
{
	char *sheet_xml = NULL, *sst_xml = NULL;
	size_t sheet_len = 0, sst_len = 0, *offs = NULL;
	struct buf sst = {NULL, 0, 0, PART_MAX, 0}, out = {NULL, 0, 0, CSV_OUT_MAX, 0};
	struct sheet s;
	struct tag t;
	const char *p, *end;
	long nsst = 0;
	int r, rc = -1;

	*csv = NULL;
	*csv_len = 0;
	*why = NULL;
	memset(&s, 0, sizeof(s));
	if (zip_parts(zip, len, &sheet_xml, &sheet_len, &sst_xml, &sst_len, why) != 0)
		return -1;
	if (sst_xml != NULL) {
		nsst = read_sst(sst_xml, sst_len, &sst, &offs, why);
		if (nsst < 0)
			goto out;
	}
	s.out = &out;
	s.cell.max = PART_MAX;
	s.sst = sst.p != NULL ? sst.p : "";
	s.offs = offs;
	s.nsst = nsst;
	p = sheet_xml;
	end = sheet_xml + sheet_len;
	while ((r = next_tag(&p, end, &t)) == 1) {
		if (sheet_tag(&s, &t, p, why) != 0)
			goto out;
	}
	if (r < 0) {
		*why = "The .xlsx file is damaged (its sheet is not XML).";
		goto out;
	}
	if (buf_put(&out, "", 0) != 0) {
		*why = "The sheet is too large.";
		goto out;
	}
	*csv = out.p;
	*csv_len = out.len;
	out.p = NULL;
	rc = 0;
out:
	free(out.p);
	free(s.cell.p);
	free(sst.p);
	free(offs);
	free(sheet_xml);
	free(sst_xml);
	return rc;
}
