/* The caller's work around hazards: the to-do list (GET /todo), notifications (GET
 * /notifications, POST /notifications/{id}/read) and the overdue sweep's statement. */
#ifndef ANQUAN_TODO_H
#define ANQUAN_TODO_H

#include "db.h"
#include "http.h"

/* The states of an open hazard (it has a deadline and can be overdue), as an SQL list. */
#define TODO_OPEN_STATES "('registered', 'notice_issued', 'rectifying', 'acceptance_requested')"

/* How many rows each section of the to-do list shows at most (the counts are exact). */
#define TODO_SECTION_MAX 50

extern const struct db_statement todo_sql[];

/* The keyset list of GET /notifications (todo_sql.c). */
struct list_desc;
extern const struct list_desc notification_list_desc;

/* Handlers (route table): each answers the request and returns the status it sent. */
/* todo.c */
int todo_get(struct http_req *req); /* GET /todo */
/* todo_notifications.c */
int todo_notification_list(struct http_req *req); /* GET  /notifications */
int todo_notification_read(struct http_req *req); /* POST /notifications/{id}/read */
/* The list's before hook: the caller's user id as app.user_id for the list's statements.
 * Returns 0 or the status sent. */
int todo_notification_user(struct http_req *req);

#endif
