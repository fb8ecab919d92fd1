#!/usr/bin/env python3
"""mkcorpus.py — writes the study-search test corpus
tests/data/study_corpus/materials.tsv (and checks it).

All text is original, written for these tests: about forty hand-written
"target" materials (ids 1-99) that the ranked queries in queries.tsv are
about, and 200 "filler" materials (ids 101-300) built from sentence
templates with a fixed seed.  Fillers may mention the query terms only in
their bodies and only in the context phrases listed in CONTEXT (so the
recall measurement sees the terms inside different words), never in titles
or summaries, so the targets' expected order stays decidable by hand.

Columns (tab-separated, one material a line; "\\n" in body = newline):
id, topic_id, status, visible (all | unit path), tags (comma list),
publish_date, title, summary, body

Usage: python3 tools/mkcorpus.py [outdir]   (default tests/data/study_corpus)
"""
import os
import random
import sys

# Topics of the test tree: id -> (parent, name).  Written as 900 + id
# (the default topic tree of migration 0017 holds the small ids).
TOPICS = {
    1: (None, "党史"),
    2: (None, "新中国史"),
    3: (None, "全会精神"),
    4: (None, "重要讲话"),
    5: (None, "基层实践"),
    51: (5, "乡村振兴"),
    52: (5, "基层治理"),
}

# id, topic, status, visible, tags, date, title, summary, body
TARGETS = [
    (1, 1, "published", "all", "党史,学习教育", "2021-02-20",
     "党史学习教育动员部署会议纪要",
     "传达党史学习教育动员大会精神，部署本单位党史学习教育。",
     "会议要求全体党员把党史学习教育作为重要政治任务。\\n"
     "各支部要制定党史学习计划，做到党史学习全覆盖。"),
    (2, 1, "published", "all", "党史", "2021-03-05",
     "深入学习党史 汲取奋进力量",
     "支部书记讲授专题党课。",
     "学习党史要读原著、学原文、悟原理。\\n回望来路，方知前行方向。"),
    (3, 1, "published", "all", "会议", "2021-03-18",
     "重要会议回顾（一）",
     "本文回顾党史上的几次重要会议。",
     "会议召开于关键时刻，确立了正确路线。"),
    (4, 2, "published", "all", "资料", "2021-04-02",
     "档案馆参观记",
     "一次参观活动的记录。",
     "我们在档案馆里翻阅了许多珍贵资料，其中不少与党史有关，大家收获很大。"),
    (5, 1, "published", "all", "初心", "2021-05-10",
     "不忘初心 牢记使命",
     "主题教育总结。",
     "守初心就是守住为人民服务的根本宗旨。"),
    (6, 4, "published", "all", "初心", "2021-05-12",
     "担当作为见行动",
     "基层干部座谈会发言摘编。",
     "要把初心使命转化为干事创业的实际行动。"),
    (7, 5, "published", "all", "", "2021-05-20",
     "社区工作札记",
     "社区书记的工作日记。",
     "重温入党誓词，守初心、担使命，把居民的事放在心上。"),
    (8, 5, "published", "all", "文明实践", "2022-01-08",
     "新时代文明实践中心建设情况",
     "各镇街文明实践站点建设进展。",
     "全县建成新时代文明实践所十二个、实践站一百余个。"),
    (9, 3, "published", "all", "全会", "2022-01-15",
     "全会精神宣讲提纲",
     "宣讲提纲。",
     "深刻领会新时代的历史方位，坚定信心、开拓奋进。"),
    (10, 2, "published", "all", "", "2022-01-20",
     "改革初期的探索",
     "历史回顾。",
     "进入新时期以后，各地大胆探索，积累了宝贵经验。"),
    (11, 1, "published", "all", "精神谱系", "2021-06-01",
     "红船精神永放光芒",
     "精神谱系专题学习材料之一。",
     "红船精神是开天辟地、敢为人先的首创精神。"),
    (12, 1, "published", "all", "精神谱系", "2021-06-03",
     "南湖参观学习体会",
     "参观学习体会。",
     "站在湖畔，我们更加理解了红船精神的深刻内涵。"),
    (13, 1, "published", "all", "", "2021-06-05",
     "从一条小船说起",
     "故事会文稿。",
     "红船启航的故事激励着我们，奋斗精神代代相传。"),
    (14, 1, "published", "all", "学史力行", "2021-04-15",
     "学史明理 学史增信 学史崇德 学史力行",
     "学习教育的目标要求。",
     "学史明理，就是要明白道理；学史增信，就是要坚定信念。"),
    (15, 1, "published", "all", "", "2021-04-18",
     "支部学习简报第三期",
     "简报。",
     "大家表示，要在学史明理上下功夫，把学习成果转化为工作动力。"),
    (16, 1, "published", "all", "", "2021-04-20",
     "读书会发言",
     "读书会发言摘要。",
     "学史使人明智，明理方能笃行。"),
    (17, 5, "published", "all", "办实事", "2021-07-01",
     "“我为群众办实事”实践活动项目清单",
     "第一批项目清单。",
     "围绕我为群众办实事，梳理出民生项目三十项。"),
    (18, 52, "published", "all", "", "2021-07-10",
     "社区治理经验交流",
     "交流材料。",
     "社区把我为群众办实事与网格化管理结合起来。"),
    (19, 52, "published", "all", "", "2021-07-12",
     "为民服务窗口巡礼",
     "窗口单位巡礼。",
     "窗口人员想方设法为群众办好实事、解难事。"),
    (20, 51, "published", "all", "数字乡村", "2022-03-01",
     "5G基站进村入户",
     "数字乡村建设进展。",
     "乡村振兴离不开信息基础设施，今年新建通信塔二十座。"),
    (21, 51, "published", "all", "数字乡村", "2022-03-05",
     "数字乡村建设调研报告",
     "调研报告。",
     "全镇已建成5G 基站12个，实现行政村全覆盖。"),
    (22, 51, "published", "all", "数字乡村", "2022-03-06",
     "网络进山记",
     "山区通信见闻。",
     "山里也用上了5G网络，村民直播卖山货。"),
    (23, 5, "published", "all", "经济", "2022-02-10",
     "全县GDP增长6.5%",
     "经济运行情况通报。",
     "一季度经济运行开局良好。"),
    (24, 5, "published", "all", "经济", "2022-02-12",
     "经济形势分析会纪要",
     "分析会纪要。",
     "会议指出，今年gdp增长目标为百分之六左右。"),
    (25, 1, "published", "all", "", "2021-08-01",
     "读书笔记",
     "笔记。",
     "读史明理，知古鉴今。"),
    (26, 5, "published", "all", "", "2021-08-02",
     "请假条范例",
     "范例。",
     "请假时请说明理由。"),
    (27, 5, "published", "all", "组织生活", "2021-09-01",
     "规范落实三会一课制度",
     "组织生活制度汇编。",
     "支部每月召开支部委员会。"),
    (28, 5, "published", "all", "组织生活", "2021-09-03",
     "支部工作手册",
     "手册节选。",
     "严格落实三会一课，按时开展主题党日活动。"),
    (29, 2, "published", "all", "科技", "2021-10-01",
     "近场通信技术简介",
     "科普材料。",
     "NEAR field communication，即近场通信，常用于门禁和支付。"),
    (30, 4, "published", "all", "学习平台", "2021-10-05",
     "学习强国APP使用指南",
     "平台使用说明。",
     "下载安装学习强国App后，用手机号注册登录。"),
    (31, 1, "published", "all", "", "2021-07-01",
     "2021年七一讲话学习辅导",
     "学习辅导材料。",
     "2021年7月1日，庆祝大会隆重举行。"),
    (32, 3, "published", "all", "廉政", "2021-11-01",
     "党风廉政建设责任清单",
     "责任清单。",
     "严格落实廉洁自律各项规定。"),
    # visibility and status cases: they all mention 党史 in the title
    (40, 1, "draft", "all", "", "2021-01-01",
     "党史草稿材料", "草稿。", "未发布的党史材料。"),
    (41, 1, "withdrawn", "all", "", "2021-01-02",
     "党史已下架材料", "已下架。", "已下架的党史材料。"),
    (42, 1, "published", "/9001/9002/", "", "2021-01-03",
     "党史支部内部学习材料", "仅本支部可见。", "内部党史学习材料。"),
    (43, 1, "published", "/9001/9003/", "", "2021-01-04",
     "党史另一支部学习材料", "仅另一支部可见。", "另一支部的党史材料。"),
]

# Body sentences for the fillers: context phrases that contain query terms
# inside other words (for recall), and neutral sentences.
CONTEXT = [
    "组织党员参观党史馆，重温入党誓词。",
    "开展党史知识竞赛，营造比学赶超氛围。",
    "学党史、悟思想、办实事、开新局。",
    "坚持不忘初心，继续前进。",
    "把初心落实到具体工作中。",
    "奋进新时代新征程。",
    "新时代的青年大有可为。",
    "把三会一课落到实处。",
    "以学史明理为目标开展专题学习。",
    "深化我为群众办实事实践活动。",
    "推进数字乡村，5G信号覆盖到户。",
    "今年全县GDP总量再上新台阶。",
    "加强党风廉政教育。",
]
NEUTRAL_SUBJ = ["镇党委", "村党支部", "社区党组织", "县委组织部", "街道工委",
                "机关党支部", "驻村工作队", "志愿服务队", "妇联", "团委"]
NEUTRAL_VERB = ["组织开展", "深入推进", "认真部署", "扎实推动", "持续深化",
                "统筹安排", "全面落实", "积极探索"]
NEUTRAL_OBJ = ["人居环境整治", "农田水利建设", "产业结构调整", "就业技能培训",
               "困难群众帮扶", "矛盾纠纷排查", "垃圾分类宣传", "森林防火巡查",
               "养老服务提升", "农产品品牌建设", "文化惠民演出", "安全生产检查",
               "集体经济发展", "河湖长制巡河", "网格员队伍建设"]
NEUTRAL_TAIL = ["取得明显成效。", "群众满意度持续提高。", "形成了可复制的经验。",
                "为下一步工作打下基础。", "受到上级充分肯定。",
                "切实解决了一批急难愁盼问题。"]
TITLE_HEAD = ["关于", "扎实做好", "进一步加强", "统筹推进"]
TITLE_TAIL = ["工作的通知", "的实施方案", "情况汇报", "经验材料", "工作总结"]
FILLER_TAGS = ["基层治理", "乡村振兴", "民生", "生态", "文化", "安全"]
# Strings no filler title/summary may contain (the queries' subjects).
RESERVED = ["党史", "初心", "新时代", "红船", "学史", "明理", "我为群众办实事",
            "5G", "GDP", "三会一课", "NEAR", "APP", "2021年", "廉", "理由"]


def filler(rng, i):
    subj = rng.choice(NEUTRAL_SUBJ)
    obj = rng.choice(NEUTRAL_OBJ)
    title = rng.choice(TITLE_HEAD) + obj + rng.choice(TITLE_TAIL)
    summary = subj + rng.choice(NEUTRAL_VERB) + obj + "。"
    sents = []
    for _ in range(rng.randint(3, 6)):
        sents.append(rng.choice(NEUTRAL_SUBJ) + rng.choice(NEUTRAL_VERB) +
                     rng.choice(NEUTRAL_OBJ) + "，" + rng.choice(NEUTRAL_TAIL))
    if rng.random() < 0.6:
        sents.insert(rng.randint(0, len(sents)), rng.choice(CONTEXT))
    topic = rng.choice([5, 51, 52, 2, 3])
    tags = ",".join(sorted(set(rng.sample(FILLER_TAGS, rng.randint(0, 2)))))
    date = "2022-%02d-%02d" % (rng.randint(4, 12), rng.randint(1, 28))
    for r in RESERVED:
        assert r.lower() not in (title + summary).lower(), (title, r)
    return (100 + i, topic, "published", "all", tags, date, title, summary,
            "\\n".join(sents))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/data/study_corpus"
    rng = random.Random(20261127)
    rows = list(TARGETS) + [filler(rng, i) for i in range(1, 201)]
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids))
    assert len(rows) >= 200
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "topics.tsv"), "w", encoding="utf-8") as f:
        f.write("# id\tparent_id\tname\n")
        for k, (p, n) in TOPICS.items():
            f.write("%d\t%s\t%s\n" % (900 + k, 900 + p if p else 0, n))
    with open(os.path.join(out, "materials.tsv"), "w", encoding="utf-8") as f:
        f.write("# id\ttopic\tstatus\tvisible\ttags\tdate\ttitle\tsummary"
                "\tbody — generated by tools/mkcorpus.py\n")
        for r in rows:
            for v in r:
                assert "\t" not in str(v) and "\n" not in str(v)
            r = (r[0], 900 + r[1]) + tuple(r[2:])
            f.write("\t".join(str(v) for v in r) + "\n")
    print("wrote %d materials to %s" % (len(rows), out))


if __name__ == "__main__":
    main()
