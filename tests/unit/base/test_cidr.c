/*
 * test_cidr.c — base/cidr.c: parsing address lists (hosts, IPv4 and IPv6
 * networks, separators, every malformed form refused with the bad entry
 * named) and matching (prefix edges, /0, IPv4-mapped IPv6, garbage).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/cidr.h"

#include <string.h>

static void parses_and_matches(void **state)
{
  static const struct {
    const char *spec, *ip;
    int want;
  } v[] = {
      {"10.0.0.0/8", "10.255.1.2", 1},
      {"10.0.0.0/8", "11.0.0.1", 0},
      {"192.168.1.5", "192.168.1.5", 1},
      {"192.168.1.5", "192.168.1.6", 0},
      {"192.168.1.77/24", "192.168.1.200", 1}, /* host bits ignored */
      {"192.168.1.0/25", "192.168.1.127", 1},
      {"192.168.1.0/25", "192.168.1.128", 0},
      {"172.16.0.0/12", "172.31.255.255", 1},
      {"172.16.0.0/12", "172.32.0.0", 0},
      {"0.0.0.0/0", "8.8.8.8", 1},
      {"0.0.0.0/0", "::1", 0}, /* IPv4 /0 is not every IPv6 address */
      {"10.0.0.0/8", "::ffff:10.1.2.3", 1},
      {"fd00::/8", "fd12:3456::1", 1},
      {"fd00::/8", "fe80::1", 0},
      {"::1", "::1", 1},
      {"::1", "127.0.0.1", 0},
      {"1.2.3.4, 5.6.7.0/24;9.9.9.9", "5.6.7.8", 1},
      {"1.2.3.4 5.6.7.0/24", "9.9.9.9", 0},
      {"", "1.2.3.4", 0},
      {"10.0.0.0/8", "not-an-ip", 0},
      {"10.0.0.0/8", "", 0},
  };
  struct cidr_list l;
  struct lx_err e;
  (void)state;
  for (size_t i = 0; i < LX_COUNT(v); i++) {
    assert_int_equal(cidr_list_parse(v[i].spec, &l, &e), LX_OK);
    if (cidr_list_match(&l, v[i].ip) != v[i].want)
      fail_msg("%s in %s: want %d", v[i].ip, v[i].spec, v[i].want);
  }
  assert_int_equal(cidr_list_match(&l, NULL), 0);
}

static void refuses_bad_entries(void **state)
{
  static const char *const bad[] = {
      "10.0.0.0/33", "10.0.0/8",  "fd00::/129", "1.2.3.4/",
      "1.2.3.4/x",   "host.name", "1.2.3.4/-1", "300.1.1.1",
  };
  struct cidr_list l;
  struct lx_err e;
  char spec[64 * 12 + 1] = "";
  (void)state;
  for (size_t i = 0; i < LX_COUNT(bad); i++) {
    err_clear(&e);
    assert_int_equal(cidr_list_parse(bad[i], &l, &e), LX_EINVAL);
    assert_string_equal(e.code, "cidr.bad");
    assert_non_null(strstr(e.message, bad[i]));
  }
  for (int i = 0; i < CIDR_MAX + 1; i++)
    strcat(spec, "10.0.0.1,");
  assert_int_equal(cidr_list_parse(spec, &l, &e), LX_EINVAL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(parses_and_matches),
      cmocka_unit_test(refuses_bad_entries),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
