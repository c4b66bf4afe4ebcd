/* Where the bytes of attachments are kept: a small interface, so that the metadata (attachments
 * table, row-level security, binding) stays the same whichever store holds the bytes. */
#ifndef ANQUAN_ATTACHMENT_STORE_H
#define ANQUAN_ATTACHMENT_STORE_H

#include <stddef.h>

#include "http.h"

/* A store of byte strings by key. Every call runs for request `req` (its transaction and
 * caller's scope: req->db) and answers nothing itself. The default (attachment_store_postgres)
 * keeps the bytes in PostgreSQL, in the request's transaction: an upload commits or rolls back
 * with its metadata. This is where an S3-compatible object store (MinIO for a province) plugs in:
 * a second struct whose put writes the object under `key` (a PUT, content-addressed or by
 * attachment id), whose get reads it back or hands out a presigned URL, with a sweep that
 * removes objects whose metadata row never committed. */
struct attachment_store {
	const char *name; /* written into attachments.storage: "postgres" */
	/* Keeps `len` bytes at `data` under `key`. Returns 0, or -1 (nothing kept). */
	int (*put)(struct http_req *req, const char *key, const unsigned char *data, size_t len);
	/* Reads the bytes under `key` into *data (caller frees) and *len. Returns 0, 1 when there
	 * is no such key (or it lies outside the caller's subtree), -1 on an error. */
	int (*get)(struct http_req *req, const char *key, unsigned char **data, size_t *len);
	/* Forgets the bytes under `key`. Returns 0 (also when there were none), or -1. */
	int (*remove)(struct http_req *req, const char *key);
};

/* The default store: table attachment_blobs, under the row-level security of the attachment
 * that names the key. */
extern const struct attachment_store attachment_store_postgres;

/* The store uploads go to. */
const struct attachment_store *attachment_store_default(void);

/* The store named `name` (attachments.storage), or NULL. */
const struct attachment_store *attachment_store_named(const char *name);

#endif
