import json, sys, re
FX = json.load(open(sys.argv[2])); ROUTES = FX["routes"]
LOG = open(sys.argv[3], 'a')
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def handle_all(self):
        n = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(n) if n else b""
        LOG.write(json.dumps([self.command, self.path, body.decode()]) + "\n"); LOG.flush()
        path = re.sub(r'^/v1\.\d+', '', self.path.split('?')[0])
        query = self.path.split('?')[1] if '?' in self.path else ''
        if path == "/_ping":
            return self.send(200, b"OK", "text/plain")
        for r in ROUTES:
            if r.get("method", "GET") == self.command and re.fullmatch(r["path"], path) and re.search(r.get("query", ""), query):
                if "raw" in r: data = r["raw"].encode()
                elif "frames" in r:
                    data = b""
                    for st, txt in r["frames"]:
                        p = txt.encode(); data += bytes([st,0,0,0]) + len(p).to_bytes(4,'big') + p
                else: data = json.dumps(r.get("body")).encode()
                import datetime
                now = datetime.datetime.now(datetime.timezone.utc)
                data = re.sub(rb'@@([0-9.]+)@@', lambda m: (now - datetime.timedelta(seconds=float(m.group(1)))).strftime("%Y-%m-%dT%H:%M:%S.%fZ").encode(), data)
                return self.send(r.get("status", 200), data, r.get("ctype", "application/json"))
        return self.send(404, json.dumps({"message": "page not found"}).encode(), "application/json")
    def send(self, code, data, ctype):
        self.send_response(code)
        self.send_header("Api-Version", "1.50"); self.send_header("Ostype", "linux")
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD": self.wfile.write(data)
    do_GET = do_POST = do_HEAD = do_DELETE = handle_all
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
