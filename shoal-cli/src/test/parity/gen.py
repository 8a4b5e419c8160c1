import json, sys, datetime, copy
T = datetime.datetime.fromisoformat(sys.argv[1].replace("Z", "+00:00"))
out = sys.argv[2]
def ts(seconds_ago):
    # rendered by the fake daemon at answer time, so "N seconds ago" does not drift
    return "@@%s@@" % seconds_ago
def fixed(seconds_ago):
    return (T - datetime.timedelta(seconds=seconds_ago)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
N1="n1aaaaaaaaaaaaaaaaaaaaaaa"; N2="n2bbbbbbbbbbbbbbbbbbbbbbb"; N3="n3ccccccccccccccccccccccc"
S1="s1webwebwebwebwebwebwebwe"; S2="s2apiapiapiapiapiapiapiap"; S3="s3jobjobjobjobjobjobjobjo"; S4="s4nostatusnostatusnostatu"
TRUST="-----BEGIN CERTIFICATE-----\nMIIBajCCARCgAwIBAgIUabc\n-----END CERTIFICATE-----\n"
def node(id, host, role, state, avail, leader=None, reach=None, name="", labels=None, msg=None, created=86400*40):
    n = {"ID": id, "Version": {"Index": 20}, "CreatedAt": fixed(created), "UpdatedAt": fixed(100),
         "Spec": {"Labels": labels or {}, "Role": role, "Availability": avail},
         "Description": {"Hostname": host, "Platform": {"Architecture": "x86_64", "OS": "linux"},
            "Resources": {"NanoCPUs": 4000000000, "MemoryBytes": 8348520448},
            "Engine": {"EngineVersion": "28.2.2", "Labels": {"foo": "bar"}, "Plugins": [{"Type": "Log", "Name": "json-file"}, {"Type": "Network", "Name": "bridge"}, {"Type": "Network", "Name": "overlay"}]},
            "TLSInfo": {"TrustRoot": TRUST, "CertIssuerSubject": "MBMxETAPBgNVBAMTCHN3YXJtLWNh", "CertIssuerPublicKey": "MFkwEwYHKoZIzj0CAQ=="}},
         "Status": {"State": state, "Addr": "10.0.0.%d" % (len(host))}}
    if msg: n["Status"]["Message"] = msg
    if name: n["Spec"]["Name"] = name
    if role == "manager":
        n["ManagerStatus"] = {"Addr": "10.0.0.%d:2377" % len(host), "Reachability": reach}
        if leader: n["ManagerStatus"]["Leader"] = True
    return n
nodes = [node(N1, "manager-1", "manager", "ready", "active", True, "reachable"),
         node(N2, "manager-10", "manager", "ready", "drain", False, "unreachable", labels={"zone": "b", "ssd": ""}, msg="heartbeat failure"),
         node(N3, "worker-2", "worker", "down", "pause", name="w2")]
def svc(id, name, mode, image, ports=None, status=None):
    s = {"ID": id, "Version": {"Index": 42}, "CreatedAt": fixed(3600), "UpdatedAt": fixed(60),
         "Spec": {"Name": name, "Labels": {"com.example": "x", "empty": ""}, "TaskTemplate": {"ContainerSpec": {"Image": image, "Init": False, "DNSConfig": {}},
            "Resources": {"Limits": {}, "Reservations": {}}, "Placement": {}, "ForceUpdate": 0, "Runtime": "container"},
            "Mode": mode, "EndpointSpec": {"Mode": "vip"}},
         "Endpoint": {"Spec": {"Mode": "vip"}}}
    if ports:
        s["Spec"]["EndpointSpec"]["Ports"] = ports; s["Endpoint"]["Ports"] = ports
    if status: s["ServiceStatus"] = status
    return s
ports = [{"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080, "PublishMode": "ingress"},
         {"Protocol": "tcp", "TargetPort": 81, "PublishedPort": 8081, "PublishMode": "ingress"},
         {"Protocol": "udp", "TargetPort": 53, "PublishedPort": 5353, "PublishMode": "ingress"},
         {"Protocol": "tcp", "TargetPort": 443, "PublishedPort": 9443, "PublishMode": "host"}]
web = svc(S1, "web", {"Replicated": {"Replicas": 3}}, "nginx:alpine@sha256:" + "a"*64, ports, {"RunningTasks": 2, "DesiredTasks": 3, "CompletedTasks": 0})
web["Spec"]["TaskTemplate"]["ContainerSpec"].update({"Args": ["nginx", "-g", "daemon off;"], "Env": ["A=1", "B=two words"], "Dir": "/srv", "User": "www",
   "Mounts": [{"Type": "bind", "Source": "/data", "Target": "/data", "ReadOnly": True}], "Healthcheck": {"Test": ["CMD-SHELL", "curl -f http://localhost/"], "Interval": 30000000000, "Timeout": 5000000000, "Retries": 3},
   "Secrets": [{"File": {"Name": "db", "UID": "0", "GID": "0", "Mode": 292}, "SecretID": "sec1", "SecretName": "dbpw"}], "CapabilityAdd": ["CAP_NET_ADMIN"], "Sysctls": {"net.core.somaxconn": "1024"}})
web["Spec"]["TaskTemplate"]["Resources"] = {"Limits": {"NanoCPUs": 500000000, "MemoryBytes": 67108864, "Pids": 100}, "Reservations": {"NanoCPUs": 250000000, "MemoryBytes": 33554432}}
web["Spec"]["TaskTemplate"]["RestartPolicy"] = {"Condition": "on-failure", "Delay": 5000000000, "MaxAttempts": 3}
web["Spec"]["TaskTemplate"]["Placement"] = {"Constraints": ["node.role==worker", "node.labels.zone==a"], "Preferences": [{"Spread": {"SpreadDescriptor": "node.labels.zone"}}], "MaxReplicas": 2}
web["Spec"]["TaskTemplate"]["LogDriver"] = {"Name": "json-file", "Options": {"max-size": "10m", "max-file": ""}}
web["Spec"]["TaskTemplate"]["Networks"] = [{"Target": "netid1"}]
web["Spec"]["UpdateConfig"] = {"Parallelism": 2, "Delay": 10000000000, "FailureAction": "rollback", "Monitor": 15000000000, "MaxFailureRatio": 0.25, "Order": "start-first"}
web["Spec"]["RollbackConfig"] = {"Parallelism": 1, "FailureAction": "pause", "Monitor": 5000000000, "MaxFailureRatio": 0, "Order": "stop-first"}
web["UpdateStatus"] = {"State": "completed", "StartedAt": ts(200), "CompletedAt": ts(130), "Message": "update completed"}
api = svc(S2, "api", {"Global": {}}, "busybox:latest", None, {"RunningTasks": 2, "DesiredTasks": 2, "CompletedTasks": 0})
job = svc(S3, "job10", {"ReplicatedJob": {"MaxConcurrent": 2, "TotalCompletions": 5}}, "busybox", None, {"RunningTasks": 1, "DesiredTasks": 2, "CompletedTasks": 3})
job["JobStatus"] = {"JobIteration": {"Index": 7}, "LastExecution": fixed(50)}
nostatus = svc(S4, "job2", {"Replicated": {"Replicas": 1}}, "registry:5000/team/app:1.0", None, None)
services = [web, api, job, nostatus]
def task(id, svcid, slot, nodeid, desired, state, ago, created, err=None, image="nginx:alpine@sha256:" + "a"*64, ports=None):
    t = {"ID": id, "Version": {"Index": 50}, "CreatedAt": ts(created), "UpdatedAt": ts(created), "Labels": {},
         "Spec": {"ContainerSpec": {"Image": image}}, "ServiceID": svcid, "Slot": slot, "NodeID": nodeid,
         "Status": {"Timestamp": ts(ago), "State": state, "Message": "started"}, "DesiredState": desired}
    if err: t["Status"]["Err"] = err
    if ports: t["Status"]["PortStatus"] = {"Ports": ports}
    if slot == 0: del t["Slot"]
    return t
tasks = [
  task("t1aaaaaaaaaaaaaaaaaaaaaaa", S1, 1, N1, "running", "running", 3, 100),
  task("t2aaaaaaaaaaaaaaaaaaaaaaa", S1, 2, N2, "running", "running", 75, 100, ports=[{"Protocol":"tcp","TargetPort":443,"PublishedPort":9443,"PublishMode":"host"}]),
  task("t3aaaaaaaaaaaaaaaaaaaaaaa", S1, 10, N3, "running", "preparing", 7300, 100),
  task("t4aaaaaaaaaaaaaaaaaaaaaaa", S1, 1, N1, "shutdown", "failed", 3*86400, 200, err="task: non-zero exit (1): this is a long error message that is cut"),
  task("t5aaaaaaaaaaaaaaaaaaaaaaa", S1, 1, N2, "shutdown", "rejected", 0.2, 300, err="no suitable node"),
  task("t6aaaaaaaaaaaaaaaaaaaaaaa", S2, 0, N1, "running", "running", 40, 100, image="busybox:latest"),
  task("t7aaaaaaaaaaaaaaaaaaaaaaa", S2, 0, N2, "running", "running", 4000, 100, image="busybox:latest"),
]
swarm = {"ID": "clusterid", "Version": {"Index": 10}, "CreatedAt": fixed(86400), "UpdatedAt": fixed(86400),
  "Spec": {"Name": "default", "Labels": {}, "Orchestration": {"TaskHistoryRetentionLimit": 5}, "Raft": {"SnapshotInterval": 10000, "KeepOldSnapshots": 0, "LogEntriesForSlowFollowers": 500, "ElectionTick": 10, "HeartbeatTick": 1},
    "Dispatcher": {"HeartbeatPeriod": 5000000000}, "CAConfig": {"NodeCertExpiry": 7776000000000000}, "TaskDefaults": {}, "EncryptionConfig": {"AutoLockManagers": True}},
  "TLSInfo": {"TrustRoot": TRUST, "CertIssuerSubject": "MBMx", "CertIssuerPublicKey": "MFkw"}, "RootRotationInProgress": False, "DefaultAddrPool": ["10.0.0.0/8"], "SubnetSize": 24, "DataPathPort": 4789,
  "JoinTokens": {"Worker": "SWMTKN-1-abc-worker", "Manager": "SWMTKN-1-abc-manager"}}
info = {"ID": "engine", "Containers": 3, "ContainersRunning": 2, "ContainersPaused": 0, "ContainersStopped": 1, "Images": 5,
  "Driver": "overlay2", "Plugins": {"Volume": ["local"], "Network": ["bridge", "overlay"], "Log": ["json-file"]},
  "NCPU": 4, "MemTotal": 8348520448, "Name": "manager-1", "ServerVersion": "0.1.0", "OSType": "linux", "Architecture": "x86_64",
  "KernelVersion": "6.18.0", "OperatingSystem": "Debian GNU/Linux 12", "DockerRootDir": "/var/lib/shoal", "Warnings": ["WARNING: test warning"],
  "Swarm": {"NodeID": N1, "NodeAddr": "10.0.0.9", "LocalNodeState": "active", "ControlAvailable": True, "Error": "",
    "RemoteManagers": [{"NodeID": N2, "Addr": "10.0.0.10:2377"}, {"NodeID": N1, "Addr": "10.0.0.9:2377"}], "Nodes": 3, "Managers": 2,
    "Cluster": {k: v for k, v in swarm.items() if k != "JoinTokens"}}}
def frames(with_ts):
    out = []
    for (task_id, node_id, msg, stream) in [("t1aaaaaaaaaaaaaaaaaaaaaaa", N1, "hello from 1\n", 1), ("t3aaaaaaaaaaaaaaaaaaaaaaa", N3, "oops on stderr\n", 2), ("t1aaaaaaaaaaaaaaaaaaaaaaa", N1, "second line\n", 1)]:
        details = "com.docker.swarm.node.id=%s,com.docker.swarm.service.id=%s,com.docker.swarm.task.id=%s,extra=a%%20b" % (node_id, S1, task_id)
        line = ("2026-01-02T03:04:05.123456789Z " if with_ts else "") + details + " " + msg
        out.append([stream, line])
    return out
r = []
add = lambda **kw: r.append(kw)
add(method="POST", path="/services/create", status=201, body={"ID": "newserviceidnewserviceidn", "Warnings": ["warning one"]})
add(method="POST", path="/services/.*/update", body={"Warnings": None})
add(method="POST", path="/nodes/.*/update", raw="", ctype="text/plain")
add(method="DELETE", path="/services/(web|api)", raw="", ctype="text/plain")
add(method="DELETE", path="/nodes/(n1|worker-2)", raw="", ctype="text/plain")
add(method="DELETE", path="/nodes/.*", status=400, body={"message": "node n2 is not down and can't be removed"})
add(path="/networks/(backend|netid1)", body={"Name": "backend", "Id": "netid1"})
add(path="/networks/frontend", body={"Name": "frontend", "Id": "netid0"})
add(path="/networks/.*", status=404, body={"message": "network nope not found"})
add(path="/secrets", body=[{"ID": "secid1", "Spec": {"Name": "dbpw"}}, {"ID": "secid2", "Spec": {"Name": "dbpw2"}}])
add(path="/configs", body=[{"ID": "cfgid1", "Spec": {"Name": "conf"}}])
add(method="POST", path="/swarm/init", body=N1)
add(method="POST", path="/swarm/join", raw="", ctype="text/plain")
add(method="POST", path="/swarm/leave", query="force=1", raw="", ctype="text/plain")
add(method="POST", path="/swarm/leave", status=503, body={"message": "You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message."})
add(method="POST", path="/swarm/update", raw="", ctype="text/plain")
add(path="/swarm/unlockkey", body={"UnlockKey": "SWMKEY-1-secret"})
add(path="/swarm", body=swarm)
add(path="/nodes", body=nodes)
add(path="/nodes/(" + N1 + "|manager-1|n1)", body=nodes[0])
add(path="/nodes/(" + N2 + "|manager-10|n2)", body=nodes[1])
add(path="/nodes/(" + N3 + "|worker-2|n3)", body=nodes[2])
add(path="/nodes/.*", status=404, body={"message": "node nope not found"})
add(path="/info", body=info)
add(path="/version", body={"Platform": {"Name": "Shoal"}, "Components": [{"Name": "Engine", "Version": "0.1.0", "Details": {"ApiVersion": "1.50", "MinAPIVersion": "1.24", "GitCommit": "abc", "GoVersion": "n/a", "Os": "linux", "Arch": "amd64", "BuildTime": "2020-03-04T05:06:07.000000000+00:00", "Experimental": "false"}}]})
add(path="/services", query="id%22%3A%7B%22web", body=[])
add(path="/services", query="name%22%3A%7B%22web", body=[web])
add(path="/services", query="id%22%3A%7B%22s1", body=[web])
add(path="/services", query="(name|id)", body=[])
add(path="/services", body=services)
add(path="/services/(web|" + S1 + ")/logs", query="timestamps=1", frames=frames(True), ctype="application/vnd.docker.multiplexed-stream")
add(path="/services/(web|" + S1 + ")/logs", frames=frames(False), ctype="application/vnd.docker.multiplexed-stream")
add(path="/tasks/(t1aaaaaaaaaa|t1aaaaaaaaaaaaaaaaaaaaaaa)/logs", frames=frames(False)[:1], ctype="application/vnd.docker.multiplexed-stream")
add(path="/services/(" + S1 + "|web)", body=web)
add(path="/services/(" + S2 + "|api)", body=api)
add(path="/services/(" + S3 + "|job10)", body=job)
add(path="/services/.*", status=404, body={"message": "service nope not found"})
add(path="/tasks", query="node", body=[t for t in tasks if t["NodeID"] == N1])
add(path="/tasks", body=[t for t in tasks if t["ServiceID"] == S1])
for t in tasks:
    add(path="/tasks/(" + t["ID"] + "|" + t["ID"][:12] + ")", body=t)
add(path="/tasks/.*", status=404, body={"message": "task nope not found"})
json.dump({"now": T.strftime("%Y-%m-%dT%H:%M:%SZ"), "routes": r}, open(out, "w"), indent=1)
