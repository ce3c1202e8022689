package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An attacker throws garbage at every endpoint of the 2FA API, v1 and v2, as JSON and as XML:
 * broken and truncated bodies, wrong types, nulls, deep nesting, thousand-digit numbers, limits
 * that overflow the clock, odd content types (multipart included), bad ids and methods. The run
 * is seeded, so a failure can be replayed ({@code -Dfuzz.seed=...}), 8 at a time, so parallel
 * writes of one application race each other too. Not one answer is a 5xx, and every 4xx is
 * Infobip's error envelope.
 */
@RealKeycloak
class FuzzIT {

    private static final long SEED = Long.getLong("fuzz.seed", 20261130L);
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
    private static final int THREADS = 8;

    private static final String[] CONTENT_TYPES = {"application/json", "application/json", "application/json",
            "application/json; charset=utf-8", "application/xml", "text/xml", "multipart/form-data; boundary=xyz",
            "multipart/form-data", "text/plain", "application/x-www-form-urlencoded", "application/octet-stream", null,
            "garbage", "application/json;;;", "*/*"};
    private static final String[] ACCEPTS = {"application/json", "application/xml", null, "*/*", "text/html", "application/xml, application/json"};

    @Test
    void ten_thousand_malformed_requests_get_no_5xx_and_every_4xx_is_infobips_envelope(KeycloakServer keycloak) throws Exception {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "fuzz", "2fa:manage");
        String appId = api.createApplication("{\"name\": \"fuzz\", \"configuration\": {\"verifyPinLimit\": \"1000/1s\"}}");
        String messageId = api.createTemplate(appId, "{\"pinType\": \"NUMERIC\", \"messageText\": \"PIN {{pin}}\", \"pinLength\": 6}");
        String emailId = emailTemplate(api, appId);
        String pinId = api.sendSms(appId, messageId, "41795551234").get("pinId").asText();
        Targets targets = new Targets(api.realm(), appId, messageId, emailId, pinId);

        List<Request> requests = new ArrayList<>(targets.knownAttacks());
        Random random = new Random(SEED);
        while (requests.size() < REQUESTS) {
            requests.add(targets.random(random));
        }

        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long started = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    for (int i = first; i < requests.size(); i += THREADS) {
                        check(keycloak, api, requests.get(i), failures);
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        System.out.printf("FuzzIT: %d requests (seed %d) in %d s, %d failures%n", requests.size(), SEED, seconds, failures.size());
        summarize(failures);

        assertThat(requests).hasSizeGreaterThanOrEqualTo(10_000);
        assertThat(failures).as("requests answered with a 5xx or without the envelope").isEmpty();
    }

    private static void check(KeycloakServer keycloak, TwoFactorApi api, Request r, List<String> failures) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + r.path()));
        if (r.authorization() == Auth.KEY) {
            builder.header("Authorization", api.authorization());
        } else if (r.authorization() == Auth.WRONG) {
            builder.header("Authorization", "App 0123456789abcdef0123456789abcdef-nope");
        } else if (r.authorization() == Auth.ADMIN) {
            builder.header("Authorization", "Bearer " + adminToken(keycloak));
        }
        HttpResponse<String> response;
        try {
            response = api.send(builder, r.method(), r.body(), r.contentType(), r.accept());
        } catch (RuntimeException e) {
            failures.add(r.describe() + " -> no answer: " + e);
            return;
        }
        int status = response.statusCode();
        if (status >= 500) {
            failures.add(r.describe() + " -> " + status + " " + abbreviate(response.body()));
        } else if (status >= 400 && !r.path().startsWith("/admin/") && !inEnvelope(response)) {
            failures.add(r.describe() + " -> " + status + " not in the envelope: " + abbreviate(response.body()));
        }
    }

    /**
     * How many failures of each kind (method, content type, status), with the first of each: the
     * list itself is long.
     */
    private static void summarize(List<String> failures) {
        java.util.Map<String, Long> kinds = new java.util.TreeMap<>();
        java.util.Map<String, String> first = new java.util.HashMap<>();
        for (String failure : failures) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\S+) \\S+ \\[([^,]*),.*?\\] .*? -> (\\d+|no answer)", java.util.regex.Pattern.DOTALL)
                    .matcher(failure);
            String kind = m.find() ? m.group(1) + " [" + m.group(2) + "] -> " + m.group(3) : "other";
            kinds.merge(kind, 1L, Long::sum);
            first.putIfAbsent(kind, failure);
        }
        kinds.forEach((kind, count) -> System.out.printf("FuzzIT:   %5d  %s%nFuzzIT:          e.g. %s%n", count, kind,
                abbreviate(first.get(kind))));
    }

    private static volatile String adminToken;
    private static volatile long adminTokenAt;

    private static String adminToken(KeycloakServer keycloak) {
        if (adminToken == null || System.nanoTime() - adminTokenAt > TimeUnit.SECONDS.toNanos(30)) {
            adminToken = keycloak.adminToken();
            adminTokenAt = System.nanoTime();
        }
        return adminToken;
    }

    /** {@code {"requestError": {"serviceException": {"messageId", "text"}}}}, or its XML form. */
    static boolean inEnvelope(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        String body = response.body();
        if (type.contains("xml")) {
            return body.contains("<requestError>") && body.contains("<messageId>") && body.contains("<text>");
        }
        if (!type.contains("json")) {
            return false;
        }
        try {
            JsonNode error = KeycloakServer.json(body).at("/requestError/serviceException");
            return error.hasNonNull("messageId") && error.hasNonNull("text");
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() < 300 ? text : text.substring(0, 300) + "...";
    }

    private static String emailTemplate(TwoFactorApi api, String appId) {
        HttpResponse<String> response = api.post("/2/applications/" + appId + "/email/messages",
                "{\"pinType\": \"NUMERIC\", \"pinLength\": 6, \"from\": \"2fa@example.org\", \"emailTemplateId\": 1}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return KeycloakServer.json(response.body()).get("messageId").asText();
    }

    enum Auth { KEY, NONE, WRONG, ADMIN }

    record Request(String method, String path, String body, String contentType, String accept, Auth authorization) {
        String describe() {
            String shown = body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "...(" + body.length() + ")" : body;
            return method + " " + path + " [" + contentType + ", accept " + accept + ", " + authorization + "] " + shown;
        }
    }

    /** The endpoints and the valid bodies the mutations start from. */
    private record Targets(String realm, String appId, String messageId, String emailId, String pinId) {

        private String base() {
            return "/realms/" + realm + "/2fa";
        }

        /** The attacks the issue names, each at least once, in both API versions. */
        List<Request> knownAttacks() {
            List<Request> known = new ArrayList<>();
            String deepXml = "<request>" + "<a>".repeat(9_000) + "x" + "</a>".repeat(9_000) + "</request>";
            String deepJson = "{\"name\": " + "[".repeat(1_500) + "]".repeat(1_500) + "}";
            String hugeNumber = "{\"name\": \"x\", \"configuration\": {\"pinAttempts\": " + "9".repeat(1_500) + "}}";
            String overflow = "{\"name\": \"x\", \"configuration\": {\"sendPinPerApplicationLimit\": \"1/999999999999d\","
                    + " \"sendPinPerPhoneNumberLimit\": \"1/106751991167d\"}}";
            for (String v : List.of("1", "2")) {
                String apps = base() + "/" + v + "/applications";
                known.add(new Request("POST", apps, deepXml, "application/xml", "application/json", Auth.KEY));
                known.add(new Request("PUT", apps + "/" + appId, deepXml, "application/xml", "application/xml", Auth.KEY));
                known.add(new Request("POST", apps, deepJson, "application/json", null, Auth.KEY));
                known.add(new Request("POST", base() + "/" + v + "/pin", "{\"to\": " + "[".repeat(2_000) + "]".repeat(2_000) + "}",
                        "application/json", null, Auth.KEY));
                known.add(new Request("POST", apps, hugeNumber, "application/json", null, Auth.KEY));
                known.add(new Request("POST", apps, overflow, "application/json", null, Auth.KEY));
                known.add(new Request("POST", apps, "--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--xyz--\r\n",
                        "multipart/form-data; boundary=xyz", null, Auth.KEY));
                known.add(new Request("POST", base() + "/" + v + "/pin", "--xyz\r\n\r\n--xyz--", "multipart/form-data; boundary=xyz",
                        null, Auth.KEY));
            }
            known.add(new Request("POST", "/admin/realms/" + realm + "/2fa/api-keys", "{\"name\": \"k\", \"scopes\": [null]}",
                    "application/json", null, Auth.ADMIN));
            known.add(new Request("POST", "/admin/realms/" + realm + "/2fa/api-keys", "{\"name\": null, \"scopes\": null}",
                    "application/json", null, Auth.ADMIN));
            known.add(new Request("POST", "/admin/realms/" + realm + "/2fa/api-keys", "[null]", "application/json", null, Auth.ADMIN));
            return known;
        }

        Request random(Random r) {
            String v = r.nextBoolean() ? "1" : "2";
            String app = pick(r, appId, appId, appId, junkId(r));
            String msg = pick(r, messageId, messageId, emailId, junkId(r));
            String pin = pick(r, pinId, pinId, junkId(r));
            String prefix = base() + "/" + v;
            String method;
            String path;
            Map<String, Object> body;
            boolean xmlAllowed = false;
            switch (r.nextInt(16)) {
                case 0 -> { method = "GET"; path = prefix + "/applications"; body = null; }
                case 1, 2 -> { method = "POST"; path = prefix + "/applications"; body = applicationBody(r); xmlAllowed = true; }
                case 3 -> { method = "GET"; path = prefix + "/applications/" + app; body = null; }
                case 4 -> { method = "PUT"; path = prefix + "/applications/" + app; body = applicationBody(r); xmlAllowed = true; }
                case 5 -> { method = "POST"; path = prefix + "/applications/" + app + "/messages"; body = messageBody(r); }
                case 6 -> { method = "PUT"; path = prefix + "/applications/" + app + "/messages/" + msg; body = messageBody(r); }
                case 7 -> { method = "POST"; path = prefix + "/applications/" + app + "/email/messages"; body = emailBody(r); }
                case 8 -> { method = "PUT"; path = prefix + "/applications/" + app + "/email/messages/" + msg; body = emailBody(r); }
                case 9 -> {
                    method = "GET";
                    path = prefix + "/applications/" + app + "/verifications?msisdn=" + pick(r, "41795551234", "", "%2B4179", "x%00y")
                            + "&verified=" + pick(r, "true", "false", "maybe", "") + "&sent=" + pick(r, "true", "1", "");
                    body = null;
                }
                case 10, 11 -> {
                    method = "POST";
                    path = prefix + "/pin" + pick(r, "", "?ncNeeded=true", "?ncNeeded=false", "?ncNeeded=x", "/voice", "/email");
                    body = sendBody(r, path.endsWith("email"));
                }
                case 12 -> {
                    method = "POST";
                    path = prefix + "/pin/" + pin + "/resend" + pick(r, "", "/voice", "/email");
                    body = r.nextBoolean() ? null : new LinkedHashMap<>(Map.of("placeholders", Map.of("name", "x")));
                }
                case 13, 14 -> { method = "POST"; path = prefix + "/pin/" + pin + "/verify"; body = new LinkedHashMap<>(Map.of("pin", "123456")); }
                default -> {
                    method = pick(r, "GET", "POST", "PUT", "DELETE", "PATCH");
                    path = prefix + pick(r, "/applications/" + app, "/pin/" + pin, "/nothing", "/pin", "/applications/" + app + "/messages");
                    body = applicationBody(r);
                }
            }
            if (body != null) {
                mutate(r, body, 1 + r.nextInt(3));
            }
            String contentType = CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)];
            boolean asXml = contentType != null && contentType.contains("xml") || xmlAllowed && r.nextInt(4) == 0;
            if (asXml && contentType != null && !contentType.contains("xml")) {
                contentType = "application/xml";
            }
            String text = body == null ? (r.nextInt(4) == 0 ? garbage(r, 1 + r.nextInt(50)) : null)
                    : asXml ? Xml.of(body) : Json.of(body);
            if (text != null && r.nextInt(3) == 0) {
                text = damage(r, text);
            }
            Auth auth = r.nextInt(20) == 0 ? pick(r, Auth.NONE, Auth.WRONG) : Auth.KEY;
            return new Request(method, path, text, contentType, ACCEPTS[r.nextInt(ACCEPTS.length)], auth);
        }

        private static Map<String, Object> applicationBody(Random r) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("pinAttempts", 5);
            config.put("allowMultiplePinVerifications", true);
            config.put("pinTimeToLive", "10m");
            config.put("verifyPinLimit", "1000/1s");
            config.put("sendPinPerApplicationLimit", "10000/1d");
            config.put("sendPinPerPhoneNumberLimit", "1000/1d");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", "fuzz " + r.nextInt(1000));
            body.put("enabled", true);
            body.put("configuration", config);
            return body;
        }

        private static Map<String, Object> messageBody(Random r) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("pinType", pick(r, "NUMERIC", "ALPHA", "HEX", "ALPHANUMERIC"));
            body.put("messageText", "Your PIN is {{pin}}");
            body.put("pinLength", 6);
            body.put("language", "en");
            body.put("senderId", "Fuzz");
            body.put("repeatDTMF", "1#");
            body.put("speechRate", 1);
            return body;
        }

        private static Map<String, Object> emailBody(Random r) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("pinType", "NUMERIC");
            body.put("pinLength", 6);
            body.put("from", "2fa@example.org");
            body.put("emailTemplateId", 1 + r.nextInt(5));
            return body;
        }

        private Map<String, Object> sendBody(Random r, boolean email) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("applicationId", appId);
            body.put("messageId", email ? emailId : messageId);
            body.put("to", email ? "fuzz@example.org" : "4179555" + (1000 + r.nextInt(9000)));
            body.put("placeholders", new LinkedHashMap<>(Map.of("name", "x")));
            return body;
        }

        @SuppressWarnings("unchecked")
        private static void mutate(Random r, Map<String, Object> body, int times) {
            for (int i = 0; i < times; i++) {
                Map<String, Object> target = body;
                if (body.get("configuration") instanceof LinkedHashMap<?, ?> config && r.nextBoolean()) {
                    target = (Map<String, Object>) config;
                }
                List<String> keys = new ArrayList<>(target.keySet());
                String key = keys.isEmpty() || r.nextInt(6) == 0 ? garbage(r, 1 + r.nextInt(8)) : keys.get(r.nextInt(keys.size()));
                switch (r.nextInt(5)) {
                    case 0 -> target.remove(key);
                    default -> target.put(key, hostileValue(r));
                }
            }
        }

        private static Object hostileValue(Random r) {
            return switch (r.nextInt(22)) {
                case 0 -> null;
                case 1 -> new java.math.BigInteger("9".repeat(1 + r.nextInt(1_200)));
                case 2 -> -r.nextInt(1_000_000);
                case 3 -> r.nextDouble() * 1e300;
                case 4 -> r.nextBoolean();
                case 5 -> "";
                case 6 -> "x".repeat(1 + r.nextInt(5_000));
                case 7 -> Collections.singletonList(null);
                case 8 -> nested(r, 1 + r.nextInt(1_100));
                case 9 -> pick(r, "1/999999999999d", "999999999999999999999/1d", "1/0s", "1/9223372036854775807ms", "0/1d",
                        "2147483648/1s", "1/-1d", "1/1.5h");
                case 10 -> pick(r, "999999999999d", "9223372036854775807ms", "0m", "1y", "-5m", "106751991167d", "366d");
                case 11 -> pick(r, "NUMERIC", "ALPHA", "HEX", "ALPHANUMERIC", "numeric", "UNKNOWN");
                case 12 -> pick(r, "{{pin}}", "{{pin}}{{pin}}", "{{", "{{name}}", "no placeholder", "{{pin}}\u0000\uFFFF");
                case 13 -> r.nextInt();
                case 14 -> Long.MAX_VALUE;
                case 15 -> pick(r, "+41795551234", "00417955", "abc", "@", "a@b", "x@" + "y".repeat(300) + ".org", "\u202E41");
                case 16 -> new LinkedHashMap<>(Map.of(garbage(r, 3), garbage(r, 5)));
                case 17 -> List.of(1, "two", List.of());
                case 18 -> garbage(r, 1 + r.nextInt(40));
                case 19 -> pick(r, "1", "12", "123456789012345678901234567890", "A".repeat(64));
                case 20 -> pick(r, "<x/>", "]]>", "&amp;", "&#0;", "<![CDATA[x]]>");
                default -> r.nextInt(200) - 50;
            };
        }

        private static Object nested(Random r, int depth) {
            Object value = "x";
            for (int i = 0; i < depth; i++) {
                value = r.nextBoolean() ? List.of(value) : Map.of("a", value);
            }
            return value;
        }

        private static String damage(Random r, String text) {
            StringBuilder b = new StringBuilder(text);
            switch (r.nextInt(6)) {
                case 0 -> b.setLength(r.nextInt(b.length() + 1));
                case 1 -> b.insert(r.nextInt(b.length() + 1), garbage(r, 1 + r.nextInt(5)));
                case 2 -> b.insert(0, '\uFEFF');
                case 3 -> b.append(b);
                case 4 -> {
                    int at = r.nextInt(b.length() + 1);
                    b.delete(at, Math.min(b.length(), at + 1 + r.nextInt(10)));
                }
                default -> b.replace(0, Math.min(b.length(), 1), pick(r, "[", "<", "\"", "\u0000", "{{"));
            }
            return b.toString();
        }

        private static String junkId(Random r) {
            // Ids that reach the API (the web server itself answers paths with encoded slashes or NULs).
            return pick(r, "0", "nope", "00000000000000000000000000000000", "A".repeat(100), "%27%20OR%201%3D1",
                    "%E2%80%AE", "x".repeat(37), "%3Cscript%3E");
        }

        private static String garbage(Random r, int length) {
            String alphabet = "abcXYZ019{}[]<>\"':,\\/&;#%!@ \t\n\u00e9\u4e2d\uD83D\uDE00\u0001";
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < length; i++) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            return b.toString();
        }

        @SafeVarargs
        private static <T> T pick(Random r, T... choices) {
            return choices[r.nextInt(choices.length)];
        }
    }

    /** JSON text of a mutated body (Jackson would refuse to write some of what we want to send). */
    private static final class Json {
        static String of(Object value) {
            StringBuilder b = new StringBuilder();
            write(b, value);
            return b.toString();
        }

        private static void write(StringBuilder b, Object value) {
            if (value == null) {
                b.append("null");
            } else if (value instanceof Map<?, ?> map) {
                b.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    string(b, String.valueOf(e.getKey()));
                    b.append(':');
                    write(b, e.getValue());
                }
                b.append('}');
            } else if (value instanceof List<?> list) {
                b.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    write(b, list.get(i));
                }
                b.append(']');
            } else if (value instanceof Number || value instanceof Boolean) {
                b.append(value);
            } else {
                string(b, value.toString());
            }
        }

        private static void string(StringBuilder b, String s) {
            b.append('"');
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }
    }

    /** Infobip's XML form: {@code <request><name>..</name>...</request>}, names as they come. */
    private static final class Xml {
        static String of(Map<String, Object> body) {
            StringBuilder b = new StringBuilder("<request>");
            body.forEach((k, v) -> element(b, k, v));
            return b.append("</request>").toString();
        }

        private static void element(StringBuilder b, String name, Object value) {
            String tag = name.isEmpty() ? "_" : name;
            b.append('<').append(tag).append('>');
            if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> element(b, String.valueOf(k), v));
            } else if (value instanceof List<?> list) {
                list.forEach(item -> element(b, "item", item));
            } else if (value != null) {
                b.append(value.toString().replace("&", "&amp;").replace("<", "&lt;"));
            }
            b.append("</").append(tag).append('>');
        }
    }
}
