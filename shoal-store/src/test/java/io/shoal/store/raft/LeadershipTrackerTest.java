package io.shoal.store.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LeadershipTrackerTest {
    private final List<String> heard = new CopyOnWriteArrayList<>();

    private LeadershipListener recorder(String name) {
        return new LeadershipListener() {
            @Override
            public void becameLeader() {
                heard.add(name + " became");
            }

            @Override
            public void lostLeadership() {
                heard.add(name + " lost");
            }
        };
    }

    @Test
    void listenersHearEachChangeOnceInOrderAndALateListenerHearsTheCurrentLeadership() {
        LeadershipTracker tracker = new LeadershipTracker("m1");
        tracker.addListener(recorder("a"));
        tracker.leaderReady();
        tracker.leaderReady(); // no change, no event
        tracker.addListener(recorder("b"));
        tracker.notLeader();
        tracker.notLeader();
        tracker.addListener(recorder("c")); // not leading: hears nothing yet
        tracker.leaderReady();
        tracker.close(); // waits for the listener thread, after telling everyone

        assertThat(heard).containsExactly(
                "a became", "b became", "a lost", "b lost", "a became", "b became", "c became",
                "a lost", "b lost", "c lost");
        assertThat(tracker.isLeading()).isFalse();
    }

    @Test
    void afterCloseNothingLeadsAndNothingIsHeard() {
        LeadershipTracker tracker = new LeadershipTracker("m1");
        tracker.addListener(recorder("a"));
        tracker.close();
        tracker.leaderReady();
        assertThat(tracker.isLeading()).isFalse();
        assertThat(heard).isEmpty();
    }

    @Test
    void aFailingListenerDoesNotSilenceTheOthers() {
        LeadershipTracker tracker = new LeadershipTracker("m1");
        tracker.addListener(new LeadershipListener() {
            @Override
            public void becameLeader() {
                throw new IllegalStateException("boom");
            }

            @Override
            public void lostLeadership() {}
        });
        tracker.addListener(recorder("b"));
        tracker.leaderReady();
        tracker.close();
        assertThat(heard).containsExactly("b became", "b lost");
    }
}
