#!/usr/bin/env python3
"""Real 2FA traffic against a running Keycloak, scraped for the dashboard's picture.

Two applications send PINs through Infobip and Twilio stubs that this script serves on loopback
(with network-like delays; Infobip refuses numbers ending in 7, so the chain falls over to
Twilio); "login" behaves, "signup" is pumped from half-time (many sends to a few numbers, few
verifications, limits refusing). Keycloak's /metrics is scraped every 5 s into one file per
scrape, which render.py draws. Standard library only.

Keycloak must run with this extension, --metrics-enabled=true, a file vault holding
delivery_infobip-api-key and delivery_twilio-auth-token, and the providers pointed at the stubs:

  --spi-pin-delivery--infobip-sms--base-url=http://127.0.0.1:18701
  --spi-pin-delivery--infobip-sms--api-key=${vault.infobip-api-key}
  --spi-pin-delivery--twilio-sms--base-url=http://127.0.0.1:18702
  --spi-pin-delivery--twilio-sms--account-sid=ACdeadbeefdeadbeefdeadbeefdeadbeef
  --spi-pin-delivery--twilio-sms--auth-token=${vault.twilio-auth-token}
  --spi-pin-delivery--twilio-sms--from=+15005550006

    python3 docs/grafana/traffic.py http://localhost:8080 http://localhost:9000 target/dashboard-scrapes [seconds]
"""
import json
import os
import random
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

INFOBIP_PORT, TWILIO_PORT = 18701, 18702
REALM = "delivery"
sent_texts = {}  # destination digits -> last message text
lock = threading.Lock()
rng = random.Random(42)


class Infobip(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        message = body["messages"][0]
        to = message["destinations"][0]["to"]
        if to.endswith("7"):
            time.sleep(0.06)
            self.answer(400, {"requestError": {"serviceException": {"messageId": "BAD_REQUEST", "text": "Bad request"}}})
            return
        time.sleep(rng.lognormvariate(-1.97, 0.35))  # median 140 ms
        with lock:
            sent_texts[to] = message["content"]["text"]
        self.answer(200, {"messages": [{"messageId": "s-1", "status": {"groupName": "PENDING", "name": "PENDING_ACCEPTED"}}]})

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class Twilio(Infobip):
    def do_POST(self):
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        time.sleep(rng.lognormvariate(-1.14, 0.3))  # median 320 ms
        with lock:
            sent_texts[form["To"][0].lstrip("+")] = form["Body"][0]
        self.answer(201, {"sid": "SM1"})


def call(method, url, body=None, headers=None, form=False):
    data = None
    headers = dict(headers or {})
    if body is not None:
        data = urllib.parse.urlencode(body).encode() if form else json.dumps(body).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded" if form else "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text.strip().startswith(("{", "[")) else text)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def main(base, management, out_dir, seconds):
    os.makedirs(out_dir, exist_ok=True)
    for name in os.listdir(out_dir):
        os.remove(os.path.join(out_dir, name))
    for port, handler in ((INFOBIP_PORT, Infobip), (TWILIO_PORT, Twilio)):
        threading.Thread(target=ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever, daemon=True).start()

    _, token = call("POST", base + "/realms/master/protocol/openid-connect/token",
                    {"grant_type": "password", "client_id": "admin-cli", "username": "admin", "password": "admin"}, form=True)
    admin = {"Authorization": "Bearer " + token["access_token"]}
    if call("GET", f"{base}/admin/realms/{REALM}", headers=admin)[0] == 404:
        call("POST", base + "/admin/realms", {"realm": REALM, "enabled": True}, admin)
    status, realm = call("GET", f"{base}/admin/realms/{REALM}", headers=admin)
    realm.setdefault("attributes", {})["pin2fa.delivery.sms"] = "infobip-sms,twilio-sms"
    call("PUT", f"{base}/admin/realms/{REALM}", realm, admin)
    _, key = call("POST", f"{base}/admin/realms/{REALM}/2fa/api-keys", {"name": "dashboard traffic", "scopes": ["2fa:manage"]}, admin)
    app_key = {"Authorization": "App " + key["apiKey"]}
    api = f"{base}/realms/{REALM}/2fa/2"
    template = {"pinType": "NUMERIC", "messageText": "Code {{pin}}", "pinLength": 6}
    apps = {}
    for name, configuration in (("login", {"pinAttempts": 3, "verifyPinLimit": "10/1m", "sendPinPerPhoneNumberLimit": "10/1d"}),
                                ("signup", {"pinAttempts": 3, "sendPinPerPhoneNumberLimit": "2/1d"})):
        _, app = call("POST", api + "/applications", {"name": name, "configuration": configuration}, app_key)
        _, message = call("POST", f"{api}/applications/{app['applicationId']}/messages", template, app_key)
        apps[name] = (app["applicationId"], message["messageId"])

    stop = threading.Event()

    def scrape():
        while not stop.is_set():
            started = time.time()
            try:
                with urllib.request.urlopen(management + "/metrics", timeout=10) as response:
                    text = response.read().decode()
                with open(os.path.join(out_dir, f"{int(started * 1000)}.prom"), "w") as f:
                    f.write(text)
            except OSError as e:
                print("scrape failed:", e, file=sys.stderr)
            stop.wait(max(0.0, 5 - (time.time() - started)))

    scraper = threading.Thread(target=scrape, daemon=True)
    scraper.start()

    def send(app, to):
        app_id, message_id = apps[app]
        status, answer = call("POST", api + "/pin?ncNeeded=false", {"applicationId": app_id, "messageId": message_id, "to": to}, app_key)
        return answer["pinId"] if status == 200 else None

    def verify(pin_id, pin):
        call("POST", f"{api}/pin/{pin_id}/verify", {"pin": pin}, app_key)

    def person(app, to, converts):
        pin_id = send(app, to)
        if pin_id is None or rng.random() > converts:
            return
        with lock:
            text = sent_texts.get(to)
        if text is None:
            return
        pin = text.rsplit(" ", 1)[1]
        if rng.random() < 0.12:
            verify(pin_id, "123456" if pin != "123456" else "654321")
        verify(pin_id, pin)

    start = time.time()
    n = 0
    while time.time() - start < seconds:
        n += 1
        person("login", "4179%07d" % rng.randrange(10_000_000), 0.88)
        if n % 3 == 0:
            person("signup", "4178%07d" % rng.randrange(10_000_000), 0.8)
        if time.time() - start > seconds / 2:
            for _ in range(3):
                pin_id = send("signup", "4176%07d" % rng.randrange(40))
                if pin_id and rng.random() < 0.3:
                    verify(pin_id, "000000")
                    verify(pin_id, "000001")
    time.sleep(6)
    stop.set()
    scraper.join()
    print(len(os.listdir(out_dir)), "scrapes in", out_dir)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]) if len(sys.argv) > 4 else 150)
