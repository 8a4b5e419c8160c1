package io.shoal.daemon.node;

import io.shoal.agent.Agent;
import io.shoal.agent.exec.Executor;
import io.shoal.api.time.Clock;
import io.shoal.rpc.tls.ReloadableIdentity;
import io.shoal.rpc.tls.TlsIdentity;
import java.nio.file.Path;
import java.util.List;

/** A worker: its agent talks to the leader's dispatcher over mutual TLS, through any manager it knows. */
final class WorkerMembership extends Membership {
    private final Agent agent;

    private WorkerMembership(NodeState state, Path swarmDir, Clock clock, ReloadableIdentity identity,
                             List<String> managers, Executor executor) {
        super(state, swarmDir, clock, identity, managers);
        this.agent = new Agent(state.nodeId(), () -> observed, new TlsDescribedExecutor(executor, identity), clock,
                swarmDir.resolve("agent"),
                SwarmNode.hostOf(state.advertiseAddr()));
    }

    /** Starts from the certificate and state on disk. */
    static WorkerMembership start(NodeState state, Path swarmDir, Clock clock, Executor executor) {
        if (state.managers().isEmpty()) {
            throw new IllegalStateException("this worker knows no manager to connect to");
        }
        ReloadableIdentity identity = new ReloadableIdentity(TlsIdentity.fromDirectory(certDir(swarmDir)));
        WorkerMembership m = new WorkerMembership(state, swarmDir, clock, identity, state.managers(), executor);
        m.startCommon();
        m.agent.start();
        return m;
    }

    @Override
    Agent agent() {
        return agent;
    }

    @Override
    public void close() {
        quietly("stop the agent", agent::close);
        closeCommon();
    }
}
