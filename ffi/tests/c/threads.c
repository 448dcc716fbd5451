/* One client shared by 8 threads, 100 calls each: every call succeeds, every coupon is used,
 * and the sandbox saw 800 distinct nonces (none reused). */
#include <pthread.h>

#include "check.h"

#define THREADS 8
#define CALLS 100

static const wpc_client *shared_client;
static char paced_config[16384];

static void *redeem(void *arg) {
  int thread = (int)(size_t)arg;
  int i;
  for (i = 0; i < CALLS; i++) {
    char request[1024];
    wpc_buffer *body = NULL;
    int n = snprintf(
        request, sizeof request,
        "{\"openid\":\"oh-394z-6CGkNoJrsDLTTUKiAnp4\",\"coupon_code\":\"T%d_%d\","
        "\"product_coupon_id\":\"1000000013\",\"stock_id\":\"1000000013001\","
        "\"appid\":\"wx233544546545989\",\"use_time\":\"2025-08-03T12:00:00+08:00\","
        "\"out_request_no\":\"THREAD%d_%03d\",\"brand_id\":\"120344\","
        "\"associated_order_info\":{\"transaction_id\":\"4200000000123456789123456789\"}}",
        thread, i, thread, i);
    CHECK(n > 0 && (size_t)n < sizeof request);
    CHECK_OK(wpc_client_use_coupon(shared_client, (const uint8_t *)request, (size_t)n, &body));
    CHECK(buffer_contains(body, "\"coupon_state\":\"USED\""));
    wpc_buffer_free(body);
  }
  return NULL;
}

int main(void) {
  wpc_sandbox *sandbox = NULL;
  wpc_client *client = NULL;
  pthread_t threads[THREADS];
  const char *config;
  int t, i;

  CHECK_OK(wpc_sandbox_start(0, &sandbox));
  for (t = 0; t < THREADS; t++) {
    for (i = 0; i < CALLS; i++) {
      char code[32];
      int n = snprintf(code, sizeof code, "T%d_%d", t, i);
      CHECK_OK(wpc_sandbox_issue_coupon(sandbox, S("oh-394z-6CGkNoJrsDLTTUKiAnp4"),
                                        (const uint8_t *)code, (size_t)n));
    }
  }
  config = wpc_sandbox_client_config_json(sandbox);
  /* The sandbox holds use_coupon to its documented 500/s per mchid (429 past it, which the
   * client would retry, signed with fresh nonces); this test counts one nonce per call, so
   * the client paces itself with its own limiter at the documented rates. */
  {
    size_t len = strlen(config);
    CHECK(len > 0 && config[len - 1] == '}' && len + 32 < sizeof paced_config);
    memcpy(paced_config, config, len - 1);
    strcpy(paced_config + len - 1, ",\"rate_limits\":{}}");
  }
  CHECK_OK(wpc_client_new_from_json((const uint8_t *)paced_config, strlen(paced_config),
                                    &client));
  shared_client = client;

  for (t = 0; t < THREADS; t++) {
    CHECK(pthread_create(&threads[t], NULL, redeem, (void *)(size_t)t) == 0);
  }
  for (t = 0; t < THREADS; t++) {
    CHECK(pthread_join(threads[t], NULL) == 0);
  }

  CHECK(wpc_sandbox_distinct_nonces(sandbox) == THREADS * CALLS);
  CHECK(wpc_sandbox_nonce_reuses(sandbox) == 0);
  wpc_client_free(client);
  wpc_sandbox_free(sandbox);
  printf("threads: %d calls ok, %d distinct nonces\n", THREADS * CALLS, THREADS * CALLS);
  return 0;
}
