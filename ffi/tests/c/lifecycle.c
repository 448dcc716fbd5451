/* The coupon lifecycle from C against the sandbox: set the notify URL to a receiver in this
 * program, send a coupon, receive the PRODUCT_COUPON_SP.SEND notification over a socket and
 * verify/decrypt it with wpc_client_parse_notification, answer it, then confirm, use, query,
 * return, list every page, query the product coupon and the notify URL, download the
 * platform certificates; and the error paths (use before confirm, a tampered notification,
 * no APIv3 key). */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"

#define OPENID "oh-394z-6CGkNoJrsDLTTUKiAnp4"
#define COUPON_FIELDS_FMT                                                                  \
  "\"openid\":\"" OPENID "\",\"coupon_code\":\"%s\",\"product_coupon_id\":\"1000000013\","  \
  "\"stock_id\":\"1000000013002\",\"appid\":\"wx233544546545989\",\"brand_id\":\"120344\""

/* A notification as received: its headers as a JSON array of [name, value] pairs, and body. */
typedef struct {
  char headers_json[8192];
  char body[8192];
  size_t body_len;
} received;

/* Copies the JSON string value of "key" in `json` into `out` (no escapes expected). */
static void json_string(const char *json, const char *key, char *out, size_t size) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
  const char *at = strstr(json, pattern);
  CHECK(at != NULL);
  at += strlen(pattern);
  const char *end = strchr(at, '"');
  CHECK(end != NULL && (size_t)(end - at) < size);
  memcpy(out, at, (size_t)(end - at));
  out[end - at] = '\0';
}

/* Appends `text` to `out` as a JSON string. */
static void append_json_string(char *out, size_t size, const char *text, size_t len) {
  size_t n = strlen(out);
  CHECK(n + 2 * len + 3 < size);
  out[n++] = '"';
  for (size_t i = 0; i < len; i++) {
    if (text[i] == '"' || text[i] == '\\') out[n++] = '\\';
    out[n++] = text[i];
  }
  out[n++] = '"';
  out[n] = '\0';
}

static int listen_on_loopback(unsigned *port) {
  struct sockaddr_in addr;
  socklen_t len = sizeof addr;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(fd >= 0);
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK(bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0);
  CHECK(listen(fd, 4) == 0);
  CHECK(getsockname(fd, (struct sockaddr *)&addr, &len) == 0);
  *port = ntohs(addr.sin_port);
  return fd;
}

/* Accepts one HTTP request (waiting up to 10 s), reads it whole, returns the connection. */
static int receive(int listener, received *got) {
  struct pollfd p = {listener, POLLIN, 0};
  CHECK(poll(&p, 1, 10000) == 1);
  int conn = accept(listener, NULL, NULL);
  CHECK(conn >= 0);
  static char raw[16384];
  size_t len = 0;
  char *end = NULL;
  size_t content_length = 0;
  for (;;) {
    ssize_t n = read(conn, raw + len, sizeof raw - 1 - len);
    CHECK(n > 0);
    len += (size_t)n;
    raw[len] = '\0';
    if (end == NULL && (end = strstr(raw, "\r\n\r\n")) != NULL) {
      /* Headers complete: turn each "Name: value" line into a JSON pair. */
      strcpy(got->headers_json, "[");
      char *line = strstr(raw, "\r\n") + 2; /* skip the request line */
      while (line < end) {
        char *eol = strstr(line, "\r\n");
        char *colon = memchr(line, ':', (size_t)(eol - line));
        CHECK(colon != NULL);
        char *value = colon + 1;
        while (*value == ' ') value++;
        if (strncasecmp(line, "content-length", 14) == 0) content_length = strtoul(value, NULL, 10);
        if (strlen(got->headers_json) > 1) strcat(got->headers_json, ",");
        strcat(got->headers_json, "[");
        append_json_string(got->headers_json, sizeof got->headers_json, line, (size_t)(colon - line));
        strcat(got->headers_json, ",");
        append_json_string(got->headers_json, sizeof got->headers_json, value, (size_t)(eol - value));
        strcat(got->headers_json, "]");
        line = eol + 2;
      }
      strcat(got->headers_json, "]");
    }
    if (end != NULL && len >= (size_t)(end + 4 - raw) + content_length) break;
  }
  CHECK(content_length < sizeof got->body);
  memcpy(got->body, end + 4, content_length);
  got->body[content_length] = '\0';
  got->body_len = content_length;
  return conn;
}

/* Answers the notification as the library says: wpc_last_error_reply_status/_body. */
static void reply(int conn) {
  char response[512];
  const char *body = wpc_last_error_reply_body();
  int n = snprintf(response, sizeof response,
                   "HTTP/1.1 %u X\r\ncontent-type: application/json\r\ncontent-length: %zu\r\n"
                   "connection: close\r\n\r\n%s",
                   (unsigned)wpc_last_error_reply_status(), strlen(body), body);
  CHECK(n > 0 && (size_t)n < sizeof response);
  CHECK(write(conn, response, (size_t)n) == n);
  close(conn);
}

/* Calls `call` with the request built from `fmt` and the coupon code; checks `expect`. */
typedef wpc_result (*call_fn)(const wpc_client *, const uint8_t *, size_t, wpc_buffer **);
static void call_expect(const wpc_client *client, call_fn call, const char *request,
                        const char *expect) {
  wpc_buffer *body = NULL;
  CHECK_OK(call(client, (const uint8_t *)request, strlen(request), &body));
  if (!buffer_contains(body, expect)) {
    fprintf(stderr, "expected %s in %s\n", expect, (const char *)wpc_buffer_data(body));
    exit(1);
  }
  wpc_buffer_free(body);
}

static void lifecycle(const wpc_client *client) {
  char request[2048], url[128], code[64];
  unsigned port = 0;
  int listener = listen_on_loopback(&port);
  wpc_buffer *body = NULL;

  snprintf(url, sizeof url, "http://127.0.0.1:%u/notify", port);
  snprintf(request, sizeof request, "{\"notify_url\":\"%s\"}", url);
  call_expect(client, wpc_client_set_notify_config, request, url);
  call_expect(client, wpc_client_get_notify_config, "{}", url);

  const char *send =
      "{\"openid\":\"" OPENID "\",\"product_coupon_id\":\"1000000013\","
      "\"stock_id\":\"1000000013002\",\"appid\":\"wx233544546545989\","
      "\"send_request_no\":\"CSEND000000001\",\"attach\":\"order 42\",\"brand_id\":\"120344\"}";
  CHECK_OK(wpc_client_send_coupon(client, (const uint8_t *)send, strlen(send), &body));
  CHECK(buffer_contains(body, "\"coupon_state\":\"CONFIRMING\""));
  json_string((const char *)wpc_buffer_data(body), "coupon_code", code, sizeof code);
  wpc_buffer_free(body);
  printf("send         coupon %s -> CONFIRMING\n", code);

  /* The notification: verified over the raw body, decrypted, parsed; answered 204. */
  static received got;
  int conn = receive(listener, &got);
  CHECK_OK(wpc_client_parse_notification(client, (const uint8_t *)got.headers_json,
                                         strlen(got.headers_json), (const uint8_t *)got.body,
                                         got.body_len, &body));
  CHECK(buffer_contains(body, "\"event_type\":\"PRODUCT_COUPON_SP.SEND\""));
  CHECK(buffer_contains(body, "\"kind\":\"coupon_sent\""));
  CHECK(buffer_contains(body, code));
  CHECK(buffer_contains(body, "\"send_request_no\":\"CSEND000000001\""));
  CHECK(wpc_last_error_reply_status() == 204 && wpc_last_error_reply_body()[0] == '\0');
  wpc_buffer_free(body);
  reply(conn);
  printf("notified     PRODUCT_COUPON_SP.SEND for %s, verified and decrypted\n", code);

  /* The same bytes with one body byte changed: refused at verification, answered 401. */
  got.body[got.body_len / 2] ^= 1;
  CHECK(wpc_client_parse_notification(client, (const uint8_t *)got.headers_json,
                                      strlen(got.headers_json), (const uint8_t *)got.body,
                                      got.body_len, &body) == WPC_ERR_VERIFICATION);
  CHECK(body == NULL);
  CHECK(wpc_last_error_reply_status() == 401);
  CHECK(strstr(wpc_last_error_reply_body(), "\"code\":\"FAIL\"") != NULL);
  /* Headers that are not JSON: the caller's bug, answered 500 so that it is resent. */
  CHECK(wpc_client_parse_notification(client, S("[oops"), S("{}"), &body) == WPC_ERR_INVALID_JSON);
  CHECK(wpc_last_error_reply_status() == 500);

  /* Use before confirm: 403 NOT_ENOUGH, internal code 268578367 in the Request-ID. */
  snprintf(request, sizeof request,
           "{" COUPON_FIELDS_FMT ",\"use_time\":\"2025-08-03T12:00:00+08:00\","
           "\"out_request_no\":\"CUSE0000000002\","
           "\"associated_order_info\":{\"transaction_id\":\"4200000000123456789123456789\"}}",
           code);
  CHECK(wpc_client_use_coupon(client, (const uint8_t *)request, strlen(request), &body) ==
        WPC_ERR_API);
  CHECK(wpc_last_error_http_status() == 403);
  CHECK(strcmp(wpc_last_error_api_code(), "NOT_ENOUGH") == 0);
  CHECK(strstr(wpc_last_error_request_id(), "-268578367") != NULL);

  char confirm[1024];
  snprintf(confirm, sizeof confirm, "{" COUPON_FIELDS_FMT ",\"out_request_no\":\"CCONF000000001\"}",
           code);
  call_expect(client, wpc_client_confirm_coupon, confirm, "\"coupon_state\":\"EFFECTIVE\"");
  printf("confirm      coupon %s -> EFFECTIVE\n", code);
  snprintf(request, sizeof request,
           "{" COUPON_FIELDS_FMT ",\"use_time\":\"2025-08-03T12:00:00+08:00\","
           "\"out_request_no\":\"CUSE0000000003\","
           "\"associated_order_info\":{\"transaction_id\":\"4200000000123456789123456789\"}}",
           code);
  call_expect(client, wpc_client_use_coupon, request, "\"coupon_state\":\"USED\"");
  printf("use          coupon %s -> USED\n", code);
  snprintf(request, sizeof request, "{" COUPON_FIELDS_FMT "}", code);
  call_expect(client, wpc_client_get_user_coupon, request, "\"coupon_state\":\"USED\"");
  snprintf(request, sizeof request, "{" COUPON_FIELDS_FMT ",\"out_request_no\":\"CRET0000000001\"}",
           code);
  call_expect(client, wpc_client_return_coupon, request, "\"coupon_state\":\"EFFECTIVE\"");
  printf("return       coupon %s -> EFFECTIVE\n", code);
  /* A second confirm (new number) of an EFFECTIVE coupon: refused, 400. */
  snprintf(confirm, sizeof confirm, "{" COUPON_FIELDS_FMT ",\"out_request_no\":\"CCONF000000002\"}",
           code);
  CHECK(wpc_client_confirm_coupon(client, (const uint8_t *)confirm, strlen(confirm), &body) ==
        WPC_ERR_API);
  CHECK(wpc_last_error_http_status() == 400);

  /* Every page of two, by name through wpc_client_execute, following next_page_token. */
  char token[128] = "";
  int pages = 0, coupons = 0;
  do {
    int n = snprintf(request, sizeof request,
                     "{\"openid\":\"" OPENID "\",\"appid\":\"wx233544546545989\","
                     "\"brand_id\":\"120344\",\"page_size\":2%s%s%s}",
                     token[0] ? ",\"page_token\":\"" : "", token, token[0] ? "\"" : "");
    CHECK(n > 0 && (size_t)n < sizeof request);
    CHECK_OK(wpc_client_execute(client, S("list_user_coupons"), (const uint8_t *)request,
                                (size_t)n, &body));
    const char *page = (const char *)wpc_buffer_data(body);
    for (const char *at = page; (at = strstr(at, "\"coupon_code\"")) != NULL; at++) coupons++;
    pages++;
    if (strstr(page, "\"next_page_token\":\"") != NULL) {
      json_string(page, "next_page_token", token, sizeof token);
    } else {
      token[0] = '\0';
    }
    wpc_buffer_free(body);
  } while (token[0] && pages < 10);
  CHECK(pages >= 2 && coupons >= 3);
  printf("list         %d coupons on %d pages\n", coupons, pages);

  call_expect(client, wpc_client_get_product_coupon,
              "{\"product_coupon_id\":\"1000000013\",\"brand_id\":\"120344\"}",
              "\"display_info\"");

  /* The platform certificates, decrypted with the APIv3 key and installed. */
  CHECK_OK(wpc_client_refresh_platform_certificates(client, &body));
  CHECK(buffer_contains(body, "\"serial\":\"5A4E44424F58000000000000000000000002\""));
  wpc_buffer_free(body);
  CHECK_OK(wpc_client_refresh_platform_certificates(client, NULL));
  close(listener);
}

/* Without the APIv3 key: notifications and downloads are refused by setting name; a key of
 * the wrong length is refused naming its length, never its content. */
static void without_apiv3_key(const wpc_sandbox *sandbox) {
  const char *keys = getenv("WPC_TEST_KEYS_DIR");
  const char *base_url = wpc_sandbox_base_url(sandbox);
  char path[4096];
  wpc_builder *builder = wpc_builder_new();
  wpc_client *client = NULL;
  wpc_buffer *body = NULL;
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
  CHECK(wpc_builder_set_apiv3_key(builder, S("short")) == WPC_ERR_KEY);
  CHECK(strstr(wpc_last_error_message(), "5 bytes") != NULL);
  CHECK(strstr(wpc_last_error_message(), "short") == NULL);
  /* The refresh needs the key: refused when building. */
  CHECK_OK(wpc_builder_set_certificate_refresh(builder, 60));
  CHECK(wpc_builder_build(builder, &client) == WPC_ERR_CONFIG);
  CHECK(client == NULL);
  CHECK_OK(wpc_builder_set_apiv3_key(builder, S("SANDBOX0TEST0ONLY0APIV3KEY000001")));
  CHECK_OK(wpc_builder_build(builder, &client));
  wpc_client_free(client);
  wpc_builder_free(builder);

  const char *config = wpc_sandbox_client_config_json(sandbox);
  /* The sandbox's configuration minus its "apiv3_key" member. */
  const char *from = strstr(config, "\"apiv3_key\":\"");
  static char without[16384];
  CHECK(from != NULL && strlen(config) < sizeof without);
  const char *to = strchr(from + 13, '"') + 1;
  if (*to == ',') {
    to++;
  } else if (from[-1] == ',') {
    from--;
  }
  memcpy(without, config, (size_t)(from - config));
  strcpy(without + (from - config), to);
  CHECK_OK(wpc_client_new_from_json((const uint8_t *)without, strlen(without), &client));
  CHECK(wpc_client_parse_notification(client, S("[]"), S("{}"), &body) == WPC_ERR_CONFIG);
  CHECK(strcmp(wpc_last_error_field(), "apiv3_key") == 0);
  CHECK(wpc_client_refresh_platform_certificates(client, &body) == WPC_ERR_CONFIG);
  CHECK(body == NULL);
  wpc_client_free(client);
  CHECK(wpc_client_new_from_json(S("{\"apiv3_key\":\"0123\"}"), &client) == WPC_ERR_INVALID_JSON);
  CHECK(strstr(wpc_last_error_message(), "4 bytes") != NULL);
}

int main(void) {
  wpc_sandbox *sandbox = NULL;
  wpc_client *client = NULL;
  CHECK_OK(wpc_sandbox_start(0, &sandbox));
  const char *config = wpc_sandbox_client_config_json(sandbox);
  CHECK(strstr(config, "\"apiv3_key\"") != NULL);
  CHECK_OK(wpc_client_new_from_json((const uint8_t *)config, strlen(config), &client));
  lifecycle(client);
  without_apiv3_key(sandbox);
  wpc_client_free(client);
  wpc_sandbox_free(sandbox);
  printf("lifecycle: ok\n");
  return 0;
}
