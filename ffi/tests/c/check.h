/* Helpers shared by the C tests: a check macro that reports the library's last error, and
 * S("literal") to pass a string literal as a (pointer, length) pair. */
#ifndef WPC_TEST_CHECK_H
#define WPC_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wechatpay_product_coupon.h"

#define S(lit) (const uint8_t *)(lit), (sizeof(lit) - 1)

#define CHECK(cond)                                                                      \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      fprintf(stderr, "%s:%d: check failed: %s\n  last error: %s (%s)\n", __FILE__,        \
              __LINE__, #cond, wpc_last_error_message(),                                  \
              wpc_result_name((uint32_t)wpc_last_error_code()));                          \
      exit(1);                                                                           \
    }                                                                                    \
  } while (0)

#define CHECK_OK(call) CHECK((call) == WPC_OK)

/* Whether the NUL-terminated buffer text contains `needle`. */
static int buffer_contains(const wpc_buffer *buffer, const char *needle) {
  return strstr((const char *)wpc_buffer_data(buffer), needle) != NULL;
}

#endif
