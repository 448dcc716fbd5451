/* The whole C ABI against the sandbox: the three calls with their states, a client built by
 * setters, the generic call, the pure signing and verification layer, and the error paths
 * (404 with its details, a tampered response, bad JSON, NULL arguments, invalid UTF-8). */
#include <stdint.h>
#include <time.h>

#include "check.h"

#define OPENID "oh-394z-6CGkNoJrsDLTTUKiAnp4"
#define PRODUCT_PATH "/v3/marketing/partner/product-coupon/product-coupons/1000000013"

/* A use request for `code`, with idempotency key `request_no`. */
static size_t use_json(char *out, size_t size, const char *code, const char *request_no) {
  int n = snprintf(out, size,
                   "{\"openid\":\"" OPENID "\",\"coupon_code\":\"%s\","
                   "\"product_coupon_id\":\"1000000013\",\"stock_id\":\"1000000013001\","
                   "\"appid\":\"wx233544546545989\",\"use_time\":\"2025-08-03T12:00:00+08:00\","
                   "\"out_request_no\":\"%s\",\"brand_id\":\"120344\","
                   "\"associated_order_info\":{\"transaction_id\":\"4200000000123456789123456789\"}}",
                   code, request_no);
  CHECK(n > 0 && (size_t)n < size);
  return (size_t)n;
}

static const char DEACTIVATE_JSON[] =
    "{\"openid\":\"" OPENID "\",\"coupon_code\":\"Code_123457\","
    "\"product_coupon_id\":\"1000000013\",\"stock_id\":\"1000000013001\","
    "\"appid\":\"wx233544546545989\",\"out_request_no\":\"CDEACT00000001\","
    "\"deactivate_reason\":\"goods off the shelf\",\"brand_id\":\"120344\"}";

static const char UPDATE_JSON[] =
    "{\"product_coupon_id\":\"1000000013\",\"out_request_no\":\"CUPDATE0000001\","
    "\"display_info\":{\"name\":\"C ABI coupon\",\"image_url\":\"https://wxpaylogo.qpic.cn/a\","
    "\"background_url\":\"https://wxpaylogo.qpic.cn/b\"},\"brand_id\":\"120344\"}";

static void three_calls(const wpc_client *client) {
  char request[1024];
  size_t len = use_json(request, sizeof request, "Code_123456", "CUSE0000000001");
  wpc_buffer *body = NULL;

  CHECK_OK(wpc_client_use_coupon(client, (const uint8_t *)request, len, &body));
  CHECK(buffer_contains(body, "\"coupon_state\":\"USED\""));
  CHECK(wpc_buffer_len(body) == strlen((const char *)wpc_buffer_data(body)));
  wpc_buffer_free(body);

  CHECK_OK(wpc_client_deactivate_coupon(client, S(DEACTIVATE_JSON), &body));
  CHECK(buffer_contains(body, "\"coupon_state\":\"DEACTIVATED\""));
  wpc_buffer_free(body);

  CHECK_OK(wpc_client_update_product_coupon(client, S(UPDATE_JSON), &body));
  CHECK(buffer_contains(body, "\"state\":\"EFFECTIVE\""));
  CHECK(buffer_contains(body, "C ABI coupon"));
  wpc_buffer_free(body);

  /* Resending the same JSON is the safe retry: the first answer again. */
  CHECK_OK(wpc_client_execute(client, S("use_coupon"), (const uint8_t *)request, len, &body));
  CHECK(buffer_contains(body, "\"coupon_state\":\"USED\""));
  wpc_buffer_free(body);
}

static void error_paths(const wpc_sandbox *sandbox, const wpc_client *client) {
  char request[1024];
  size_t len;
  wpc_buffer *body = NULL;
  wpc_client *bad = NULL;

  /* 404: the code, WeChat Pay's code, the Request-ID and the retry-safe flag. */
  len = use_json(request, sizeof request, "Code_NOPE", "CUSE0000000404");
  CHECK(wpc_client_use_coupon(client, (const uint8_t *)request, len, &body) == WPC_ERR_API);
  CHECK(body == NULL);
  CHECK(wpc_last_error_code() == WPC_ERR_API);
  CHECK(wpc_last_error_http_status() == 404);
  CHECK(strcmp(wpc_last_error_api_code(), "NOT_FOUND") == 0);
  CHECK(strncmp(wpc_last_error_request_id(), "08SANDBOX", 9) == 0);
  CHECK(!wpc_last_error_retry_safe());
  CHECK(wpc_last_error_attempts() == 1);
  CHECK(strstr(wpc_last_error_json(), "\"http_status\":404") != NULL);
  /* Refused: nothing was applied; an English hint beside WeChat Pay's message. */
  CHECK(wpc_last_error_outcome() == WPC_OUTCOME_REFUSED);
  CHECK(strstr(wpc_last_error_hint(), "does not exist") != NULL);
  CHECK(strstr(wpc_last_error_json(), "\"outcome\":\"refused\"") != NULL);
  CHECK(strstr(wpc_last_error_json(), "\"hint\":\"") != NULL);
  CHECK(strcmp(wpc_result_name(WPC_ERR_API), "api") == 0);
  CHECK(strcmp(wpc_result_name(12345), "unknown") == 0);

  /* A tampered response must not be trusted. */
  CHECK_OK(wpc_sandbox_issue_coupon(sandbox, S(OPENID), S("Code_TAMPER")));
  CHECK_OK(wpc_sandbox_push_fault(sandbox, S("tamper_body")));
  len = use_json(request, sizeof request, "Code_TAMPER", "CUSE0000000002");
  CHECK(wpc_client_use_coupon(client, (const uint8_t *)request, len, &body) ==
        WPC_ERR_VERIFICATION);
  CHECK(body == NULL);
  CHECK(strstr(wpc_last_error_message(), "signature does not match") != NULL);
  /* ...but the write was probably applied: the outcome is unknown, and resending the same
     request returns the first answer. */
  CHECK(wpc_last_error_outcome() == WPC_OUTCOME_UNKNOWN);
  CHECK(strstr(wpc_last_error_json(), "\"outcome\":\"unknown\"") != NULL);
  CHECK_OK(wpc_client_use_coupon(client, (const uint8_t *)request, len, &body));
  CHECK(wpc_last_error_outcome() == WPC_OUTCOME_NONE);
  CHECK(buffer_contains(body, "\"use_request_no\":\"CUSE0000000002\""));
  wpc_buffer_free(body);
  body = NULL;

  /* A fault that applies the write, then answers 500: a resend gets the first answer. */
  CHECK_OK(wpc_sandbox_issue_coupon(sandbox, S(OPENID), S("Code_APPLIED500")));
  CHECK_OK(wpc_sandbox_push_fault(sandbox, S("process_then_500")));
  len = use_json(request, sizeof request, "Code_APPLIED500", "CUSE0000000003");
  CHECK_OK(wpc_client_use_coupon(client, (const uint8_t *)request, len, &body));
  CHECK(buffer_contains(body, "\"coupon_state\":\"USED\""));
  wpc_buffer_free(body);
  body = NULL;

  /* A success clears the details. */
  len = use_json(request, sizeof request, "Code_123456", "CUSE0000000001");
  CHECK_OK(wpc_client_use_coupon(client, (const uint8_t *)request, len, &body));
  CHECK(wpc_last_error_code() == WPC_OK && wpc_last_error_message()[0] == '\0');
  wpc_buffer_free(body);

  /* Bad JSON, an unknown field, a broken rule (a `..` path parameter). */
  CHECK(wpc_client_use_coupon(client, S("{\"openid\":"), &body) == WPC_ERR_INVALID_JSON);
  CHECK(strcmp(wpc_last_error_field(), "request") == 0);
  CHECK(wpc_client_use_coupon(client, S("{\"storeid\":\"1\"}"), &body) == WPC_ERR_INVALID_JSON);
  CHECK(strstr(wpc_last_error_message(), "storeid") != NULL);
  len = use_json(request, sizeof request, "..", "CUSE0000000003");
  CHECK(wpc_client_use_coupon(client, (const uint8_t *)request, len, &body) ==
        WPC_ERR_INVALID_REQUEST);
  CHECK(strcmp(wpc_last_error_field(), "coupon_code") == 0);

  /* NULL arguments and invalid UTF-8 are codes, not crashes. */
  CHECK(wpc_client_use_coupon(NULL, (const uint8_t *)request, len, &body) == WPC_ERR_NULL_ARGUMENT);
  CHECK(strcmp(wpc_last_error_field(), "client") == 0);
  CHECK(wpc_client_use_coupon(client, NULL, 10, &body) == WPC_ERR_NULL_ARGUMENT);
  CHECK(wpc_client_use_coupon(client, (const uint8_t *)request, len, NULL) == WPC_ERR_NULL_ARGUMENT);
  /* One rule for every (pointer, length): length 0 is empty even with NULL (and "" is no
   * JSON); NULL with a nonzero length is WPC_ERR_NULL_ARGUMENT. */
  CHECK(wpc_client_new_from_json(NULL, 0, &bad) == WPC_ERR_INVALID_JSON);
  CHECK(wpc_client_new_from_json(NULL, 5, &bad) == WPC_ERR_NULL_ARGUMENT);
  CHECK(strcmp(wpc_last_error_field(), "config_json") == 0);
  CHECK(wpc_client_use_coupon(client, S("{\"openid\":\"\xff\xfe\"}"), &body) ==
        WPC_ERR_INVALID_UTF8);
  CHECK(wpc_builder_set_mchid(NULL, S("1")) == WPC_ERR_NULL_ARGUMENT);
  CHECK(wpc_client_execute(client, S("nope"), (const uint8_t *)request, len, &body) ==
        WPC_ERR_INVALID_ARGUMENT);

  /* Configuration errors name the setting. */
  CHECK(wpc_client_new_from_json(S("{\"mchid\":\"1900000001\"}"), &bad) == WPC_ERR_CONFIG);
  CHECK(bad == NULL);
  CHECK(strcmp(wpc_last_error_field(), "private_key") == 0);
  CHECK(wpc_client_new_from_json(S("{\"mchid\":1}"), &bad) == WPC_ERR_INVALID_JSON);
  CHECK(wpc_client_new_from_json(S("{\"private_key_pem\":\"no key here\"}"), &bad) == WPC_ERR_KEY);

  /* Key material never appears in an error: a certificate given as the private key. */
  {
    static const char cert_as_key[] =
        "{\"mchid\":\"1900000001\",\"merchant_serial\":\"5A4E44424F58000000000000000000000001\","
        "\"private_key_pem\":\"-----BEGIN CERTIFICATE-----\\nMIIDSzCCAjOgAwIBAgISWk5EQk9YAAAAAA"
        "AAAAAAAAAAATANBgkqhkiG9w0BAQsF\\n-----END CERTIFICATE-----\"}";
    CHECK(wpc_client_new_from_json(S(cert_as_key), &bad) == WPC_ERR_KEY);
    CHECK(strstr(wpc_last_error_message(), "certificate") != NULL);
    CHECK(strstr(wpc_last_error_message(), "MIIDSzCCAjOg") == NULL);
    CHECK(strstr(wpc_last_error_json(), "MIIDSzCCAjOg") == NULL);
  }

  /* Freeing NULL is a no-op. */
  wpc_buffer_free(NULL);
  wpc_client_free(NULL);
  wpc_builder_free(NULL);
  wpc_response_free(NULL);
  wpc_sandbox_free(NULL);
  CHECK(wpc_buffer_len(NULL) == 0 && wpc_buffer_data(NULL) == NULL);
}

/* The generic call, then the pure layer on its answer: verification with the client's keys
 * and an injected clock, and an Authorization header for a request encoded without a client. */
static void generic_and_pure(const wpc_client *client) {
  static const char update_body[] =
      "{\"out_request_no\":\"CUPDATE0000002\",\"display_info\":{\"name\":\"Generic name\","
      "\"image_url\":\"https://wxpaylogo.qpic.cn/a\","
      "\"background_url\":\"https://wxpaylogo.qpic.cn/b\"},\"brand_id\":\"120344\"}";
  char request[1024];
  size_t len = use_json(request, sizeof request, "Code_123456", "CUSE0000000001");
  wpc_response *response = NULL;
  wpc_buffer *encoded = NULL;
  wpc_buffer *header = NULL;
  const char *headers;
  int64_t now = (int64_t)time(NULL);

  CHECK(wpc_client_call(client, S("FETCH"), S("/v3/x"), NULL, 0, NULL, 0, &response) ==
        WPC_ERR_INVALID_ARGUMENT);
  /* The path parameter repeated in the body: the gateway's 400, as an API error. */
  CHECK(wpc_client_call(client, S("PATCH"), S(PRODUCT_PATH), NULL, 0, S(UPDATE_JSON), &response) ==
        WPC_ERR_API);
  CHECK(wpc_last_error_http_status() == 400);
  CHECK(response == NULL);

  CHECK_OK(wpc_client_call(client, S("PATCH"), S(PRODUCT_PATH), S("{\"brand_id\":\"120344\"}"),
                           S(update_body), &response));
  CHECK(wpc_response_status(response) == 200);
  CHECK(strncmp(wpc_response_request_id(response), "08SANDBOX", 9) == 0);
  headers = wpc_response_headers_json(response);
  CHECK(strstr(headers, "\"wechatpay-signature\"") != NULL);
  CHECK(wpc_response_body_len(response) > 0);

  CHECK_OK(wpc_client_verify_response(client, (const uint8_t *)headers, strlen(headers),
                                      wpc_response_body(response), wpc_response_body_len(response),
                                      now));
  CHECK(wpc_client_verify_response(client, (const uint8_t *)headers, strlen(headers),
                                   wpc_response_body(response), wpc_response_body_len(response),
                                   now + 3600) == WPC_ERR_VERIFICATION);
  CHECK(wpc_client_verify_response(client, (const uint8_t *)headers, strlen(headers), S("{}"),
                                   now) == WPC_ERR_VERIFICATION);
  CHECK(wpc_client_verify_response(client, S("[]"), NULL, 0, now) == WPC_ERR_VERIFICATION);
  wpc_response_free(response);

  CHECK_OK(wpc_encode_request(S("use_coupon"), (const uint8_t *)request, len, &encoded));
  CHECK(buffer_contains(encoded, "\"method\":\"POST\""));
  CHECK(buffer_contains(encoded, "/users/" OPENID "/coupons/Code_123456/use"));
  wpc_buffer_free(encoded);

  /* A fixed time and nonce give the official example's header fields. */
  CHECK_OK(wpc_client_authorization(client, S("POST"), S("/v3/x"), S("{}"), 1554208460,
                                    S("593BEC0C930BF1AFEB40B4A08C8FB242"), &header));
  CHECK(buffer_contains(header, "WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\""));
  CHECK(buffer_contains(header, "timestamp=\"1554208460\""));
  CHECK(buffer_contains(header, "nonce_str=\"593BEC0C930BF1AFEB40B4A08C8FB242\""));
  wpc_buffer_free(header);
  CHECK_OK(wpc_client_authorization(client, S("GET"), S("/v3/x"), NULL, 0, 1554208460, NULL, 0,
                                    &header));
  CHECK(buffer_contains(header, "nonce_str=\""));
  wpc_buffer_free(header);
}

/* A client built through the setters, with the keys as files. */
static wpc_client *client_by_setters(const char *base_url) {
  const char *keys = getenv("WPC_TEST_KEYS_DIR");
  char path[4096];
  wpc_builder *builder = wpc_builder_new();
  wpc_client *client = NULL;
  wpc_client *refused = NULL;
  CHECK(keys != NULL && builder != NULL);
  CHECK_OK(wpc_builder_set_mchid(builder, S("1900000001")));
  CHECK_OK(wpc_builder_set_merchant_serial(builder, S("5A4E44424F58000000000000000000000001")));
  snprintf(path, sizeof path, "%s/merchant_private_key.pem", keys);
  CHECK_OK(wpc_builder_set_private_key_file(builder, (const uint8_t *)path, strlen(path)));
  snprintf(path, sizeof path, "%s/wechatpay_public_key.pem", keys);
  CHECK_OK(wpc_builder_set_wechatpay_public_key_file(
      builder, S("PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001"), (const uint8_t *)path,
      strlen(path)));
  CHECK_OK(wpc_builder_set_base_url(builder, (const uint8_t *)base_url, strlen(base_url)));
  CHECK_OK(wpc_builder_set_timeouts(builder, 2000, 10000));
  CHECK_OK(wpc_builder_set_retry_policy(builder, 2, 1, 5, 1000));
  CHECK_OK(wpc_builder_set_rate_limit(builder, S("use_coupon"), 1000));
  CHECK_OK(wpc_builder_set_body_limit(builder, 1 << 20));
  CHECK_OK(wpc_builder_set_timestamp_window(builder, 300));
  CHECK_OK(wpc_builder_build(builder, &client));

  /* A bad setting is refused by name when it is set, and the previous values stay. */
  CHECK(wpc_builder_set_timeouts(builder, 0, 10000) == WPC_ERR_CONFIG);
  CHECK(strcmp(wpc_last_error_field(), "connect_timeout") == 0);
  CHECK(wpc_builder_set_timeouts(builder, 2000, UINT64_MAX) == WPC_ERR_CONFIG);
  CHECK(strcmp(wpc_last_error_field(), "timeout") == 0);
  CHECK(wpc_builder_set_timestamp_window(builder, UINT64_MAX) == WPC_ERR_CONFIG);
  CHECK(strcmp(wpc_last_error_field(), "timestamp_window") == 0);
  CHECK_OK(wpc_builder_build(builder, &refused));
  wpc_client_free(refused);
  refused = NULL;
  /* A setting valid alone but not with the others is still refused when building. */
  CHECK_OK(wpc_builder_set_certificate_refresh(builder, 60));
  CHECK(wpc_builder_build(builder, &refused) == WPC_ERR_CONFIG);
  CHECK(strcmp(wpc_last_error_field(), "refresh_certificates") == 0);
  CHECK(refused == NULL);
  wpc_builder_free(builder);
  return client;
}

int main(void) {
  char request[1024];
  size_t len;
  wpc_sandbox *sandbox = NULL;
  wpc_client *client = NULL;
  wpc_client *by_setters = NULL;
  wpc_buffer *body = NULL;
  wpc_buffer *state = NULL;
  const char *config;

  CHECK(strncmp(wpc_version(), "wechatpay-product-coupon-ffi/", 29) == 0);
  CHECK_OK(wpc_sandbox_start(0, &sandbox));
  config = wpc_sandbox_client_config_json(sandbox);
  CHECK_OK(wpc_client_new_from_json((const uint8_t *)config, strlen(config), &client));

  three_calls(client);
  error_paths(sandbox, client);
  generic_and_pure(client);

  by_setters = client_by_setters(wpc_sandbox_base_url(sandbox));
  CHECK_OK(wpc_sandbox_issue_coupon(sandbox, S(OPENID), S("Code_SETTERS")));
  len = use_json(request, sizeof request, "Code_SETTERS", "CUSE0000000009");
  CHECK_OK(wpc_client_use_coupon(by_setters, (const uint8_t *)request, len, &body));
  CHECK(buffer_contains(body, "\"coupon_state\":\"USED\""));
  wpc_buffer_free(body);
  CHECK_OK(wpc_sandbox_coupon_state(sandbox, S(OPENID), S("Code_SETTERS"), &state));
  CHECK(strcmp((const char *)wpc_buffer_data(state), "USED") == 0);
  wpc_buffer_free(state);

  CHECK(wpc_sandbox_nonce_reuses(sandbox) == 0);
  wpc_client_free(by_setters);
  wpc_client_free(client);
  wpc_sandbox_free(sandbox);
  puts("calls: ok");
  return 0;
}
