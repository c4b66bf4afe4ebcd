/* Risk grading: value tables, scores and grades. Scores are kept in hundredths so a threshold
 * comparison never depends on binary floating point (0.1 x 0.5 x 1 is not 0.05 in a double). */
#include "risk_grade.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

const struct risk_thresholds risk_grade_lec_default = {{320, 160, 70}};
const struct risk_thresholds risk_grade_matrix_default = {{20, 12, 6}};

static const long lec_l10[] = {1, 2, 5, 10, 30, 60, 100, 0};
static const long lec_e10[] = {5, 10, 20, 30, 60, 100, 0};
static const long lec_c10[] = {10, 30, 70, 150, 400, 1000, 0};

/* v in tenths when it is (within rounding) a table value, else -1. */
static long tenths_in(double v, const long *table)
{
	double t;
	long n;
	int i;

	if (!isfinite(v) || v <= 0 || v > 1000)
		return -1;
	t = v * 10.0;
	n = lround(t);
	if (fabs(t - (double)n) > 1e-6)
		return -1;
	for (i = 0; table[i] != 0; i++) {
		if (table[i] == n)
			return n;
	}
	return -1;
}

int risk_grade_lec_l_ok(double v)
{
	return tenths_in(v, lec_l10) > 0;
}

int risk_grade_lec_e_ok(double v)
{
	return tenths_in(v, lec_e10) > 0;
}

int risk_grade_lec_c_ok(double v)
{
	return tenths_in(v, lec_c10) > 0;
}

int risk_grade_matrix_ok(double v)
{
	return isfinite(v) && v >= 1 && v <= 5 && v == floor(v);
}

long risk_grade_lec_score100(double l, double e, double c)
{
	long l10 = tenths_in(l, lec_l10), e10 = tenths_in(e, lec_e10), c10 = tenths_in(c, lec_c10);

	if (l10 < 0 || e10 < 0 || c10 < 0)
		return -1;
	/* (L*10)(E*10)(C*10)/10 = D*100; C is whole, so the division is exact. */
	return l10 * e10 * c10 / 10;
}

/* A threshold in hundredths, rounded. */
static long t100(double t)
{
	return lround(t * 100.0);
}

const char *risk_grade_lec(long d100, const struct risk_thresholds *th)
{
	if (d100 > t100(th->t[0]))
		return "major";
	if (d100 > t100(th->t[1]))
		return "significant";
	if (d100 > t100(th->t[2]))
		return "general";
	return "low";
}

const char *risk_grade_matrix(long r, const struct risk_thresholds *th)
{
	long r100 = r * 100;

	if (r100 >= t100(th->t[0]))
		return "major";
	if (r100 >= t100(th->t[1]))
		return "significant";
	if (r100 >= t100(th->t[2]))
		return "general";
	return "low";
}

void risk_grade_format100(long d100, char *buf, unsigned long len)
{
	long whole = d100 / 100, frac = d100 % 100;

	if (frac == 0)
		snprintf(buf, len, "%ld", whole);
	else if (frac % 10 == 0)
		snprintf(buf, len, "%ld.%ld", whole, frac / 10);
	else
		snprintf(buf, len, "%ld.%02ld", whole, frac);
}

int risk_grade_parse_thresholds(const char *s, struct risk_thresholds *out)
{
	struct risk_thresholds th;
	const char *p = s;
	char *end;
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < 3; i++) {
		while (*p == ' ')
			p++;
		if (*p == '\0' || *p == ',' || *p == '+' || *p == '-')
			return -1;
		errno = 0;
		th.t[i] = strtod(p, &end);
		if (errno != 0 || end == p || !isfinite(th.t[i]) || th.t[i] < 0 || th.t[i] > 1e9)
			return -1;
		p = end;
		while (*p == ' ')
			p++;
		if (i < 2) {
			if (*p != ',')
				return -1;
			p++;
		}
	}
	if (*p != '\0' || !(th.t[0] > th.t[1] && th.t[1] > th.t[2]))
		return -1;
	*out = th;
	return 0;
}
