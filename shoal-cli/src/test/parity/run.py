import json, subprocess, sys, os
port = sys.argv[1]; cmds = json.load(open(sys.argv[2])); log = sys.argv[3]; out = sys.argv[4]
res = []
for args in cmds:
    open(log, "w").close()
    p = subprocess.run(["docker"] + args, env=dict(os.environ, DOCKER_HOST="tcp://127.0.0.1:" + port), capture_output=True, input=b"", timeout=60)
    reqs = []
    for l in open(log):
        m, path, body = json.loads(l)
        if path == "/_ping" or "/distribution/" in path: continue
        reqs.append([m, path, json.loads(body) if body.strip() else None])
    def fix(s):
        import re
        s = re.sub(r"\bdocker\b(?!\.)", "shoal", s.decode()).replace("Docker", "Shoal")
        for w in ["image {} could not be accessed on a registry to record\n", "its digest. Each node will access {} independently,\n", "possibly leading to different nodes running different\n", "versions of the image.\n\n"]:
            pass
        lines = s.split("\n"); keep = []; skip = 0
        for i, l in enumerate(lines):
            if l.startswith("image ") and "could not be accessed on a registry" in l: skip = 5; 
            if skip: skip -= 1; continue
            keep.append(l)
        return "\n".join(keep)
    o = fix(p.stdout)
    if args == ["info"]: o = o.replace(" Version:    28.2.2\n", " Version:    0.1.0\n", 1)
    res.append({"args": args, "stdout": o, "stderr": fix(p.stderr), "code": p.returncode, "requests": reqs})
json.dump(res, open(out, "w"), indent=1)
print(len(res), "commands")
