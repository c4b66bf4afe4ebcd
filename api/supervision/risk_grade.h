/* Risk grading (pure functions): LEC D = L x E x C and matrix R = likelihood x severity, each
 * graded against three descending thresholds (config: ANQUAN_RISK_LEC_THRESHOLDS,
 * ANQUAN_RISK_MATRIX_THRESHOLDS). */
#ifndef ANQUAN_RISK_GRADE_H
#define ANQUAN_RISK_GRADE_H

/* Three descending thresholds: t[0] major, t[1] significant, t[2] general. */
struct risk_thresholds {
	double t[3];
};

/* Defaults of the contract: LEC 320,160,70 and matrix 20,12,6. */
extern const struct risk_thresholds risk_grade_lec_default;
extern const struct risk_thresholds risk_grade_matrix_default;

/* Parses "a,b,c": three finite numbers >= 0, strictly descending (spaces around numbers
 * allowed). Returns 0 with *out filled, or -1 (out unchanged). */
int risk_grade_parse_thresholds(const char *s, struct risk_thresholds *out);

/* Whether v is one of the LEC table values: L {0.1,0.2,0.5,1,3,6,10}, E {0.5,1,2,3,6,10},
 * C {1,3,7,15,40,100}. */
int risk_grade_lec_l_ok(double v);
int risk_grade_lec_e_ok(double v);
int risk_grade_lec_c_ok(double v);

/* Whether v is an integer 1..5 (likelihood or severity of the matrix method). */
int risk_grade_matrix_ok(double v);

/* D = L x E x C in hundredths (exact: every table value is a multiple of 0.1). Returns -1 when
 * a value is not in its table. */
long risk_grade_lec_score100(double l, double e, double c);

/* The grade of an LEC score (hundredths) against `th`: D > t0 "major"; t1 < D <= t0
 * "significant"; t2 < D <= t1 "general"; else "low". Static string. */
const char *risk_grade_lec(long d100, const struct risk_thresholds *th);

/* The grade of a matrix score R: R >= t0 "major"; t1 <= R < t0 "significant"; t2 <= R < t1
 * "general"; else "low". Static string. */
const char *risk_grade_matrix(long r, const struct risk_thresholds *th);

/* Writes the score `d100` (hundredths) as a decimal without trailing zeros ("0.05", "270",
 * "1.5") into buf. */
void risk_grade_format100(long d100, char *buf, unsigned long len);

#endif
