"""The payments provider of the payments-integration challenge (standard library only).

Public port ($PORT), what the candidate's service calls:
  POST /payments             {"amount", "currency", "reference"} with an Idempotency-Key header: 201 and the
                             payment {"id", "amount", "currency", "reference", "status": "pending",
                             "refunded_amount": 0, "version": 1}; the same key again answers the same payment.
                             While a fault is set: 500, or 429 with Retry-After, or "timeout" (the payment is
                             made, the answer comes only after TIMEOUT_SECONDS).
  GET  /payments/<id>        the payment as it is now
  GET  /reconciliation       {"payments": [...every payment as it is now]}
  GET  /health               200 at once (readiness)

Webhooks go to $ASSAY_CANDIDATE_URL/webhooks/payments, signed with $ASSAY_SERVICE_PAYMENTS_SECRET:
  Payments-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">

Control socket ($ASSAY_CONTROL_SOCKET), the hidden tests only:
  GET  /calls            the call log: [{"method", "path", "key", "status", "at"}], oldest first
                         (`at`: seconds on this provider's monotonic clock)
  POST /reset            forget calls and faults (payments stay: each test makes its own)
  POST /faults           {"next": ["500", "429", "timeout"...], "always": "500" | null, "retry_after": 1}
  GET  /payments         every payment as it is now
  POST /events           {"payment_id", "type": "payment.succeeded" | "payment.failed" | "refund.succeeded",
                         "amount" (refunds), "deliver": bool}: changes the payment, makes the event,
                         delivers it if asked; answers {"event", "delivery": {"status", "body"} | null}
  POST /deliver          {"event_id", "signature": "valid" | "invalid", "age": seconds}: (re)delivers an
                         event, its timestamp `age` seconds in the past; answers {"status", "body"}
"""

import hashlib
import hmac
import json
import os
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import ThreadingUnixStreamServer

SECRET = os.environ.get("ASSAY_SERVICE_PAYMENTS_SECRET", "dev-secret").encode()
CANDIDATE = os.environ.get("ASSAY_CANDIDATE_URL") or "http://127.0.0.1:8080"
TIMEOUT_SECONDS = float(os.environ.get("TIMEOUT_SECONDS", "3"))
FAULTS = {"next": [], "always": None, "retry_after": 1}
STATE = {"calls": [], "payments": {}, "keys": {}, "events": {}, **FAULTS}
LOCK = threading.Lock()


def new_payment(payload):
    payment_id = f"pay_{len(STATE['payments']) + 1:05d}"
    payment = {
        "id": payment_id,
        "amount": payload["amount"],
        "currency": payload["currency"],
        "reference": str(payload.get("reference", "")),
        "status": "pending",
        "refunded_amount": 0,
        "version": 1,
    }
    STATE["payments"][payment_id] = payment
    return payment


def invalid(payload):
    amount, currency = payload.get("amount"), payload.get("currency")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        return "amount must be a positive integer (cents)"
    if not isinstance(currency, str) or len(currency) != 3 or not currency.isalpha():
        return "currency must be a three-letter code"
    return None


def next_fault():
    if STATE["next"]:
        return STATE["next"].pop(0)
    return STATE["always"]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(data)
        except OSError:
            pass  # the caller gave up waiting (a timeout it was meant to have)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            return json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            return None


class Public(Handler):
    def log(self, status):
        call = {
            "method": self.command,
            "path": self.path,
            "key": self.headers.get("Idempotency-Key"),
            "status": status,
            "at": round(time.monotonic(), 4),
        }
        STATE["calls"].append(call)

    def do_GET(self):
        if self.path == "/health":
            return self.answer(200, {"ok": True})
        with LOCK:
            if self.path == "/reconciliation":
                self.log(200)
                return self.answer(200, {"payments": list(STATE["payments"].values())})
            payment = STATE["payments"].get(self.path[len("/payments/") :]) if self.path.startswith("/payments/") else None
            self.log(200 if payment else 404)
        if payment:
            return self.answer(200, payment)
        self.answer(404, {"error": "no such payment"})

    def do_POST(self):
        if self.path != "/payments":
            return self.answer(404, {"error": "not found"})
        payload = self.body()
        key = self.headers.get("Idempotency-Key")
        with LOCK:
            fault = next_fault()
            status = {"500": 500, "429": 429}.get(fault, 201)
            problem = invalid(payload) if isinstance(payload, dict) else "the body must be a JSON object"
            if problem and status == 201:
                status = 422
            self.log(status)
            payment = None
            if status == 201:
                payment = STATE["payments"].get(STATE["keys"].get(key)) if key else None
                payment = payment or new_payment(payload)
                if key:
                    STATE["keys"][key] = payment["id"]
                payment = dict(payment)
            retry_after = STATE["retry_after"]
        if status == 500:
            return self.answer(500, {"error": "the provider had a problem; try again"})
        if status == 429:
            return self.answer(429, {"error": "too many requests"}, [("Retry-After", str(retry_after))])
        if status == 422:
            return self.answer(422, {"error": problem})
        if fault == "timeout":
            time.sleep(TIMEOUT_SECONDS)  # made, but the answer comes too late
        self.answer(201, payment)


class Control(Handler):
    def address_string(self):
        return "control"

    def do_GET(self):
        with LOCK:
            if self.path == "/calls":
                return self.answer(200, list(STATE["calls"]))
            if self.path == "/payments":
                return self.answer(200, list(STATE["payments"].values()))
        self.answer(404, {"error": "not found"})

    def do_POST(self):
        payload = self.body() or {}
        if self.path == "/events":
            event = make_event(payload)
            if event is None:
                return self.answer(404, {"error": "no such payment"})
            delivery = deliver(event, "valid", 0) if payload.get("deliver") else None
            return self.answer(200, {"event": event, "delivery": delivery})
        if self.path == "/deliver":
            with LOCK:
                event = STATE["events"].get(payload.get("event_id"))
            if event is None:
                return self.answer(404, {"error": "no such event"})
            return self.answer(200, deliver(event, payload.get("signature", "valid"), payload.get("age", 0)))
        with LOCK:
            if self.path == "/reset":
                STATE.update({"calls": [], **{k: (list(v) if isinstance(v, list) else v) for k, v in FAULTS.items()}})
                return self.answer(200, {"reset": True})
            if self.path == "/faults":
                STATE["next"] = [str(f) for f in payload.get("next", [])]
                STATE["always"] = payload.get("always")
                STATE["retry_after"] = int(payload.get("retry_after", 1))
                return self.answer(200, {k: STATE[k] for k in FAULTS})
        self.answer(404, {"error": "not found"})


def make_event(payload):
    """Change the payment as the event says, and keep the event for (re)delivery."""
    with LOCK:
        payment = STATE["payments"].get(payload.get("payment_id"))
        if payment is None:
            return None
        kind = payload["type"]
        payment["version"] += 1
        data = {"payment_id": payment["id"], "reference": payment["reference"], "version": payment["version"]}
        if kind == "refund.succeeded":
            amount = int(payload["amount"])
            payment["refunded_amount"] += amount
            data["refund"] = {"id": f"re_{len(STATE['events']) + 1:05d}", "amount": amount}
        else:
            payment["status"] = "succeeded" if kind == "payment.succeeded" else "failed"
            data["status"] = payment["status"]
        event = {"id": f"evt_{len(STATE['events']) + 1:05d}", "type": kind, "created": int(time.time()), "data": data}
        STATE["events"][event["id"]] = event
        return event


def signature_header(body, signature, age):
    stamp = str(int(time.time()) - int(age))
    key = SECRET if signature == "valid" else b"not-the-shared-secret"
    digest = hmac.new(key, f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={digest}"


def deliver(event, signature, age):
    """POST the event to the candidate's webhook endpoint: its answer's status and the start of its body."""
    body = json.dumps(event, separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json", "Payments-Signature": signature_header(body, signature, age)}
    request = urllib.request.Request(f"{CANDIDATE}/webhooks/payments", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return {"status": response.status, "body": response.read(500).decode(errors="replace")}
    except urllib.error.HTTPError as error:
        return {"status": error.code, "body": error.read(500).decode(errors="replace")}
    except OSError as error:
        return {"status": None, "body": type(error).__name__}


def main():
    control_path = os.environ.get("ASSAY_CONTROL_SOCKET")
    if control_path:
        control = ThreadingUnixStreamServer(control_path, Control)
        threading.Thread(target=control.serve_forever, daemon=True).start()
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "9300"))), Public)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
