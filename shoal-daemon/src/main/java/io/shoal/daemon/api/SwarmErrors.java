package io.shoal.daemon.api;

import io.shoal.api.ShoalException;

/** dockerd's words for a node that cannot do what was asked (all 503). */
public final class SwarmErrors {
    public static final String NOT_A_MANAGER = "This node is not a swarm manager. Use \"docker swarm init\" or "
            + "\"docker swarm join\" to connect this node to swarm and try again.";
    public static final String WORKER = "This node is not a swarm manager. Worker nodes can't be used to view or "
            + "modify cluster state. Please run this command on a manager node or promote the current node to a manager.";
    public static final String ALREADY_IN_SWARM = "This node is already part of a swarm. Use \"docker swarm leave\" "
            + "to leave this swarm and join another one.";
    public static final String NOT_IN_SWARM = "This node is not part of a swarm";
    public static final String LOCKED = "Swarm is encrypted and needs to be unlocked before it can be used. "
            + "Please use \"docker swarm unlock\" to unlock it.";
    public static final String LAST_MANAGER_LEAVING = "You are attempting to leave the swarm on a node that is "
            + "participating as a manager. Removing the last manager erases all current state of the swarm. "
            + "Use `--force` to ignore this message.";

    private SwarmErrors() {}

    public static ShoalException.Unavailable notAManager() {
        return new ShoalException.Unavailable(NOT_A_MANAGER);
    }
}
