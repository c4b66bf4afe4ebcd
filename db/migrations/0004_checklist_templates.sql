-- The shipped, national checklist templates (org_id NULL: readable by every signed-in caller).
-- 1. The seven check focus items (检查重点) of the 2014 spring campaign plan (seed 001 §二).
-- 2. A general hospital work-safety checklist covering the key locations of seed 000.
SELECT set_config('app.org_path', '*', true);

INSERT INTO checklist_templates (code, name, description) VALUES
 ('focus-2014-spring', '安全隐患大检查大整改检查重点（七项）',
  '全省卫生计生系统安全隐患大检查大整改春季行动工作方案“检查重点”七项，用作督查、抽查检查表。'),
 ('hospital-general', '医疗卫生机构安全生产综合检查表',
  '消防、电气、燃气、医用气体、危险化学品、特种设备、实验室与生物安全、施工与值班值守等通用检查项目。');

INSERT INTO checklist_items (template_id, position, text, category, legal_basis)
SELECT t.id, v.position, v.text, v.category, v.legal_basis
FROM checklist_templates t
JOIN (VALUES
 ('focus-2014-spring', 1, '“党政同责、一岗双责”和“管行业必须管安全”的安全责任是否真正落实到位', '安全责任', NULL),
 ('focus-2014-spring', 2, '贯彻落实安全发展长效机制意见是否积极推动并取得明显成效', '长效机制', NULL),
 ('focus-2014-spring', 3, '上级督查组反馈的问题是否得到有效解决；排查出的重大隐患是否挂牌督办并按时整改完毕', '重大隐患', NULL),
 ('focus-2014-spring', 4, '“四化融合”“三位一体”安全监管防控体系建设是否部署到位；网格化是否达到100%全覆盖并确立严格的责任体系和监管制度；标准化、信息化建设是否全面部署', '网格化监管', NULL),
 ('focus-2014-spring', 5, '承担试点任务的单位在安全监管体制、机制创新方面是否取得突破性进展', '试点创新', NULL),
 ('focus-2014-spring', 6, '是否建立内部隐患排查治理常态检查制度，隐患整改率是否达到100%；一时难以整改的隐患是否做到“五落实”；是否及时上报网格化监管信息平台数据', '隐患排查治理', NULL),
 ('focus-2014-spring', 7, '是否严格落实安全生产法律、法规、规章以及行业安全标准；是否存在安全生产非法、违法行为', '依法治理', '《中华人民共和国安全生产法》'),
 ('hospital-general', 1, '安全生产责任制、主要负责人第一责任人职责和全员安全生产责任清单已建立并签字落实', '安全责任', '《中华人民共和国安全生产法》第二十二条'),
 ('hospital-general', 2, '消防设施、器材完好有效，定期检测维护并有记录', '消防', '《中华人民共和国消防法》第十六条'),
 ('hospital-general', 3, '疏散通道、安全出口畅通，应急照明和疏散指示标志完好', '消防', '《中华人民共和国消防法》第二十八条'),
 ('hospital-general', 4, '消防控制室24小时双人值班，值班人员持证上岗', '消防', NULL),
 ('hospital-general', 5, '电气线路敷设规范，无私拉乱接、超负荷用电；配电室管理制度落实', '电气', NULL),
 ('hospital-general', 6, '医用氧气站（汇流排间）通风良好、禁火标志齐全，气瓶固定、分区存放', '医用气体', NULL),
 ('hospital-general', 7, '危险化学品专库（柜）存放，双人双锁管理，出入库台账完整', '危险化学品', '《危险化学品安全管理条例》'),
 ('hospital-general', 8, '锅炉、压力容器、电梯等特种设备定期检验合格，作业人员持证上岗', '特种设备', '《中华人民共和国特种设备安全法》'),
 ('hospital-general', 9, '燃气管道、阀门无泄漏，厨房燃气报警和切断装置有效', '燃气', NULL),
 ('hospital-general', 10, '实验室生物安全管理制度落实，病原微生物和菌（毒）种保管符合要求', '实验室与生物安全', '《病原微生物实验室生物安全管理条例》'),
 ('hospital-general', 11, '放射诊疗场所防护设施和警示标识完好，人员个人剂量监测', '辐射', '《放射诊疗管理规定》'),
 ('hospital-general', 12, '电动自行车集中停放、充电场所符合要求，无楼道内停放充电', '电动自行车充电', NULL),
 ('hospital-general', 13, '在建工程取得施工许可，施工现场安全管理和动火审批落实', '施工', NULL),
 ('hospital-general', 14, '重点部位24小时值班和领导带班制度落实，值班记录完整', '值班值守', NULL),
 ('hospital-general', 15, '应急预案完善并定期演练，应急物资储备充足', '应急管理', NULL),
 ('hospital-general', 16, '从业人员安全培训教育开展，特种作业人员持证上岗', '教育培训', NULL),
 ('hospital-general', 17, '防汛、防台风及极端天气应对措施落实', '防汛与极端天气', NULL)
) AS v(code, position, text, category, legal_basis) ON v.code = t.code;
