/* The codes of the supervision data and their Chinese names (the same words as the SPA's
 * catalogue and the seeds). */
#include "labels.h"

#include <string.h>

const struct export_label labels_institution_type[] = {{"general_hospital", "综合医院"},
						       {"tcm_hospital", "中医医院"},
						       {"specialist_hospital", "专科医院"},
						       {"primary_care", "基层医疗卫生机构"},
						       {"cdc", "疾病预防控制中心"},
						       {"maternal_child", "妇幼保健院"},
						       {"blood_station", "血站"},
						       {"health_supervision", "卫生监督所"},
						       {"other", "其他"},
						       {NULL, NULL}};

const struct export_label labels_institution_grade[] = {
    {"3A", "三级甲等"}, {"3B", "三级乙等"}, {"3C", "三级丙等"}, {"2A", "二级甲等"},
    {"2B", "二级乙等"}, {"2C", "二级丙等"}, {"1A", "一级甲等"}, {"1B", "一级乙等"},
    {"1C", "一级丙等"}, {"none", "未定级"}, {NULL, NULL}};

const struct export_label labels_ownership[] = {
    {"public", "公立"}, {"private", "民营"}, {"other", "其他"}, {NULL, NULL}};

const struct export_label labels_location_kind[] = {{"oxygen_station", "氧气站/医用气体"},
						    {"power_room", "配电室"},
						    {"boiler_room", "锅炉房"},
						    {"gas_pipeline", "燃气管道"},
						    {"hazchem_store", "危化品库"},
						    {"laboratory", "实验室"},
						    {"kitchen", "厨房"},
						    {"ebike_charging", "电动自行车充电区"},
						    {"other", "其他"},
						    {NULL, NULL}};

const struct export_label labels_project_status[] = {{"planned", "未开工"},
						     {"under_way", "在建"},
						     {"suspended", "停工"},
						     {"completed", "已完工"},
						     {NULL, NULL}};

const struct export_label labels_risk_category[] = {{"fire", "火灾"},
						    {"electrical", "电气"},
						    {"gas", "燃气"},
						    {"medical_gas", "医用气体"},
						    {"hazchem", "危险化学品"},
						    {"special_equipment", "特种设备"},
						    {"lab_biosafety", "实验室与生物安全"},
						    {"radiation", "辐射"},
						    {"construction", "施工"},
						    {"flood_weather", "防汛与极端天气"},
						    {"ebike_charging", "电动自行车充电"},
						    {"other", "其他"},
						    {NULL, NULL}};

const struct export_label labels_risk_grade[] = {{"major", "重大风险（红）"},
						 {"significant", "较大风险（橙）"},
						 {"general", "一般风险（黄）"},
						 {"low", "低风险（蓝）"},
						 {NULL, NULL}};

const struct export_label labels_risk_method[] = {
    {"lec", "LEC法"}, {"matrix", "风险矩阵法"}, {NULL, NULL}};

const struct export_label labels_control_level[] = {{"unit", "单位级"},
						    {"department", "部门级"},
						    {"team", "班组级"},
						    {"post", "岗位级"},
						    {NULL, NULL}};

const struct export_label labels_inspection_type[] = {
    {"self", "自查"},	     {"routine", "日常巡查"}, {"holiday", "节假日/重大活动前检查"},
    {"supervision", "督查"}, {"spot", "抽查"},	      {"unannounced", "暗访暗查"},
    {"lookback", "回头看"},  {"acceptance", "验收"},  {NULL, NULL}};

const struct export_label labels_inspection_status[] = {
    {"draft", "草稿"}, {"submitted", "已提交"}, {NULL, NULL}};

const struct export_label labels_result[] = {
    {"pass", "合格"}, {"fail", "不合格"}, {"na", "不适用"}, {NULL, NULL}};

const struct labels_list labels_lists[] = {
    {"institution_type", labels_institution_type},
    {"institution_grade", labels_institution_grade},
    {"ownership", labels_ownership},
    {"location_kind", labels_location_kind},
    {"project_status", labels_project_status},
    {"risk_category", labels_risk_category},
    {"risk_grade", labels_risk_grade},
    {"risk_method", labels_risk_method},
    {"control_level", labels_control_level},
    {"inspection_type", labels_inspection_type},
    {"inspection_status", labels_inspection_status},
    {"result", labels_result},
    {NULL, NULL},
};

const char *labels_code(const struct export_label *labels, const char *label)
{
	const struct export_label *l;

	for (l = labels; l->code != NULL; l++) {
		if (strcmp(l->label, label) == 0 || strcmp(l->code, label) == 0)
			return l->code;
	}
	return NULL;
}

#define MAX_LISTS 16
#define MAX_CODES 16

static const struct export_label *lists[MAX_LISTS];
static const char *codes[MAX_LISTS][MAX_CODES + 1];
static int nlists;

static void add(const struct export_label *labels)
{
	int i;

	for (i = 0; labels[i].code != NULL && i < MAX_CODES; i++)
		codes[nlists][i] = labels[i].code;
	codes[nlists][i] = NULL;
	lists[nlists++] = labels;
}

void labels_init(void)
{
	if (nlists > 0)
		return;
	add(labels_institution_type);
	add(labels_institution_grade);
	add(labels_ownership);
	add(labels_location_kind);
	add(labels_project_status);
	add(labels_risk_category);
	add(labels_risk_grade);
	add(labels_risk_method);
	add(labels_control_level);
	add(labels_inspection_type);
	add(labels_inspection_status);
	add(labels_result);
}

const char *const *labels_codes(const struct export_label *labels)
{
	int i;

	for (i = 0; i < nlists; i++) {
		if (lists[i] == labels)
			return codes[i];
	}
	return NULL;
}
