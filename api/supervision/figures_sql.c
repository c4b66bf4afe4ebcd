/* The figures' statements. */
#include "db.h"
#include "figures.h"

/* Submitted inspections of subtree $1 (scope $2) inspected within [$3, $4] (NULL = open). */
#define FIGURES_INSPECTIONS                                                                        \
	"FROM inspections s WHERE s.org_path <@ $1::ltree AND s.org_path <@ $2::ltree "            \
	"AND s.status = 'submitted' "                                                              \
	"AND ($3::date IS NULL OR s.inspected_on >= $3::date) "                                    \
	"AND ($4::date IS NULL OR s.inspected_on <= $4::date) "                                    \
	"AND NOT EXISTS (SELECT 1 FROM inspections c WHERE c.corrects_id = s.id "                  \
	"AND c.status = 'submitted') "

const struct db_statement figures_sql[] = {
    /* figures_risks: counts per category and grade. */
    {"figures_risks",
     "SELECT r.category, count(*) FILTER (WHERE r.grade = 'major') AS major, "
     "count(*) FILTER (WHERE r.grade = 'significant') AS significant, "
     "count(*) FILTER (WHERE r.grade = 'general') AS general, "
     "count(*) FILTER (WHERE r.grade = 'low') AS low, count(*) AS total "
     "FROM risks r WHERE r.org_path <@ $1::ltree AND r.org_path <@ $2::ltree AND NOT r.archived "
     "GROUP BY r.category ORDER BY count(*) DESC, r.category"},
    /* figures_inspections: counts per type. */
    {"figures_inspections_by_type", "SELECT s.type, count(*) AS count " FIGURES_INSPECTIONS
				    "GROUP BY s.type ORDER BY count(*) DESC, s.type"},
    /* figures_inspections: counts per month of inspected_on. */
    {"figures_inspections_by_month",
     "SELECT to_char(s.inspected_on, 'YYYY-MM') AS month, count(*) AS count " FIGURES_INSPECTIONS
     "GROUP BY 1 ORDER BY 1"},
    /* figures_inspections: institutions (not archived) and how many of them were inspected. */
    {"figures_inspections_coverage",
     "SELECT count(*) AS units, count(*) FILTER (WHERE EXISTS (SELECT 1 " FIGURES_INSPECTIONS
     "AND s.institution_id = i.id)) AS inspected "
     "FROM institutions i WHERE i.org_path <@ $1::ltree AND i.org_path <@ $2::ltree "
     "AND NOT i.archived"},
    {NULL, NULL},
};
