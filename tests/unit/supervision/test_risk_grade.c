/* Risk grading: LEC and matrix scores at and around every threshold, the value tables, and the
 * threshold setting's parser (a bad setting must refuse to start the server). */
#include "../unit.h"
#include "risk_grade.h"

static const struct risk_thresholds *lec = &risk_grade_lec_default;
static const struct risk_thresholds *mx = &risk_grade_matrix_default;

/* The grade of L x E x C under the default thresholds, or "invalid". */
static const char *lec_grade(double l, double e, double c)
{
	long d = risk_grade_lec_score100(l, e, c);

	return d < 0 ? "invalid" : risk_grade_lec(d, lec);
}

static void lec_thresholds(void)
{
	/* D > 320 major; exactly 320 is not reachable from the tables, so test in hundredths. */
	CHECK_STR(risk_grade_lec(32001, lec), "major");
	CHECK_STR(risk_grade_lec(32000, lec), "significant");
	CHECK_STR(risk_grade_lec(31999, lec), "significant");
	CHECK_STR(risk_grade_lec(16001, lec), "significant");
	CHECK_STR(risk_grade_lec(16000, lec), "general");
	CHECK_STR(risk_grade_lec(7001, lec), "general");
	CHECK_STR(risk_grade_lec(7000, lec), "low");
	CHECK_STR(risk_grade_lec(0, lec), "low");
	/* Real table combinations near each threshold. */
	CHECK_STR(lec_grade(6, 6, 15), "major");	/* 540 */
	CHECK_STR(lec_grade(3, 3, 40), "major");	/* 360 */
	CHECK_STR(lec_grade(3, 6, 15), "significant");	/* 270 */
	CHECK_STR(lec_grade(1, 6, 40), "significant");	/* 240 */
	CHECK_STR(lec_grade(10, 2, 7), "general");	/* 140 */
	CHECK_STR(lec_grade(10, 1, 7), "low");		/* 70: at the threshold, not above */
	CHECK_STR(lec_grade(1, 10, 7), "low");		/* 70 */
	CHECK_STR(lec_grade(3, 3, 7), "low");		/* 63 */
	CHECK_STR(lec_grade(1, 6, 15), "general");	/* 90 */
	CHECK_STR(lec_grade(10, 2, 15), "significant"); /* 300 */
	CHECK_STR(lec_grade(10, 1, 15), "general");	/* 150 */
	CHECK_STR(lec_grade(1, 2, 100), "significant"); /* 200 */
	CHECK_STR(lec_grade(10, 10, 100), "major");	/* 10000 */
	/* Fractions are exact: 0.1 x 0.5 x 1 = 0.05, 0.2 x 0.5 x 7 = 0.7. */
	CHECK(risk_grade_lec_score100(0.1, 0.5, 1) == 5);
	CHECK(risk_grade_lec_score100(0.2, 0.5, 7) == 70);
	CHECK(risk_grade_lec_score100(0.5, 6, 15) == 4500);
	CHECK_STR(lec_grade(0.1, 0.5, 1), "low");
}

static void lec_tables(void)
{
	CHECK(risk_grade_lec_l_ok(0.1) && risk_grade_lec_l_ok(0.2) && risk_grade_lec_l_ok(0.5));
	CHECK(risk_grade_lec_l_ok(1) && risk_grade_lec_l_ok(3) && risk_grade_lec_l_ok(6));
	CHECK(risk_grade_lec_l_ok(10));
	CHECK(!risk_grade_lec_l_ok(0) && !risk_grade_lec_l_ok(2) && !risk_grade_lec_l_ok(0.3));
	CHECK(!risk_grade_lec_l_ok(-1) && !risk_grade_lec_l_ok(100) && !risk_grade_lec_l_ok(0.15));
	CHECK(risk_grade_lec_e_ok(0.5) && risk_grade_lec_e_ok(2) && risk_grade_lec_e_ok(10));
	CHECK(!risk_grade_lec_e_ok(0.1) && !risk_grade_lec_e_ok(5) && !risk_grade_lec_e_ok(7));
	CHECK(risk_grade_lec_c_ok(1) && risk_grade_lec_c_ok(7) && risk_grade_lec_c_ok(100));
	CHECK(!risk_grade_lec_c_ok(0.5) && !risk_grade_lec_c_ok(10) && !risk_grade_lec_c_ok(50));
	CHECK(risk_grade_lec_score100(2, 6, 15) == -1);
	CHECK(risk_grade_lec_score100(3, 5, 15) == -1);
	CHECK(risk_grade_lec_score100(3, 6, 16) == -1);
	CHECK_STR(lec_grade(3, 6, 16), "invalid");
}

static void matrix(void)
{
	CHECK_STR(risk_grade_matrix(25, mx), "major");
	CHECK_STR(risk_grade_matrix(20, mx), "major"); /* at the threshold: major */
	CHECK_STR(risk_grade_matrix(19, mx), "significant");
	CHECK_STR(risk_grade_matrix(12, mx), "significant");
	CHECK_STR(risk_grade_matrix(11, mx), "general");
	CHECK_STR(risk_grade_matrix(6, mx), "general");
	CHECK_STR(risk_grade_matrix(5, mx), "low");
	CHECK_STR(risk_grade_matrix(1, mx), "low");
	CHECK(risk_grade_matrix_ok(1) && risk_grade_matrix_ok(5));
	CHECK(!risk_grade_matrix_ok(0) && !risk_grade_matrix_ok(6) && !risk_grade_matrix_ok(2.5));
	CHECK(!risk_grade_matrix_ok(-3));
}

static void custom_thresholds(void)
{
	struct risk_thresholds th = {{0, 0, 0}};

	CHECK(risk_grade_parse_thresholds("400, 200 ,100", &th) == 0);
	CHECK(th.t[0] == 400 && th.t[1] == 200 && th.t[2] == 100);
	CHECK_STR(risk_grade_lec(40000, &th), "significant");
	CHECK_STR(risk_grade_lec(40001, &th), "major");
	CHECK(risk_grade_parse_thresholds("16,9,4", &th) == 0);
	CHECK_STR(risk_grade_matrix(16, &th), "major");
	CHECK_STR(risk_grade_matrix(15, &th), "significant");
	CHECK_STR(risk_grade_matrix(4, &th), "general");
	CHECK_STR(risk_grade_matrix(3, &th), "low");
	CHECK(risk_grade_parse_thresholds("70.5,20,0.5", &th) == 0);
	CHECK_STR(risk_grade_lec(7050, &th), "significant");
	CHECK_STR(risk_grade_lec(7051, &th), "major");
	/* Refused: not three, not descending, negative, junk. */
	th.t[0] = 1;
	CHECK(risk_grade_parse_thresholds("", &th) == -1);
	CHECK(risk_grade_parse_thresholds("320,160", &th) == -1);
	CHECK(risk_grade_parse_thresholds("320,160,70,10", &th) == -1);
	CHECK(risk_grade_parse_thresholds("160,320,70", &th) == -1);
	CHECK(risk_grade_parse_thresholds("320,160,160", &th) == -1);
	CHECK(risk_grade_parse_thresholds("320,160,-1", &th) == -1);
	CHECK(risk_grade_parse_thresholds("320,abc,70", &th) == -1);
	CHECK(risk_grade_parse_thresholds("320,160,70x", &th) == -1);
	CHECK(risk_grade_parse_thresholds("inf,160,70", &th) == -1);
	CHECK(risk_grade_parse_thresholds("320,,70", &th) == -1);
	CHECK(th.t[0] == 1); /* unchanged on failure */
}

static void formatting(void)
{
	char buf[32];

	risk_grade_format100(5, buf, sizeof(buf));
	CHECK_STR(buf, "0.05");
	risk_grade_format100(70, buf, sizeof(buf));
	CHECK_STR(buf, "0.7");
	risk_grade_format100(27000, buf, sizeof(buf));
	CHECK_STR(buf, "270");
	risk_grade_format100(4550, buf, sizeof(buf));
	CHECK_STR(buf, "45.5");
}

void unit_risk_grade(void)
{
	lec_thresholds();
	lec_tables();
	matrix();
	custom_thresholds();
	formatting();
}
