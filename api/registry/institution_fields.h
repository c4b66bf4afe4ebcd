/* The editable fields of an institution record, read from a JSON body and checked member by
 * member (sub-objects too: errors name "principal.name", "safety_officers[2].phone"). */
#ifndef ANQUAN_INSTITUTION_FIELDS_H
#define ANQUAN_INSTITUTION_FIELDS_H

#include <jansson.h>

/* In the order of the parameters $3..$18 of institution_insert and institution_update. */
enum inst_field {
	IF_CREDIT_CODE,
	IF_TYPE,
	IF_GRADE,
	IF_OWNERSHIP,
	IF_ADDRESS,
	IF_LONGITUDE,
	IF_LATITUDE,
	IF_BEDS,
	IF_STAFF,
	IF_PRINCIPAL,
	IF_CONTACTS,
	IF_SAFETY_DEPARTMENT,
	IF_SAFETY_OFFICERS,
	IF_GRID_NAME,
	IF_GRID_HEAD,
	IF_GRID_HEAD_PHONE,
	IF_COUNT
};

/* The member (and result column) name of each field. */
extern const char *const inst_field_names[IF_COUNT];

struct inst_fields {
	int present[IF_COUNT];	     /* the member was sent */
	const char *value[IF_COUNT]; /* its SQL text (NULL = SQL NULL); borrowed or owned[] */
	char *owned[IF_COUNT]; /* texts made here (numbers, JSON), freed by inst_fields_free */
};

/* Reads every field member of `body` into `f` (zeroed first), adding errors. With `creating`,
 * credit_code and type are required and absent grade/ownership/sub-objects get their defaults.
 * Returns the number of errors added. */
int inst_fields_read(json_t *body, int creating, struct inst_fields *f, json_t *errors);

/* Frees the texts `f` made. */
void inst_fields_free(struct inst_fields *f);

#endif
