/*
 * policy.c — the permission catalogue, the built-in roles and the access
 * decisions.  Pure functions of the subject; no I/O.
 */
#include "domain/policy/policy.h"

#include <stdio.h>
#include <string.h>

static const struct policy_perm perms[] = {
    {"system.read", "查看系统运行信息", "系统"},
    {"org.read", "查看单位和人员", "组织"},
    {"org.admin", "管理单位和人员", "组织"},
    {"user.read", "查看账号", "账号"},
    {"user.admin", "管理账号（创建、重置密码、停用）", "账号"},
    {"role.read", "查看角色", "角色权限"},
    {"role.admin", "管理角色、权限与授权", "角色权限"},
    {"audit.read", "查看和导出审计日志", "审计"},
    {"ledger.read", "查看台账事项", "台账"},
    {"ledger.write", "创建和下达事项", "台账"},
    {"ledger.report", "报送进展", "台账"},
    {"ledger.review", "审核进展", "台账"},
    {"ledger.close", "销号", "台账"},
    {"ledger.admin", "管理台账类型和字段", "台账"},
    {"supervise.read", "查看督办", "督办"},
    {"supervise.issue", "下发督办单、发布通报", "督办"},
    {"study.read", "参加学习", "学习"},
    {"study.manage", "管理学习计划和专题学习", "学习"},
    {"study.review", "审核心得体会", "学习"},
    {"quiz.manage", "管理题库和考试", "学习"},
    {"dashboard.read", "查看驾驶舱", "驾驶舱"},
};

static const char *const p_sysadmin[] = {"system.read", "org.read", "org.admin",
                                         "user.read",   "user.admin",
                                         "role.read",   NULL};
static const char *const p_secadmin[] = {"role.read", "role.admin",
                                         "user.read", NULL};
static const char *const p_auditor[] = {"audit.read", NULL};
static const char *const p_supervisor[] = {
    "org.read",      "ledger.read",  "ledger.write",   "ledger.review",
    "ledger.close",  "ledger.admin", "supervise.read", "supervise.issue",
    "dashboard.read", "study.read",  NULL};
static const char *const p_leader[] = {"org.read", "ledger.read",
                                       "supervise.read", "dashboard.read",
                                       "study.read", NULL};
static const char *const p_liaison[] = {"org.read", "ledger.read",
                                        "ledger.report", "supervise.read",
                                        "study.read", NULL};
static const char *const p_secretary[] = {"org.read",     "study.read",
                                          "study.manage", "study.review",
                                          "dashboard.read", NULL};
static const char *const p_member[] = {"org.read", "study.read", NULL};

static const struct policy_builtin builtins[] = {
    {"sysadmin", "系统管理员", "sysadmin", "all", p_sysadmin},
    {"secadmin", "安全管理员", "secadmin", "all", p_secadmin},
    {"auditor", "审计管理员", "auditor", "all", p_auditor},
    {"supervisor", "督查室", NULL, "all", p_supervisor},
    {"leader", "区级领导", NULL, "all", p_leader},
    {"liaison", "单位联络员", NULL, "unit", p_liaison},
    {"secretary", "支部书记", NULL, "subtree", p_secretary},
    {"member", "党员", NULL, "self", p_member},
};

const struct policy_perm *policy_perms(int *n)
{
  *n = (int)LX_COUNT(perms);
  return perms;
}

const char *policy_perm_intern(const char *code)
{
  for (size_t i = 0; i < LX_COUNT(perms); i++)
    if (strcmp(perms[i].code, code) == 0)
      return perms[i].code;
  return NULL;
}

const struct policy_builtin *policy_builtins(int *n)
{
  *n = (int)LX_COUNT(builtins);
  return builtins;
}

const char *policy_scope_name(enum policy_scope s)
{
  switch (s) {
  case SCOPE_ALL: return "all";
  case SCOPE_SUBTREE: return "subtree";
  case SCOPE_UNIT: return "unit";
  case SCOPE_SELF: return "self";
  default: return "none";
  }
}

const char *policy_scope_label(enum policy_scope s)
{
  switch (s) {
  case SCOPE_ALL: return "全部数据";
  case SCOPE_SUBTREE: return "本单位及下级";
  case SCOPE_UNIT: return "本单位";
  case SCOPE_SELF: return "仅本人";
  default: return "无";
  }
}

enum policy_scope policy_scope_parse(const char *s)
{
  if (!s)
    return SCOPE_NONE;
  if (!strcmp(s, "all"))
    return SCOPE_ALL;
  if (!strcmp(s, "subtree"))
    return SCOPE_SUBTREE;
  if (!strcmp(s, "unit"))
    return SCOPE_UNIT;
  if (!strcmp(s, "self"))
    return SCOPE_SELF;
  return SCOPE_NONE;
}

enum policy_scope policy_scope_of(const struct subject *s, const char *perm)
{
  enum policy_scope best = SCOPE_NONE;
  if (!s)
    return SCOPE_NONE;
  for (int g = 0; g < s->n_grants; g++)
    for (int i = 0; i < s->grants[g].n_perms; i++)
      if (strcmp(s->grants[g].perms[i], perm) == 0 &&
          s->grants[g].scope > best)
        best = s->grants[g].scope;
  return best;
}

int policy_has(const struct subject *s, const char *perm)
{
  return policy_scope_of(s, perm) != SCOPE_NONE;
}

void policy_path_hi(const char *path, char *out, size_t out_len)
{
  size_t n = strlen(path);
  snprintf(out, out_len, "%s", path);
  /* "/1/5/" → "/1/50": '0' is the byte after '/' */
  if (n > 0 && n < out_len && out[n - 1] == '/')
    out[n - 1] = '0';
}

int policy_allows(const struct subject *s, const char *perm,
                  const char *unit_path, int64_t owner_account_id,
                  int64_t owner_person_id)
{
  if (!s)
    return 0;
  for (int g = 0; g < s->n_grants; g++) {
    const struct policy_grant *gr = &s->grants[g];
    int has = 0;
    for (int i = 0; i < gr->n_perms && !has; i++)
      has = strcmp(gr->perms[i], perm) == 0;
    if (!has)
      continue;
    switch (gr->scope) {
    case SCOPE_ALL:
      return 1;
    case SCOPE_SUBTREE:
      if (unit_path &&
          strncmp(unit_path, s->unit_path, strlen(s->unit_path)) == 0)
        return 1;
      break;
    case SCOPE_UNIT:
      if (unit_path && strcmp(unit_path, s->unit_path) == 0)
        return 1;
      break;
    case SCOPE_SELF:
      if ((owner_account_id && owner_account_id == s->account_id) ||
          (owner_person_id && owner_person_id == s->person_id))
        return 1;
      break;
    default:
      break;
    }
  }
  return 0;
}

int policy_filter(const struct subject *s, const char *perm,
                  struct policy_filter *f)
{
  memset(f, 0, sizeof *f);
  f->scope = policy_scope_of(s, perm);
  if (f->scope == SCOPE_NONE)
    return LX_EFORBIDDEN;
  snprintf(f->path_lo, sizeof f->path_lo, "%s", s->unit_path);
  policy_path_hi(s->unit_path, f->path_hi, sizeof f->path_hi);
  f->unit_id = s->unit_id;
  f->account_id = s->account_id;
  f->person_id = s->person_id;
  return LX_OK;
}
