package dev.meshdemo.loadtest;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The CPU the harness charges to a local component includes its children, live and exited, as PostgreSQL's
 * backends need: a busy child of this JVM is counted while it runs and still after it has been killed and
 * reaped. The control is this JVM's own CPU, which leaves the child out.
 */
class MachineTest {

    /** /proc counts in 10 ms ticks, and each share below is a difference of two readings taken a moment apart. */
    private static final Duration TICKS = Duration.ofMillis(30);

    @Test
    void cpuWithChildrenCountsALiveChildAndKeepsItAfterItExits() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "no /proc here (the figures are Linux-only)");
        long self = ProcessHandle.current().pid();
        Duration before = childrenShare(self);
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            Duration childCpu = Duration.ZERO;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (childCpu.toMillis() < 300 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                childCpu = Machine.cpuOf(busy.pid()).orElse(Duration.ZERO);
            }
            assertTrue(childCpu.toMillis() >= 300, "the busy child got only " + childCpu.toMillis() + " ms of CPU");
            Duration live = childrenShare(self).minus(before);
            System.out.printf("child %d ms; counted beside this JVM while it runs: %d ms%n", childCpu.toMillis(), live.toMillis());
            assertTrue(live.plus(TICKS).compareTo(childCpu) >= 0, "a live child's " + childCpu.toMillis() + " ms counted as " + live.toMillis());
        } finally {
            busy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Duration childTotal = Duration.ofMillis(300);
        Duration exited = childrenShare(self).minus(before);
        System.out.printf("after it was killed and reaped: %d ms%n", exited.toMillis());
        assertTrue(exited.plus(TICKS).compareTo(childTotal) >= 0, "an exited child's CPU was lost: " + exited.toMillis() + " ms");
    }

    /** What cpuWithChildren adds to the process' own CPU (the own part read after, so drift only lowers it). */
    private static Duration childrenShare(long pid) {
        Duration with = Machine.cpuWithChildren(pid).orElseThrow();
        Duration own = Machine.cpuOf(pid).orElseThrow();
        return with.minus(own);
    }
}
