/*
 * password.c — password policy, argon2id hashing with a concurrency cap,
 * and initial-password generation (see password.h).
 *
 * argon2id costs 19 MiB and ~tens of ms per call, so a login storm could
 * take all memory; a counting gate (mutex + condvar) lets at most
 * `limit` calls run and queues the rest.  The blocklist is compiled in and
 * compared ignoring ASCII case.  Nothing here copies a password, so there
 * is nothing to wipe except generated material, which is wiped.
 */
#include "domain/auth/password.h"

#include "base/rand.h"
#include "base/utf8.h"

#include <argon2.h>
#include <stdlib.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define PW_M_COST 19456 /* KiB */
#define PW_T_COST 2
#define PW_P 1
#define PW_SALT_LEN 16
#define PW_HASH_LEN 32
/* Bounds for a stored hash we are asked to verify. */
#define PW_MAX_M_COST 262144
#define PW_MAX_T_COST 16
#define PW_MAX_P 16
#define FIELD "new_password"

static struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int limit;   /* 0 = not set: the number of online CPUs on first use */
  int active;  /* hashes/verifies running now */
  int waiting; /* callers queued for a slot */
} gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0};

/* The hash auth_password_dummy_verify runs against: made once, with the
 * current parameters, from a fixed password and salt (neither needs to be
 * secret, the result of a dummy verify is thrown away). */
static struct {
  pthread_once_t once;
  char encoded[AUTH_PW_HASH_SIZE];
} dummy = {PTHREAD_ONCE_INIT, ""};

static void dummy_make(void)
{
  static const char pw[] = "luoshi-dummy-password";
  static const char salt[PW_SALT_LEN] = "luoshi-dummy-slt";
  if (argon2id_hash_encoded(PW_T_COST, PW_M_COST, PW_P, pw, sizeof pw - 1, salt,
                            sizeof salt, PW_HASH_LEN, dummy.encoded,
                            sizeof dummy.encoded) != ARGON2_OK)
    dummy.encoded[0] = 0; /* out of memory: verify below fails fast */
}

/* Common weak passwords, lowercase.  Most fail the class rules anyway;
 * they are here so that a weaker configured policy still refuses them. */
static const char *const blocklist[] = {
    "123456",        "123456789",     "12345678",      "1234567890",
    "1234567",       "12345",         "111111",        "000000",
    "123123",        "654321",        "666666",        "888888",
    "112233",        "123321",        "11111111",      "88888888",
    "66666666",      "12341234",      "147258369",     "159357",
    "123654",        "520520",        "5201314",       "1314520",
    "7777777",       "password",      "password1",     "password12",
    "password123",   "password@123",  "password!",     "passw0rd",
    "p@ssw0rd",      "p@ssword",      "p@ssw0rd1",     "p@ssw0rd123",
    "p@ssw0rd!",     "p@55w0rd",      "p@$$w0rd",      "pa$$w0rd",
    "p@ssw0rd2023",  "p@ssw0rd2024",  "p@ssw0rd2025",  "p@ssw0rd2026",
    "qwerty",        "qwerty123",     "qwerty@123",    "qwer1234",
    "qwer1234!",     "qwer@1234",     "qwer!234",      "qwe123",
    "qwe123!@#",     "qwe!@#123",     "qweasdzxc",     "qweasd123",
    "q1w2e3r4",      "q1w2e3r4t5",    "1q2w3e4r",      "1q2w3e4r5t",
    "1q2w3e",        "1qaz2wsx",      "1qaz@wsx",      "1qaz!qaz",
    "1qaz2wsx3edc",  "1qaz@wsx3edc",  "!qaz2wsx",      "!qaz@wsx",
    "zaq12wsx",      "zaq1@wsx",      "zaq!2wsx",      "1qazxsw2",
    "zxcvbnm",       "zxcv1234",      "zxc123456",     "zxcvbnm123",
    "asdfghjkl",     "asdf1234",      "asdf@1234",     "asd123456",
    "qaz123456",     "qq123456",      "qq@123456",     "a123456",
    "a123456789",    "a12345678",     "aa123456",      "aa123456!",
    "aa@123456",     "aa123456@",     "aa5201314",     "abc123",
    "abc12345",      "abc123456",     "abc@123",       "abc@1234",
    "abc@123456",    "abc123!@#",     "abc12345!",     "abcd1234",
    "abcd@1234",     "abcd!234",      "a1b2c3d4",      "a1234567",
    "admin",         "admin123",      "admin1234",     "admin888",
    "admin@123",     "admin@1234",    "admin@123456",  "admin123!",
    "admin@888",     "admin!@#",      "admin@2023",    "admin@2024",
    "admin@2025",    "admin@2026",    "administrator", "root",
    "root123",       "root@123",      "root@1234",     "toor",
    "test",          "test123",       "test@123",      "test1234",
    "guest",         "changeme",      "changeme123",   "welcome",
    "welcome1",      "welcome@123",   "hello123",      "hello@123",
    "iloveyou",      "letmein",       "dragon",        "monkey",
    "football",      "baseball",      "sunshine",      "princess",
    "master",        "shadow",        "superman",      "trustno1",
    "woaini",        "woaini1314",    "woaini@1314",   "aini1314",
    "huawei@123",    "huawei12#$",    "sangfor@123",   "sysadmin@123",
    "secadmin@123",  "auditor@123",   "audit@123",     "system@123",
    "oa@123456",     "gov@123456",    "xxzx@123",      "dangjian@123",
    "dangjian123",   "dangjian@2024", "dangjian@2025", "dj@123456",
    "dangzhibu@123", "dangwei@123",   "dangyuan@123",  "zuzhibu@123",
    "xuanchuan@123", "jiwei@123",     "zhengfu@123",   "zhengwu@123",
    "renda@123",     "zhengxie@123",  "gongan@123",    "zhongguo@123",
    "zhongguo123",   "china@123",     "china123",      "china@2024",
    "beijing@123",   "shanghai@123",  "luoshi@123",    "luoshi123",
    "luoshi@2024",   "luoshi@2025",   "luoshi@2026",   "ducha@123",
    "duban@123",     "wang@123456",   "zhang@123456",  "li@123456",
    "liu@123456",    "chen@123456",   "yang@123456",   "huang@123456",
    "zhao@123456",   "wu@123456",     "zhou@123456",   "1234qwer",
    "1234qwer!",     "1234abcd",      "123qwe",        "123qwe!@#",
    "123qweasd",     "123456aa",      "123456a@",      "123abc",
    "123@abc",       "abcabc123",     "aa112233",      "a1s2d3f4",
    "qazwsx123",     "qazwsxedc",     "qazwsx@123",
};

static int ascii_lower(int c)
{
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* strcmp that ignores ASCII case; other bytes compare as they are. */
static int ascii_casecmp(const char *a, const char *b)
{
  for (;; a++, b++) {
    int ca = ascii_lower((unsigned char)*a);
    int cb = ascii_lower((unsigned char)*b);
    if (ca != cb || ca == 0)
      return ca - cb;
  }
}

/* 1 if needle occurs in hay, ignoring ASCII case. */
static int ascii_casecontains(const char *hay, const char *needle)
{
  size_t n = strlen(needle);
  for (; *hay; hay++) {
    size_t i = 0;
    while (i < n && hay[i] &&
           ascii_lower((unsigned char)hay[i]) ==
               ascii_lower((unsigned char)needle[i]))
      i++;
    if (i == n)
      return 1;
  }
  return 0;
}

/* Decodes the code point at *p of a string already known to be valid
 * UTF-8 and advances *p past it. */
static uint32_t next_cp(const unsigned char **p)
{
  const unsigned char *s = *p;
  uint32_t c = s[0];
  int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
  if (extra)
    c &= 0x3F >> extra;
  for (int i = 1; i <= extra; i++)
    c = (c << 6) | (s[i] & 0x3F);
  *p = s + 1 + extra;
  return c;
}

static int is_control(uint32_t c)
{
  return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

int auth_password_check(const char *username, const char *pw,
                        const struct auth_pw_policy *pol, struct lx_err *err)
{
  static const struct auth_pw_policy def = AUTH_PW_POLICY_USER;
  const unsigned char *p;
  size_t n_bytes, n_chars = 0;
  int has[4] = {0, 0, 0, 0}, n_classes = 0, run = 0, max_run = 0,
      has_control = 0;
  uint32_t prev = 0;
  if (!pol)
    pol = &def;
  n_bytes = strlen(pw);
  /* 4 bytes is the longest UTF-8 character: anything longer is too long
   * however it decodes, and is not worth validating. */
  if (n_bytes > 4 * (size_t)pol->max_len)
    return err_setf(err, LX_EINVAL, "password.too_long", FIELD,
                    "密码长度不能超过%d个字符", pol->max_len);
  if (!utf8_valid(pw, n_bytes))
    return err_set(err, LX_EINVAL, "password.invalid_utf8", FIELD,
                   "密码包含无效的字符编码");
  for (p = (const unsigned char *)pw; *p;) {
    uint32_t c = next_cp(&p);
    n_chars++;
    if (c >= 'a' && c <= 'z')
      has[0] = 1;
    else if (c >= 'A' && c <= 'Z')
      has[1] = 1;
    else if (c >= '0' && c <= '9')
      has[2] = 1;
    else
      has[3] = 1;
    if (is_control(c))
      has_control = 1;
    run = (n_chars > 1 && c == prev) ? run + 1 : 1;
    if (run > max_run)
      max_run = run;
    prev = c;
  }
  n_classes = has[0] + has[1] + has[2] + has[3];
  if (has_control)
    return err_set(err, LX_EINVAL, "password.control_char", FIELD,
                   "密码不能包含控制字符");
  if (n_chars < (size_t)pol->min_len)
    return err_setf(err, LX_EINVAL, "password.too_short", FIELD,
                    "密码长度不能少于%d个字符", pol->min_len);
  if (n_chars > (size_t)pol->max_len)
    return err_setf(err, LX_EINVAL, "password.too_long", FIELD,
                    "密码长度不能超过%d个字符", pol->max_len);
  if (n_classes < pol->min_classes)
    return err_setf(err, LX_EINVAL, "password.too_few_classes", FIELD,
                    "密码须包含大写字母、小写字母、数字、符号中的至少%d类",
                    pol->min_classes);
  if (max_run >= 4)
    return err_set(err, LX_EINVAL, "password.repeated_chars", FIELD,
                   "密码不能包含4个或以上连续相同的字符");
  if (username && *username) {
    if (ascii_casecmp(pw, username) == 0)
      return err_set(err, LX_EINVAL, "password.equals_username", FIELD,
                     "密码不能与用户名相同");
    if (utf8_len(username) >= 3 && ascii_casecontains(pw, username))
      return err_set(err, LX_EINVAL, "password.contains_username", FIELD,
                     "密码不能包含用户名");
  }
  for (size_t i = 0; i < LX_COUNT(blocklist); i++)
    if (ascii_casecmp(pw, blocklist[i]) == 0)
      return err_set(err, LX_EINVAL, "password.blocklisted", FIELD,
                     "该密码过于常见，容易被猜中，请换一个");
  return LX_OK;
}

int auth_password_init(int max_concurrent)
{
  long n = max_concurrent;
  int rc;
  if (max_concurrent > 1024)
    return LX_EINVAL;
  if (n <= 0)
    n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n <= 0)
    n = 1;
  pthread_mutex_lock(&gate.mu);
  gate.limit = (int)n;
  pthread_mutex_unlock(&gate.mu);
  rc = pthread_once(&dummy.once, dummy_make);
  return rc == 0 ? LX_OK : LX_EINTERNAL;
}

static void pool_release_all(void);

void auth_password_shutdown(void)
{
  pthread_mutex_lock(&gate.mu);
  gate.limit = 0;
  pthread_mutex_unlock(&gate.mu);
  pool_release_all();
}

/* Waits for a free slot under the concurrency limit. */
static void gate_enter(void)
{
  pthread_mutex_lock(&gate.mu);
  if (gate.limit == 0) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    gate.limit = n > 0 ? (int)n : 1;
  }
  gate.waiting++;
  while (gate.active >= gate.limit)
    pthread_cond_wait(&gate.cv, &gate.mu);
  gate.waiting--;
  gate.active++;
  pthread_mutex_unlock(&gate.mu);
}

static void gate_leave(void)
{
  pthread_mutex_lock(&gate.mu);
  gate.active--;
  pthread_cond_signal(&gate.cv);
  pthread_mutex_unlock(&gate.mu);
}

void auth_password_stats(int *out_running, int *out_waiting)
{
  pthread_mutex_lock(&gate.mu);
  *out_running = gate.active;
  *out_waiting = gate.waiting;
  pthread_mutex_unlock(&gate.mu);
}

int auth_password_hash(const char *pw, char *out, size_t out_len)
{
  uint8_t salt[PW_SALT_LEN];
  size_t need = argon2_encodedlen(PW_T_COST, PW_M_COST, PW_P, PW_SALT_LEN,
                                  PW_HASH_LEN, Argon2_id);
  int rc, arc;
  if (out_len)
    out[0] = 0;
  if (out_len < need)
    return LX_ETOOBIG;
  rc = rand_bytes(salt, sizeof salt);
  if (rc)
    return rc;
  gate_enter();
  arc = argon2id_hash_encoded(PW_T_COST, PW_M_COST, PW_P, pw, strlen(pw), salt,
                              sizeof salt, PW_HASH_LEN, out, out_len);
  gate_leave();
  if (arc == ARGON2_OK)
    return LX_OK;
  out[0] = 0;
  return arc == ARGON2_MEMORY_ALLOCATION_ERROR ? LX_ENOMEM : LX_EINTERNAL;
}

/* The parsed head of "$argon2id$v=19$m=M,t=T,p=P$salt$hash". */
struct phc {
  unsigned long v, m, t, p;
  size_t salt_b64, hash_b64; /* lengths of the two base64 fields */
};

/* Reads a decimal number without sign or leading zero; 0 on success. */
static int parse_ulong(const char **s, unsigned long *out)
{
  const char *p = *s;
  unsigned long v = 0;
  if (*p < '0' || *p > '9' || (*p == '0' && p[1] >= '0' && p[1] <= '9'))
    return -1;
  for (; *p >= '0' && *p <= '9'; p++) {
    if (v > 0xFFFFFFFFul / 10)
      return -1;
    v = v * 10 + (unsigned long)(*p - '0');
  }
  *out = v;
  *s = p;
  return 0;
}

/* Length of the unpadded base64 run at s. */
static size_t b64_run(const char *s)
{
  size_t n = 0;
  while ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z') ||
         (s[n] >= '0' && s[n] <= '9') || s[n] == '+' || s[n] == '/')
    n++;
  return n;
}

/* Parses an argon2id PHC string; 0 on success, -1 if malformed. */
static int phc_parse(const char *s, struct phc *h)
{
  static const char head[] = "$argon2id$v=";
  if (strncmp(s, head, sizeof head - 1) != 0)
    return -1;
  s += sizeof head - 1;
  if (parse_ulong(&s, &h->v) || strncmp(s, "$m=", 3) != 0)
    return -1;
  s += 3;
  if (parse_ulong(&s, &h->m) || strncmp(s, ",t=", 3) != 0)
    return -1;
  s += 3;
  if (parse_ulong(&s, &h->t) || strncmp(s, ",p=", 3) != 0)
    return -1;
  s += 3;
  if (parse_ulong(&s, &h->p) || *s++ != '$')
    return -1;
  h->salt_b64 = b64_run(s);
  s += h->salt_b64;
  if (*s++ != '$')
    return -1;
  h->hash_b64 = b64_run(s);
  s += h->hash_b64;
  if (*s != 0 || h->salt_b64 == 0 || h->hash_b64 == 0)
    return -1;
  return 0;
}

/* ---- verification with reused memory ----
 * argon2id needs 19 MiB per call.  Left to malloc, every call maps and
 * unmaps a fresh block and takes ~5,000 page faults (20+ ms on a PTI VM),
 * which doubles the cost of a login.  The gate already bounds how many
 * run at once, so a small pool of blocks that stay mapped serves them. */
#define POOL_SLOTS 16
static struct {
  pthread_mutex_t mu;
  uint8_t *mem[POOL_SLOTS];
  size_t size[POOL_SLOTS];
  int busy[POOL_SLOTS];
} pool = {PTHREAD_MUTEX_INITIALIZER, {0}, {0}, {0}};

static int pool_alloc(uint8_t **memory, size_t bytes)
{
  int slot = -1;
  pthread_mutex_lock(&pool.mu);
  for (int i = 0; i < POOL_SLOTS && slot < 0; i++)
    if (!pool.busy[i] && pool.mem[i] && pool.size[i] >= bytes)
      slot = i;
  for (int i = 0; i < POOL_SLOTS && slot < 0; i++)
    if (!pool.busy[i] && !pool.mem[i]) {
      pool.mem[i] = malloc(bytes);
      pool.size[i] = bytes;
      slot = pool.mem[i] ? i : -2;
    }
  if (slot >= 0)
    pool.busy[slot] = 1;
  pthread_mutex_unlock(&pool.mu);
  *memory = slot >= 0 ? pool.mem[slot] : malloc(bytes);
  return *memory ? ARGON2_OK : ARGON2_MEMORY_ALLOCATION_ERROR;
}

static void pool_free(uint8_t *memory, size_t bytes)
{
  (void)bytes;
  pthread_mutex_lock(&pool.mu);
  for (int i = 0; i < POOL_SLOTS; i++)
    if (pool.mem[i] == memory) {
      pool.busy[i] = 0;
      memory = NULL;
      break;
    }
  pthread_mutex_unlock(&pool.mu);
  free(memory);
}

/* Frees the pooled blocks that are not in use (at shutdown). */
static void pool_release_all(void)
{
  pthread_mutex_lock(&pool.mu);
  for (int i = 0; i < POOL_SLOTS; i++)
    if (!pool.busy[i] && pool.mem[i]) {
      free(pool.mem[i]);
      pool.mem[i] = NULL;
      pool.size[i] = 0;
    }
  pthread_mutex_unlock(&pool.mu);
}

static int b64_val(char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decodes n characters of unpadded base64; returns the byte count or -1. */
static int b64_decode(const char *s, size_t n, uint8_t *out, size_t cap)
{
  size_t o = 0;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; i++) {
    int v = b64_val(s[i]);
    if (v < 0)
      return -1;
    acc = (acc << 6) | (uint32_t)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (o == cap)
        return -1;
      out[o++] = (uint8_t)(acc >> bits);
    }
  }
  return (int)o;
}

/* argon2id verification of pw against the parsed PHC string, with memory
 * from the pool.  Returns an ARGON2_* code. */
static int verify_pooled(const char *encoded, const struct phc *h,
                         const char *pw)
{
  uint8_t salt[64], want[128], got[128];
  const char *p = strrchr(encoded, '$');
  const char *sp;
  int salt_len, hash_len, arc;
  argon2_context c;
  if (!p)
    return ARGON2_DECODING_FAIL;
  sp = p - h->salt_b64;
  salt_len = b64_decode(sp, h->salt_b64, salt, sizeof salt);
  hash_len = b64_decode(p + 1, h->hash_b64, want, sizeof want);
  if (salt_len < (int)ARGON2_MIN_SALT_LENGTH ||
      hash_len < (int)ARGON2_MIN_OUTLEN)
    return ARGON2_DECODING_FAIL;
  memset(&c, 0, sizeof c);
  c.out = got;
  c.outlen = (uint32_t)hash_len;
  c.pwd = (uint8_t *)(uintptr_t)pw;
  c.pwdlen = (uint32_t)strlen(pw);
  c.salt = salt;
  c.saltlen = (uint32_t)salt_len;
  c.t_cost = (uint32_t)h->t;
  c.m_cost = (uint32_t)h->m;
  c.lanes = c.threads = (uint32_t)h->p;
  c.version = (uint32_t)h->v;
  c.allocate_cbk = pool_alloc;
  c.free_cbk = pool_free;
  c.flags = ARGON2_DEFAULT_FLAGS;
  arc = argon2_verify_ctx(&c, (const char *)want, Argon2_id);
  explicit_bzero(got, sizeof got);
  return arc;
}

int auth_password_verify(const char *encoded, const char *pw)
{
  struct phc h = {0, 0, 0, 0, 0, 0};
  int arc;
  if (!encoded || phc_parse(encoded, &h) || h.v != ARGON2_VERSION_13 ||
      h.m > PW_MAX_M_COST || h.t > PW_MAX_T_COST || h.p > PW_MAX_P ||
      h.p == 0 || h.t == 0)
    return LX_EINVAL;
  gate_enter();
  arc = verify_pooled(encoded, &h, pw);
  gate_leave();
  switch (arc) {
  case ARGON2_OK: return LX_OK;
  case ARGON2_VERIFY_MISMATCH: return LX_EUNAUTH;
  case ARGON2_MEMORY_ALLOCATION_ERROR: return LX_ENOMEM;
  case ARGON2_DECODING_FAIL:
  case ARGON2_SALT_TOO_SHORT:
  case ARGON2_OUTPUT_TOO_SHORT:
  case ARGON2_MEMORY_TOO_LITTLE:
  case ARGON2_TIME_TOO_SMALL:
  case ARGON2_LANES_TOO_FEW:
  case ARGON2_INCORRECT_TYPE:
  case ARGON2_DECODING_LENGTH_FAIL: return LX_EINVAL;
  default: return LX_EINTERNAL;
  }
}

bool auth_password_needs_rehash(const char *encoded)
{
  struct phc h = {0, 0, 0, 0, 0, 0};
  /* Unpadded base64 of n bytes is ceil(4n/3) characters. */
  size_t salt_chars = (4 * PW_SALT_LEN + 2) / 3;
  size_t hash_chars = (4 * PW_HASH_LEN + 2) / 3;
  if (!encoded || phc_parse(encoded, &h))
    return true;
  return h.v != ARGON2_VERSION_13 || h.m < PW_M_COST || h.t < PW_T_COST ||
         h.p < PW_P || h.salt_b64 < salt_chars || h.hash_b64 < hash_chars;
}

void auth_password_dummy_verify(const char *pw)
{
  int rc = pthread_once(&dummy.once, dummy_make);
  LX_ASSERT(rc == 0);
  if (auth_password_verify(dummy.encoded, pw) != LX_EUNAUTH) {
    /* the dummy never matches; any answer costs the same */
  }
}

int auth_password_generate(char *out, size_t out_len)
{
  static const char alphabet[] = "abcdefghijkmnopqrstuvwxyz"
                                 "ABCDEFGHJKLMNPQRSTUVWXYZ"
                                 "23456789"
                                 "!@#$%^&*-_+=?";
  static const struct auth_pw_policy pol = AUTH_PW_POLICY_ADMIN;
  const uint32_t n_alpha = sizeof alphabet - 1;
  int rc = LX_EINTERNAL;
  if (out_len < AUTH_PW_GEN_SIZE) {
    if (out_len)
      out[0] = 0;
    return LX_ETOOBIG;
  }
  /* Draw whole passwords until one passes: about 1 in 4 misses a class.
   * Rejection keeps every passing password equally likely. */
  for (int attempt = 0; attempt < 1000; attempt++) {
    for (int i = 0; i < AUTH_PW_GEN_LEN; i++) {
      uint32_t k = 0;
      rc = rand_u32_uniform(n_alpha, &k);
      if (rc)
        goto done;
      out[i] = alphabet[k];
    }
    out[AUTH_PW_GEN_LEN] = 0;
    rc = auth_password_check(NULL, out, &pol, NULL);
    if (rc == LX_OK)
      return LX_OK;
    rc = LX_EINTERNAL;
  }
done:
  explicit_bzero(out, out_len);
  return rc;
}
