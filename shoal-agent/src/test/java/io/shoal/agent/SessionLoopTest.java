package io.shoal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.dispatch.Assignments;
import io.shoal.api.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SessionLoopTest {
    final FakeClock clock = new FakeClock();
    final FakeDispatcher dispatcher = new FakeDispatcher();
    final List<String> events = new ArrayList<>();
    Object supplied = dispatcher;

    io.shoal.api.Node.Description description = FakeExecutor.DESCRIPTION;

    final SessionLoop loop = new SessionLoop("node1", () -> (FakeDispatcher) supplied, () -> description,
            "10.0.0.1", clock, Runnable::run, new Backoff(new SplittableRandom(3)), new SessionLoop.Callbacks() {
                @Override
                public void sessionOpened() {
                    events.add("opened");
                }

                @Override
                public void assignments(Assignments a) {
                    events.add("assignments complete=" + a.complete());
                }
            });

    @Test
    void opensGetsTheCompleteAssignmentAndHeartbeats() {
        loop.start();
        loop.start();
        assertThat(events).containsExactly("assignments complete=true", "opened");
        assertThat(loop.current().sessionId()).isEqualTo("s1");
        clock.advance(Duration.ofSeconds(15));
        assertThat(dispatcher.heartbeats).isEqualTo(3);
    }

    @Test
    void noManagerYetMeansTryingAgainLater() {
        supplied = null;
        loop.start();
        assertThat(loop.current()).isNull();
        supplied = dispatcher;
        clock.advance(Backoff.MAX);
        assertThat(loop.current()).isNotNull();
    }

    @Test
    void aBrokenSessionIsReplacedOnceEvenIfReportedTwice() {
        loop.start();
        long gen = loop.current().generation();
        loop.broken(gen, "one");
        loop.broken(gen, "two");
        clock.advance(Backoff.MAX);
        assertThat(dispatcher.sessions).hasSize(2);
        assertThat(loop.sessionsOpened()).isEqualTo(2);
    }

    @Test
    void stopClosesTheSessionAndStopsHeartbeats() {
        loop.start();
        loop.stop();
        loop.stop();
        assertThat(dispatcher.closed).containsExactly("s1");
        clock.advance(Duration.ofMinutes(1));
        assertThat(dispatcher.heartbeats).isZero();
        assertThat(loop.current()).isNull();
    }

    @Test
    void reopeningSendsTheDescriptionAgainInANewSession() {
        loop.reopen("nothing open yet"); // not started: nothing to do
        assertThat(dispatcher.sessions).isEmpty();
        loop.start();
        io.shoal.api.Node.TlsInfo tls = new io.shoal.api.Node.TlsInfo("root", "subject", "new-key");
        description = new io.shoal.api.Node.Description("host1", null, null, null, tls);
        loop.reopen("certificate renewed");
        assertThat(dispatcher.closed).containsExactly("s1");
        assertThat(dispatcher.sessions).hasSize(2);
        assertThat(dispatcher.sessions.get(1).description().tlsInfo()).isEqualTo(tls);
        assertThat(loop.current().sessionId()).isEqualTo(dispatcher.sessions.get(1).sessionId());
        assertThat(events).containsExactly("assignments complete=true", "opened", "assignments complete=true", "opened");
        // the first session's heartbeats are gone with it: only the new one beats
        clock.advance(Duration.ofSeconds(5));
        assertThat(dispatcher.heartbeats).isEqualTo(1);
    }
}
