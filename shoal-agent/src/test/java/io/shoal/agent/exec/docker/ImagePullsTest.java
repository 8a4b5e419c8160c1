package io.shoal.agent.exec.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ImagePullsTest {
    @Test
    void concurrentPullsOfOneImageMakeOnePull() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> pulled = Collections.synchronizedList(new ArrayList<>());
        ImagePulls pulls = new ImagePulls(image -> {
            pulled.add(image);
            if (image.equals("app:1")) {
                entered.countDown();
                release.await();
            }
        });
        Thread first = Thread.ofVirtual().start(() -> pullQuietly(pulls, "app:1"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        List<Thread> waiters = new ArrayList<>();
        AtomicInteger returned = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            waiters.add(Thread.ofVirtual().start(() -> {
                pullQuietly(pulls, "app:1");
                returned.incrementAndGet();
            }));
        }
        Thread other = Thread.ofVirtual().start(() -> pullQuietly(pulls, "db:2"));
        other.join(10_000);
        assertThat(other.isAlive()).isFalse(); // another image does not wait for this pull
        assertThat(returned).hasValue(0);
        release.countDown();
        first.join(10_000);
        for (Thread w : waiters) {
            w.join(10_000);
        }
        assertThat(returned).hasValue(5);
        assertThat(pulled).containsExactlyInAnyOrder("app:1", "db:2");
        assertThat(pulls.inFlight()).isZero();
    }

    @Test
    void aFinishedPullIsForgottenSoTheNextOnePullsAgain() throws Exception {
        List<String> pulled = new ArrayList<>();
        ImagePulls pulls = new ImagePulls(pulled::add);
        pulls.pull("app:1");
        pulls.pull("app:1");
        assertThat(pulled).containsExactly("app:1", "app:1");
    }

    @Test
    void aFailedPullReachesOnlyItsCaller() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ImagePulls pulls = new ImagePulls(image -> {
            entered.countDown();
            release.await();
            throw new IllegalStateException("registry down");
        });
        List<Throwable> firstError = Collections.synchronizedList(new ArrayList<>());
        Thread first = Thread.ofVirtual().start(() -> {
            try {
                pulls.pull("app:1");
            } catch (Throwable e) {
                firstError.add(e);
            }
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        Thread waiter = Thread.ofVirtual().start(() -> pullQuietly(pulls, "app:1"));
        release.countDown();
        first.join(10_000);
        waiter.join(10_000);
        assertThat(waiter.isAlive()).isFalse();
        assertThat(firstError).singleElement().isInstanceOf(IllegalStateException.class);
    }

    @Test
    void whenThePullingTaskIsInterruptedAWaiterPullsItself() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        ImagePulls pulls = new ImagePulls(image -> {
            if (calls.incrementAndGet() == 1) {
                entered.countDown();
                new CountDownLatch(1).await(); // until the test interrupts it
            }
        });
        Thread first = Thread.ofVirtual().start(() -> pullQuietly(pulls, "app:1"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch waiterDone = new CountDownLatch(1);
        Thread waiter = Thread.ofVirtual().start(() -> {
            pullQuietly(pulls, "app:1");
            waiterDone.countDown();
        });
        first.interrupt();
        assertThat(waiterDone.await(10, TimeUnit.SECONDS)).isTrue();
        first.join(10_000);
        assertThat(calls).hasValue(2);
    }

    @Test
    void theCallerSeesItsOwnInterrupt() {
        ImagePulls pulls = new ImagePulls(image -> {
            throw new InterruptedException();
        });
        assertThatThrownBy(() -> pulls.pull("app:1")).isInstanceOf(InterruptedException.class);
        assertThat(pulls.inFlight()).isZero();
    }

    private static void pullQuietly(ImagePulls pulls, String image) {
        try {
            pulls.pull(image);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the test looks at what was pulled
        }
    }
}
