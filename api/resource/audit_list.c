/* The audit log reader: entries of the caller's subtree, newest first, filtered by time, user
 * and action. */
#include "audit_list.h"
#include "auth.h"
#include "dbjson.h"
#include "rest.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

#define AUDIT_LIST_DEFAULT 200
#define AUDIT_LIST_MAX 500

/* Whether s[0..n) are all digits. */
static int digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return 1;
}

static int num(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Whether `s` is an RFC 3339 date-time ("2026-11-23T18:30:00Z", fraction and offset optional
 * parts as the RFC allows) or a plain date, with every field in range, so PostgreSQL never meets
 * a value it refuses. A '+' of an offset arrives as a space when the client did not encode it;
 * it is put back. */
static int timestamp_ok(char *s)
{
	int y, mo, d, days;
	size_t n = strlen(s), i;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (n < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2))
		return 0;
	y = num(s, 4);
	mo = num(s + 5, 2);
	d = num(s + 8, 2);
	if (y < 1 || mo < 1 || mo > 12)
		return 0;
	days = mdays[mo - 1] + (mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d < 1 || d > days)
		return 0;
	if (n == 10)
		return 1;
	if (n < 20 || (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2) || s[13] != ':' ||
	    !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
		return 0;
	if (num(s + 11, 2) > 23 || num(s + 14, 2) > 59 || num(s + 17, 2) > 59)
		return 0;
	i = 19;
	if (s[i] == '.') {
		size_t f = strspn(s + i + 1, "0123456789");
		if (f < 1 || f > 9)
			return 0;
		i += 1 + f;
	}
	if ((s[i] == 'Z' || s[i] == 'z') && s[i + 1] == '\0')
		return 1;
	if (s[i] == ' ')
		s[i] = '+';
	return (s[i] == '+' || s[i] == '-') && strlen(s + i) == 6 && digits(s + i + 1, 2) &&
	       s[i + 3] == ':' && digits(s + i + 4, 2) && num(s + i + 1, 2) <= 15 &&
	       num(s + i + 4, 2) <= 59;
}

/* Query values of GET /audit, checked. */
struct audit_query {
	char from[48], to[48], user_id[37], action[72], cursor[REST_CURSOR_MAX];
	const char *at, *id; /* the cursor's parts, pointing into cursor */
	int has_from, has_to, has_user, has_action, limit;
};

static void audit_query_read(struct http_req *req, struct audit_query *aq, json_t *errors)
{
	char *dot;

	aq->has_from = rest_query(req, "from", aq->from, sizeof(aq->from), errors) == 1;
	if (aq->has_from && !timestamp_ok(aq->from))
		v_error(errors, "from", "format", "An RFC 3339 date-time or date.");
	aq->has_to = rest_query(req, "to", aq->to, sizeof(aq->to), errors) == 1;
	if (aq->has_to && !timestamp_ok(aq->to))
		v_error(errors, "to", "format", "An RFC 3339 date-time or date.");
	aq->has_user = rest_query_uuid(req, "user_id", aq->user_id, errors) == 1;
	aq->has_action = rest_query(req, "action", aq->action, 65, errors) == 1;
	dot = aq->has_action ? strchr(aq->action, '.') : NULL;
	if (aq->has_action && (dot == NULL || dot == aq->action || dot[1] == '\0' ||
			       !rest_only_chars(aq->action, "abcdefghijklmnopqrstuvwxyz_.") ||
			       strchr(dot + 1, '.') != NULL))
		v_error(errors, "action", "format", "An action name such as org.create.");
	rest_limit(req, AUDIT_LIST_DEFAULT, AUDIT_LIST_MAX, &aq->limit, errors);
	if (rest_cursor(req, aq->cursor, sizeof(aq->cursor), errors) != 1)
		return;
	dot = strchr(aq->cursor, '.');
	if (dot == NULL || dot == aq->cursor || dot - aq->cursor > 18 || strlen(dot + 1) > 18 ||
	    !rest_only_chars(dot + 1, "0123456789")) {
		v_error(errors, "cursor", "format", "This cursor was not issued by this server.");
		return;
	}
	*dot = '\0';
	if (!rest_only_chars(aq->cursor, "0123456789-") || strchr(aq->cursor + 1, '-') != NULL) {
		v_error(errors, "cursor", "format", "This cursor was not issued by this server.");
		return;
	}
	aq->at = aq->cursor;
	aq->id = dot + 1;
}

int audit_list(struct http_req *req)
{
	struct audit_query aq;
	json_t *errors = json_array(), *items = NULL;
	PGresult *res = NULL;
	char limit1[16];
	const char *values[8];
	int rc, i, n;

	memset(&aq, 0, sizeof(aq));
	audit_query_read(req, &aq, errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	snprintf(limit1, sizeof(limit1), "%d", aq.limit + 1);
	values[0] = auth_scope(req);
	values[1] = aq.has_from ? aq.from : NULL;
	values[2] = aq.has_to ? aq.to : NULL;
	values[3] = aq.has_user ? aq.user_id : NULL;
	values[4] = aq.has_action ? aq.action : NULL;
	values[5] = aq.at;
	values[6] = aq.id;
	values[7] = limit1;
	res = db_exec(req->db, "audit_list", 8, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	items = json_array();
	n = PQntuples(res);
	for (i = 0; i < n && i < aq.limit; i++)
		json_array_append_new(items, dbjson_row(res, i));
	rc =
	    http_json(req, 200,
		      json_pack("{s:o, s:o}", "items", items, "next_cursor",
				rest_cursor_json(
				    n > aq.limit ? rest_col(res, aq.limit - 1, "_cursor") : NULL)));
	items = NULL;
out:
	json_decref(errors);
	json_decref(items);
	PQclear(res);
	return rc;
}
